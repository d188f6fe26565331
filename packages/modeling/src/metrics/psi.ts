import { bandOf, checkCuts } from './rank-bands.ts';

/** The usual reading of a PSI or CSI: < 0.1 stable, 0.1–0.25 a moderate shift, > 0.25 a significant one. */
export type StabilityBand = 'stable' | 'moderate' | 'significant';

export interface PsiBin {
  /** E.g. `[10, 20)`, `< 10`, `>= 90`, `Missing`, or the caller's bin label. */
  label: string;
  expectedCount: number;
  actualCount: number;
  expectedShare: number;
  actualShare: number;
  /** (actual% − expected%)·ln(actual% / expected%), with zero shares replaced by epsilon. */
  contribution: number;
}

export interface PsiResult {
  psi: number;
  bins: PsiBin[];
  stability: StabilityBand;
}

export interface PsiOptions {
  /**
   * A share of exactly 0 is replaced by `epsilon` (default 1e-4) in both the difference and the
   * logarithm, which would otherwise be infinite; the other shares are left as they are (not
   * renormalised). Each bin's term stays ≥ 0, and an empty bin on both sides contributes 0.
   */
  epsilon?: number;
  /** Bin labels, one per count. */
  labels?: string[];
}

/** Reads a PSI value with the usual 0.1 / 0.25 thresholds. */
export function stabilityBand(psi: number): StabilityBand {
  return psi < 0.1 ? 'stable' : psi <= 0.25 ? 'moderate' : 'significant';
}

/**
 * Population stability index between two distributions over the same bins:
 * PSI = Σ (a_i − e_i)·ln(a_i / e_i), a and e the actual and expected shares. It is a symmetrised
 * Kullback–Leibler divergence, so ≥ 0 and 0 only for identical shares. (The IV of a binning is
 * the same formula with the goods as "expected" and the bads as "actual".)
 *
 * @example
 * // Shares 0.5/0.5 → 0.6/0.4: (0.6 − 0.5)·ln(0.6/0.5) + (0.4 − 0.5)·ln(0.4/0.5) = 0.0405
 * psi([50, 50], [60, 40]).psi // → 0.04054651…
 */
export function psi(expectedCounts: ArrayLike<number>, actualCounts: ArrayLike<number>, options: PsiOptions = {}): PsiResult {
  const k = expectedCounts.length;
  if (actualCounts.length !== k) throw new RangeError(`${k} expected counts but ${actualCounts.length} actual counts`);
  const eps = options.epsilon ?? 1e-4;
  if (!(eps > 0 && eps < 1)) throw new RangeError('epsilon must be within (0, 1)');
  if (options.labels && options.labels.length !== k) throw new RangeError(`${options.labels.length} labels for ${k} bins`);
  const total = (c: ArrayLike<number>, what: string) => {
    let s = 0;
    for (let i = 0; i < k; i++) {
      if (!(c[i]! >= 0 && Number.isFinite(c[i]!))) throw new RangeError(`${what} counts must be finite and non-negative`);
      s += c[i]!;
    }
    if (s === 0) throw new RangeError(`${what} counts are all zero`);
    return s;
  };
  const te = total(expectedCounts, 'expected');
  const ta = total(actualCounts, 'actual');
  let sum = 0;
  const bins: PsiBin[] = [];
  for (let i = 0; i < k; i++) {
    const es = expectedCounts[i]! / te;
    const as = actualCounts[i]! / ta;
    const e = es === 0 ? eps : es;
    const a = as === 0 ? eps : as;
    const contribution = (a - e) * Math.log(a / e);
    sum += contribution;
    bins.push({ label: options.labels?.[i] ?? `bin ${i + 1}`, expectedCount: expectedCounts[i]!, actualCount: actualCounts[i]!, expectedShare: es, actualShare: as, contribution });
  }
  return { psi: sum, bins, stability: stabilityBand(sum) };
}

export interface PsiSamplesOptions {
  /** Bins by quantiles of the expected sample (default 10); duplicate quantiles are merged. */
  bins?: number;
  /** Explicit ascending inner cut points instead: bins (−∞, b1), [b1, b2), …, [bk, ∞). */
  breaks?: number[];
  epsilon?: number;
}

export interface PsiSamplesResult extends PsiResult {
  /** The inner cut points used. */
  breaks: number[];
}

/**
 * PSI between two samples of a score or variable: cut points from the quantiles of `expected`
 * (the development sample) unless `breaks` are given, each bin closed below ([b_j, b_j+1));
 * NaN values (missing) get their own `Missing` bin when either sample has any.
 *
 * @example
 * psiFromSamples(devScores, monthScores, {bins: 10}) // → {psi: 0.031, stability: 'stable', bins: […], breaks: […]}
 */
export function psiFromSamples(expected: Float64Array, actual: Float64Array, options: PsiSamplesOptions = {}): PsiSamplesResult {
  let breaks: number[];
  if (options.breaks) {
    checkCuts(options.breaks, 'PSI breaks');
    breaks = [...options.breaks];
  } else breaks = quantileBreaks(expected, options.bins ?? 10);
  const k = breaks.length + 1;
  const count = (xs: Float64Array) => {
    const c = new Float64Array(k + 1);
    for (let i = 0; i < xs.length; i++) c[Number.isNaN(xs[i]!) ? k : bandOf(breaks, xs[i]!)]++;
    return c;
  };
  let e = count(expected);
  let a = count(actual);
  const labels = Array.from({ length: k }, (_, j) => (k === 1 ? 'All' : j === 0 ? `< ${breaks[0]}` : j === k - 1 ? `>= ${breaks[k - 2]}` : `[${breaks[j - 1]}, ${breaks[j]})`));
  if (e[k] === 0 && a[k] === 0) {
    e = e.subarray(0, k);
    a = a.subarray(0, k);
  } else labels.push('Missing');
  return { ...psi(e, a, { labels, ...(options.epsilon !== undefined && { epsilon: options.epsilon }) }), breaks };
}

/**
 * Inner cut points at the j/bins quantiles of the non-missing values: the value at rank
 * ⌊j·m/bins⌋ of the m sorted values, so with [b, …) bins each holds about m/bins values;
 * repeated values collapse to one cut.
 */
function quantileBreaks(xs: Float64Array, bins: number): number[] {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError('bins must be a positive integer');
  const sorted = xs.filter((v) => !Number.isNaN(v)).sort();
  const m = sorted.length;
  const out: number[] = [];
  for (let j = 1; j < bins && m > 0; j++) {
    const v = sorted[Math.floor((j * m) / bins)]!;
    if (v > sorted[0]! && (out.length === 0 || v > out[out.length - 1]!)) out.push(v);
  }
  return out;
}
