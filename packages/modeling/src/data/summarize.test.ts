import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.ts';
import { quantileSorted } from './quantile-sorted.ts';
import { summarize } from './summarize.ts';

describe('summarize', () => {
  it('summarises numeric, date and categorical columns', () => {
    const ds = parseCsv(['x,d,g', '1,2024-01-02,a', '2,,b', '3,2024-01-01,a', '4,2024-03-01,', 'NA,2024-01-01,c'].join('\n'));
    const [x, d, g] = summarize(ds, { top: 2 });
    // x = 1, 2, 3, 4 and one missing: mean 2.5; sample variance ((1.5² + 0.5²) · 2) / 3 = 5/3.
    expect(x).toMatchObject({ name: 'x', type: 'numeric', rows: 5, count: 4, missing: 1, missingRate: 0.2, distinct: 4, min: 1, max: 4, mean: 2.5 });
    expect(x!.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // Type-7 quantiles of 1..4: position (n − 1) · p = 3p, e.g. p25 → 1.75, p50 → 2.5, p99 → 3.97.
    const expected = { p1: 1.03, p5: 1.15, p25: 1.75, p50: 2.5, p75: 3.25, p95: 3.85, p99: 3.97 };
    for (const [k, v] of Object.entries(expected)) expect(x!.quantiles![k as keyof typeof expected]).toBeCloseTo(v, 12);
    expect(d).toEqual({ name: 'd', type: 'date', rows: 5, count: 4, missing: 1, missingRate: 0.2, distinct: 3, min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 2, 1) });
    expect(g).toEqual({ name: 'g', type: 'categorical', rows: 5, count: 4, missing: 1, missingRate: 0.2, distinct: 3, top: [{ value: 'a', count: 2 }, { value: 'b', count: 1 }] });
  });

  it('leaves statistics out of an all-missing column and copes with no rows', () => {
    const [x] = summarize(parseCsv('x\n""\n""\n'));
    expect(x).toEqual({ name: 'x', type: 'numeric', rows: 2, count: 0, missing: 2, missingRate: 1, distinct: 0 });
    expect(summarize(parseCsv('x\n'))[0]).toMatchObject({ rows: 0, missingRate: 0 });
  });

  it('quantileSorted interpolates between ranks', () => {
    expect(quantileSorted(Float64Array.of(10), 0.3)).toBe(10);
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
