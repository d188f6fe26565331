import { describe, expect, it } from 'vitest';
import { hasGermanCredit, loadGermanNumeric } from '../regression/german-credit.fixture.ts';
import { GERMAN_CORR_DURATION_AMOUNT, GERMAN_CORR_RATE_AMOUNT, GERMAN_VIF } from '../regression/logistic-reference.fixture.ts';
import type { Bin, VariableBinning } from '../types.ts';
import { correlationFilter } from './correlation-filter.ts';
import { correlationMatrix } from './correlation-matrix.ts';
import { selectByIv } from './select-by-iv.ts';
import { vif } from './vif.ts';

const binning = (name: string, iv: number): VariableBinning => ({ name, type: 'numeric', bins: [] as Bin[], iv, ivBand: 'weak', method: 'optimal' });

describe('selectByIv', () => {
  it('keeps IV ≥ 0.02 by default, in the input order', () => {
    const r = selectByIv([binning('a', 0.01), binning('b', 0.35), binning('c', 0.02), binning('d', 0.019)]);
    expect(r.selected.map((b) => b.name)).toEqual(['b', 'c']);
    expect(r.removed.map((b) => b.name)).toEqual(['a', 'd']);
    expect(selectByIv([binning('a', 0.05), binning('b', 0.2)], 0.1).selected.map((b) => b.name)).toEqual(['b']);
  });
});

describe('correlationMatrix / correlationFilter', () => {
  it('computes Pearson r (hand computed)', () => {
    // Deviations (−1.5, −.5, .5, 1.5) and (−1.5, .5, −.5, 1.5): Σ products 4, Σ squares 5 each → r = 0.8.
    const r = correlationMatrix([Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4), Float64Array.of(7, 7, 7, 7)]);
    expect(r[0]).toBe(1);
    expect(r[1]).toBeCloseTo(0.8, 15);
    expect(r[3]).toBeCloseTo(0.8, 15);
    expect(r[2]).toBeNaN();
  });

  it('keeps the higher IV of each correlated pair', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    const b = Float64Array.of(1.1, 2, 2.9, 4.2, 5, 6.1); // r(a, b) = 0.998
    const c = Float64Array.of(3, 1, 4, 1, 5, 9); // r(a, c) = 0.696, r(b, c) = 0.684
    const r = correlationFilter([a, b, c], [0.2, 0.3, 0.1], { names: ['a', 'b', 'c'] });
    expect(r.names).toEqual(['b', 'c']);
    expect(r.selected).toEqual([1, 2]);
    expect(r.removed).toEqual([{ index: 0, name: 'a', iv: 0.2, correlatedWith: 'b', correlation: expect.closeTo(0.9985, 4) }]);
    // A lower threshold also drops c, correlated with the kept b.
    expect(correlationFilter([a, b, c], [0.2, 0.3, 0.1], { names: ['a', 'b', 'c'], threshold: 0.5 }).names).toEqual(['b']);
    expect(() => correlationFilter([a, b], [0.1])).toThrow(/1 IVs for 2 columns/);
  });

  it.skipIf(!hasGermanCredit)('matches numpy.corrcoef on German credit', () => {
    const r = correlationMatrix(loadGermanNumeric().X);
    expect(r[1]).toBeCloseTo(GERMAN_CORR_DURATION_AMOUNT, 12);
    expect(r[1 * 4 + 2]).toBeCloseTo(GERMAN_CORR_RATE_AMOUNT, 12);
  });
});

describe('vif', () => {
  it('is 1 / (1 − r²) for two columns (hand computed)', () => {
    // r = 0.8 → VIF = 1 / 0.36 = 2.7778 for both.
    const v = vif([Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4)]);
    expect(v[0]).toBeCloseTo(1 / 0.36, 12);
    expect(v[1]).toBeCloseTo(1 / 0.36, 12);
  });

  it('is 1 for uncorrelated columns, ∞ in an exact collinear group, NaN for a constant', () => {
    // Orthogonal centred columns.
    const a = Float64Array.of(1, -1, 1, -1);
    const b = Float64Array.of(1, 1, -1, -1);
    expect(Array.from(vif([a, b]))).toEqual([1, 1]);
    const x1 = Float64Array.of(1, 2, 3, 4, 5, 6);
    const x2 = Float64Array.of(2, 1, 4, 3, 6, 5);
    const x3 = x1.map((v, i) => v + 2 * x2[i]!);
    const free = Float64Array.of(0, 1, 0, 1, 1, 0);
    const v = vif([x1, x2, x3, free, new Float64Array(6).fill(2)]);
    expect(Array.from(v.subarray(0, 3))).toEqual([Infinity, Infinity, Infinity]);
    // The regressors of `free` hold a dependent column; it is skipped and the VIF stays finite.
    expect(Number.isFinite(v[3]!)).toBe(true);
    expect(v[4]).toBeNaN();
  });

  it.skipIf(!hasGermanCredit)('matches least-squares regressions on German credit (numpy.linalg.lstsq)', () => {
    const v = vif(loadGermanNumeric().X);
    GERMAN_VIF.forEach((want, j) => expect(v[j]).toBeCloseTo(want, 10));
  });

  it('agrees with the R² of an explicit least-squares regression', () => {
    // Regress c on a, b by the normal equations, by hand: VIF = TSS / RSS.
    const a = Float64Array.of(1, 2, 3, 4, 5, 6, 7);
    const b = Float64Array.of(2, 1, 2, 5, 3, 6, 4);
    const c = Float64Array.of(1, 3, 2, 6, 4, 7, 9);
    const fitted = leastSquares([a, b], c);
    let rss = 0;
    let tss = 0;
    const mean = c.reduce((s, v) => s + v, 0) / c.length;
    c.forEach((v, i) => {
      rss += (v - fitted[i]!) ** 2;
      tss += (v - mean) ** 2;
    });
    expect(vif([a, b, c])[2]).toBeCloseTo(tss / rss, 10);
  });
});

/** Fitted values of y on X with intercept, by Gaussian elimination on the normal equations. */
function leastSquares(X: Float64Array[], y: Float64Array): Float64Array {
  const n = y.length;
  const cols = [new Float64Array(n).fill(1), ...X];
  const k = cols.length;
  const A = Array.from({ length: k }, (_, r) => Array.from({ length: k }, (_, c) => cols[r]!.reduce((s, v, i) => s + v * cols[c]![i]!, 0)));
  const rhs = cols.map((col) => col.reduce((s, v, i) => s + v * y[i]!, 0));
  for (let i = 0; i < k; i++) {
    for (let r = i + 1; r < k; r++) {
      const f = A[r]![i]! / A[i]![i]!;
      for (let c = i; c < k; c++) A[r]![c] -= f * A[i]![c]!;
      rhs[r] -= f * rhs[i]!;
    }
  }
  const beta = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let s = rhs[i]!;
    for (let c = i + 1; c < k; c++) s -= A[i]![c]! * beta[c]!;
    beta[i] = s / A[i]![i]!;
  }
  return Float64Array.from({ length: n }, (_, i) => cols.reduce((s, col, j) => s + beta[j]! * col[i]!, 0));
}
