import { countClasses, orderByScore, requireBothClasses } from './score-checks.ts';

export interface KsResult {
  /** max over cut-offs s of |F_bad(s) − F_good(s)|, in [0, 1]. */
  ks: number;
  /** The cut-off s where the maximum is reached (rows with score ≤ s on one side); the lowest if several. */
  score: number;
  /** F_bad(s): share of all bads scored ≤ s. */
  cumBad: number;
  /** F_good(s): share of all goods scored ≤ s. */
  cumGood: number;
}

/**
 * Kolmogorov–Smirnov statistic: the largest distance between the cumulative score distributions
 * of bads and goods, with the score where it occurs. It does not depend on the score direction.
 * Cut-offs are taken between distinct scores, so tied rows are never split.
 * For the whole KS curve use {@link rocCurve} with `higherIsRiskier: false`: its `tpr` and `fpr`
 * are F_bad and F_good at ascending thresholds.
 *
 * @example
 * // Scores 1 2 3 4 with y = 0 0 1 1: at s = 2 all goods and no bads lie below → KS = 1.
 * ks(Float64Array.of(1, 2, 3, 4), Uint8Array.of(0, 0, 1, 1)) // → {ks: 1, score: 2, cumBad: 0, cumGood: 1}
 */
export function ks(scores: ArrayLike<number>, y: Uint8Array): KsResult {
  const order = orderByScore(scores, y);
  const { bads, goods } = countClasses(y);
  requireBothClasses(bads, goods, 'KS');
  let cb = 0;
  let cg = 0;
  let best: KsResult = { ks: 0, score: scores[order[0]!]!, cumBad: 0, cumGood: 0 };
  // Compare |cb/bads − cg/goods| scaled by bads·goods, in integers, so equal gaps tie exactly
  // and the first (lowest) score wins, whatever the rounding of the fractions.
  let bestGap = 0;
  for (let start = 0; start < order.length; ) {
    const s = scores[order[start]!]!;
    let end = start;
    while (end < order.length && scores[order[end]!] === s) {
      if (y[order[end]!] === 1) cb++;
      else cg++;
      end++;
    }
    const gap = Math.abs(cb * goods - cg * bads);
    if (gap > bestGap) {
      bestGap = gap;
      best = { ks: gap / (bads * goods), score: s, cumBad: cb / bads, cumGood: cg / goods };
    }
    start = end;
  }
  return best;
}
