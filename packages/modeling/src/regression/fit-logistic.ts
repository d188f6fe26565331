import { choleskyFactor, choleskyInverse, choleskySolve, NotPositiveDefiniteError } from './cholesky.ts';
import { normalTwoSidedP } from './erfc.ts';
import { LogisticFitError } from './logistic-fit-error.ts';
import { sigmoid, softplus, type LogisticCoefficients } from './predict-logistic.ts';

export interface LogisticFitOptions {
  /**
   * Ridge penalty λ ≥ 0 (default 0): the fit maximises ln L − (λ/2)·Σ_{j≥1} βj², the intercept
   * not penalised. Same objective as scikit-learn's `LogisticRegression(C = 1/λ)` (lbfgs solver).
   */
  l2?: number;
  /** Newton iterations at most (default 50; a well-posed problem needs fewer than 10). */
  maxIter?: number;
  /** Converged when no coefficient moves by more than `tol` in an iteration (default 1e-8). */
  tol?: number;
  /** Variable names, one per column of X (default `x1`, `x2`, …). */
  names?: string[];
  /** Non-negative row weights (frequency or fuzzy-augmentation weights); default 1 each. */
  weights?: Float64Array;
  /**
   * What to do when the classes are (quasi-)completely separated and the maximum likelihood
   * estimate does not exist: `'flag'` (default) returns the last iterate with `converged: false`
   * and `diagnostics.separation: true`; `'error'` throws a `SEPARATION` {@link LogisticFitError}.
   */
  onSeparation?: 'flag' | 'error';
}

/** One estimated coefficient with its Wald statistics. */
export interface CoefficientRow {
  name: string;
  estimate: number;
  stdError: number;
  z: number;
  /** Two-sided, from the standard normal distribution. */
  pValue: number;
}

export interface LogisticDiagnostics {
  /** max |∂(penalised ln L)/∂β| at the returned coefficients; ≈ 0 at a proper optimum. */
  maxAbsGradient: number;
  /** The classes look (quasi-)completely separated: no convergence and fitted probabilities at 0 or 1. */
  separation: boolean;
  /** Rows (with positive weight) whose fitted probability is within 1e-10 of 0 or 1. */
  boundaryRows: number;
  /** Newton steps that were halved because they lowered the likelihood. */
  stepHalvings: number;
  /** Plain-language notes: non-convergence, separation, probabilities at the boundary. */
  warnings: string[];
}

/**
 * A fitted logistic regression of P(y = 1) = 1 / (1 + e^(−η)), η = β0 + Σ βj·xj.
 * Arrays over terms (`beta`, `stdErrors`, `zValues`, `pValues`, `covariance`) put the intercept
 * first; `coefficients` holds the variables' βj only, in the order of X.
 */
export interface LogisticFit extends LogisticCoefficients {
  names: string[];
  intercept: number;
  coefficients: Float64Array;
  /** [β0, β1, …, βp]. */
  beta: Float64Array;
  /**
   * √diag of the covariance. Unpenalised: the inverse of the observed (= expected, for the logit
   * link) Fisher information X'WX, the usual Wald standard errors. With `l2` > 0: the inverse of
   * the penalised Hessian X'WX + λ·I' — the Bayesian (Laplace) posterior standard errors under a
   * N(0, 1/λ) prior; they are smaller than frequentist ones and the estimates are shrunk, so read
   * the z and p-values as approximate.
   */
  stdErrors: Float64Array;
  zValues: Float64Array;
  pValues: Float64Array;
  /** (p+1)×(p+1), row-major. */
  covariance: Float64Array;
  /** The same numbers as rows, intercept (`(Intercept)`) first. */
  terms: CoefficientRow[];
  /** Weighted ln L at the estimate (without the penalty). */
  logLikelihood: number;
  /** ln L of the intercept-only model. */
  nullLogLikelihood: number;
  /** −2 ln L (the saturated model of 0/1 data has ln L = 0). */
  deviance: number;
  nullDeviance: number;
  /** −2 ln L + 2k, k = p + 1 estimated parameters (not adjusted for an L2 penalty). */
  aic: number;
  /** −2 ln L + k·ln(n), n = the sum of the weights (the row count when unweighted). */
  bic: number;
  rows: number;
  weightSum: number;
  l2: number;
  iterations: number;
  converged: boolean;
  diagnostics: LogisticDiagnostics;
}

