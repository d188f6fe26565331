import { describe, expect, it } from 'vitest';
import { gainsTable } from './gains-table.ts';

const S = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
const Y = Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 1, 1);

describe('gainsTable', () => {
  it('builds equal-count bands riskiest first (hand computed)', () => {
    // 3 bads of 10 (rate 0.3). Band 1 = scores 6–10: 2 bads, 3 goods.
    const t = gainsTable(S, Y, { bands: 2 });
    expect(t).toMatchObject({ count: 10, bads: 3, goods: 7, badRate: 0.3 });
    const [b1, b2] = t.bands;
    expect(b1).toMatchObject({ band: 1, minScore: 6, maxScore: 10, count: 5, bads: 2, goods: 3, badRate: 0.4, share: 0.5, cumCount: 5, cumBads: 2, cumGoods: 3 });
    expect(b1!.cumBadShare).toBeCloseTo(2 / 3, 15);
    expect(b1!.cumGoodShare).toBeCloseTo(3 / 7, 15);
    // KS at band 1 = 2/3 − 3/7 = 5/21; lift = 0.4 / 0.3.
    expect(b1!.ks).toBeCloseTo(5 / 21, 15);
    expect(b1!.lift).toBeCloseTo(4 / 3, 15);
    expect(b1!.cumLift).toBeCloseTo(4 / 3, 15);
    // Band 2 = scores 1–5: 1 bad (rate 0.2, lift 2/3); cumulative everything = 1.
    expect(b2).toMatchObject({ band: 2, minScore: 1, maxScore: 5, bads: 1, goods: 4, cumBadShare: 1, cumGoodShare: 1, ks: 0, cumLift: 1 });
    expect(b2!.lift).toBeCloseTo(2 / 3, 15);
    expect(t.ks).toBeCloseTo(5 / 21, 15);
  });

  it('takes explicit cut points, keeps empty bands, and lists the low scores first for points', () => {
    // Points: higher = safer, so the riskiest band is the lowest: (−∞, 4) then [4, 8), [8, 20), [20, ∞).
    const t = gainsTable(S, Y, { bands: [4, 8, 20], higherIsRiskier: false });
    expect(t.bands.map((b) => [b.lower, b.upper, b.count, b.bads])).toEqual([
      [-Infinity, 4, 3, 0],
      [4, 8, 4, 1],
      [8, 20, 3, 2],
      [20, Infinity, 0, 0],
    ]);
    expect(t.bands[3]!.badRate).toBe(0);
    expect(t.bands[3]!.minScore).toBeNaN();
    // Band 1: 0 of 3 bads, 3 of 7 goods → KS 3/7.
    expect(t.bands[0]!.ks).toBeCloseTo(3 / 7, 15);
  });

  it('keeps tied scores in one band', () => {
    // Ten rows of four distinct scores: deciles would split ties, so bands follow the tie groups.
    const t = gainsTable(Float64Array.of(1, 1, 1, 2, 2, 2, 3, 3, 4, 4), Uint8Array.of(0, 0, 1, 0, 1, 0, 1, 0, 1, 1), { bands: 10 });
    expect(t.bands.map((b) => b.count)).toEqual([2, 2, 3, 3]);
    expect(t.bands.map((b) => b.minScore)).toEqual([4, 3, 2, 1]);
  });

  it('refuses cut points out of order', () => {
    expect(() => gainsTable(S, Y, { bands: [5, 3] })).toThrow(/strictly ascending/);
  });
});
