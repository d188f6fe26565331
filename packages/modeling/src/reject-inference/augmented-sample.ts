/**
 * Shared shapes of the reject-inference transforms. Features are columns (e.g. WOE-transformed),
 * the same columns in the same order for accepts and rejects; probabilities are the predicted
 * probability of "bad" from a model fitted on the accepts only.
 */
export interface AcceptedSample {
  X: readonly Float64Array[];
  y: Uint8Array;
  /** Predicted bad probability per accept (needed by parcelling to measure each band's bad rate). */
  badProbability?: Float64Array;
}

export interface RejectedSample {
  X: readonly Float64Array[];
  /** Predicted bad probability per reject, from the accepts-only model. */
  badProbability: Float64Array;
}

/** Accepts followed by inferred rejects, ready for `fitLogistic(X, y, {weights})`. */
export interface AugmentedSample {
  X: Float64Array[];
  y: Uint8Array;
  weights: Float64Array;
  /** 0 for an accepted row, 1 for an inferred reject row. */
  inferred: Uint8Array;
  /** The row's index in its own sample (accepts or rejects), to map back to other columns. */
  sourceRow: Uint32Array;
}

/** Checks shapes and probabilities; returns the accept and reject row counts. */
export function checkSamples(accepted: AcceptedSample, rejected: RejectedSample): { na: number; nr: number } {
  const na = accepted.y.length;
  const nr = rejected.badProbability.length;
  if (accepted.X.length !== rejected.X.length) throw new RangeError(`accepts have ${accepted.X.length} columns, rejects ${rejected.X.length}`);
  accepted.X.forEach((c, j) => {
    if (c.length !== na) throw new RangeError(`accepted column ${j} has ${c.length} values for ${na} rows`);
  });
  rejected.X.forEach((c, j) => {
    if (c.length !== nr) throw new RangeError(`rejected column ${j} has ${c.length} values for ${nr} probabilities`);
  });
  for (let i = 0; i < na; i++) if (accepted.y[i]! > 1) throw new RangeError(`accepted target at row ${i} must be 0 or 1`);
  const checkP = (p: Float64Array, what: string) => {
    for (let i = 0; i < p.length; i++) if (!(p[i]! >= 0 && p[i]! <= 1)) throw new RangeError(`${what} bad probability at row ${i} is ${p[i]}: must be within [0, 1]`);
  };
  checkP(rejected.badProbability, 'reject');
  if (accepted.badProbability) {
    if (accepted.badProbability.length !== na) throw new RangeError(`${accepted.badProbability.length} accepted probabilities for ${na} rows`);
    checkP(accepted.badProbability, 'accepted');
  }
  return { na, nr };
}

/**
 * Stacks the accepts (weight 1) and the given reject rows: `rejectRows[k]` is the reject behind
 * output row na + k, with target `rejectY[k]` and weight `rejectWeights[k]`.
 */
export function stack(accepted: AcceptedSample, rejected: RejectedSample, rejectRows: Uint32Array, rejectY: Uint8Array, rejectWeights: Float64Array): AugmentedSample {
  const na = accepted.y.length;
  const m = rejectRows.length;
  const X = accepted.X.map((col, j) => {
    const out = new Float64Array(na + m);
    out.set(col);
    const src = rejected.X[j]!;
    for (let k = 0; k < m; k++) out[na + k] = src[rejectRows[k]!]!;
    return out;
  });
  const y = new Uint8Array(na + m);
  y.set(accepted.y);
  y.set(rejectY, na);
  const weights = new Float64Array(na + m).fill(1);
  weights.set(rejectWeights, na);
  const inferred = new Uint8Array(na + m);
  inferred.fill(1, na);
  const sourceRow = new Uint32Array(na + m);
  for (let i = 0; i < na; i++) sourceRow[i] = i;
  sourceRow.set(rejectRows, na);
  return { X, y, weights, inferred, sourceRow };
}

export function checkWeight(w: number, what = 'rejectWeight'): void {
  if (!(w > 0 && Number.isFinite(w))) throw new RangeError(`${what} must be a positive number`);
}
