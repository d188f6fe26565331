import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLogistic } from './fit-logistic.ts';
import { LogisticFitError } from './logistic-fit-error.ts';
import { predictProbability } from './predict-logistic.ts';

/** Random small designs: 2 columns, 20–80 rows, labels drawn from a logistic model. */
const dataArb = fc
  .record({
    n: fc.integer({ min: 20, max: 80 }),
    b: fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    l2: fc.constantFrom(0, 0, 0.5, 3),
  })
  .map(({ n, b, seed, l2 }) => {
    // A tiny LCG keeps the data a pure function of the drawn seed (shrinkable, reproducible).
    let s = seed;
    const rand = () => ((s = (s * 48271) % 2147483647) / 2147483647);
    const x1 = new Float64Array(n);
    const x2 = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x1[i] = rand() * 4 - 2;
      x2[i] = Math.round(rand() * 3);
      const p = 1 / (1 + Math.exp(-(b[0] + b[1] * x1[i]! + b[2] * x2[i]!)));
      y[i] = rand() < p ? 1 : 0;
    }
    return { X: [x1, x2], y, l2 };
  });

describe('fitLogistic properties', () => {
  it('the gradient of the (penalised) log-likelihood is ≈ 0 at the returned optimum', () => {
    fc.assert(
      fc.property(dataArb, ({ X, y, l2 }) => {
        let fit;
        try {
          fit = fitLogistic(X, y, { l2 });
        } catch (e) {
          // A random draw may hold a single class or a constant column; nothing to check then.
          if (e instanceof LogisticFitError) return;
          throw e;
        }
        if (fit.diagnostics.separation) return;
        expect(fit.converged).toBe(true);
        // Recompute the score equations independently of the fitter: X'(y − p) − λβ = 0.
        const p = predictProbability(fit, X);
        const g = [0, 0, 0];
        for (let i = 0; i < y.length; i++) {
          const r = y[i]! - p[i]!;
          g[0] += r;
          g[1] += r * X[0]![i]!;
          g[2] += r * X[1]![i]!;
        }
        g[1] -= l2 * fit.beta[1]!;
        g[2] -= l2 * fit.beta[2]!;
        for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-6);
        expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
        // The fit is at least as likely as the intercept-only model it started from.
        expect(fit.logLikelihood).toBeGreaterThanOrEqual(fit.nullLogLikelihood - 1e-9);
      }),
      { numRuns: 150 },
    );
  });
});
