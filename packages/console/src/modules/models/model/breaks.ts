/** The most cut points a binning takes (the API's limit). */
export const MAX_BREAKS = 50;

/** A cut point being edited: a number, or nothing yet (a field just added or cleared). */
export type DraftBreak = number | null;

export type BreakIssueCode = 'NOT_A_NUMBER' | 'DUPLICATE' | 'OUT_OF_RANGE' | 'TOO_MANY';
export interface BreakIssue {
  /** The offending cut point (its position in the draft); -1 for the list as a whole. */
  index: number;
  code: BreakIssueCode;
}

/**
 * The cut points the API takes: finite numbers, ascending, each once.
 *
 * @example
 * normaliseBreaks([24, 12, null, 12, 36]) // [12, 24, 36]
 */
export function normaliseBreaks(draft: readonly DraftBreak[]): number[] {
  return [...new Set(draft.filter((b): b is number => typeof b === 'number' && Number.isFinite(b)))].sort((a, b) => a - b);
}

/** Problems of a draft that would make the recomputed binning differ from what the user sees (or be refused). */
export function validateBreaks(draft: readonly DraftBreak[], range?: { min?: number; max?: number }): BreakIssue[] {
  const issues: BreakIssue[] = [];
  const seen = new Map<number, number>();
  draft.forEach((b, index) => {
    if (b === null || !Number.isFinite(b)) {
      issues.push({ index, code: 'NOT_A_NUMBER' });
      return;
    }
    if (seen.has(b)) issues.push({ index, code: 'DUPLICATE' });
    else seen.set(b, index);
    // A cut at or below the minimum (or above the maximum) makes a bin without rows.
    if ((range?.min !== undefined && b <= range.min) || (range?.max !== undefined && b > range.max)) issues.push({ index, code: 'OUT_OF_RANGE' });
  });
  if (normaliseBreaks(draft).length > MAX_BREAKS) issues.push({ index: -1, code: 'TOO_MANY' });
  return issues;
}

/** Issues that stop a recompute (out-of-range cuts are allowed: the table will show the empty bin). */
export function blockingIssues(issues: readonly BreakIssue[]): BreakIssue[] {
  return issues.filter((i) => i.code !== 'OUT_OF_RANGE');
}

/** A round value halfway between two cut points (to two significant decimals of their gap). */
function between(a: number, b: number): number {
  const mid = (a + b) / 2;
  const gap = Math.abs(b - a);
  const step = gap >= 2 ? 1 : 10 ** Math.floor(Math.log10(gap || 1) - 1);
  const rounded = Math.round(mid / step) * step;
  return rounded > Math.min(a, b) && rounded < Math.max(a, b) ? Number(rounded.toPrecision(12)) : mid;
}

/**
 * A new cut point after position `index` (the end when -1 or past it): halfway to the next cut,
 * or beyond the last by the previous gap (within the data's range when known). The draft is
 * returned sorted, the new point in its place.
 */
export function addBreak(draft: readonly DraftBreak[], index = -1, range?: { min?: number; max?: number }): DraftBreak[] {
  const sorted = normaliseBreaks(draft);
  const pending = draft.filter((b) => b === null || !Number.isFinite(b));
  const at = index < 0 || index >= sorted.length ? sorted.length - 1 : index;
  let value: number;
  if (sorted.length === 0) value = range?.min !== undefined && range?.max !== undefined ? between(range.min, range.max) : 0;
  else if (at < sorted.length - 1) value = between(sorted[at]!, sorted[at + 1]!);
  else {
    const last = sorted[sorted.length - 1]!;
    const gap = sorted.length > 1 ? last - sorted[sorted.length - 2]! : Math.abs(last) || 1;
    // Past the largest value the new bin would be empty: halfway to it instead.
    value = range?.max !== undefined && last + gap > range.max && last < range.max ? between(last, range.max) : last + gap;
  }
  return [...normaliseBreaks([...sorted, value]), ...pending];
}

/** The draft without the cut point at `index`: its two bins merge. */
export function removeBreak(draft: readonly DraftBreak[], index: number): DraftBreak[] {
  return draft.filter((_, i) => i !== index);
}

/** The draft with the cut point at `index` changed (kept in place until the draft is sorted). */
export function setBreak(draft: readonly DraftBreak[], index: number, value: DraftBreak): DraftBreak[] {
  return draft.map((b, i) => (i === index ? value : b));
}

/** Whether two lists of cut points bin the data the same way. */
export function sameBreaks(a: readonly DraftBreak[] | undefined, b: readonly DraftBreak[] | undefined): boolean {
  const x = normaliseBreaks(a ?? []);
  const y = normaliseBreaks(b ?? []);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Cut points typed or pasted as one line (`12, 24; 36 48`): the numbers it holds and the pieces
 * that are not numbers.
 */
export function parseBreaksText(text: string): { breaks: number[]; invalid: string[] } {
  const pieces = text.split(/[\s,;]+/).filter(Boolean);
  const invalid: string[] = [];
  const values: number[] = [];
  for (const p of pieces) {
    const n = Number(p);
    if (Number.isFinite(n)) values.push(n);
    else invalid.push(p);
  }
  return { breaks: normaliseBreaks(values), invalid };
}

/**
 * The range bins a list of cut points makes, labelled as the toolkit labels them.
 *
 * @example
 * intervalsText([12, 24]) // ['[-inf, 12)', '[12, 24)', '[24, +inf)']
 */
export function intervalsText(breaks: readonly DraftBreak[], format: (v: number) => string = String): string[] {
  const b = normaliseBreaks(breaks);
  const ends = [undefined, ...b, undefined];
  return ends.slice(1).map((max, i) => `[${ends[i] === undefined ? '-inf' : format(ends[i]!)}, ${max === undefined ? '+inf' : format(max)})`);
}
