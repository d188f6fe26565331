/** What prediction needs from a fit: the intercept and one coefficient per column of X. */
export interface LogisticCoefficients {
  intercept: number;
  coefficients: ArrayLike<number>;
}

/**
 * The linear predictor η = β0 + Σ βj·xj per row, i.e. ln(odds of the event "bad").
 * X is column-oriented, one Float64Array per variable in the order of the coefficients.
 *
 * @example
 * predictLogit({intercept: -1, coefficients: [2]}, [Float64Array.of(0, 1)]) // → [-1, 1]
 */
export function predictLogit(fit: LogisticCoefficients, X: readonly Float64Array[]): Float64Array {
  const p = fit.coefficients.length;
  if (X.length !== p) throw new RangeError(`the fit has ${p} coefficients but X has ${X.length} columns`);
  const n = p === 0 ? 0 : X[0]!.length;
  for (const col of X) if (col.length !== n) throw new RangeError('all columns of X must have the same length');
  const eta = new Float64Array(n).fill(fit.intercept);
  for (let j = 0; j < p; j++) {
    const b = fit.coefficients[j]!;
    const col = X[j]!;
    for (let i = 0; i < n; i++) eta[i] += b * col[i]!;
  }
  return eta;
}

/**
 * The predicted probability of the event ("bad") per row: 1 / (1 + e^(−η)).
 *
 * @example
 * predictProbability({intercept: 0, coefficients: [1]}, [Float64Array.of(0)]) // → [0.5]
 */
export function predictProbability(fit: LogisticCoefficients, X: readonly Float64Array[]): Float64Array {
  const eta = predictLogit(fit, X);
  for (let i = 0; i < eta.length; i++) eta[i] = sigmoid(eta[i]!);
  return eta;
}

/** 1 / (1 + e^(−η)), split by sign so that e^x never overflows. */
export function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/** ln(1 + e^x) without overflow or loss of precision for large |x|. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
