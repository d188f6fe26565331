import type { ColumnType, Dataset } from '../types.ts';
import { quantileSorted } from './quantile-sorted.ts';

export interface Quantiles {
  p1: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

/** Data-quality summary of one column. */
export interface ColumnSummary {
  name: string;
  type: ColumnType;
  /** Rows of the dataset. */
  rows: number;
  /** Non-missing values. */
  count: number;
  missing: number;
  /** missing / rows (0 for an empty dataset). */
  missingRate: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** Numeric and date columns (dates in epoch ms); absent when every value is missing. */
  min?: number;
  max?: number;
  /** Numeric columns: mean and sample standard deviation (n − 1; 0 for one value). */
  mean?: number;
  std?: number;
  /** Numeric columns: quantiles by linear interpolation (type 7). */
  quantiles?: Quantiles;
  /** Categorical columns: the most frequent values, most frequent first (ties by value). */
  top?: Array<{ value: string; count: number }>;
}

export interface SummarizeOptions {
  /** How many top categories to list; default 10. */
  top?: number;
}

const QUANTILES: Array<[keyof Quantiles, number]> = [
  ['p1', 0.01],
  ['p5', 0.05],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p95', 0.95],
  ['p99', 0.99],
];

function sortedPresent(values: Float64Array): Float64Array {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) k++;
  const out = new Float64Array(k);
  k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) out[k++] = values[i]!;
  return out.sort();
}

function distinctSorted(sorted: Float64Array): number {
  let d = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) d++;
  return d;
}

/**
 * A data-quality summary per column: missing count and rate, distinct values, and for numeric
 * columns min/max/mean/std and the p1…p99 quantiles, for dates min/max, for categorical columns the
 * top values. Sorts each numeric column once (typed-array sort).
 *
 * @example
 * summarize(parseCsv('x,g\n1,a\n3,a\nNA,b\n'));
 * // [{ name: 'x', type: 'numeric', rows: 3, count: 2, missing: 1, missingRate: 0.333…, distinct: 2, min: 1, max: 3, mean: 2, … },
 * //  { name: 'g', type: 'categorical', …, top: [{ value: 'a', count: 2 }, { value: 'b', count: 1 }] }]
 */
export function summarize(dataset: Dataset, options: SummarizeOptions = {}): ColumnSummary[] {
  const topN = options.top ?? 10;
  return dataset.columns.map((col) => {
    const rows = col.values.length;
    if (col.type === 'categorical') {
      const counts = new Map<string, number>();
      let missing = 0;
      for (const v of col.values) {
        if (v === null || v === undefined) missing++;
        else counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const top = [...counts]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .slice(0, topN)
        .map(([value, count]) => ({ value, count }));
      return { name: col.name, type: col.type, rows, count: rows - missing, missing, missingRate: rows ? missing / rows : 0, distinct: counts.size, top };
    }
    const sorted = sortedPresent(col.values);
    const count = sorted.length;
    const missing = rows - count;
    const s: ColumnSummary = { name: col.name, type: col.type, rows, count, missing, missingRate: rows ? missing / rows : 0, distinct: distinctSorted(sorted) };
    if (count === 0) return s;
    s.min = sorted[0]!;
    s.max = sorted[count - 1]!;
    if (col.type === 'date') return s;
    // Welford's update: one pass, no catastrophic cancellation for large values.
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < count; i++) {
      const x = sorted[i]!;
      const delta = x - mean;
      mean += delta / (i + 1);
      m2 += delta * (x - mean);
    }
    s.mean = mean;
    s.std = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
    const q = {} as Quantiles;
    for (const [key, p] of QUANTILES) q[key] = quantileSorted(sorted, p);
    s.quantiles = q;
    return s;
  });
}
