/**
 * Where a reader of a cursor-paged list is: `cursors[i]` opens page i + 1 (undefined for the
 * first), so Previous pops and Next pushes the page's `nextCursor` — going back never asks the
 * server to page backwards, and going forward again from an earlier page replaces what followed.
 */
export interface CursorStack {
  cursors: Array<string | undefined>;
}

export const firstPage = (): CursorStack => ({ cursors: [undefined] });
export const currentCursor = (s: CursorStack) => s.cursors[s.cursors.length - 1];
/** 1 for the first page. */
export const pageNumber = (s: CursorStack) => s.cursors.length;
/** The page after the current one, given the current page's `nextCursor` (no change at the end). */
export const nextPage = (s: CursorStack, nextCursor: string | null | undefined): CursorStack => (nextCursor ? { cursors: [...s.cursors, nextCursor] } : s);
export const previousPage = (s: CursorStack): CursorStack => (s.cursors.length > 1 ? { cursors: s.cursors.slice(0, -1) } : s);
