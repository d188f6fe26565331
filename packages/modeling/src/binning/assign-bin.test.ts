import { describe, expect, it } from 'vitest';
import type { CategoricalColumn, NumericColumn } from '../types.ts';
import { assignBin, binAssigner } from './assign-bin.ts';
import { applyBreaks, applyGroups } from './manual.ts';
import { woeTransform } from './woe-transform.ts';

const values = Float64Array.of(500, 1000, 2499, 2500, 9000, -1, NaN, 700);
const target = Uint8Array.of(0, 1, 0, 1, 1, 0, 1, 0);
const numeric = applyBreaks(values, target, [1000, 2500], { specialValues: [-1] });

describe('assignBin', () => {
  it('numeric: ranges are [min, max), specials and missing values go to their bins', () => {
    expect(numeric.bins.map((b) => b.label)).toEqual(['[-inf, 1000)', '[1000, 2500)', '[2500, +inf)', 'Special: -1', 'Missing']);
    expect([999.99, 1000, 2499.5, 2500, 1e300, -1e300].map((v) => assignBin(numeric, v))).toEqual([0, 1, 1, 2, 2, 0]);
    expect(assignBin(numeric, -1)).toBe(3);
    expect([NaN, Infinity, null, undefined, '', 'abc'].map((v) => assignBin(numeric, v))).toEqual([4, 4, 4, 4, 4, 4]);
    expect(assignBin(numeric, ' 1500 ')).toBe(1);
    // Without a Missing bin a missing value has no bin.
    expect(assignBin(applyBreaks(Float64Array.of(1, 2), Uint8Array.of(0, 1), [2]), NaN)).toBe(-1);
  });

  it('categorical: known categories, unseen ones to Other when there is one, null to Missing', () => {
    const g = applyGroups(['a', 'b', 'c', null], Uint8Array.of(0, 1, 1, 0), [['a'], ['b', 'c']]);
    expect(['a', 'b', 'c', 'z', null].map((v) => assignBin(g, v))).toEqual([0, 1, 1, -1, 2]);
    const withOther = applyGroups(['a', 'b', 'c'], Uint8Array.of(0, 1, 1), [['a'], ['b']]);
    expect(assignBin(withOther, 'z')).toBe(2);
    expect(assignBin(withOther, 'c')).toBe(2);
    expect(binAssigner(withOther)).toBe(binAssigner(withOther));
  });
});

describe('woeTransform', () => {
  it('maps every value to its bin’s WOE, 0 where no bin takes it', () => {
    const col: NumericColumn = { name: 'x', type: 'numeric', values };
    const w = woeTransform(numeric, col);
    const expected = Array.from(values, (v) => numeric.bins[assignBin(numeric, v)]!.woe);
    expect(Array.from(w)).toEqual(expected);
    expect(Array.from(woeTransform(numeric, values))).toEqual(expected);
    const g = applyGroups(['a', 'b', null], Uint8Array.of(0, 1, 0), [['a'], ['b']]);
    const cats: CategoricalColumn = { name: 'g', type: 'categorical', values: ['b', 'zzz', null] };
    expect(Array.from(woeTransform(g, cats))).toEqual([g.bins[1]!.woe, 0, g.bins[2]!.woe]);
  });
});
