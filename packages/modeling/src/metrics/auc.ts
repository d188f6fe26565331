import { countClasses, orderByScore, requireBothClasses } from './score-checks.ts';
import type { ScoreDirection } from './score-direction.ts';

/**
 * Area under the ROC curve: the probability that a random bad is scored riskier than a random
 * good, ties counting one half — the Mann–Whitney U statistic over n_bad·n_good, computed in
 * O(n log n) by one sort and a pass over groups of tied scores.
 *
 * @example
 * // Bads score 0.9 and 0.4, goods 0.6 and 0.1: of the 4 bad/good pairs 3 rank the bad riskier.
 * auc(Float64Array.of(0.9, 0.4, 0.6, 0.1), Uint8Array.of(1, 1, 0, 0)) // → 0.75
 * auc(points, y, {higherIsRiskier: false}) // scorecard points: higher = safer
 */
export function auc(scores: ArrayLike<number>, y: Uint8Array, options: ScoreDirection = {}): number {
  const order = orderByScore(scores, y);
  const { bads, goods } = countClasses(y);
  requireBothClasses(bads, goods, 'AUC');
  // U = Σ over bads of (goods scored lower + ½ goods tied), walking ascending tie groups.
  let u = 0;
  let goodsBelow = 0;
  for (let start = 0; start < order.length; ) {
    const s = scores[order[start]!]!;
    let end = start;
    let gb = 0;
    let gg = 0;
    while (end < order.length && scores[order[end]!] === s) {
      if (y[order[end]!] === 1) gb++;
      else gg++;
      end++;
    }
    u += gb * (goodsBelow + gg / 2);
    goodsBelow += gg;
    start = end;
  }
  const higherIsRiskier = options.higherIsRiskier ?? true;
  // Ties count ½ either way, so reversing the direction gives exactly n_bad·n_good − U.
  return (higherIsRiskier ? u : bads * goods - u) / (bads * goods);
}

/**
 * Gini coefficient (accuracy ratio) = 2·AUC − 1, in [−1, 1]; 0 for a random ranking.
 *
 * @example
 * gini(Float64Array.of(0.9, 0.4, 0.6, 0.1), Uint8Array.of(1, 1, 0, 0)) // → 0.5
 */
export function gini(scores: ArrayLike<number>, y: Uint8Array, options: ScoreDirection = {}): number {
  return 2 * auc(scores, y, options) - 1;
}
