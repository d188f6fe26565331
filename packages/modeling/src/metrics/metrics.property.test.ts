import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc } from './auc.ts';
import { gainsTable } from './gains-table.ts';
import { ks } from './ks.ts';
import { psi } from './psi.ts';
import { rocCurve } from './roc-curve.ts';

/** Scores from a small integer range (so ties are common) with both classes present. */
const sampleArb = fc
  .array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 60 })
  .filter((rows) => rows.some((r) => r[1]) && rows.some((r) => !r[1]))
  .map((rows) => ({ scores: Float64Array.from(rows, (r) => r[0] / 2), y: Uint8Array.from(rows, (r) => (r[1] ? 1 : 0)) }));

function naiveU(scores: Float64Array, y: Uint8Array): { u: number; pairs: number } {
  let u = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      u += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return { u, pairs };
}

describe('metric properties', () => {
  it('AUC equals the Mann–Whitney U over n_bad·n_good, computed pair by pair', () => {
    fc.assert(
      fc.property(sampleArb, ({ scores, y }) => {
        const { u, pairs } = naiveU(scores, y);
        expect(auc(scores, y)).toBeCloseTo(u / pairs, 12);
      }),
    );
  });

  it('AUC(−scores) = 1 − AUC(scores) = AUC with higher = safer', () => {
    fc.assert(
      fc.property(sampleArb, ({ scores, y }) => {
        const a = auc(scores, y);
        expect(auc(scores.map((s) => -s), y)).toBeCloseTo(1 - a, 12);
        expect(auc(scores, y, { higherIsRiskier: false })).toBeCloseTo(1 - a, 12);
      }),
    );
  });

  it('the trapezoid area under the ROC curve equals AUC', () => {
    fc.assert(
      fc.property(sampleArb, ({ scores, y }) => {
        const { fpr, tpr } = rocCurve(scores, y);
        let area = 0;
        for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
        expect(area).toBeCloseTo(auc(scores, y), 12);
      }),
    );
  });

  it('KS lies in [0, 1] and equals the naive maximum over all thresholds', () => {
    fc.assert(
      fc.property(sampleArb, ({ scores, y }) => {
        const r = ks(scores, y);
        expect(r.ks).toBeGreaterThanOrEqual(0);
        expect(r.ks).toBeLessThanOrEqual(1);
        const nb = y.reduce((s, v) => s + v, 0);
        const ng = y.length - nb;
        let best = 0;
        for (const t of scores) {
          let cb = 0;
          let cg = 0;
          for (let i = 0; i < y.length; i++) if (scores[i]! <= t) (y[i] ? cb++ : cg++);
          best = Math.max(best, Math.abs(cb / nb - cg / ng));
        }
        expect(r.ks).toBeCloseTo(best, 12);
        // The gains table's band KS can only miss the maximum, never exceed it.
        expect(gainsTable(scores, y, { bands: 4 }).ks).toBeLessThanOrEqual(r.ks + 1e-12);
      }),
    );
  });

  it('gains tables account for every row and end at cumulative shares of 1', () => {
    fc.assert(
      fc.property(sampleArb, fc.integer({ min: 1, max: 12 }), fc.boolean(), ({ scores, y }, bands, higherIsRiskier) => {
        const t = gainsTable(scores, y, { bands, higherIsRiskier });
        expect(t.bands.length).toBeLessThanOrEqual(bands);
        expect(t.bands.reduce((s, b) => s + b.count, 0)).toBe(y.length);
        const last = t.bands[t.bands.length - 1]!;
        expect(last.cumBadShare).toBeCloseTo(1, 12);
        expect(last.cumGoodShare).toBeCloseTo(1, 12);
        expect(last.cumLift).toBeCloseTo(1, 12);
        // Riskiest first: band score ranges do not interleave.
        for (let i = 1; i < t.bands.length; i++) {
          if (higherIsRiskier) expect(t.bands[i]!.maxScore).toBeLessThan(t.bands[i - 1]!.minScore);
          else expect(t.bands[i]!.minScore).toBeGreaterThan(t.bands[i - 1]!.maxScore);
        }
      }),
    );
  });

  it('PSI ≥ 0, and PSI(x, x) = 0', () => {
    const countsArb = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }).filter((c) => c.some((v) => v > 0));
    fc.assert(
      fc.property(countsArb, countsArb, (e, a) => {
        expect(psi(e, e).psi).toBe(0);
        if (a.length !== e.length) return;
        if (!a.some((v) => v > 0)) return;
        const r = psi(e, a);
        expect(r.psi).toBeGreaterThanOrEqual(0);
        for (const b of r.bins) expect(b.contribution).toBeGreaterThanOrEqual(0);
        // Symmetric in its two arguments.
        expect(psi(a, e).psi).toBeCloseTo(r.psi, 10);
      }),
    );
  });
});