export const INTERCEPT_NAME = '(Intercept)';
const BOUNDARY = 1e-10;

/**
 * Fits a logistic regression with intercept by iteratively reweighted least squares (Newton's
 * method on the log-likelihood), solving each Newton system by Cholesky. Steps that would lower
 * the (penalised) likelihood are halved, so each iteration improves the fit.
 *
 * X is column-oriented: one Float64Array per variable, all of y's length; y holds 1 for the event
 * ("bad") and 0 otherwise. Throws {@link LogisticFitError}: `INVALID_INPUT` for bad shapes,
 * non-finite values or a single class, `SINGULAR_MATRIX` naming the variable that is constant or
 * collinear (with `l2` > 0 the penalty makes the system regular, so collinear columns share
 * their effect instead).
 *
 * @example
 * const fit = fitLogistic([Float64Array.of(1, 2, 3, 4, 5, 6)], Uint8Array.of(0, 0, 1, 0, 1, 1), {names: ['x']});
 * fit.coefficients[0] // → 1.214…; fit.pValues[1] // → 0.183…, the Wald p-value of x
 */
export function fitLogistic(X: readonly Float64Array[], y: Uint8Array, options: LogisticFitOptions = {}): LogisticFit {
  const p = X.length;
  const k = p + 1;
  const n = y.length;
  const l2 = options.l2 ?? 0;
  const maxIter = options.maxIter ?? 50;
  const tol = options.tol ?? 1e-8;
  const names = options.names ?? Array.from({ length: p }, (_, j) => `x${j + 1}`);
  validate(X, y, names, l2, maxIter, tol, options.weights);
  const w = options.weights ?? new Float64Array(n).fill(1);

  let sw = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i]!;
    if (y[i] === 1) swy += w[i]!;
  }
  if (!(swy > 0 && swy < sw)) throw new LogisticFitError('INVALID_INPUT', 'the target needs both classes (with positive weight) to fit a logistic regression');
  const ybar = swy / sw;
  const nullLogLikelihood = swy * Math.log(ybar) + (sw - swy) * Math.log(1 - ybar);

  const termName = (t: number) => (t === 0 ? INTERCEPT_NAME : names[t - 1]!);
  const penalty = (b: Float64Array) => {
    let s = 0;
    for (let t = 1; t < k; t++) s += b[t]! * b[t]!;
    return 0.5 * l2 * s;
  };
  const etaOf = (b: Float64Array) => {
    const eta = new Float64Array(n).fill(b[0]!);
    for (let j = 0; j < p; j++) {
      const bj = b[j + 1]!;
      if (bj === 0) continue;
      const col = X[j]!;
      for (let i = 0; i < n; i++) eta[i] += bj * col[i]!;
    }
    return eta;
  };
  const logLik = (eta: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) if (w[i]! > 0) s += w[i]! * (y[i]! * eta[i]! - softplus(eta[i]!));
    return s;
  };

  // Start from the intercept-only optimum: every row at the mean, a safe point for Newton.
  let beta = new Float64Array(k);
  beta[0] = Math.log(ybar / (1 - ybar));
  let eta = etaOf(beta);
  let objective = logLik(eta) - penalty(beta);
  let converged = false;
  let iterations = 0;
  let stepHalvings = 0;
  let brokeDown = false;

  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    const { gradient, hessian } = derivatives(X, y, w, eta, beta, l2);
    let factor: Float64Array;
    try {
      factor = choleskyFactor(hessian, k);
    } catch (e) {
      if (!(e instanceof NotPositiveDefiniteError)) throw e;
      // At the start every row has the same weight, so a failure is the design itself; later it
      // means the weights μ(1 − μ) have collapsed to 0, i.e. fitted probabilities at 0 or 1.
      if (iter === 1) throw singular(e.pivot, termName);
      brokeDown = true;
      break;
    }
    const step = choleskySolve(factor, k, gradient);
    let t = 1;
    let next = beta;
    let nextEta = eta;
    let nextObjective = objective;
    let improved = false;
    for (let h = 0; h < 30; h++) {
      next = new Float64Array(k);
      for (let j = 0; j < k; j++) next[j] = beta[j]! + t * step[j]!;
      nextEta = etaOf(next);
      nextObjective = logLik(nextEta) - penalty(next);
      // A tiny relative slack: near the optimum the objective changes below rounding noise.
      if (nextObjective >= objective - 1e-12 * Math.abs(objective)) {
        improved = true;
        break;
      }
      t /= 2;
      stepHalvings++;
    }
    if (!improved) {
      // No step improves the likelihood: we are at the optimum to machine precision.
      converged = true;
      break;
    }
    let maxStep = 0;
    for (let j = 0; j < k; j++) maxStep = Math.max(maxStep, Math.abs(next[j]! - beta[j]!));
    beta = next;
    eta = nextEta;
    objective = nextObjective;
    if (maxStep < tol) {
      converged = true;
      break;
    }
  }

  const { gradient, hessian } = derivatives(X, y, w, eta, beta, l2);
  let maxAbsGradient = 0;
  for (let j = 0; j < k; j++) maxAbsGradient = Math.max(maxAbsGradient, Math.abs(gradient[j]!));
  let boundaryRows = 0;
  for (let i = 0; i < n; i++) {
    if (!(w[i]! > 0)) continue;
    const mu = sigmoid(eta[i]!);
    if (mu < BOUNDARY || mu > 1 - BOUNDARY) boundaryRows++;
  }
  const separation = (!converged || brokeDown) && boundaryRows > 0;
  if (brokeDown) converged = false;

  let covariance: Float64Array;
  try {
    covariance = choleskyInverse(choleskyFactor(hessian, k), k);
  } catch (e) {
    if (!(e instanceof NotPositiveDefiniteError)) throw e;
    if (!separation) throw singular(e.pivot, termName);
    covariance = new Float64Array(k * k).fill(NaN);
  }

  const warnings: string[] = [];
  if (separation) {
    const message = `the classes are (quasi-)completely separated: ${boundaryRows} rows have fitted probabilities of 0 or 1 and the coefficients diverge; merge bins, drop the separating variable or use l2 > 0`;
    if (options.onSeparation === 'error') throw new LogisticFitError('SEPARATION', message);
    warnings.push(message);
  } else if (!converged) warnings.push(`did not converge in ${maxIter} iterations (max |gradient| ${maxAbsGradient.toExponential(2)})`);
  if (!separation && boundaryRows > 0) warnings.push(`${boundaryRows} rows have fitted probabilities numerically 0 or 1`);

  const stdErrors = new Float64Array(k);
  const zValues = new Float64Array(k);
  const pValues = new Float64Array(k);
  const terms: CoefficientRow[] = [];
  for (let j = 0; j < k; j++) {
    stdErrors[j] = Math.sqrt(covariance[j * k + j]!);
    zValues[j] = beta[j]! / stdErrors[j]!;
    pValues[j] = normalTwoSidedP(zValues[j]!);
    terms.push({ name: termName(j), estimate: beta[j]!, stdError: stdErrors[j]!, z: zValues[j]!, pValue: pValues[j]! });
  }
  const logLikelihood = logLik(eta);
  return {
    names: [...names],
    intercept: beta[0]!,
    coefficients: beta.slice(1),
    beta,
    stdErrors,
    zValues,
    pValues,
    covariance,
    terms,
    logLikelihood,
    nullLogLikelihood,
    deviance: -2 * logLikelihood,
    nullDeviance: -2 * nullLogLikelihood,
    aic: -2 * logLikelihood + 2 * k,
    bic: -2 * logLikelihood + k * Math.log(sw),
    rows: n,
    weightSum: sw,
    l2,
    iterations,
    converged,
    diagnostics: { maxAbsGradient, separation, boundaryRows, stepHalvings, warnings },
  };
}

