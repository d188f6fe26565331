import { describe, expect, it } from 'vitest';
import { binStats, ivBand, ZERO_COUNT_SMOOTHING } from './woe.ts';

describe('binStats', () => {
  it('computes event rate, WOE = ln(%good / %bad) and IV = (%good − %bad) · WOE', () => {
    // 100 goods and 20 bads out of 700 goods and 300 bads:
    // %good = 100/700 = 0.142857, %bad = 20/300 = 0.066667, ratio 2.142857,
    // WOE = ln 2.142857 = 0.762140, IV = (0.142857 − 0.066667) · 0.762140 = 0.058068.
    const s = binStats(100, 20, 700, 300);
    expect(s.eventRate).toBeCloseTo(20 / 120, 12);
    expect(s.woe).toBeCloseTo(0.76214, 5);
    expect(s.iv).toBeCloseTo(0.058068, 6);
    // A riskier bin than average has a negative WOE and still a positive IV:
    // %good = 50/700 = 0.071429, %bad = 60/300 = 0.2, WOE = ln 0.357143 = −1.029619,
    // IV = (0.071429 − 0.2) · −1.029619 = 0.132380.
    const r = binStats(50, 60, 700, 300);
    expect(r.woe).toBeCloseTo(-1.029619, 6);
    expect(r.iv).toBeCloseTo(0.13238, 5);
  });

  it('smooths a bin without goods or without bads by 0.5 on both counts', () => {
    expect(ZERO_COUNT_SMOOTHING).toBe(0.5);
    // 10 goods, 0 bads → 10.5 and 0.5: %good = 0.015, %bad = 0.001667, ratio 9,
    // WOE = ln 9 = 2.197225, IV = (0.015 − 0.001667) · 2.197225 = 0.029296.
    const noBad = binStats(10, 0, 700, 300);
    expect(noBad).toMatchObject({ eventRate: 0 });
    expect(noBad.woe).toBeCloseTo(Math.log(9), 12);
    expect(noBad.iv).toBeCloseTo(0.029296, 6);
    // 0 goods, 3 bads → 0.5 and 3.5: %good = 0.000714, %bad = 0.011667, ratio 0.061224,
    // WOE = −2.793208, IV = (0.000714 − 0.011667) · −2.793208 = 0.030592.
    const noGood = binStats(0, 3, 700, 300);
    expect(noGood.eventRate).toBe(1);
    expect(noGood.woe).toBeCloseTo(-2.793208, 6);
    expect(noGood.iv).toBeCloseTo(0.030592, 6);
  });

  it('gives an empty bin WOE 0 and refuses a sample of one class', () => {
    expect(binStats(0, 0, 700, 300)).toEqual({ eventRate: 0, woe: 0, iv: 0 });
    expect(() => binStats(1, 0, 1, 0)).toThrow(/both goods and bads/);
  });
});

describe('ivBand', () => {
  it('reads the usual bands', () => {
    const cases: Array<[number, string]> = [
      [0, 'useless'],
      [0.0199, 'useless'],
      [0.02, 'weak'],
      [0.0999, 'weak'],
      [0.1, 'medium'],
      [0.2999, 'medium'],
      [0.3, 'strong'],
      [0.5, 'strong'],
      [0.5001, 'suspicious'],
      [3, 'suspicious'],
    ];
    for (const [iv, band] of cases) expect(ivBand(iv)).toBe(band);
  });
});
