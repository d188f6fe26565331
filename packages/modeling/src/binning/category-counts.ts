import { checkTarget } from './numeric-counts.ts';

/** Counts of a categorical variable against a binary target, by category. */
export interface CategoryCounts {
  /** Categories in order of first appearance. */
  names: string[];
  index: Map<string, number>;
  count: number[];
  bad: number[];
  missingGood: number;
  missingBad: number;
  totalGood: number;
  totalBad: number;
  nonMissing: number;
}

/**
 * Rows and bads per category in one pass (null or undefined is missing).
 *
 * @example
 * categoryCounts(['a', 'b', null, 'a'], Uint8Array.of(1, 0, 0, 0));
 * // names ['a', 'b'], count [2, 1], bad [1, 0], missingGood 1, …
 */
export function categoryCounts(values: ArrayLike<string | null | undefined>, target: Uint8Array): CategoryCounts {
  const totals = checkTarget(values.length, target);
  const index = new Map<string, number>();
  const names: string[] = [];
  const count: number[] = [];
  const bad: number[] = [];
  let missingGood = 0;
  let missingBad = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = target[i]!;
    if (v === null || v === undefined) {
      if (t) missingBad++;
      else missingGood++;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) {
      k = names.length;
      index.set(v, k);
      names.push(v);
      count.push(0);
      bad.push(0);
    }
    count[k]++;
    bad[k] += t;
  }
  return {
    names,
    index,
    count,
    bad,
    missingGood,
    missingBad,
    totalGood: totals.good,
    totalBad: totals.bad,
    nonMissing: values.length - missingGood - missingBad,
  };
}
