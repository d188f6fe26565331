import { checkSamples, checkWeight, stack, type AcceptedSample, type AugmentedSample, type RejectedSample } from './augmented-sample.ts';

export interface HardCutoffOptions {
  /** Rejects with predicted bad probability ≥ cutoff become bad, the others good. */
  cutoff: number;
  /** Weight of every reject row (default 1), e.g. to stand for the reject share of applicants. */
  rejectWeight?: number;
}

/**
 * Reject inference by hard cut-off: each reject is labelled bad when its predicted bad probability
 * reaches the cut-off, good otherwise, and appended to the accepts.
 *
 * Caveats: like every reject-inference method it assumes the relationship between the features
 * and the outcome learnt on the accepts holds for the rejects (no selection on information the
 * model lacks), which cannot be checked from these data. A hard label treats an uncertain reject
 * as certain, so the refitted model looks more separating than it is and its standard errors are
 * too small; the result depends directly on the arbitrary cut-off (a common choice is the
 * accepts' bad rate or the historical approval cut-off).
 *
 * @example
 * const aug = hardCutoff({X: acceptX, y}, {X: rejectX, badProbability: pRejects}, {cutoff: 0.3});
 * fitLogistic(aug.X, aug.y, {weights: aug.weights});
 */
export function hardCutoff(accepted: AcceptedSample, rejected: RejectedSample, options: HardCutoffOptions): AugmentedSample {
  const { nr } = checkSamples(accepted, rejected);
  if (!(options.cutoff >= 0 && options.cutoff <= 1)) throw new RangeError('cutoff must be a probability within [0, 1]');
  const w = options.rejectWeight ?? 1;
  checkWeight(w);
  const rows = new Uint32Array(nr);
  const y = new Uint8Array(nr);
  for (let k = 0; k < nr; k++) {
    rows[k] = k;
    y[k] = rejected.badProbability[k]! >= options.cutoff ? 1 : 0;
  }
  return stack(accepted, rejected, rows, y, new Float64Array(nr).fill(w));
}
