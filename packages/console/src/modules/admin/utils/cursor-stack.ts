/**
 * Where a reader of a cursor-paged list is: the cursors of the pages seen so far (the first page
 * has none), so that "previous" goes back without the server paging backwards.
 */
export interface CursorStack {
  cursors: (string | undefined)[];
  index: number;
}

export const firstPage = (): CursorStack => ({ cursors: [undefined], index: 0 });

export function currentCursor(s: CursorStack): string | undefined {
  return s.cursors[s.index];
}

/** The page after the current one, given the current page's `nextCursor` (no change at the end). */
export function nextPage(s: CursorStack, nextCursor: string | null | undefined): CursorStack {
  if (!nextCursor) return s;
  return { cursors: [...s.cursors.slice(0, s.index + 1), nextCursor], index: s.index + 1 };
}

export function previousPage(s: CursorStack): CursorStack {
  return s.index === 0 ? s : { ...s, index: s.index - 1 };
}
