import { describe, expect, it } from 'vitest';
import { erfc, normalTwoSidedP } from './erfc.ts';
import { ERFC_REFERENCE } from './logistic-reference.fixture.ts';

describe('erfc', () => {
  it('matches Python math.erfc to a relative 1e-13 over the line and the far tail', () => {
    for (const [x, want] of ERFC_REFERENCE) expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1e-13);
  });

  it('is exact at the edges and symmetric', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(erfc(NaN)).toBeNaN();
    for (const x of [0.3, 1.7, 2.2, 4.4]) expect(erfc(x) + erfc(-x)).toBeCloseTo(2, 15);
  });

  it('gives the familiar two-sided normal p-values', () => {
    // P(|Z| ≥ 1.959964) = 0.05, P(|Z| ≥ 2.575829) = 0.01, P(|Z| ≥ 0) = 1.
    expect(normalTwoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedP(-2.5758293035489004)).toBeCloseTo(0.01, 14);
    expect(normalTwoSidedP(0)).toBe(1);
  });
});
