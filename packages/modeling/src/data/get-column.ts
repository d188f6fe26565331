import type { Column, Dataset } from '../types.ts';
import { DataError } from './data-error.ts';

/**
 * The dataset's column of that name; a {@link DataError} `COLUMN_NOT_FOUND` when there is none.
 *
 * @example
 * getColumn(dataset, 'age').type; // 'numeric'
 */
export function getColumn(dataset: Dataset, name: string): Column {
  const c = dataset.columns.find((col) => col.name === name);
  if (!c) throw new DataError('COLUMN_NOT_FOUND', `the dataset has no column ${JSON.stringify(name)}`, { columnName: name });
  return c;
}
