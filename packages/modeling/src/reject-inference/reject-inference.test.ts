import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../regression/fit-logistic.ts';
import { X1, X2, Y } from '../regression/logistic-reference.fixture.ts';
import { predictProbability } from '../regression/predict-logistic.ts';
import { fuzzyAugmentation } from './fuzzy-augmentation.ts';
import { hardCutoff } from './hard-cutoff.ts';
import { parcelling } from './parcelling.ts';

const accepted = { X: [Float64Array.of(1, 2, 3)], y: Uint8Array.of(0, 1, 0) };
const rejected = { X: [Float64Array.of(7, 8, 9)], badProbability: Float64Array.of(0.1, 0.5, 0.7) };

describe('hardCutoff', () => {
  it('labels rejects at or above the cut-off bad and stacks them after the accepts', () => {
    const aug = hardCutoff(accepted, rejected, { cutoff: 0.5, rejectWeight: 0.5 });
    expect(Array.from(aug.X[0]!)).toEqual([1, 2, 3, 7, 8, 9]);
    expect(Array.from(aug.y)).toEqual([0, 1, 0, 0, 1, 1]);
    expect(Array.from(aug.weights)).toEqual([1, 1, 1, 0.5, 0.5, 0.5]);
    expect(Array.from(aug.inferred)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(aug.sourceRow)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('refuses mismatched shapes and bad probabilities', () => {
    expect(() => hardCutoff(accepted, { X: [], badProbability: Float64Array.of(0.1) }, { cutoff: 0.5 })).toThrow(/1 columns, rejects 0/);
    expect(() => hardCutoff(accepted, { X: [Float64Array.of(1)], badProbability: Float64Array.of(1.5) }, { cutoff: 0.5 })).toThrow(/within \[0, 1\]/);
    expect(() => hardCutoff(accepted, rejected, { cutoff: 2 })).toThrow(/cutoff/);
  });
});

describe('fuzzyAugmentation', () => {
  it('adds each reject as bad with weight p and good with weight 1 − p', () => {
    const aug = fuzzyAugmentation(accepted, rejected, { rejectWeight: 2 });
    expect(Array.from(aug.X[0]!)).toEqual([1, 2, 3, 7, 7, 8, 8, 9, 9]);
    expect(Array.from(aug.y)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(Array.from(aug.weights)).toEqual([1, 1, 1, 0.2, 1.8, 1, 1, 1.4, expect.closeTo(0.6, 15)]);
    expect(Array.from(aug.sourceRow)).toEqual([0, 1, 2, 0, 0, 1, 1, 2, 2]);
  });

  it('refitting the same model on its own fuzzy rejects returns the accepts-only coefficients (documented caveat)', () => {
    // Accepts: the first 30 reference rows; rejects: the last 10, scored by the accepts-only model.
    const acc = { X: [X1.slice(0, 30), X2.slice(0, 30)], y: Y.slice(0, 30) };
    const base = fitLogistic(acc.X, acc.y);
    const rejX = [X1.slice(30), X2.slice(30)];
    const aug = fuzzyAugmentation(acc, { X: rejX, badProbability: predictProbability(base, rejX) });
    const refit = fitLogistic(aug.X, aug.y, { weights: aug.weights });
    base.beta.forEach((b, j) => expect(refit.beta[j]).toBeCloseTo(b, 8));
    expect(refit.weightSum).toBeCloseTo(40, 12);
  });
});

describe('parcelling', () => {
  // Accepts in two bands split at p = 0.6: 1 bad of 4 below (25 %), 3 of 4 above (75 %).
  const acc = {
    X: [Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8)],
    y: Uint8Array.of(0, 0, 0, 1, 1, 0, 1, 1),
    badProbability: Float64Array.of(0.1, 0.1, 0.2, 0.2, 0.6, 0.6, 0.7, 0.8),
  };
  const rej = { X: [Float64Array.of(11, 12, 13, 14, 15, 16)], badProbability: Float64Array.of(0.15, 0.3, 0.5, 0.55, 0.65, 0.9) };

  it("labels round(rejects × band bad rate × uplift) rejects per band bad (hand computed)", () => {
    // Uplift 2: band 1 rate 0.25·2 = 0.5 → 2 of its 4 rejects bad; band 2 0.75·2 = 1.5 → capped at 1 → both.
    const aug = parcelling(acc, rej, { bands: 2, uplift: 2, seed: 42 });
    expect(aug.bands).toEqual([
      { lower: -Infinity, upper: 0.6, acceptedCount: 4, acceptedBads: 1, acceptedBadRate: 0.25, rejectCount: 4, assignedBadRate: 0.5, assignedBads: 2 },
      { lower: 0.6, upper: Infinity, acceptedCount: 4, acceptedBads: 3, acceptedBadRate: 0.75, rejectCount: 2, assignedBadRate: 1, assignedBads: 2 },
    ]);
    const rejectY = Array.from(aug.y.subarray(8));
    expect(rejectY.slice(0, 4).reduce((s, v) => s + v, 0)).toBe(2);
    expect(rejectY.slice(4)).toEqual([1, 1]);
    expect(Array.from(aug.X[0]!.subarray(8))).toEqual([11, 12, 13, 14, 15, 16]);
  });

  it('is deterministic for a seed', () => {
    const a = parcelling(acc, rej, { bands: 2, seed: 7 });
    const b = parcelling(acc, rej, { bands: 2, seed: 7 });
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    // Without uplift: band 1 → round(4·0.25) = 1 bad, band 2 → round(2·0.75) = 2.
    expect(a.bands.map((x) => x.assignedBads)).toEqual([1, 2]);
  });

  it('takes explicit cut points and falls back to the rejects’ own probability in a band without accepts', () => {
    // Bands (−∞, 0.4), [0.4, 0.95), [0.95, ∞): the last holds no accept and no reject.
    const aug = parcelling(acc, { ...rej, badProbability: Float64Array.of(0.15, 0.3, 0.5, 0.55, 0.97, 0.99) }, { bands: [0.4, 0.95] });
    expect(aug.bands[2]).toMatchObject({ acceptedCount: 0, rejectCount: 2, assignedBads: 2 });
    expect(aug.bands[2]!.acceptedBadRate).toBeNaN();
    expect(aug.bands[2]!.assignedBadRate).toBeCloseTo(0.98, 15);
    expect(() => parcelling({ X: acc.X, y: acc.y }, rej)).toThrow(/accepted.badProbability/);
  });
});
