import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binStats } from '../binning/woe.ts';
import { psi } from './psi.ts';

/**
 * IV = Σ (%good − %bad)·WOE with WOE = ln(%good/%bad): the PSI formula with the goods as
 * "expected" and the bads as "actual". Counts are positive, so neither side smooths a zero cell
 * (binStats adds 0.5 to a bin without goods or bads, psi replaces a zero share by epsilon).
 */
describe('IV and PSI', () => {
  it('the IV of a binning (binStats) equals psi(goods, bads) on the same counts', () => {
    const binsArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 })), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(binsArb, (bins) => {
        const goods = bins.map((b) => b[0]);
        const bads = bins.map((b) => b[1]);
        const tg = goods.reduce((s, v) => s + v, 0);
        const tb = bads.reduce((s, v) => s + v, 0);
        const iv = bins.reduce((s, [g, b]) => s + binStats(g, b, tg, tb).iv, 0);
        const r = psi(goods, bads);
        expect(r.psi).toBeCloseTo(iv, 12);
        bins.forEach(([g, b], i) => expect(r.bins[i]!.contribution).toBeCloseTo(binStats(g, b, tg, tb).iv, 12));
      }),
    );
  });
});
