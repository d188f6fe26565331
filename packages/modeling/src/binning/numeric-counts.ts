import { BinningError } from './binning-error.ts';

/** Counts of a numeric variable against a binary target, aggregated by distinct value. */
export interface NumericCounts {
  /** Distinct ordinary values (finite, not special), ascending. */
  values: Float64Array;
  /** Rows holding each distinct value. */
  count: Float64Array;
  /** Bads among them. */
  bad: Float64Array;
  missingGood: number;
  missingBad: number;
  /** One entry per declared special value, in declared order (duplicates removed). */
  special: Array<{ value: number; good: number; bad: number }>;
  totalGood: number;
  totalBad: number;
  /** Rows with a finite value, special or not. */
  nonMissing: number;
}

/**
 * Throws unless the target matches the values in length and holds only 0 and 1; returns the
 * numbers of goods and bads.
 */
export function checkTarget(length: number, target: Uint8Array): { good: number; bad: number } {
  if (target.length !== length) throw new BinningError('LENGTH_MISMATCH', `${length} values but ${target.length} target values`);
  let bad = 0;
  for (let i = 0; i < target.length; i++) {
    const t = target[i]!;
    if (t > 1) throw new BinningError('TARGET_VALUE', `target value ${t} at row ${i}: a binary target holds only 0 (good) and 1 (bad)`);
    bad += t;
  }
  return { good: length - bad, bad };
}

/**
 * Aggregates values and target by distinct value with two native typed-array sorts (all ordinary
 * values, and those of the bad rows) and one merge walk: O(n log n) without a comparator or
 * per-row objects. Values that are not finite (NaN, ±Infinity) count as missing.
 *
 * @example
 * numericCounts(Float64Array.of(3, 1, NaN, 3), Uint8Array.of(1, 0, 0, 0), []);
 * // values [1, 3], count [1, 2], bad [0, 1], missingGood 1, …
 */
export function numericCounts(values: Float64Array, target: Uint8Array, specialValues: readonly number[]): NumericCounts {
  const totals = checkTarget(values.length, target);
  const specialIndex = new Map<number, number>();
  const special: NumericCounts['special'] = [];
  for (const v of specialValues) {
    if (!Number.isFinite(v)) throw new BinningError('INVALID_OPTION', `special values must be finite numbers, got ${v}`);
    if (!specialIndex.has(v)) {
      specialIndex.set(v, special.length);
      special.push({ value: v, good: 0, bad: 0 });
    }
  }
  let n = 0;
  let nb = 0;
  let missingGood = 0;
  let missingBad = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = target[i]!;
    if (!Number.isFinite(v)) {
      if (t) missingBad++;
      else missingGood++;
      continue;
    }
    const s = specialIndex.size === 0 ? undefined : specialIndex.get(v);
    if (s !== undefined) {
      if (t) special[s]!.bad++;
      else special[s]!.good++;
      continue;
    }
    n++;
    nb += t;
  }
  const all = new Float64Array(n);
  const bads = new Float64Array(nb);
  n = 0;
  nb = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || (specialIndex.size !== 0 && specialIndex.has(v))) continue;
    all[n++] = v;
    if (target[i]) bads[nb++] = v;
  }
  all.sort();
  bads.sort();
  const distinct = new Float64Array(n);
  const count = new Float64Array(n);
  const bad = new Float64Array(n);
  let d = -1;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const v = all[i]!;
    // === so that -0 and 0 are one value (the sort puts -0 first, next to 0).
    if (d < 0 || v !== distinct[d]) {
      d++;
      distinct[d] = v;
      while (p < nb && bads[p] === v) {
        bad[d]++;
        p++;
      }
    }
    count[d]++;
  }
  const k = d + 1;
  return {
    values: distinct.slice(0, k),
    count: count.slice(0, k),
    bad: bad.slice(0, k),
    missingGood,
    missingBad,
    special,
    totalGood: totals.good,
    totalBad: totals.bad,
    nonMissing: values.length - missingGood - missingBad,
  };
}
