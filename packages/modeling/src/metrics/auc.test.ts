import { describe, expect, it } from 'vitest';
import { GERMAN_AUC, GERMAN_IRLS, GERMAN_KS } from '../regression/logistic-reference.fixture.ts';
import { hasGermanCredit, loadGermanNumeric } from '../regression/german-credit.fixture.ts';
import { predictProbability } from '../regression/predict-logistic.ts';
import { auc, gini } from './auc.ts';
import { ks } from './ks.ts';
import { rocCurve } from './roc-curve.ts';

// Bads score 0.8, 0.6, 0.3; goods 0.6, 0.3, 0.1 (one tie of each kind).
const S = Float64Array.of(0.8, 0.6, 0.6, 0.3, 0.3, 0.1);
const Y = Uint8Array.of(1, 1, 0, 0, 1, 0);

describe('auc / gini', () => {
  it('counts ties as half (hand computed)', () => {
    // Bad 0.8 beats all 3 goods: 3. Bad 0.6 ties 0.6 (½) and beats 0.3, 0.1: 2.5.
    // Bad 0.3 loses to 0.6, ties 0.3 (½), beats 0.1: 1.5. U = 7 of 3·3 = 9 pairs.
    expect(auc(S, Y)).toBeCloseTo(7 / 9, 15);
    // Gini = 2·7/9 − 1 = 5/9.
    expect(gini(S, Y)).toBeCloseTo(5 / 9, 15);
    // Higher = safer reverses every comparison; ties stay half: (9 − 7)/9.
    expect(auc(S, Y, { higherIsRiskier: false })).toBeCloseTo(2 / 9, 15);
  });

  it('is 1 for a perfect ranking, 0.5 for all-tied scores', () => {
    expect(auc(Float64Array.of(1, 2, 3, 4), Uint8Array.of(0, 0, 1, 1))).toBe(1);
    expect(auc(Float64Array.of(5, 5, 5, 5), Uint8Array.of(0, 1, 0, 1))).toBe(0.5);
    expect(auc(Float64Array.of(-Infinity, Infinity), Uint8Array.of(0, 1))).toBe(1);
  });

  it('refuses one class, NaN scores and mismatched lengths', () => {
    expect(() => auc(Float64Array.of(1, 2), Uint8Array.of(1, 1))).toThrow(/both bads and goods/);
    expect(() => auc(Float64Array.of(1, NaN), Uint8Array.of(0, 1))).toThrow(/row 1 is NaN/);
    expect(() => auc(Float64Array.of(1), Uint8Array.of(0, 1))).toThrow(/1 scores for 2 targets/);
    expect(() => auc(Float64Array.of(1, 2), Uint8Array.of(0, 3))).toThrow(/must be 0 \(good\) or 1 \(bad\)/);
  });
});

describe('ks', () => {
  it('finds the largest gap of the cumulative distributions (hand computed)', () => {
    // Scores 1…8, goods at 1 2 4 5, bads at 3 6 7 8. F_good / F_bad at s:
    // s=1 .25/0, s=2 .5/0, s=3 .5/.25, s=4 .75/.25, s=5 1/.25 → gap .75, s=6 1/.5, …
    const r = ks(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8), Uint8Array.of(0, 0, 1, 0, 0, 1, 1, 1));
    expect(r).toEqual({ ks: 0.75, score: 5, cumBad: 0.25, cumGood: 1 });
    // AUC of the same: goods below each bad 2 + 4 + 4 + 4 = 14 of 16.
    expect(auc(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8), Uint8Array.of(0, 0, 1, 0, 0, 1, 1, 1))).toBe(14 / 16);
  });

  it('never splits tied scores', () => {
    // Groups 0.1 {g}, 0.3 {g, b}, 0.6 {b, g}, 0.8 {b}: gaps 1/3, 1/3, 1/3, 0 → the first, at 0.1.
    const r = ks(S, Y);
    expect(r.ks).toBeCloseTo(1 / 3, 15);
    expect(r.score).toBe(0.1);
  });
});

describe('rocCurve', () => {
  it('steps through distinct scores from the riskiest', () => {
    const r = rocCurve(Float64Array.of(0.9, 0.4, 0.6, 0.1), Uint8Array.of(1, 1, 0, 0));
    expect(Array.from(r.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(r.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(r.thresholds)).toEqual([Infinity, 0.9, 0.6, 0.4, 0.1]);
    // Higher = safer: thresholds ascend from −∞; tpr/fpr are then the KS curve's F_bad/F_good.
    const safe = rocCurve(Float64Array.of(0.9, 0.4, 0.6, 0.1), Uint8Array.of(1, 1, 0, 0), { higherIsRiskier: false });
    expect(Array.from(safe.thresholds)).toEqual([-Infinity, 0.1, 0.4, 0.6, 0.9]);
    expect(Array.from(safe.tpr)).toEqual([0, 0, 0.5, 0.5, 1]);
  });
});

describe.skipIf(!hasGermanCredit)('German credit reference', () => {
  it('matches scikit-learn roc_auc_score and scipy ks_2samp on the fitted probabilities', () => {
    const { X, y } = loadGermanNumeric();
    const p = predictProbability({ intercept: GERMAN_IRLS.beta[0]!, coefficients: GERMAN_IRLS.beta.slice(1) }, X);
    expect(auc(p, y)).toBeCloseTo(GERMAN_AUC, 12);
    expect(ks(p, y).ks).toBeCloseTo(GERMAN_KS, 12);
  });
});
