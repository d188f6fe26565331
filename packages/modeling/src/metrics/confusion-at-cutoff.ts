import { checkScored } from './score-checks.ts';
import type { ScoreDirection } from './score-direction.ts';

export interface CostMatrix {
  /** Cost of a bad classed as good (accepted bad). */
  fn: number;
  /** Cost of a good classed as bad (rejected good). */
  fp: number;
}

export interface ConfusionOptions extends ScoreDirection {
  /** Default {fn: 5, fp: 1}: the German credit data's cost matrix (an accepted bad costs 5 rejected goods). */
  costMatrix?: CostMatrix;
}

/** The confusion matrix at a cut-off, "positive" meaning classed bad. */
export interface Confusion {
  cutoff: number;
  /** Bads classed bad. */
  tp: number;
  /** Goods classed bad. */
  fp: number;
  /** Goods classed good. */
  tn: number;
  /** Bads classed good. */
  fn: number;
  accuracy: number;
  /** tp / (tp + fp); 0 when nothing is classed bad. */
  precision: number;
  /** tp / bads (true positive rate, sensitivity); 0 without bads. */
  recall: number;
  /** tn / goods; 0 without goods. */
  specificity: number;
  /** fp / goods. */
  falsePositiveRate: number;
  /** fn·costMatrix.fn + fp·costMatrix.fp. */
  cost: number;
  /** cost / rows. */
  averageCost: number;
  costMatrix: CostMatrix;
}

/**
 * Confusion matrix and misclassification cost at a cut-off. With `higherIsRiskier: true`
 * (default; probabilities) a row is classed bad when score ≥ cutoff; with `false` (scorecard
 * points) it is classed bad — declined — when score < cutoff, i.e. approved when score ≥ cutoff.
 *
 * @example
 * // Scorecard points, approve at ≥ 600: 620 good (tn), 580 bad (tp), 610 bad (fn), 590 good (fp);
 * // cost = 5·1 + 1·1 = 6.
 * confusionAtCutoff(Float64Array.of(620, 580, 610, 590), Uint8Array.of(0, 1, 1, 0), 600, {higherIsRiskier: false})
 */
export function confusionAtCutoff(scores: ArrayLike<number>, y: Uint8Array, cutoff: number, options: ConfusionOptions = {}): Confusion {
  checkScored(scores, y);
  if (Number.isNaN(cutoff)) throw new RangeError('cutoff must be a number');
  const higherIsRiskier = options.higherIsRiskier ?? true;
  const costMatrix = options.costMatrix ?? { fn: 5, fp: 1 };
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const classedBad = higherIsRiskier ? scores[i]! >= cutoff : scores[i]! < cutoff;
    if (y[i] === 1) {
      if (classedBad) tp++;
      else fn++;
    } else if (classedBad) fp++;
    else tn++;
  }
  const n = y.length;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  const cost = fn * costMatrix.fn + fp * costMatrix.fp;
  return {
    cutoff,
    tp,
    fp,
    tn,
    fn,
    accuracy: ratio(tp + tn, n),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    specificity: ratio(tn, tn + fp),
    falsePositiveRate: ratio(fp, tn + fp),
    cost,
    averageCost: ratio(cost, n),
    costMatrix: { ...costMatrix },
  };
}
