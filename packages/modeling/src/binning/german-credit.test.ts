import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GERMAN_CREDIT_PATH } from '../../test/german-credit.ts';
import { binaryTarget } from '../data/binary-target.ts';
import { getColumn } from '../data/get-column.ts';
import { parseCsv } from '../data/parse-csv.ts';
import { splitRandom } from '../data/split-random.ts';
import { summarize } from '../data/summarize.ts';
import type { CategoricalColumn, NumericColumn } from '../types.ts';
import { binCategorical } from './bin-categorical.ts';
import { binDataset } from './bin-dataset.ts';
import { binNumeric } from './bin-numeric.ts';
import { expectBinningInvariants } from './binning-invariants.fixture.ts';

const dataset = parseCsv(readFileSync(GERMAN_CREDIT_PATH, 'utf8'));
const target = binaryTarget(dataset, 'creditability', 'bad');

describe('German credit data', () => {
  it('reads 1000 rows of 21 typed columns, 300 of them bad', () => {
    expect(dataset.rows).toBe(1000);
    expect(dataset.columns).toHaveLength(21);
    expect(target.reduce((a, v) => a + v, 0)).toBe(300);
    const amount = summarize(dataset).find((s) => s.name === 'credit_amount')!;
    expect(amount).toMatchObject({ type: 'numeric', count: 1000, missing: 0, min: 250, max: 18424 });
    const types = Object.fromEntries(dataset.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ duration_in_month: 'numeric', age_in_years: 'numeric', purpose: 'categorical', creditability: 'categorical' });
  });

  it('checking account status without merging has IV 0.6660', () => {
    // Counts (good / bad) out of 700 goods and 300 bads, and each category's share of each:
    //   no checking account       348 / 46   %good 0.497143  %bad 0.153333  WOE ln 3.242236 =  1.176263  IV 0.343810 · 1.176263 = 0.404411
    //   ... >= 200 DM / salary…    49 / 14   %good 0.070000  %bad 0.046667  WOE ln 1.500000 =  0.405465  IV 0.023333 · 0.405465 = 0.009461
    //   0 <= ... < 200 DM         164 / 105  %good 0.234286  %bad 0.350000  WOE ln 0.669388 = −0.401392  IV 0.115714 · 0.401392 = 0.046447
    //   ... < 0 DM                139 / 135  %good 0.198571  %bad 0.450000  WOE ln 0.441270 = −0.818099  IV 0.251429 · 0.818099 = 0.205693
    // Total IV = 0.404411 + 0.009461 + 0.046447 + 0.205693 = 0.666012 ≈ 0.6660 (0.6660115 summed before rounding).
    const status = getColumn(dataset, 'status_of_existing_checking_account') as CategoricalColumn;
    const b = binCategorical(status.values, target, { name: status.name, maxBins: 8, rareShare: 0 });
    expect(b.bins.map((x) => [x.values, x.good, x.bad])).toEqual([
      [['no checking account'], 348, 46],
      [['... >= 200 DM / salary assignments for at least 1 year'], 49, 14],
      [['0 <= ... < 200 DM'], 164, 105],
      [['... < 0 DM'], 139, 135],
    ]);
    expect(b.bins.map((x) => x.woe)).toEqual([1.176263, 0.405465, -0.401392, -0.818099].map((w) => expect.closeTo(w, 6)));
    expect(b.iv).toBeCloseTo(0.666, 3);
    expect(b.iv).toBeCloseTo(0.6660115, 6);
    expect(b.ivBand).toBe('suspicious');
  });

  it('bins every variable with default options: finite IVs, sorted by IV, invariants hold', () => {
    const binnings = binDataset(dataset, { column: 'creditability', badValue: 'bad' });
    expect(binnings).toHaveLength(20);
    expect(binnings.map((b) => b.name)).not.toContain('creditability');
    expect(binnings[0]!.name).toBe('status_of_existing_checking_account');
    for (let i = 0; i < binnings.length; i++) {
      const b = binnings[i]!;
      expect(Number.isFinite(b.iv)).toBe(true);
      if (i > 0) expect(b.iv).toBeLessThanOrEqual(binnings[i - 1]!.iv);
      expectBinningInvariants(b, getColumn(dataset, b.name).values, target);
    }
    // The same with a 0/1 target, the target column excluded by name.
    const again = binDataset(dataset, target, { exclude: ['creditability'] });
    expect(again.map((b) => [b.name, b.iv])).toEqual(binnings.map((b) => [b.name, b.iv]));
  });

  it('gives finite IVs with every numeric method and a plausible duration binning', () => {
    const duration = getColumn(dataset, 'duration_in_month') as NumericColumn;
    for (const options of [{ method: 'chimerge' as const }, { method: 'quantile' as const }, { prebinning: 'tree' as const }, { trend: 'peak' as const }]) {
      const b = binNumeric(duration.values, target, options);
      expect(Number.isFinite(b.iv)).toBe(true);
      expectBinningInvariants(b, duration.values, target);
    }
    // Longer loans are riskier: auto picks an ascending trend.
    const b = binNumeric(duration.values, target);
    expect(b.trend).toBe('ascending');
    expect(b.iv).toBeGreaterThan(0.2);
  });

  it('splits reproducibly with the event rate kept', () => {
    const { train, test } = splitRandom(dataset.rows, 0.3, 42, { stratify: target });
    expect(test.length).toBe(300);
    expect(Array.from(test).reduce((a, r) => a + target[r]!, 0)).toBe(90);
    expect(train.length).toBe(700);
  });
});
