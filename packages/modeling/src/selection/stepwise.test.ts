import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../regression/fit-logistic.ts';
import { hasGermanCredit, loadGermanNumeric } from '../regression/german-credit.fixture.ts';
import { X1, X2, X3, Y } from '../regression/logistic-reference.fixture.ts';
import { stepwise } from './stepwise.ts';

/** Deterministic normal draws (LCG + Box–Muller) so the data is fixed without fixtures. */
function normals(n: number, seed: number): Float64Array {
  let s = seed;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

describe('stepwise', () => {
  it('finds x1 on the 40-row reference data in every direction and criterion', () => {
    for (const direction of ['forward', 'backward', 'both'] as const) {
      for (const criterion of ['aic', 'bic', 'pvalue'] as const) {
        const r = stepwise([X1, X2, X3], Y, { names: ['x1', 'x2', 'x3'], direction, criterion });
        expect(r.names).toEqual(['x1']);
        expect(r.selected).toEqual([0]);
        expect(r.stoppedBecause).toBe('no_improvement');
      }
    }
  });

  it('logs each step; backward removes the weakest first', () => {
    const r = stepwise([X1, X2, X3], Y, { names: ['x1', 'x2', 'x3'], direction: 'backward', criterion: 'pvalue' });
    // Full model p-values: x1 .0139, x2 .244, x3 .558 → x3 leaves, then x2 (p .293 in {x1, x2}).
    expect(r.steps.map((s) => [s.action, s.variable, s.selected])).toEqual([
      ['start', undefined, ['x1', 'x2', 'x3']],
      ['remove', 'x3', ['x1', 'x2']],
      ['remove', 'x2', ['x1']],
    ]);
    expect(r.steps[1]!.pValue).toBeCloseTo(0.5584948756600897, 9);
    expect(r.fit.aic).toBeCloseTo(fitLogistic([X1], Y).aic, 12);
  });

  it('ends where no single addition or removal improves the AIC', () => {
    const n = 600;
    const a = normals(n, 11);
    const b = normals(n, 23);
    const noise = normals(n, 37);
    const eta = a.map((v, i) => -1 + 1.2 * v - 0.8 * b[i]!);
    const u = normals(n, 41);
    // y from a probit-like threshold of the logit: a fixed, reproducible label draw.
    const y = Uint8Array.from(eta, (e, i) => (e + 1.6 * u[i]! > 0 ? 1 : 0));
    const X = [a, b, noise];
    const r = stepwise(X, y, { names: ['a', 'b', 'noise'], direction: 'both', criterion: 'aic' });
    expect(r.names).toEqual(expect.arrayContaining(['a', 'b']));
    const aicOf = (set: number[]) => fitLogistic(set.map((j) => X[j]!), y).aic;
    const best = aicOf(r.selected);
    for (let j = 0; j < 3; j++) {
      const other = r.selected.includes(j) ? r.selected.filter((k) => k !== j) : [...r.selected, j].sort();
      expect(aicOf(other)).toBeGreaterThanOrEqual(best - 1e-9);
    }
    // Every logged step lowered the AIC.
    for (let i = 1; i < r.steps.length; i++) expect(r.steps[i]!.aic).toBeLessThan(r.steps[i - 1]!.aic);
  });

  it("'both' removes a variable made redundant by later entries", () => {
    // η = 2a + b and s = a + b + small noise: s explains most of η alone and enters first; once a
    // and b are in, s adds nothing and leaves.
    const n = 3000;
    const a = normals(n, 5);
    const b = normals(n, 7);
    const e = normals(n, 13);
    const s = a.map((v, i) => v + b[i]! + 0.3 * e[i]!);
    const u = normals(n, 17);
    const y = Uint8Array.from(a, (v, i) => (2 * v + b[i]! + 1.6 * u[i]! > 0 ? 1 : 0));
    for (const options of [{ criterion: 'aic' as const }, { criterion: 'pvalue' as const, test: 'likelihood-ratio' as const }]) {
      const r = stepwise([s, a, b], y, { names: ['s', 'a', 'b'], direction: 'both', ...options });
      expect(r.steps[1]).toMatchObject({ action: 'add', variable: 's' });
      expect(r.steps.some((st) => st.action === 'remove' && st.variable === 's')).toBe(true);
      expect(r.names).toEqual(['a', 'b']);
    }
    // The Wald statistic understates s (Hauck–Donner): z = 25.468 for s against 25.470 for a, so
    // by Wald p-values a enters first although s alone fits far better (AIC 3111.6 against 3115.2).
    const wald = stepwise([s, a, b], y, { names: ['s', 'a', 'b'], direction: 'both', criterion: 'pvalue' });
    expect(wald.steps[1]).toMatchObject({ action: 'add', variable: 'a' });
  });

  it('keeps forced variables and skips singular candidates', () => {
    const dup = X2.map((v) => 2 * v + 1);
    const r = stepwise([X1, X2, dup], Y, { names: ['x1', 'x2', 'dup'], direction: 'forward', criterion: 'aic', include: ['x2'] });
    expect(r.steps[0]!.selected).toEqual(['x2']);
    expect(r.names).toEqual(['x1', 'x2']);
    // With x2 in, dup is an exact linear function of it: its candidate fit is singular.
    expect(r.steps[1]!.skipped).toEqual([{ variable: 'dup', reason: 'singular' }]);
    expect(() => stepwise([X1], Y, { include: ['nope'] })).toThrow(/no column nope/);
  });

  it.skipIf(!hasGermanCredit)('selects duration and age by BIC on the German credit numeric columns', () => {
    const { X, y, names } = loadGermanNumeric();
    // BIC's ln(1000) = 6.9 per parameter is stricter than AIC's 2: only the two strongest enter.
    const r = stepwise(X, y, { names, direction: 'forward', criterion: 'bic' });
    expect(r.names).toEqual(['duration', 'age']);
    expect(stepwise(X, y, { names, direction: 'both', criterion: 'aic' }).names).toEqual(names);
  });
});
