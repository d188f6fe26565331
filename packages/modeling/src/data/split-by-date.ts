import type { DateColumn } from '../types.ts';
import { DataError } from './data-error.ts';
import { parseIsoDate } from './parse-iso-date.ts';
import type { Split } from './split-random.ts';

/** An out-of-time split; rows without a date belong to neither part. */
export interface DateSplit extends Split {
  undated: Uint32Array;
}

/**
 * Out-of-time split: rows dated before `cutoff` train, rows dated at or after it test. The cutoff
 * is epoch ms, a Date or an ISO date text (read as UTC like the dates of {@link parseCsv}).
 *
 * @example
 * const { train, test } = splitByDate(getColumn(ds, 'applied_at') as DateColumn, '2024-07-01');
 */
export function splitByDate(dateColumn: DateColumn | Float64Array, cutoff: number | string | Date): DateSplit {
  const values = dateColumn instanceof Float64Array ? dateColumn : dateColumn.values;
  const at = typeof cutoff === 'number' ? cutoff : cutoff instanceof Date ? cutoff.getTime() : parseIsoDate(cutoff);
  if (Number.isNaN(at)) throw new DataError('INVALID_ARGUMENT', `the cutoff ${JSON.stringify(String(cutoff))} is not a date`);
  let nTrain = 0;
  let nTest = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v < at) nTrain++;
    else if (v >= at) nTest++;
  }
  const train = new Uint32Array(nTrain);
  const test = new Uint32Array(nTest);
  const undated = new Uint32Array(values.length - nTrain - nTest);
  let a = 0;
  let b = 0;
  let c = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v < at) train[a++] = r;
    else if (v >= at) test[b++] = r;
    else undated[c++] = r;
  }
  return { train, test, undated };
}
