import type { VariableBinning } from '../types.ts';

export interface IvSelection {
  /** Binnings with IV ≥ min, in the input order. */
  selected: VariableBinning[];
  /** Binnings below the threshold, in the input order. */
  removed: VariableBinning[];
}

/**
 * Keeps the variables whose information value reaches `min` (default 0.02, the "useless" line).
 * Very high IVs (> 0.5, "suspicious") are kept: they often signal leakage of the target, which
 * is for a person to judge, so check `ivBand` rather than dropping them silently.
 *
 * @example
 * selectByIv(binnings).selected.map((b) => b.name) // → ['status', 'duration', …]
 * selectByIv(binnings, 0.1) // medium and stronger only
 */
export function selectByIv(binnings: readonly VariableBinning[], min = 0.02): IvSelection {
  if (!Number.isFinite(min)) throw new RangeError('the IV threshold must be a finite number');
  const selected: VariableBinning[] = [];
  const removed: VariableBinning[] = [];
  for (const b of binnings) (b.iv >= min ? selected : removed).push(b);
  return { selected, removed };
}
