/**
 * Splits rows, already ordered by score, into about `bands` groups of equal size without ever
 * splitting a group of tied scores (a score value belongs to one band only). Heavy ties can
 * therefore give fewer, uneven bands. Returns [start, end) positions into `order`.
 *
 * @example
 * rankBands(Uint32Array.of(0, 1, 2, 3), Float64Array.of(1, 2, 2, 3), 2) // → [[0, 3], [3, 4]]
 */
export function rankBands(order: Uint32Array, scores: ArrayLike<number>, bands: number): Array<[number, number]> {
  if (!(Number.isInteger(bands) && bands >= 1)) throw new RangeError('bands must be a positive integer');
  const n = order.length;
  const out: Array<[number, number]> = [];
  let prev = 0;
  for (let k = 1; k <= bands && prev < n; k++) {
    let end = k === bands ? n : Math.max(prev, Math.round((k * n) / bands));
    while (end > 0 && end < n && scores[order[end]!] === scores[order[end - 1]!]) end++;
    if (end > prev) {
      out.push([prev, end]);
      prev = end;
    }
  }
  return out;
}

/**
 * The band of a value for ascending cut points c1 < … < ck: 0 for (−∞, c1), j for [cj, cj+1),
 * k for [ck, ∞) — bins closed below, as in the scorecard's `[min, max)` ranges.
 */
export function bandOf(cuts: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Checks cut points are finite and strictly ascending. */
export function checkCuts(cuts: readonly number[], what = 'cut points'): void {
  for (let i = 0; i < cuts.length; i++) {
    if (!Number.isFinite(cuts[i]!)) throw new RangeError(`${what} must be finite numbers`);
    if (i > 0 && !(cuts[i]! > cuts[i - 1]!)) throw new RangeError(`${what} must be strictly ascending`);
  }
}
