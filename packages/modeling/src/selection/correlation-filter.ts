import { correlationMatrix } from './correlation-matrix.ts';

export interface CorrelationFilterOptions {
  /** Drop a variable whose |r| with a kept, higher-IV variable exceeds this (default 0.7). */
  threshold?: number;
  /** Column names, for the result (default `x1`, `x2`, …). */
  names?: string[];
}

export interface CorrelationFilterResult {
  /** Indices of the kept columns, ascending. */
  selected: number[];
  /** Names of the kept columns, in the same order. */
  names: string[];
  /** Each dropped column with the kept column it correlates with (the first, by IV) and r. */
  removed: Array<{ index: number; name: string; iv: number; correlatedWith: string; correlation: number }>;
  /** Pearson correlation matrix of all input columns, p×p row-major. */
  correlation: Float64Array;
}

/**
 * Correlation filter on WOE-transformed columns: visits variables by IV descending (ties by
 * position) and keeps one unless its |r| with an already kept variable exceeds the threshold —
 * so of each correlated pair the higher IV survives. A constant column (undefined r) is not
 * treated as correlated.
 *
 * @example
 * correlationFilter([woeDuration, woeAmount, woeAge], [0.33, 0.20, 0.09], {names: ['duration', 'amount', 'age']})
 * // → {names: ['duration', 'age'], removed: [{name: 'amount', correlatedWith: 'duration', correlation: 0.74, …}], …}
 */
export function correlationFilter(columns: readonly Float64Array[], ivs: ArrayLike<number>, options: CorrelationFilterOptions = {}): CorrelationFilterResult {
  const p = columns.length;
  const threshold = options.threshold ?? 0.7;
  const names = options.names ?? Array.from({ length: p }, (_, j) => `x${j + 1}`);
  if (ivs.length !== p) throw new RangeError(`${ivs.length} IVs for ${p} columns`);
  if (names.length !== p) throw new RangeError(`${names.length} names for ${p} columns`);
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError('threshold must be within [0, 1]');
  const r = correlationMatrix(columns);
  const byIv = Array.from({ length: p }, (_, j) => j).sort((a, b) => ivs[b]! - ivs[a]! || a - b);
  const kept: number[] = [];
  const removed: CorrelationFilterResult['removed'] = [];
  for (const j of byIv) {
    const hit = kept.find((k) => Math.abs(r[j * p + k]!) > threshold);
    if (hit === undefined) kept.push(j);
    else removed.push({ index: j, name: names[j]!, iv: ivs[j]!, correlatedWith: names[hit]!, correlation: r[j * p + hit]! });
  }
  kept.sort((a, b) => a - b);
  return { selected: kept, names: kept.map((j) => names[j]!), removed, correlation: r };
}
