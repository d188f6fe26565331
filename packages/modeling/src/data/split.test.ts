import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DateColumn } from '../types.ts';
import { createRng } from './create-rng.ts';
import { parseCsv } from './parse-csv.ts';
import { splitByDate } from './split-by-date.ts';
import { splitRandom } from './split-random.ts';
import { takeRows } from './take-rows.ts';

function isPartition(rows: number, ...parts: Uint32Array[]): boolean {
  const seen = new Uint8Array(rows);
  for (const p of parts) {
    for (let j = 0; j < p.length; j++) {
      if (j > 0 && p[j]! <= p[j - 1]!) return false;
      if (seen[p[j]!]) return false;
      seen[p[j]!] = 1;
    }
  }
  return seen.every((s) => s === 1);
}

describe('createRng', () => {
  it('is reproducible, in [0, 1), and differs between seeds', () => {
    const a = createRng(1);
    const b = createRng(1);
    const c = createRng(2);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(c()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
});

describe('splitRandom', () => {
  it('is deterministic for a seed and partitions the rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (rows, share, seed) => {
        const s = splitRandom(rows, share, seed);
        expect(s.test.length).toBe(Math.round(rows * share));
        expect(isPartition(rows, s.train, s.test)).toBe(true);
        expect(splitRandom(rows, share, seed)).toEqual(s);
      }),
    );
  });

  it('keeps the event rate in both parts when stratified', () => {
    fc.assert(
      fc.property(fc.uint8Array({ min: 0, max: 1, minLength: 1, maxLength: 400 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (y, share, seed) => {
        const s = splitRandom(y.length, share, seed, { stratify: y });
        const bads = y.reduce((a, v) => a + v, 0);
        const testBads = Array.from(s.test).reduce((a, r) => a + y[r]!, 0);
        expect(testBads).toBe(Math.round(bads * share));
        expect(s.test.length - testBads).toBe(Math.round((y.length - bads) * share));
        expect(isPartition(y.length, s.train, s.test)).toBe(true);
      }),
    );
  });

  it('gives different splits for different seeds and refuses bad arguments', () => {
    expect(splitRandom(100, 0.3, 1).test).not.toEqual(splitRandom(100, 0.3, 2).test);
    expect(() => splitRandom(10, 1.5, 1)).toThrow(/testShare/);
    expect(() => splitRandom(10, 0.5, 1, { stratify: new Uint8Array(3) })).toThrow(/3 values for 10 rows/);
  });
});

describe('splitByDate and takeRows', () => {
  const ds = parseCsv('id,at\n0,2024-05-01\n1,2024-07-01\n2,\n3,2024-06-30T23:59:59Z\n4,2024-08-15\n');
  const at = ds.columns[1] as DateColumn;

  it('splits out of time at the cutoff; undated rows belong to neither part', () => {
    const s = splitByDate(at, '2024-07-01');
    expect(Array.from(s.train)).toEqual([0, 3]);
    expect(Array.from(s.test)).toEqual([1, 4]);
    expect(Array.from(s.undated)).toEqual([2]);
    expect(splitByDate(at.values, new Date('2024-07-01T00:00:00Z'))).toEqual(s);
    expect(splitByDate(at, Date.UTC(2024, 6, 1))).toEqual(s);
    expect(() => splitByDate(at, 'July')).toThrow(/not a date/);
  });

  it('takes rows by index into new columns', () => {
    const sub = takeRows(ds, [4, 0, 4]);
    expect(sub.rows).toBe(3);
    expect(Array.from(sub.columns[0]!.values as Float64Array)).toEqual([4, 0, 4]);
    expect(Array.from(sub.columns[1]!.values as Float64Array)).toEqual([Date.UTC(2024, 7, 15), Date.UTC(2024, 4, 1), Date.UTC(2024, 7, 15)]);
    const cat = parseCsv('g\na\n\nb\n'.replace('\n\n', '\n""\n'));
    expect(takeRows(cat, Uint32Array.of(2, 1)).columns[0]!.values).toEqual(['b', null]);
    expect(() => takeRows(ds, [5])).toThrow(/outside 0..4/);
  });
});
