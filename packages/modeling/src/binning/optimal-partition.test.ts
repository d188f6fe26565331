import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optimalPartition, type FittedTrend, type PartitionConstraints } from './optimal-partition.ts';
import { binStats } from './woe.ts';

/** Every partition of k elements, as group starts. */
function* partitions(k: number): Generator<number[]> {
  for (let mask = 0; mask < 1 << (k - 1); mask++) {
    const starts = [0];
    for (let j = 1; j < k; j++) if (mask & (1 << (j - 1))) starts.push(j);
    yield starts;
  }
}

function shapeOk(trend: FittedTrend, rates: number[], minDiff: number): boolean {
  const d = rates.slice(1).map((r, j) => r - rates[j]!);
  const up = (x: number) => x > 0 && x >= minDiff;
  const down = (x: number) => x < 0 && -x >= minDiff;
  switch (trend) {
    case 'ascending':
      return d.every(up);
    case 'descending':
      return d.every(down);
    case 'none':
      return d.every((x) => Math.abs(x) >= minDiff);
    case 'peak': {
      const t = d.findIndex((x) => !up(x));
      return t < 0 || d.slice(t).every(down);
    }
    case 'valley': {
      const t = d.findIndex((x) => !down(x));
      return t < 0 || d.slice(t).every(up);
    }
  }
}

/** The best feasible IV by trying every partition. */
function bruteForce(count: number[], bad: number[], c: PartitionConstraints): number | null {
  let best: number | null = null;
  for (const starts of partitions(count.length)) {
    if (starts.length > c.maxBins) continue;
    const groups = starts.map((s, g) => {
      const e = starts[g + 1] ?? count.length;
      let n = 0;
      let b = 0;
      for (let j = s; j < e; j++) {
        n += count[j]!;
        b += bad[j]!;
      }
      return { n, b };
    });
    if (groups.some((x) => x.n < c.minCount || x.b < 1 || x.n - x.b < 1)) continue;
    if (!shapeOk(c.trend, groups.map((x) => x.b / x.n), c.minEventRateDiff)) continue;
    const iv = groups.reduce((s, x) => s + binStats(x.n - x.b, x.b, c.totalGood, c.totalBad).iv, 0);
    if (best === null || iv > best) best = iv;
  }
  return best;
}

describe('optimalPartition', () => {
  it('finds the best split of a worked example', () => {
    // Four pre-bins of 100 rows with 10, 20, 30 and 40 bads (totals 300 goods, 100 bads), 2 bins:
    // cut after 1: IV 0.2700; after 2: (170g, 30b) | (130g, 70b) → IV 0.2975; after 3: 0.1962.
    const p = optimalPartition([100, 100, 100, 100], [10, 20, 30, 40], { trend: 'ascending', maxBins: 2, minCount: 50, minEventRateDiff: 0, totalGood: 300, totalBad: 100 });
    expect(p!.starts).toEqual([0, 2]);
    expect(p!.iv).toBeCloseTo(0.297483, 6);
    // Descending is impossible for more than one bin here, so one bin (IV 0) is all there is.
    expect(optimalPartition([100, 100, 100, 100], [10, 20, 30, 40], { trend: 'descending', maxBins: 4, minCount: 0, minEventRateDiff: 0, totalGood: 300, totalBad: 100 })).toEqual({ starts: [0], iv: 0 });
  });

  it('returns null when no partition qualifies', () => {
    expect(optimalPartition([10, 10], [0, 0], { trend: 'none', maxBins: 2, minCount: 0, minEventRateDiff: 0, totalGood: 20, totalBad: 1 })).toBeNull();
    expect(optimalPartition([], [], { trend: 'none', maxBins: 2, minCount: 0, minEventRateDiff: 0, totalGood: 1, totalBad: 1 })).toBeNull();
  });

  it('equals a brute-force search over every partition, for every trend', () => {
    const elements = fc.array(
      fc.record({ n: fc.integer({ min: 1, max: 60 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
      { minLength: 1, maxLength: 9 },
    );
    fc.assert(
      fc.property(
        elements,
        fc.constantFrom<FittedTrend>('ascending', 'descending', 'peak', 'valley', 'none'),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 80 }),
        fc.constantFrom(0, 0.05, 0.2),
        (els, trend, maxBins, minCount, minEventRateDiff) => {
          const count = els.map((e) => e.n);
          const bad = els.map((e) => Math.round(e.n * e.share));
          const totalBad = bad.reduce((a, b) => a + b, 0) + 1;
          const totalGood = count.reduce((a, b) => a + b, 0) - totalBad + 2;
          const c = { trend, maxBins, minCount, minEventRateDiff, totalGood, totalBad };
          const expected = bruteForce(count, bad, c);
          const got = optimalPartition(count, bad, c);
          if (expected === null) {
            expect(got).toBeNull();
            return;
          }
          expect(got).not.toBeNull();
          expect(got!.iv).toBeCloseTo(expected, 9);
          expect(got!.starts.length).toBeLessThanOrEqual(maxBins);
          // The partition returned really has that IV and satisfies the constraints.
          expect(bruteForce(count, bad, { ...c, maxBins: got!.starts.length })).not.toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});
