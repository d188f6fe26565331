import { describe, expect, it } from 'vitest';
import { assignBin } from './assign-bin.ts';
import { binNumeric } from './bin-numeric.ts';
import { BinningError } from './binning-error.ts';
import { expectBinningInvariants } from './binning-invariants.fixture.ts';

/** Values 1..100, ten rows each; bads per value from `badsOf` (out of 10). */
function steps(badsOf: (v: number) => number): { values: Float64Array; target: Uint8Array } {
  const values = new Float64Array(1000);
  const target = new Uint8Array(1000);
  for (let v = 1; v <= 100; v++) {
    for (let r = 0; r < 10; r++) {
      values[(v - 1) * 10 + r] = v;
      target[(v - 1) * 10 + r] = r < badsOf(v) ? 1 : 0;
    }
  }
  return { values, target };
}

// 10 % bad up to 50, 50 % from 51: totals 700 goods, 300 bads.
const twoRegimes = steps((v) => (v <= 50 ? 1 : 5));

describe('binNumeric', () => {
  it('finds a change of regime with every method; the table is worked by hand', () => {
    const b = binNumeric(twoRegimes.values, twoRegimes.target, { name: 'x' });
    expect(b).toMatchObject({ name: 'x', type: 'numeric', method: 'optimal', trend: 'ascending', breaks: [51] });
    expect(b.bins.map((x) => [x.label, x.kind, x.min, x.max, x.good, x.bad])).toEqual([
      ['[-inf, 51)', 'range', undefined, 51, 450, 50],
      ['[51, +inf)', 'range', 51, undefined, 250, 250],
    ]);
    // [-inf, 51): %good = 450/700 = 0.642857, %bad = 50/300 = 0.166667, WOE = ln 3.857143 = 1.349927,
    //             IV = 0.476190 · 1.349927 = 0.642822.
    // [51, +inf): %good = 0.357143, %bad = 0.833333, WOE = ln 0.428571 = −0.847298, IV = 0.403475.
    expect(b.bins[0]!.woe).toBeCloseTo(1.349927, 6);
    expect(b.bins[1]!.woe).toBeCloseTo(-0.847298, 6);
    expect(b.bins[0]!.eventRate).toBeCloseTo(0.1, 12);
    expect(b.iv).toBeCloseTo(1.046297, 6);
    expect(b.ivBand).toBe('suspicious');

    expect(binNumeric(twoRegimes.values, twoRegimes.target, { method: 'chimerge' }).breaks).toEqual([51]);
    expect(binNumeric(twoRegimes.values, twoRegimes.target, { prebinning: 'tree' }).breaks).toEqual([51]);
    expect(binNumeric(twoRegimes.values, twoRegimes.target, { prebinning: 'tree', treeCriterion: 'gini' }).breaks).toEqual([51]);
  });

  it('resolves auto to the better direction', () => {
    const falling = steps((v) => (v <= 50 ? 5 : 1));
    const b = binNumeric(falling.values, falling.target, { trend: 'auto' });
    expect(b.trend).toBe('descending');
    expect(b.breaks).toEqual([51]);
    // Forcing the wrong direction leaves one bin: nothing rises.
    const wrong = binNumeric(falling.values, falling.target, { trend: 'ascending' });
    expect(wrong.breaks).toEqual([]);
    expect(wrong.bins.map((x) => x.label)).toEqual(['[-inf, +inf)']);
    expect(wrong.iv).toBe(0);
  });

  it('fits a peak and a valley at the turning point', () => {
    // Boundaries on pre-bin cuts (20 quantile pre-bins of values 1..100 start at 1, 6, 11, …).
    const peak = steps((v) => (v <= 30 ? 1 : v <= 65 ? 5 : 2));
    const p = binNumeric(peak.values, peak.target, { trend: 'peak', maxBins: 3 });
    expect(p.trend).toBe('peak');
    expect(p.breaks).toEqual([31, 66]);
    expect(p.bins.map((x) => x.eventRate)).toEqual([0.1, 0.5, 0.2]);
    expect(p.iv).toBeGreaterThan(binNumeric(peak.values, peak.target, { trend: 'auto', maxBins: 3 }).iv);
    const valley = steps((v) => (v <= 30 ? 5 : v <= 65 ? 1 : 4));
    expect(binNumeric(valley.values, valley.target, { trend: 'valley', maxBins: 3 }).breaks).toEqual([31, 66]);
    // ChiMerge enforces no trend; it reports the shape it finds.
    expect(binNumeric(peak.values, peak.target, { method: 'chimerge' }).trend).toBe('peak');
  });

  it('bins missing values and each declared special value apart, after the range bins', () => {
    const values = Float64Array.of(...Array(5).fill(-1), ...Array(5).fill(NaN), ...Array(10).fill(1), ...Array(10).fill(2));
    const target = Uint8Array.of(1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, ...Array(8).fill(0), ...Array(5).fill(1), ...Array(5).fill(0));
    const b = binNumeric(values, target, { specialValues: [-1, 99, -1], minBinShare: 0.1 });
    expect(b.bins.map((x) => [x.label, x.kind, x.good, x.bad])).toEqual([
      ['[-inf, 2)', 'range', 8, 2],
      ['[2, +inf)', 'range', 5, 5],
      ['Special: -1', 'special', 1, 4],
      ['Missing', 'missing', 4, 1],
    ]);
    expect(b.bins[2]!.values).toEqual([-1]);
    expectBinningInvariants(b, values, target);
    // Without missing values there is no Missing bin; -1 undeclared is an ordinary value.
    const plain = binNumeric(values.subarray(10), target.subarray(10), { minBinShare: 0.1 });
    expect(plain.bins.map((x) => x.kind)).toEqual(['range', 'range']);
  });

  it('cuts plain quantiles with method quantile', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const target = Uint8Array.from({ length: 100 }, (_, i) => i % 2);
    const b = binNumeric(values, target, { method: 'quantile', maxBins: 4 });
    expect(b.breaks).toEqual([26, 51, 76]);
    expect(b.bins.map((x) => x.count)).toEqual([25, 25, 25, 25]);
    expect(b.method).toBe('quantile');
  });

  it('keeps adjacent event rates apart by minEventRateDiff', () => {
    // Ten values, 100 rows each, bad rates 5 %, 10 %, …, 50 %.
    const values = new Float64Array(1000);
    const target = new Uint8Array(1000);
    for (let i = 0; i < 1000; i++) {
      const v = Math.floor(i / 100);
      values[i] = v;
      target[i] = i % 100 < 5 * (v + 1) ? 1 : 0;
    }
    expect(binNumeric(values, target, { maxBins: 10, trend: 'ascending' }).bins).toHaveLength(10);
    const b = binNumeric(values, target, { maxBins: 10, trend: 'ascending', minEventRateDiff: 0.12 });
    const rates = b.bins.map((x) => x.eventRate);
    for (let j = 1; j < rates.length; j++) expect(rates[j]! - rates[j - 1]!).toBeGreaterThanOrEqual(0.12);
    expect(rates.length).toBeGreaterThan(1);
  });

  it('falls back to one range bin when the constraints allow no split, and copes with no ordinary value', () => {
    expect(binNumeric(twoRegimes.values, twoRegimes.target, { minBinShare: 0.6 }).breaks).toEqual([]);
    expect(binNumeric(twoRegimes.values, twoRegimes.target, { maxBins: 1 }).bins).toHaveLength(1);
    const empty = binNumeric(Float64Array.of(NaN, NaN, Infinity), Uint8Array.of(0, 1, 1));
    expect(empty.bins.map((x) => [x.label, x.count, x.woe])).toEqual([
      ['[-inf, +inf)', 0, 0],
      ['Missing', 3, 0],
    ]);
    expect(assignBin(empty, 5)).toBe(0);
  });

  it('refuses bad inputs and options', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof BinningError ? e.code : 'other';
      }
      return 'none';
    };
    const v = twoRegimes.values;
    const y = twoRegimes.target;
    expect(code(() => binNumeric(v, y.subarray(1)))).toBe('LENGTH_MISMATCH');
    expect(code(() => binNumeric(Float64Array.of(1, 2), Uint8Array.of(0, 2)))).toBe('TARGET_VALUE');
    expect(code(() => binNumeric(Float64Array.of(1, 2), Uint8Array.of(0, 0)))).toBe('TARGET_ONE_CLASS');
    expect(code(() => binNumeric(v, y, { maxBins: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => binNumeric(v, y, { prebins: 101 }))).toBe('INVALID_OPTION');
    expect(code(() => binNumeric(v, y, { minBinShare: 1 }))).toBe('INVALID_OPTION');
    expect(code(() => binNumeric(v, y, { method: 'kmeans' as never }))).toBe('INVALID_OPTION');
    expect(code(() => binNumeric(v, y, { trend: 'up' as never }))).toBe('INVALID_OPTION');
    expect(code(() => binNumeric(v, y, { specialValues: [NaN] }))).toBe('INVALID_OPTION');
  });
});