/**
 * Gradient and Hessian of the penalised log-likelihood (the Hessian with its sign flipped, so it
 * is positive definite): g = X'(w∘(y − μ)) − λβ', H = X'·diag(w∘μ(1 − μ))·X + λI'.
 */
function derivatives(X: readonly Float64Array[], y: Uint8Array, w: Float64Array, eta: Float64Array, beta: Float64Array, l2: number) {
  const p = X.length;
  const k = p + 1;
  const n = y.length;
  const r = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mu = sigmoid(eta[i]!);
    r[i] = w[i]! * (y[i]! - mu);
    v[i] = w[i]! * mu * (1 - mu);
  }
  const gradient = new Float64Array(k);
  const hessian = new Float64Array(k * k);
  // Column a of the design, with the intercept as a column of ones.
  const colDot = (a: number, u: Float64Array) => {
    let s = 0;
    if (a === 0) for (let i = 0; i < n; i++) s += u[i]!;
    else {
      const c = X[a - 1]!;
      for (let i = 0; i < n; i++) s += u[i]! * c[i]!;
    }
    return s;
  };
  const vx = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    gradient[a] = colDot(a, r) - (a > 0 ? l2 * beta[a]! : 0);
    if (a === 0) vx.set(v);
    else {
      const c = X[a - 1]!;
      for (let i = 0; i < n; i++) vx[i] = v[i]! * c[i]!;
    }
    for (let b = 0; b <= a; b++) {
      const s = colDot(b, vx) + (a === b && a > 0 ? l2 : 0);
      hessian[a * k + b] = s;
      hessian[b * k + a] = s;
    }
  }
  return { gradient, hessian };
}

