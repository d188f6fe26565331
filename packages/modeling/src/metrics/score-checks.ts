// Input checks and ordering shared by the rank-based metrics (not part of the public API).

/**
 * Checks a score vector against a 0/1 target and returns the row order by ascending score.
 * Scores must be finite or ±Infinity: an unscored row (NaN) has no place in a ranking, so it is
 * refused rather than silently sorted to one end.
 */
export function orderByScore(scores: ArrayLike<number>, y: Uint8Array): Uint32Array {
  checkScored(scores, y);
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[a]! - scores[b]! || a - b);
  return order;
}

/** The number of bads (y = 1) and goods (y = 0). */
export function countClasses(y: Uint8Array): { bads: number; goods: number } {
  let bads = 0;
  for (let i = 0; i < y.length; i++) bads += y[i]!;
  return { bads, goods: y.length - bads };
}

export function checkScored(scores: ArrayLike<number>, y: Uint8Array): void {
  if (scores.length !== y.length) throw new RangeError(`${scores.length} scores for ${y.length} targets`);
  for (let i = 0; i < y.length; i++) {
    if (y[i]! > 1) throw new RangeError(`target ${y[i]} at row ${i}: the target must be 0 (good) or 1 (bad)`);
    if (Number.isNaN(scores[i]!)) throw new RangeError(`score at row ${i} is NaN: drop or impute unscored rows first`);
  }
}

/** Both classes present, else the metric is undefined. */
export function requireBothClasses(bads: number, goods: number, metric: string): void {
  if (bads === 0 || goods === 0) throw new RangeError(`${metric} needs both bads and goods (got ${bads} bads, ${goods} goods)`);
}
