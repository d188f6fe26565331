/**
 * Pearson's chi-square of the 2×2 table (two adjacent bins × good/bad). A cell whose expected
 * count is 0 (a class absent from both bins) adds nothing: the bins do not differ in it.
 *
 * @example
 * chiSquare2x2(40, 10, 20, 30); // 16.6667
 */
export function chiSquare2x2(good1: number, bad1: number, good2: number, bad2: number): number {
  const n1 = good1 + bad1;
  const n2 = good2 + bad2;
  const n = n1 + n2;
  if (n === 0) return 0;
  const g = good1 + good2;
  const b = bad1 + bad2;
  let chi = 0;
  for (const [o, e] of [
    [good1, (n1 * g) / n],
    [bad1, (n1 * b) / n],
    [good2, (n2 * g) / n],
    [bad2, (n2 * b) / n],
  ] as const) {
    if (e > 0) chi += ((o - e) * (o - e)) / e;
  }
  return chi;
}

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function normalQuantile(p: number): number {
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}

/**
 * The chi-square value (1 degree of freedom, as for a 2×2 table) below which two adjacent bins
 * are not significantly different at the given confidence: the square of the normal quantile
 * at (1 + significance) / 2.
 *
 * @example
 * chiSquareThreshold(0.95); // 3.8415
 * chiSquareThreshold(0.9);  // 2.7055
 */
export function chiSquareThreshold(significance: number): number {
  if (!(significance > 0 && significance < 1)) throw new RangeError(`significance must be between 0 and 1 exclusive, got ${significance}`);
  const z = normalQuantile((1 + significance) / 2);
  return z * z;
}

export interface ChiMergeOptions {
  maxBins: number;
  /** Merging goes on while some adjacent pair's chi-square is below this. */
  threshold: number;
  /** Groups below this many rows, or without a good or a bad, are merged into a neighbour. */
  minCount: number;
}

/**
 * ChiMerge (Kerber 1992) over ordered elements (pre-bins): repeatedly merge the adjacent pair
 * with the lowest chi-square while there are more than `maxBins` groups or that chi-square is below
 * `threshold`; then merge every group that is too small or has no good or no bad into the
 * neighbour it is least different from. Returns the start index of each group (the first is 0).
 *
 * @example
 * chiMerge([50, 50, 50], [5, 6, 30], { maxBins: 8, threshold: 3.841, minCount: 0 }); // [0, 2]
 */
export function chiMerge(count: ArrayLike<number>, bad: ArrayLike<number>, o: ChiMergeOptions): number[] {
  const groups = Array.from({ length: count.length }, (_, j) => ({ start: j, n: count[j]!, b: bad[j]! }));
  const chi = (j: number) => chiSquare2x2(groups[j]!.n - groups[j]!.b, groups[j]!.b, groups[j + 1]!.n - groups[j + 1]!.b, groups[j + 1]!.b);
  const merge = (j: number) => {
    groups[j]!.n += groups[j + 1]!.n;
    groups[j]!.b += groups[j + 1]!.b;
    groups.splice(j + 1, 1);
  };
  while (groups.length > 1) {
    let min = Infinity;
    let at = -1;
    for (let j = 0; j + 1 < groups.length; j++) {
      const x = chi(j);
      if (x < min) {
        min = x;
        at = j;
      }
    }
    if (groups.length <= o.maxBins && min >= o.threshold) break;
    merge(at);
  }
  for (;;) {
    if (groups.length <= 1) break;
    let worst = -1;
    for (let j = 0; j < groups.length; j++) {
      const g = groups[j]!;
      if ((g.n < o.minCount || g.b < 1 || g.n - g.b < 1) && (worst < 0 || g.n < groups[worst]!.n)) worst = j;
    }
    if (worst < 0) break;
    if (worst === 0) merge(0);
    else if (worst === groups.length - 1) merge(worst - 1);
    else merge(chi(worst - 1) <= chi(worst) ? worst - 1 : worst);
  }
  return groups.map((g) => g.start);
}
