import type { Column, Dataset } from '../types.ts';
import { DataError } from './data-error.ts';

/**
 * The dataset restricted to the given rows, in the order given (repeats allowed, e.g. for a
 * bootstrap sample). Columns are copied into new typed arrays.
 *
 * @example
 * const { train, test } = splitRandom(ds.rows, 0.3, 7);
 * const trainSet = takeRows(ds, train);
 */
export function takeRows(dataset: Dataset, indices: ArrayLike<number>): Dataset {
  const n = indices.length;
  for (let j = 0; j < n; j++) {
    const r = indices[j]!;
    if (!Number.isInteger(r) || r < 0 || r >= dataset.rows) {
      throw new DataError('INVALID_ARGUMENT', `row index ${r} at position ${j} is outside 0..${dataset.rows - 1}`, { row: r });
    }
  }
  const columns = dataset.columns.map((col): Column => {
    if (col.type === 'categorical') {
      const values = new Array<string | null>(n);
      for (let j = 0; j < n; j++) values[j] = col.values[indices[j]!] ?? null;
      return { name: col.name, type: col.type, values };
    }
    const values = new Float64Array(n);
    for (let j = 0; j < n; j++) values[j] = col.values[indices[j]!]!;
    return { name: col.name, type: col.type, values };
  });
  return { rows: n, columns };
}
