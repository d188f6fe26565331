import { checkSamples, checkWeight, stack, type AcceptedSample, type AugmentedSample, type RejectedSample } from './augmented-sample.ts';

export interface FuzzyAugmentationOptions {
  /** Total weight of each reject (default 1), split p / 1 − p between its bad and good copy. */
  rejectWeight?: number;
}

/**
 * Reject inference by fuzzy augmentation: each reject enters twice, once as bad with weight
 * p·rejectWeight and once as good with weight (1 − p)·rejectWeight, p its predicted bad
 * probability; pass `weights` to `fitLogistic`. Copies of weight 0 (p exactly 0 or 1) are kept,
 * so row k of the rejects is always at rows na + 2k (bad) and na + 2k + 1 (good).
 *
 * Caveats: it assumes the accepts' relationship between features and outcome extends to the
 * rejects. When p comes from an unpenalised logistic model on the same features, refitting that
 * model on the result returns exactly the accepts-only coefficients: a reject's two copies add
 * x·(p − μ) to the score equations, which is 0 at those coefficients. It only changes something
 * when p comes from elsewhere (another model, more features, an uplift for rejects being riskier
 * than accepts at equal score — a judgement call the data cannot confirm). The weighted fit's
 * standard errors and p-values treat the pseudo-rows as data and are too optimistic.
 *
 * @example
 * const aug = fuzzyAugmentation({X: acceptX, y}, {X: rejectX, badProbability: pRejects});
 * fitLogistic(aug.X, aug.y, {weights: aug.weights});
 */
export function fuzzyAugmentation(accepted: AcceptedSample, rejected: RejectedSample, options: FuzzyAugmentationOptions = {}): AugmentedSample {
  const { nr } = checkSamples(accepted, rejected);
  const w = options.rejectWeight ?? 1;
  checkWeight(w);
  const rows = new Uint32Array(2 * nr);
  const y = new Uint8Array(2 * nr);
  const weights = new Float64Array(2 * nr);
  for (let k = 0; k < nr; k++) {
    const p = rejected.badProbability[k]!;
    rows[2 * k] = k;
    rows[2 * k + 1] = k;
    y[2 * k] = 1;
    weights[2 * k] = p * w;
    weights[2 * k + 1] = (1 - p) * w;
  }
  return stack(accepted, rejected, rows, y, weights);
}
