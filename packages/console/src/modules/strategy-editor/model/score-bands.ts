/**
 * Score bands of a score or model stage: band i covers [min, max) (no max: up to infinity). The
 * engine applies the first band containing the score, so bands must be ordered by `min`, each
 * non-empty, and none may overlap the next; a gap (scores no band covers) is allowed but flagged.
 */
export interface BandLike {
  min: number;
  max?: number;
}

export type BandIssueCode = 'EMPTY' | 'UNORDERED' | 'OVERLAP' | 'OPEN_NOT_LAST' | 'GAP' | 'NOT_A_NUMBER' | 'NONE';

export interface BandIssue {
  /** Index of the band the issue is about. */
  index: number;
  code: BandIssueCode;
  /** Errors block saving; a gap is only a warning. */
  severity: 'error' | 'warning';
}

/** Problems of a band list, in band order. */
export function validateBands(bands: readonly BandLike[]): BandIssue[] {
  const issues: BandIssue[] = [];
  if (bands.length === 0) return [{ index: 0, code: 'NONE', severity: 'error' }];
  bands.forEach((b, i) => {
    if (!Number.isFinite(b.min) || (b.max !== undefined && !Number.isFinite(b.max))) {
      issues.push({ index: i, code: 'NOT_A_NUMBER', severity: 'error' });
      return;
    }
    if (b.max !== undefined && b.max <= b.min) issues.push({ index: i, code: 'EMPTY', severity: 'error' });
    if (i === 0) return;
    const prev = bands[i - 1]!;
    if (!Number.isFinite(prev.min)) return;
    if (b.min < prev.min) issues.push({ index: i, code: 'UNORDERED', severity: 'error' });
    else if (prev.max === undefined) issues.push({ index: i - 1, code: 'OPEN_NOT_LAST', severity: 'error' });
    else if (b.min < prev.max) issues.push({ index: i, code: 'OVERLAP', severity: 'error' });
    else if (b.min > prev.max) issues.push({ index: i, code: 'GAP', severity: 'warning' });
  });
  return issues;
}

/** Whether the bands may be saved (no errors; gaps allowed). */
export const bandsValid = (bands: readonly BandLike[]): boolean => validateBands(bands).every((i) => i.severity !== 'error');

/** Bands sorted by `min` (what the "sort" action of the editor does). */
export function sortBands<T extends BandLike>(bands: readonly T[]): T[] {
  return [...bands].sort((a, b) => a.min - b.min);
}

/** A new band after the last one: from its max (or min + 10) for 10 more points. */
export function nextBand(bands: readonly BandLike[]): { min: number; max: number } {
  const last = bands[bands.length - 1];
  if (!last) return { min: 0, max: 50 };
  const min = last.max ?? last.min + 10;
  return { min, max: min + 10 };
}
