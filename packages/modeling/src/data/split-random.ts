import { createRng } from './create-rng.ts';
import { DataError } from './data-error.ts';

/** Row indices of the two parts of a split, each ascending. */
export interface Split {
  train: Uint32Array;
  test: Uint32Array;
}

export interface SplitRandomOptions {
  /** Split each class of this binary target separately, so both parts keep its event rate. */
  stratify?: Uint8Array;
}

function shuffled(indices: Uint32Array, rng: () => number): Uint32Array {
  // Fisher–Yates. floor(rng() * k) has a bias below k / 2^32, negligible for any row count we hold.
  for (let k = indices.length - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    const t = indices[k]!;
    indices[k] = indices[j]!;
    indices[j] = t;
  }
  return indices;
}

/**
 * Random train/test split of `rows` rows, reproducible from `seed`: round(rows · testShare) rows go
 * to test (per class of `options.stratify` when given, so both parts keep the event rate).
 *
 * @example
 * const { train, test } = splitRandom(1000, 0.3, 42, { stratify: target });
 * test.length; // 300
 */
export function splitRandom(rows: number, testShare: number, seed: number, options: SplitRandomOptions = {}): Split {
  if (!Number.isInteger(rows) || rows < 0) throw new DataError('INVALID_ARGUMENT', `rows must be a non-negative integer, got ${rows}`);
  if (!(testShare >= 0 && testShare <= 1)) throw new DataError('INVALID_ARGUMENT', `testShare must be between 0 and 1, got ${testShare}`);
  const rng = createRng(seed);
  const strata = options.stratify;
  if (strata && strata.length !== rows) {
    throw new DataError('INVALID_ARGUMENT', `the stratification target has ${strata.length} values for ${rows} rows`);
  }
  const isTest = new Uint8Array(rows);
  const groups: Uint32Array[] = [];
  if (strata) {
    let ones = 0;
    for (let r = 0; r < rows; r++) ones += strata[r]! ? 1 : 0;
    const g0 = new Uint32Array(rows - ones);
    const g1 = new Uint32Array(ones);
    let a = 0;
    let b = 0;
    for (let r = 0; r < rows; r++) {
      if (strata[r]!) g1[b++] = r;
      else g0[a++] = r;
    }
    groups.push(g0, g1);
  } else {
    groups.push(Uint32Array.from({ length: rows }, (_, r) => r));
  }
  for (const g of groups) {
    const k = Math.round(g.length * testShare);
    const s = shuffled(g, rng);
    for (let j = 0; j < k; j++) isTest[s[j]!] = 1;
  }
  let nTest = 0;
  for (let r = 0; r < rows; r++) nTest += isTest[r]!;
  const train = new Uint32Array(rows - nTest);
  const test = new Uint32Array(nTest);
  let a = 0;
  let b = 0;
  for (let r = 0; r < rows; r++) {
    if (isTest[r]) test[b++] = r;
    else train[a++] = r;
  }
  return { train, test };
}
