import { describe, expect, it } from 'vitest';
import { fitLogistic, type LogisticFit } from './fit-logistic.ts';
import { hasGermanCredit, loadGermanNumeric } from './german-credit.fixture.ts';
import { LogisticFitError } from './logistic-fit-error.ts';
import {
  GERMAN_IRLS,
  GERMAN_SKLEARN,
  SMALL_IRLS,
  SMALL_IRLS_L2,
  SMALL_IRLS_WEIGHTED,
  SMALL_SKLEARN,
  SMALL_SKLEARN_L2,
  SMALL_SKLEARN_WEIGHTED,
  W,
  X1,
  X2,
  X3,
  Y,
  type ReferenceFit,
} from './logistic-reference.fixture.ts';
import { predictLogit, predictProbability } from './predict-logistic.ts';

function expectMatches(fit: LogisticFit, ref: ReferenceFit, sklearn: number[]) {
  const close = (got: number, want: number, rel: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
  ref.beta.forEach((b, j) => close(fit.beta[j]!, b, 1e-9));
  ref.se.forEach((s, j) => close(fit.stdErrors[j]!, s, 1e-9));
  ref.z.forEach((z, j) => close(fit.zValues[j]!, z, 1e-8));
  ref.p.forEach((p, j) => expect(Math.abs(fit.pValues[j]! - p) / p).toBeLessThan(1e-7));
  close(fit.logLikelihood, ref.ll, 1e-12);
  close(fit.aic, ref.aic, 1e-12);
  close(fit.bic, ref.bic, 1e-12);
  // scikit-learn's lbfgs stops earlier; it confirms the optimum, not the last digits.
  sklearn.forEach((b, j) => close(fit.beta[j]!, b, 1e-4));
  expect(fit.converged).toBe(true);
  expect(fit.diagnostics.separation).toBe(false);
  expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-8);
}

