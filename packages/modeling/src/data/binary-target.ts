import type { Dataset } from '../types.ts';
import { DataError } from './data-error.ts';
import { getColumn } from './get-column.ts';

/**
 * The binary target of a dataset: 1 where the column holds `badValue` (the event), 0 where it
 * holds the one other value. Strict on purpose, since a mislabelled target silently ruins every
 * WOE: a missing value, or a value that is neither the bad value nor the first other value seen,
 * is a {@link DataError} `TARGET_VALUE` naming the first offending row (0-based). A date column
 * cannot be a target. Numeric columns compare numbers (`badValue` may be given as text).
 *
 * @example
 * binaryTarget(parseCsv('y\ngood\nbad\ngood\n'), 'y', 'bad'); // Uint8Array [0, 1, 0]
 */
export function binaryTarget(dataset: Dataset, column: string, badValue: string | number): Uint8Array {
  const col = getColumn(dataset, column);
  const out = new Uint8Array(col.values.length);
  const fail = (row: number, message: string, value?: string): never => {
    throw new DataError('TARGET_VALUE', `target ${JSON.stringify(column)}, row ${row}: ${message}`, {
      columnName: column,
      row,
      ...(value === undefined ? {} : { value }),
    });
  };
  if (col.type === 'date') throw new DataError('COLUMN_TYPE', `target ${JSON.stringify(column)} is a date column`, { columnName: column });
  if (col.type === 'numeric') {
    const bad = typeof badValue === 'number' ? badValue : Number(badValue);
    if (!Number.isFinite(bad)) throw new DataError('INVALID_ARGUMENT', `target ${JSON.stringify(column)} is numeric but the bad value ${JSON.stringify(badValue)} is not a number`);
    let other = NaN;
    for (let r = 0; r < out.length; r++) {
      const v = col.values[r]!;
      if (Number.isNaN(v)) fail(r, 'the value is missing');
      if (v === bad) out[r] = 1;
      else if (Number.isNaN(other)) other = v;
      else if (v !== other) fail(r, `${v} is neither the bad value ${bad} nor the other value ${other}`, String(v));
    }
    return out;
  }
  const bad = String(badValue);
  let other: string | null = null;
  for (let r = 0; r < out.length; r++) {
    const v = col.values[r];
    if (v === null || v === undefined) fail(r, 'the value is missing');
    if (v === bad) out[r] = 1;
    else if (other === null) other = v!;
    else if (v !== other) fail(r, `${JSON.stringify(v)} is neither the bad value ${JSON.stringify(bad)} nor the other value ${JSON.stringify(other)}`, v!);
  }
  return out;
}
