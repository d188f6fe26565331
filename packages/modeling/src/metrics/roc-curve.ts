import { countClasses, orderByScore, requireBothClasses } from './score-checks.ts';
import type { ScoreDirection } from './score-direction.ts';

export interface RocCurve {
  /** False positive rate: share of goods flagged at each threshold, from 0 to 1. */
  fpr: Float64Array;
  /** True positive rate: share of bads flagged at each threshold, from 0 to 1. */
  tpr: Float64Array;
  /**
   * Point i flags every row at least as risky as thresholds[i] (score ≥ t when higher is riskier,
   * score ≤ t otherwise); the first point, (0, 0), has threshold +∞ (or −∞).
   */
  thresholds: Float64Array;
}

/**
 * The ROC curve, one point per distinct score (tied rows enter together, so the trapezoid area
 * under the curve equals {@link auc} with ties counted as half).
 *
 * @example
 * rocCurve(Float64Array.of(0.9, 0.4, 0.6, 0.1), Uint8Array.of(1, 1, 0, 0))
 * // → fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [∞, 0.9, 0.6, 0.4, 0.1]
 */
export function rocCurve(scores: ArrayLike<number>, y: Uint8Array, options: ScoreDirection = {}): RocCurve {
  const higherIsRiskier = options.higherIsRiskier ?? true;
  const order = orderByScore(scores, y);
  if (higherIsRiskier) order.reverse();
  const { bads, goods } = countClasses(y);
  requireBothClasses(bads, goods, 'a ROC curve');
  const fpr = [0];
  const tpr = [0];
  const thresholds = [higherIsRiskier ? Infinity : -Infinity];
  let tp = 0;
  let fp = 0;
  for (let start = 0; start < order.length; ) {
    const s = scores[order[start]!]!;
    let end = start;
    while (end < order.length && scores[order[end]!] === s) {
      if (y[order[end]!] === 1) tp++;
      else fp++;
      end++;
    }
    fpr.push(fp / goods);
    tpr.push(tp / bads);
    thresholds.push(s);
    start = end;
  }
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr), thresholds: Float64Array.from(thresholds) };
}
