import { describe, expect, it } from 'vitest';
import { binCategorical } from './bin-categorical.ts';
import { binNumeric } from './bin-numeric.ts';
import { BinningError } from './binning-error.ts';
import { expectBinningInvariants } from './binning-invariants.fixture.ts';
import { applyBreaks, applyGroups } from './manual.ts';

// 5 × -1 (4 bad), 5 missing (1 bad), 10 × 1 (2 bad), 10 × 2 (5 bad): 18 goods, 12 bads.
const values = Float64Array.of(...Array(5).fill(-1), ...Array(5).fill(NaN), ...Array(10).fill(1), ...Array(10).fill(2));
const target = Uint8Array.of(1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, ...Array(8).fill(0), ...Array(5).fill(1), ...Array(5).fill(0));

describe('applyBreaks', () => {
  it('recomputes the table for given breaks; worked by hand', () => {
    const b = applyBreaks(values, target, [2], { name: 'x', specialValues: [-1] });
    expect(b).toMatchObject({ name: 'x', type: 'numeric', method: 'manual', breaks: [2], trend: 'ascending' });
    expect(b.bins.map((x) => [x.label, x.good, x.bad])).toEqual([
      ['[-inf, 2)', 8, 2],
      ['[2, +inf)', 5, 5],
      ['Special: -1', 1, 4],
      ['Missing', 4, 1],
    ]);
    // [-inf, 2):   %good 8/18 = 0.444444, %bad 2/12 = 0.166667, WOE ln 2.666667 = 0.980829, IV 0.277778 · 0.980829 = 0.272453
    // [2, +inf):   %good 0.277778, %bad 0.416667, WOE ln 0.666667 = −0.405465, IV −0.138889 · −0.405465 = 0.056315
    // Special: -1: %good 0.055556, %bad 0.333333, WOE ln 0.166667 = −1.791759, IV −0.277778 · −1.791759 = 0.497711
    // Missing:     %good 0.222222, %bad 0.083333, WOE ln 2.666667 = 0.980829, IV 0.138889 · 0.980829 = 0.136226
    // Total IV = 0.272453 + 0.056315 + 0.497711 + 0.136226 ≈ 0.962704 (summed before rounding)
    expect(b.bins.map((x) => x.woe)).toEqual([0.980829, -0.405465, -1.791759, 0.980829].map((w) => expect.closeTo(w, 6)));
    expect(b.bins.map((x) => x.iv)).toEqual([0.272453, 0.056315, 0.497711, 0.136226].map((w) => expect.closeTo(w, 6)));
    expect(b.iv).toBeCloseTo(0.962704, 6);
    expectBinningInvariants(b, values, target);
  });

  it('keeps empty bins (WOE 0) and reproduces an automatic binning from its breaks', () => {
    const b = applyBreaks(values, target, [0, 1.5, 100]);
    expect(b.bins.map((x) => [x.label, x.count])).toEqual([
      ['[-inf, 0)', 5],
      ['[0, 1.5)', 10],
      ['[1.5, 100)', 10],
      ['[100, +inf)', 0],
      ['Missing', 5],
    ]);
    expect(b.bins[3]!.woe).toBe(0);
    const auto = binNumeric(values, target, { specialValues: [-1], minBinShare: 0.1, name: 'x' });
    const again = applyBreaks(values, target, auto.breaks!, { specialValues: [-1], name: 'x' });
    expect(again.bins).toEqual(auto.bins);
    expect(again.iv).toBe(auto.iv);
  });

  it('refuses breaks that are not finite and strictly ascending', () => {
    expect(() => applyBreaks(values, target, [2, 1])).toThrow(BinningError);
    expect(() => applyBreaks(values, target, [1, 1])).toThrow(/strictly ascending/);
    expect(() => applyBreaks(values, target, [Infinity])).toThrow(/finite/);
  });
});

describe('applyGroups', () => {
  const cats = ['A', 'A', 'A', 'B', 'B', 'C', 'C', 'D', null, null];
  const y = Uint8Array.of(0, 0, 1, 0, 1, 1, 1, 0, 0, 1);

  it('recomputes the table for given groups; unlisted categories form Other', () => {
    const b = applyGroups(cats, y, [['A', 'B'], ['C']], { name: 'g' });
    expect(b).toMatchObject({ name: 'g', type: 'categorical', method: 'manual' });
    expect(b.bins.map((x) => [x.label, x.values, x.other, x.good, x.bad])).toEqual([
      ['A, B', ['A', 'B'], undefined, 3, 2],
      ['C', ['C'], undefined, 0, 2],
      ['Other', ['D'], true, 1, 0],
      ['Missing', undefined, undefined, 1, 1],
    ]);
    expectBinningInvariants(b, cats, y);
  });

  it('puts unlisted categories into a chosen group', () => {
    const b = applyGroups(cats, y, [['A', 'B'], ['C']], { otherGroup: 0 });
    expect(b.bins.map((x) => [x.label, x.values, x.other])).toEqual([
      ['A, B, Other', ['A', 'B', 'D'], true],
      ['C', ['C'], undefined],
      ['Missing', undefined, undefined],
    ]);
  });

  it('reproduces an automatic grouping', () => {
    const auto = binCategorical(cats, y, { minBinShare: 0, rareShare: 0.15 });
    const groups = auto.bins.filter((x) => x.kind === 'categories').map((x) => x.values as string[]);
    const other = auto.bins.findIndex((x) => x.other);
    const again = applyGroups(cats, y, groups, other >= 0 ? { otherGroup: other } : {});
    expect(again.bins.map((x) => [x.count, x.bad, x.woe])).toEqual(auto.bins.map((x) => [x.count, x.bad, x.woe]));
    expect(again.iv).toBeCloseTo(auto.iv, 12);
  });

  it('refuses a category listed twice, an empty group, a bad otherGroup', () => {
    expect(() => applyGroups(cats, y, [['A'], ['A', 'B']])).toThrow(/listed twice/);
    expect(() => applyGroups(cats, y, [['A'], []])).toThrow(/empty/);
    expect(() => applyGroups(cats, y, [['A']], { otherGroup: 1 })).toThrow(/otherGroup/);
  });
});