function singular(pivot: number, termName: (t: number) => string): LogisticFitError {
  const name = termName(pivot);
  return new LogisticFitError(
    'SINGULAR_MATRIX',
    pivot === 0
      ? 'the information matrix is singular: no row has positive weight'
      : `the information matrix is singular: variable ${name} is constant or a linear combination of the variables before it`,
    pivot === 0 ? undefined : name,
  );
}

function validate(X: readonly Float64Array[], y: Uint8Array, names: string[], l2: number, maxIter: number, tol: number, weights: Float64Array | undefined): void {
  const n = y.length;
  const bad = (message: string) => new LogisticFitError('INVALID_INPUT', message);
  if (!(y instanceof Uint8Array)) throw bad('y must be a Uint8Array of 0 and 1');
  for (let i = 0; i < n; i++) if (y[i]! > 1) throw bad(`y[${i}] is ${y[i]}: the target must be 0 or 1`);
  if (names.length !== X.length) throw bad(`${names.length} names for ${X.length} columns`);
  X.forEach((col, j) => {
    if (!(col instanceof Float64Array) || col.length !== n) throw bad(`column ${names[j]} must be a Float64Array of ${n} values`);
    for (let i = 0; i < n; i++) if (!Number.isFinite(col[i]!)) throw bad(`column ${names[j]} has a non-finite value at row ${i}: impute or bin missing values first`);
  });
  if (weights !== undefined) {
    if (weights.length !== n) throw bad(`weights has ${weights.length} values for ${n} rows`);
    for (let i = 0; i < n; i++) if (!(weights[i]! >= 0 && Number.isFinite(weights[i]!))) throw bad(`weights[${i}] must be finite and non-negative`);
  }
  if (!(l2 >= 0 && Number.isFinite(l2))) throw bad('l2 must be a finite number ≥ 0');
  if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw bad('maxIter must be a positive integer');
  if (!(tol > 0)) throw bad('tol must be positive');
}
