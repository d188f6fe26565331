import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MonotonicTrend, VariableBinning } from '../types.ts';
import { binNumeric, type NumericBinningOptions } from './bin-numeric.ts';
import { expectBinningInvariants } from './binning-invariants.fixture.ts';

/**
 * Random samples: a mix of few distinct integers, continuous values, missing values and the
 * special value -1; the target leans on the value with a random strength so that some samples
 * carry a signal and some are noise. The first two rows fix one good and one bad.
 */
const sample = fc
  .record({
    rows: fc.array(
      fc.tuple(
        fc.oneof(
          { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 6 },
          { arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), weight: 2 },
          { arbitrary: fc.constant(NaN), weight: 1 },
          { arbitrary: fc.constant(-1), weight: 1 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
      { minLength: 2, maxLength: 400 },
    ),
    slope: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
  })
  .map(({ rows, slope }) => {
    const values = Float64Array.from(rows, ([v]) => v);
    const target = Uint8Array.from(rows, ([v, u]) => {
      const z = Number.isFinite(v) ? slope * (Math.min(30, Math.max(-30, v)) - 15) : 0;
      return u < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    });
    target[0] = 0;
    target[1] = 1;
    return { values, target };
  });

const common = {
  maxBins: fc.integer({ min: 1, max: 8 }),
  minBinShare: fc.constantFrom(0, 0.02, 0.05, 0.1, 0.3),
  minEventRateDiff: fc.constantFrom(0, 0.02, 0.1),
  prebins: fc.integer({ min: 2, max: 30 }),
  prebinning: fc.constantFrom<'quantile' | 'tree'>('quantile', 'tree'),
  specialValues: fc.constantFrom<number[]>([], [-1]),
};

function rangeBins(b: VariableBinning) {
  return b.bins.filter((x) => x.kind === 'range');
}

function checkConstraints(b: VariableBinning, values: Float64Array, o: NumericBinningOptions, expected: MonotonicTrend): void {
  const range = rangeBins(b);
  expect(range.length).toBeGreaterThanOrEqual(1);
  expect(range.length).toBeLessThanOrEqual(o.maxBins!);
  expect(b.breaks).toHaveLength(range.length - 1);
  for (let j = 1; j < b.breaks!.length; j++) expect(b.breaks![j]!).toBeGreaterThan(b.breaks![j - 1]!);
  if (range.length === 1) return;
  let nonMissing = 0;
  for (const v of values) if (Number.isFinite(v)) nonMissing++;
  for (const x of range) {
    expect(x.count).toBeGreaterThanOrEqual(o.minBinShare! * nonMissing - 1e-9);
    expect(x.good).toBeGreaterThanOrEqual(1);
    expect(x.bad).toBeGreaterThanOrEqual(1);
  }
  const diffs = range.slice(1).map((x, j) => x.eventRate - range[j]!.eventRate);
  for (const d of diffs) expect(Math.abs(d)).toBeGreaterThanOrEqual(o.minEventRateDiff!);
  if (expected === 'ascending') for (const d of diffs) expect(d).toBeGreaterThan(0);
  if (expected === 'descending') for (const d of diffs) expect(d).toBeLessThan(0);
  if (expected === 'peak' || expected === 'valley') {
    const sign = expected === 'peak' ? 1 : -1;
    const turn = diffs.findIndex((d) => sign * d < 0);
    if (turn >= 0) for (const d of diffs.slice(turn)) expect(sign * d).toBeLessThan(0);
  }
}

describe('binNumeric properties', () => {
  it('monotonic trends (ascending, descending, auto): constraints hold on every output, bins partition the data, WOE finite, IV adds up', () => {
    fc.assert(
      fc.property(sample, fc.record({ ...common, trend: fc.constantFrom<MonotonicTrend>('ascending', 'descending', 'auto') }), ({ values, target }, o) => {
        const b = binNumeric(values, target, o);
        const fitted = b.trend!;
        if (o.trend === 'auto') expect(['ascending', 'descending']).toContain(fitted);
        else expect(fitted).toBe(o.trend);
        checkConstraints(b, values, o, fitted);
        expectBinningInvariants(b, values, target);
      }),
      { numRuns: 300 },
    );
  });

  it('peak, valley and none: constraints and invariants hold', () => {
    fc.assert(
      fc.property(sample, fc.record({ ...common, trend: fc.constantFrom<MonotonicTrend>('peak', 'valley', 'none') }), ({ values, target }, o) => {
        const b = binNumeric(values, target, o);
        expect(b.trend).toBe(o.trend);
        checkConstraints(b, values, o, o.trend!);
        expectBinningInvariants(b, values, target);
      }),
      { numRuns: 200 },
    );
  });

  it('auto keeps the better of the two directions', () => {
    fc.assert(
      fc.property(sample, fc.record(common), ({ values, target }, o) => {
        const auto = binNumeric(values, target, { ...o, trend: 'auto' });
        const asc = binNumeric(values, target, { ...o, trend: 'ascending' });
        const desc = binNumeric(values, target, { ...o, trend: 'descending' });
        expect(auto.iv).toBeCloseTo(Math.max(asc.iv, desc.iv), 12);
      }),
      { numRuns: 100 },
    );
  });

  it('chimerge and quantile: at most maxBins range bins, and the invariants hold', () => {
    fc.assert(
      fc.property(
        sample,
        fc.record({ ...common, method: fc.constantFrom<'chimerge' | 'quantile'>('chimerge', 'quantile'), chiSquareSignificance: fc.constantFrom(0.9, 0.95, 0.99) }),
        ({ values, target }, o) => {
          const b = binNumeric(values, target, o);
          const range = rangeBins(b);
          expect(range.length).toBeLessThanOrEqual(o.maxBins);
          expect(b.breaks).toHaveLength(range.length - 1);
          expectBinningInvariants(b, values, target);
        },
      ),
      { numRuns: 200 },
    );
  });
});
