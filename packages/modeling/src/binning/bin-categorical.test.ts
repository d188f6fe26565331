import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignBin } from './assign-bin.ts';
import { binCategorical } from './bin-categorical.ts';
import { expectBinningInvariants } from './binning-invariants.fixture.ts';

/** `n` rows of category `c` of which `bads` are bad. */
function rows(spec: Array<[string | null, number, number]>): { values: Array<string | null>; target: Uint8Array } {
  const values: Array<string | null> = [];
  const t: number[] = [];
  for (const [c, n, bads] of spec) {
    for (let i = 0; i < n; i++) {
      values.push(c);
      t.push(i < bads ? 1 : 0);
    }
  }
  return { values, target: Uint8Array.from(t) };
}

describe('binCategorical', () => {
  it('keeps distinct categories apart, in ascending event rate', () => {
    const { values, target } = rows([
      ['A', 200, 80],
      ['B', 200, 20],
      ['C', 200, 50],
    ]);
    const b = binCategorical(values, target, { name: 'grade' });
    expect(b).toMatchObject({ name: 'grade', type: 'categorical', method: 'categorical' });
    expect(b.bins.map((x) => [x.label, x.values, x.eventRate])).toEqual([
      ['B', ['B'], 0.1],
      ['C', ['C'], 0.25],
      ['A', ['A'], 0.4],
    ]);
    expectBinningInvariants(b, values, target);
  });

  it('merges categories of equal or close event rate and too small groups', () => {
    const { values, target } = rows([
      ['A', 200, 20],
      ['B', 200, 20],
      ['C', 30, 15],
      ['D', 300, 150],
    ]);
    // A and B have the same rate: strictly rising rates put them in one bin; C (4 % of the rows)
    // is below the 5 % minimum and joins D, its neighbour by event rate (equal rates: the larger first).
    const b = binCategorical(values, target);
    expect(b.bins.map((x) => x.values)).toEqual([
      ['A', 'B'],
      ['D', 'C'],
    ]);
    expect(b.bins.map((x) => x.label)).toEqual(['A, B', 'D, C']);
    expect(binCategorical(values, target, { maxBins: 1 }).bins).toHaveLength(1);
  });

  it('pools rare categories into Other, which also takes unseen categories; missing has its own bin', () => {
    const { values, target } = rows([
      ['A', 500, 50],
      ['B', 400, 200],
      ['r1', 5, 5],
      ['r2', 5, 0],
      [null, 90, 30],
    ]);
    // r1 and r2 are 0.55 % each of the 910 non-missing rows, below rareShare 0.01: pooled into
    // Other (10 rows, 50 % bad), which is too small alone and merges with B (50 %).
    const b = binCategorical(values, target, { rareShare: 0.01 });
    expect(b.bins.map((x) => [x.label, x.kind, x.values, x.other, x.count])).toEqual([
      ['A', 'categories', ['A'], undefined, 500],
      ['B, Other', 'categories', ['B', 'r1', 'r2'], true, 410],
      ['Missing', 'missing', undefined, undefined, 90],
    ]);
    expect(assignBin(b, 'never seen')).toBe(1);
    expect(assignBin(b, 'r2')).toBe(1);
    expect(assignBin(b, null)).toBe(2);
    expectBinningInvariants(b, values, target);
    // With no pooling, an unseen category has no bin.
    const none = binCategorical(values, target, { rareShare: 0, minBinShare: 0 });
    expect(none.bins.some((x) => x.other)).toBe(false);
    expect(assignBin(none, 'never seen')).toBe(-1);
  });

  it('labels a group of only rare categories Other', () => {
    const { values, target } = rows([
      ['A', 400, 40],
      ['B', 400, 200],
      ...Array.from({ length: 30 }, (_, i): [string, number, number] => [`r${i}`, 5, i % 5 === 0 ? 0 : 2]),
    ]);
    const b = binCategorical(values, target, { rareShare: 0.01 });
    const other = b.bins.find((x) => x.other)!;
    expect(other.label).toBe('Other');
    expect(other.values).toHaveLength(30);
    expectBinningInvariants(b, values, target);
  });

  it('pre-groups many categories and still partitions the data', () => {
    const spec = Array.from({ length: 500 }, (_, i): [string, number, number] => [`c${i}`, 20, i % 7]);
    const { values, target } = rows(spec);
    const b = binCategorical(values, target, { rareShare: 0 });
    expect(b.bins.length).toBeLessThanOrEqual(8);
    expectBinningInvariants(b, values, target);
  });

  it('properties: strictly rising event rates, minimum size, each category in one bin, invariants', () => {
    const sample = fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'rare', null), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 2, maxLength: 300 })
      .map((rs) => {
        const risk: Record<string, number> = { a: 0.1, b: 0.2, c: 0.3, d: 0.4, e: 0.5, f: 0.6, g: 0.7, h: 0.8, rare: 0.5 };
        const values = rs.map(([c], i) => (c === 'rare' ? (i % 3 === 0 ? 'rare' : c) : c));
        const target = Uint8Array.from(rs, ([c, u]) => (u < (c === null ? 0.3 : risk[c]!) ? 1 : 0));
        target[0] = 0;
        target[1] = 1;
        return { values, target };
      });
    const options = fc.record({
      maxBins: fc.integer({ min: 1, max: 8 }),
      minBinShare: fc.constantFrom(0, 0.05, 0.2),
      minEventRateDiff: fc.constantFrom(0, 0.05),
      rareShare: fc.constantFrom(0, 0.01, 0.05),
    });
    fc.assert(
      fc.property(sample, options, ({ values, target }, o) => {
        const b = binCategorical(values, target, o);
        expectBinningInvariants(b, values, target);
        const groups = b.bins.filter((x) => x.kind === 'categories');
        expect(groups.length).toBeLessThanOrEqual(o.maxBins);
        const seen = new Map<string, number>();
        groups.forEach((g, i) => g.values!.forEach((c) => seen.set(String(c), (seen.has(String(c)) ? -100 : 0) + i)));
        for (const c of new Set(values)) if (c !== null) expect(seen.get(c)).toBeGreaterThanOrEqual(0);
        expect(groups.filter((g) => g.other).length).toBeLessThanOrEqual(1);
        if (groups.length > 1) {
          const nonMissing = values.filter((v) => v !== null).length;
          for (const g of groups) {
            expect(g.count).toBeGreaterThanOrEqual(o.minBinShare * nonMissing - 1e-9);
            expect(g.good).toBeGreaterThanOrEqual(1);
            expect(g.bad).toBeGreaterThanOrEqual(1);
          }
          for (let j = 1; j < groups.length; j++) {
            expect(groups[j]!.eventRate - groups[j - 1]!.eventRate).toBeGreaterThan(0);
            expect(groups[j]!.eventRate - groups[j - 1]!.eventRate).toBeGreaterThanOrEqual(o.minEventRateDiff);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
