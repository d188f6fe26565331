import { psi, type PsiBin, type StabilityBand } from './psi.ts';

/**
 * The development distribution of one characteristic: a `VariableBinning` fits as is, and so do
 * the rows of a scorecard table for one variable (`{name, bins: rows}`), which also carry points.
 */
export interface CsiReference {
  name: string;
  bins: ReadonlyArray<{ label: string; count: number; points?: number }>;
}

export interface CsiOptions {
  /** Points per bin, overriding the bins' own `points`; enables the points shift. */
  points?: ArrayLike<number>;
  /** Zero-share replacement, as for {@link psi} (default 1e-4). */
  epsilon?: number;
}

export interface CsiBin extends PsiBin {
  points?: number;
  /** (actual% − expected%)·points. */
  pointsShift?: number;
}

export interface CsiResult {
  variable: string;
  /** The PSI of the characteristic's bin distribution. */
  csi: number;
  stability: StabilityBand;
  bins: CsiBin[];
  /**
   * Σ (actual% − expected%)·points: how much the average score moved because this
   * characteristic's distribution moved (present when points are known).
   */
  pointsShift?: number;
}

/**
 * Characteristic stability index: the PSI between the development bin counts of a characteristic
 * and the counts of a recent sample over the same bins (in the same order), and, given points per
 * bin, the points shift Σ (actual% − expected%)·points.
 *
 * @example
 * // Development 40/60 in bins worth 10 and 30 points, recent 50/50:
 * // CSI = (0.5 − 0.4)·ln(0.5/0.4) + (0.5 − 0.6)·ln(0.5/0.6) = 0.0405;
 * // points shift = 0.1·10 − 0.1·30 = −2 (the average score fell 2 points).
 * csi({name: 'age', bins: [{label: '< 30', count: 40, points: 10}, {label: '>= 30', count: 60, points: 30}]}, [50, 50])
 */
export function csi(reference: CsiReference, actualCounts: ArrayLike<number>, options: CsiOptions = {}): CsiResult {
  const bins = reference.bins;
  if (actualCounts.length !== bins.length) throw new RangeError(`${reference.name}: ${bins.length} bins but ${actualCounts.length} actual counts`);
  if (options.points && options.points.length !== bins.length) throw new RangeError(`${reference.name}: ${options.points.length} points for ${bins.length} bins`);
  const result = psi(
    bins.map((b) => b.count),
    actualCounts,
    { labels: bins.map((b) => b.label), ...(options.epsilon !== undefined && { epsilon: options.epsilon }) },
  );
  const pointsOf = (j: number) => (options.points ? options.points[j] : bins[j]!.points);
  const known = bins.every((_, j) => pointsOf(j) !== undefined);
  let shift = 0;
  const out: CsiBin[] = result.bins.map((b, j) => {
    if (!known) return b;
    const points = pointsOf(j)!;
    const pointsShift = (b.actualShare - b.expectedShare) * points;
    shift += pointsShift;
    return { ...b, points, pointsShift };
  });
  return { variable: reference.name, csi: result.psi, stability: result.stability, bins: out, ...(known && { pointsShift: shift }) };
}
