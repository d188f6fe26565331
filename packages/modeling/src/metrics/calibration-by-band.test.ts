import { describe, expect, it } from 'vitest';
import { erfc } from '../regression/erfc.ts';
import { calibrationByBand } from './calibration-by-band.ts';
import { chiSquareSurvival, lnGamma } from './chi-square-survival.ts';

describe('calibrationByBand', () => {
  it('compares predicted and observed bad rates per band (hand computed)', () => {
    // Band 1: p = 0.1, 0.1, no bad → E = 0.2, O = 0; band 2: p = 0.8, 0.8, 2 bads → E = 1.6, O = 2.
    const c = calibrationByBand(Float64Array.of(0.1, 0.8, 0.1, 0.8), Uint8Array.of(0, 1, 0, 1), 2);
    expect(c.bands).toHaveLength(2);
    expect(c.bands[0]).toMatchObject({ band: 1, count: 2, bads: 0, minPredicted: 0.1, maxPredicted: 0.1, observedRate: 0 });
    expect(c.bands[0]!.expectedBads).toBeCloseTo(0.2, 15);
    expect(c.bands[0]!.meanPredicted).toBeCloseTo(0.1, 15);
    expect(c.bands[1]!.difference).toBeCloseTo(0.2, 15);
    // HL = (0 − 0.2)²/(0.2·0.9) + (2 − 1.6)²/(1.6·0.2) = 0.2222 + 0.5 = 0.7222; df = 2 − 2 = 0.
    expect(c.hosmerLemeshow).toBeCloseTo(0.04 / 0.18 + 0.16 / 0.32, 12);
    expect(c.degreesOfFreedom).toBe(0);
    expect(c.pValue).toBeNaN();
  });

  it('takes probability cut points and gives a p-value with enough bands', () => {
    const p = Float64Array.of(0.05, 0.1, 0.15, 0.3, 0.35, 0.4, 0.6, 0.7, 0.8, 0.9);
    const y = Uint8Array.of(0, 0, 1, 0, 0, 1, 1, 0, 1, 1);
    const c = calibrationByBand(p, y, [0.2, 0.5, 0.75]);
    expect(c.bands.map((b) => b.count)).toEqual([3, 3, 2, 2]);
    expect(c.degreesOfFreedom).toBe(2);
    // df = 2: P(χ² ≥ x) = e^(−x/2).
    expect(c.pValue).toBeCloseTo(Math.exp(-c.hosmerLemeshow / 2), 12);
    expect(() => calibrationByBand(Float64Array.of(1.2), Uint8Array.of(1))).toThrow(/within \[0, 1\]/);
  });
});

describe('chiSquareSurvival', () => {
  it('matches the closed forms for 1 to 4 degrees of freedom', () => {
    for (const x of [0.01, 0.5, 1, 3.841458820694124, 7, 15, 40]) {
      // df 1: erfc(√(x/2)); df 2: e^(−x/2); df 3: erfc(√(x/2)) + √(2x/π)·e^(−x/2); df 4: e^(−x/2)(1 + x/2).
      const e = Math.exp(-x / 2);
      const rel = (got: number, want: number) => expect(Math.abs(got - want) / want).toBeLessThan(1e-12);
      rel(chiSquareSurvival(x, 1), erfc(Math.sqrt(x / 2)));
      rel(chiSquareSurvival(x, 2), e);
      rel(chiSquareSurvival(x, 3), erfc(Math.sqrt(x / 2)) + Math.sqrt((2 * x) / Math.PI) * e);
      rel(chiSquareSurvival(x, 4), e * (1 + x / 2));
    }
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 14);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });

  it('has an accurate ln Γ', () => {
    // Γ(5) = 24, Γ(½) = √π, Γ(10.5) = 1133278.3889487855.
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(10.5)).toBeCloseTo(Math.log(1133278.3889487855), 12);
  });
});
