import type { MonotonicTrend, VariableBinning } from '../types.ts';
import { BinningError } from './binning-error.ts';
import { buildNumericBinning } from './build-numeric-binning.ts';
import { checkInteger, checkShare } from './check-options.ts';
import { chiMerge, chiSquareThreshold } from './chi-merge.ts';
import { numericCounts } from './numeric-counts.ts';
import { optimalPartition, type FittedTrend, type Partition } from './optimal-partition.ts';
import { quantileCuts } from './quantile-cuts.ts';
import { treeCuts, type TreeCriterion } from './tree-cuts.ts';

const TRENDS: readonly MonotonicTrend[] = ['ascending', 'descending', 'auto', 'peak', 'valley', 'none'];

/** Most pre-bins: the optimal method's dynamic programme is cubic in their number. */
export const MAX_PREBINS = 100;

export interface NumericBinningOptions {
  /** Variable name for the result; default `'x'`. */
  name?: string;
  /**
   * Coarse classing: `optimal` (default; maximum IV under the constraints), `chimerge`, or
   * `quantile` (`maxBins` equal-frequency bins, no supervision).
   */
  method?: 'optimal' | 'chimerge' | 'quantile';
  /** Fine classing for `optimal` and `chimerge`: `quantile` pre-bins (default) or a `tree`. */
  prebinning?: 'quantile' | 'tree';
  /** Number of pre-bins (tree: most leaves); default 20, at most {@link MAX_PREBINS}. */
  prebins?: number;
  /** Tree pre-binning: fewest rows in a leaf as a share of the ordinary values; default 0.02. */
  minPrebinShare?: number;
  /** Tree pre-binning impurity; default `entropy`. */
  treeCriterion?: TreeCriterion;
  /**
   * Event-rate trend of the range bins (`optimal` only; strict: neighbours never share a rate).
   * Default `auto`: both `ascending` and `descending` are fitted and the one with the higher IV is
   * kept (ascending on a tie); choosing by IV rather than by the sign of a correlation uses the
   * optimiser's own criterion and is not swayed by a few extreme values. `peak` rises then falls
   * and `valley` falls then rises, the turning point chosen by the optimiser (a result that only
   * rises or only falls is a peak or valley at one end); `none` constrains nothing.
   */
  trend?: MonotonicTrend;
  /** Most range bins (special and missing bins not counted); default 8. */
  maxBins?: number;
  /**
   * Fewest rows in a range bin, as a share of the non-missing rows (special values included);
   * default 0.05. Enforced by `optimal` and `chimerge`, not by `quantile`.
   */
  minBinShare?: number;
  /** Smallest event-rate difference between adjacent range bins; default 0. */
  minEventRateDiff?: number;
  /** Values with a meaning of their own (e.g. -1 "not applicable"), each binned apart. */
  specialValues?: readonly number[];
  /** ChiMerge: confidence level of the stopping chi-square test; default 0.95 (χ² ≥ 3.841). */
  chiSquareSignificance?: number;
}

/**
 * Supervised binning of a numeric variable against a binary target (1 = bad). Values that are not
 * finite go to a Missing bin and declared special values to bins of their own; the ordinary values
 * are fine-classed (quantile or tree pre-bins) and coarse-classed by the chosen method. With the
 * default `optimal` method the range bins are the partition of pre-bin boundaries with the highest
 * IV such that the event rate follows the trend, every bin holds at least `minBinShare` of the
 * non-missing rows and at least one good and one bad, there are at most `maxBins`, and adjacent
 * event rates differ by at least `minEventRateDiff`; when no partition qualifies there is one
 * range bin. `chimerge` merges pre-bins bottom-up by the chi-square test, then merges bins below
 * the minimum size or without a good or a bad; it and `quantile` enforce no trend, and the
 * result's `trend` reports the shape their event rates show. One sort per variable: O(n log n).
 * Range bins are `[min, max)` and labelled `[-inf, c1)`, `[c1, c2)`, …, `[cn, +inf)`; breaks
 * are values found in the data.
 *
 * @example
 * // German credit data: credit amounts against creditability
 * const b = binNumeric(amounts, target, { name: 'credit_amount', trend: 'ascending', maxBins: 4 });
 * b.breaks; // [3973, 5998, 9271]
 * b.bins.map((x) => x.label); // ['[-inf, 3973)', '[3973, 5998)', '[5998, 9271)', '[9271, +inf)']
 */
