import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choleskyFactor, choleskyInverse, choleskySolve, NotPositiveDefiniteError } from './cholesky.ts';

describe('cholesky', () => {
  it('factors, solves and inverts a 2×2 matrix', () => {
    // A = [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]]; A⁻¹ = [[3, −2], [−2, 4]] / 8.
    const a = Float64Array.of(4, 2, 2, 3);
    const l = choleskyFactor(a, 2);
    expect(Array.from(l)).toEqual([2, 0, 1, Math.SQRT2]);
    expect(Array.from(choleskySolve(l, 2, [2, 1]))).toEqual([0.5, 0]);
    const inv = choleskyInverse(l, 2);
    [0.375, -0.25, -0.25, 0.5].forEach((v, i) => expect(inv[i]).toBeCloseTo(v, 15));
  });

  it('refuses a singular matrix and names the pivot', () => {
    // Row 2 = 2 × row 1: the second pivot is 4 − 2² = 0.
    const err = (() => {
      try {
        choleskyFactor(Float64Array.of(1, 2, 2, 4), 2);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(NotPositiveDefiniteError);
    expect((err as NotPositiveDefiniteError).pivot).toBe(1);
    expect(() => choleskyFactor(Float64Array.of(-1), 1)).toThrow(NotPositiveDefiniteError);
  });

  it('solves and inverts random SPD matrices (BᵀB + I)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n + n, maxLength: n * n + n }))), ([n, vals]) => {
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let s = i === j ? 1 : 0;
            for (let k = 0; k < n; k++) s += vals[k * n + i]! * vals[k * n + j]!;
            a[i * n + j] = s;
          }
        const b = vals.slice(n * n);
        const l = choleskyFactor(a, n);
        const x = choleskySolve(l, n, b);
        const inv = choleskyInverse(l, n);
        for (let i = 0; i < n; i++) {
          let r = -b[i]!;
          for (let j = 0; j < n; j++) r += a[i * n + j]! * x[j]!;
          expect(Math.abs(r)).toBeLessThan(1e-9);
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
            expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-9);
          }
        }
      }),
    );
  });
});