describe('fitLogistic', () => {
  it('matches a numpy IRLS and scikit-learn on the 40-row reference data', () => {
    const fit = fitLogistic([X1, X2, X3], Y, { names: ['x1', 'x2', 'x3'] });
    expectMatches(fit, SMALL_IRLS, SMALL_SKLEARN);
    expect(fit.deviance).toBeCloseTo(-2 * SMALL_IRLS.ll, 10);
    expect(fit.terms.map((t) => t.name)).toEqual(['(Intercept)', 'x1', 'x2', 'x3']);
    expect(fit.intercept).toBe(fit.beta[0]);
    expect(Array.from(fit.coefficients)).toEqual(Array.from(fit.beta.slice(1)));
    expect(fit.iterations).toBeLessThan(12);
    // 9 bads of 40: null ln L = 9·ln(9/40) + 31·ln(31/40).
    expect(fit.nullLogLikelihood).toBeCloseTo(9 * Math.log(9 / 40) + 31 * Math.log(31 / 40), 12);
  });

  it('matches scikit-learn C = 1/λ with an unpenalised intercept (λ = 2)', () => {
    expectMatches(fitLogistic([X1, X2, X3], Y, { l2: 2 }), SMALL_IRLS_L2, SMALL_SKLEARN_L2);
  });

  it('matches with row weights, BIC using n = Σ weights', () => {
    expectMatches(fitLogistic([X1, X2, X3], Y, { weights: W }), SMALL_IRLS_WEIGHTED, SMALL_SKLEARN_WEIGHTED);
  });

  it('equals the fit on duplicated rows when weights are whole numbers', () => {
    const dup = (a: Float64Array) => Float64Array.from([...a, ...a.subarray(0, 10)]);
    const weights = new Float64Array(40).fill(1);
    weights.fill(2, 0, 10);
    const a = fitLogistic([X1, X2], Y, { weights });
    const b = fitLogistic([dup(X1), dup(X2)], Uint8Array.from([...Y, ...Y.subarray(0, 10)]));
    a.beta.forEach((v, j) => expect(v).toBeCloseTo(b.beta[j]!, 10));
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 10);
  });

  it.skipIf(!hasGermanCredit)('matches the reference on four numeric German credit columns', () => {
    const { X, y, names } = loadGermanNumeric();
    expectMatches(fitLogistic(X, y, { names }), GERMAN_IRLS, GERMAN_SKLEARN);
  });

  it('fits the intercept-only model', () => {
    const fit = fitLogistic([], Y);
    expect(fit.intercept).toBeCloseTo(Math.log(9 / 31), 12);
    expect(fit.logLikelihood).toBeCloseTo(fit.nullLogLikelihood, 12);
  });

  it('refuses a constant or collinear column, naming it', () => {
    const constant = new Float64Array(40).fill(3);
    expect(() => fitLogistic([X1, constant], Y, { names: ['x1', 'const'] })).toThrow(expect.objectContaining({ code: 'SINGULAR_MATRIX', variable: 'const' }));
    const combo = X1.map((v, i) => 2 * v - X2[i]!);
    expect(() => fitLogistic([X1, X2, combo], Y, { names: ['a', 'b', 'c'] })).toThrow(/variable c is constant or a linear combination/);
    // The ridge penalty makes the same design solvable.
    expect(fitLogistic([X1, X2, combo], Y, { l2: 1 }).converged).toBe(true);
  });

  it('refuses invalid input clearly', () => {
    expect(() => fitLogistic([X1], new Uint8Array(40))).toThrow(LogisticFitError);
    expect(() => fitLogistic([X1], new Uint8Array(40))).toThrow(/both classes/);
    expect(() => fitLogistic([X1.subarray(1)], Y)).toThrow(/Float64Array of 40 values/);
    const withNaN = X1.slice();
    withNaN[3] = NaN;
    expect(() => fitLogistic([withNaN], Y)).toThrow(/non-finite value at row 3/);
    expect(() => fitLogistic([X1], Uint8Array.of(...Y.subarray(0, 39), 2))).toThrow(/must be 0 or 1/);
    expect(() => fitLogistic([X1], Y, { weights: new Float64Array(40).fill(-1) })).toThrow(/non-negative/);
  });

  it('flags complete separation instead of returning silent nonsense', () => {
    // y = 1 exactly when x > 0: the likelihood keeps rising as β → ∞.
    const x = Float64Array.of(-3, -2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 3);
    const y = Uint8Array.of(0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
    const fit = fitLogistic([x], y);
    expect(fit.converged).toBe(false);
    expect(fit.diagnostics.separation).toBe(true);
    expect(fit.diagnostics.warnings[0]).toMatch(/separated/);
    expect(() => fitLogistic([x], y, { onSeparation: 'error' })).toThrow(expect.objectContaining({ code: 'SEPARATION' }));
    // A ridge penalty gives a finite optimum.
    const ridge = fitLogistic([x], y, { l2: 0.1 });
    expect(ridge.converged).toBe(true);
    expect(ridge.diagnostics.separation).toBe(false);
  });

  it('flags quasi-complete separation', () => {
    // x = 1 rows are all bad, x = 0 rows mixed: β for x diverges.
    const x = Float64Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1);
    const y = Uint8Array.of(0, 1, 0, 1, 0, 0, 1, 1, 1);
    const fit = fitLogistic([x], y);
    expect(fit.diagnostics.separation).toBe(true);
    expect(fit.converged).toBe(false);
  });
});

describe('predictLogit / predictProbability', () => {
  it('computes η = β0 + Σβx and the logistic of it', () => {
    // η = −1 + 2·x1 − 0.5·x2: rows (0, 0) → −1, (1, 2) → 0, (3, −4) → 7.
    const fit = { intercept: -1, coefficients: [2, -0.5] };
    const X = [Float64Array.of(0, 1, 3), Float64Array.of(0, 2, -4)];
    expect(Array.from(predictLogit(fit, X))).toEqual([-1, 0, 7]);
    const p = predictProbability(fit, X);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.E), 15);
    expect(p[1]).toBe(0.5);
    expect(p[2]).toBeCloseTo(1 / (1 + Math.exp(-7)), 15);
    expect(predictProbability({ intercept: -800, coefficients: [] }, [])).toHaveLength(0);
    expect(() => predictLogit(fit, [Float64Array.of(1)])).toThrow(/2 coefficients but X has 1 columns/);
  });

  it('reproduces the fitted probabilities', () => {
    const fit = fitLogistic([X1, X2, X3], Y);
    const p = predictProbability(fit, [X1, X2, X3]);
    // At the optimum Σ(y − p) = 0 (the intercept's score equation).
    let s = 0;
    for (let i = 0; i < 40; i++) s += Y[i]! - p[i]!;
    expect(Math.abs(s)).toBeLessThan(1e-9);
  });
});