export function binNumeric(values: Float64Array, target: Uint8Array, options: NumericBinningOptions = {}): VariableBinning {
  const name = options.name ?? 'x';
  const method = options.method ?? 'optimal';
  const maxBins = checkInteger('maxBins', options.maxBins ?? 8, 1, 10_000);
  const prebins = checkInteger('prebins', options.prebins ?? 20, 1, MAX_PREBINS);
  const minBinShare = checkShare('minBinShare', options.minBinShare ?? 0.05, 0, 1);
  const minPrebinShare = checkShare('minPrebinShare', options.minPrebinShare ?? 0.02, 0, 0.5);
  const minEventRateDiff = checkShare('minEventRateDiff', options.minEventRateDiff ?? 0, 0, 1);
  const trend = options.trend ?? 'auto';
  if (method !== 'optimal' && method !== 'chimerge' && method !== 'quantile') throw new BinningError('INVALID_OPTION', `unknown method ${JSON.stringify(method)}`);
  if (!TRENDS.includes(trend)) throw new BinningError('INVALID_OPTION', `unknown trend ${JSON.stringify(trend)}`);

  const counts = numericCounts(values, target, options.specialValues ?? []);
  if (counts.totalGood === 0 || counts.totalBad === 0) {
    throw new BinningError('TARGET_ONE_CLASS', `binning ${JSON.stringify(name)} needs both goods and bads, got ${counts.totalGood} goods and ${counts.totalBad} bads`);
  }
  const cutsAt = (indices: readonly number[]) => indices.map((j) => counts.values[j]!);

  if (counts.values.length === 0) {
    // Only missing or special values: one empty range bin still takes ordinary values when scoring.
    return buildNumericBinning(counts, [], { name, method, ...(method === 'optimal' ? { trend: trend === 'auto' ? 'ascending' : trend } : {}) });
  }
  if (method === 'quantile') {
    return buildNumericBinning(counts, cutsAt(quantileCuts(counts.count, maxBins)), { name, method });
  }

  let ordinary = 0;
  for (let j = 0; j < counts.count.length; j++) ordinary += counts.count[j]!;
  const fine =
    (options.prebinning ?? 'quantile') === 'tree'
      ? treeCuts(counts.count, counts.bad, prebins, minPrebinShare * ordinary, options.treeCriterion ?? 'entropy')
      : quantileCuts(counts.count, prebins);
  // Pre-bin p covers distinct values [starts[p], starts[p + 1]).
  const starts = [0, ...fine];
  const preCount = new Float64Array(starts.length);
  const preBad = new Float64Array(starts.length);
  for (let p = 0, j = 0; j < counts.values.length; j++) {
    if (p + 1 < starts.length && j >= starts[p + 1]!) p++;
    preCount[p] += counts.count[j]!;
    preBad[p] += counts.bad[j]!;
  }
  const minCount = minBinShare * counts.nonMissing;

  if (method === 'chimerge') {
    const significance = options.chiSquareSignificance ?? 0.95;
    const groups = chiMerge(preCount, preBad, { maxBins, threshold: chiSquareThreshold(significance), minCount });
    return buildNumericBinning(counts, cutsAt(groups.slice(1).map((g) => starts[g]!)), { name, method });
  }
  const fit = (t: FittedTrend): Partition | null =>
    optimalPartition(preCount, preBad, { trend: t, maxBins, minCount, minEventRateDiff, totalGood: counts.totalGood, totalBad: counts.totalBad });
  let fitted: FittedTrend;
  let partition: Partition | null;
  if (trend === 'auto') {
    const asc = fit('ascending');
    const desc = fit('descending');
    const descWins = desc !== null && (asc === null || desc.iv > asc.iv);
    fitted = descWins ? 'descending' : 'ascending';
    partition = descWins ? desc : asc;
  } else {
    fitted = trend;
    partition = fit(trend);
  }
  const groups = partition?.starts ?? [0];
  return buildNumericBinning(counts, cutsAt(groups.slice(1).map((g) => starts[g]!)), { name, method, trend: fitted });
}
