import type { Column, VariableBinning } from '../types.ts';
import { binAssigner, type RawValue } from './assign-bin.ts';

function rawValues(column: Column | Float64Array | ArrayLike<RawValue>): ArrayLike<RawValue> {
  if (column instanceof Float64Array || Array.isArray(column)) return column;
  if ('type' in column && 'name' in column) return (column as Column).values;
  return column as ArrayLike<RawValue>;
}

/**
 * The WOE of every value of a column under a binning, the usual input of a scorecard's logistic
 * regression. A value no bin takes (e.g. missing when training had no missing values) gets WOE 0:
 * no evidence either way, the sample's average risk.
 *
 * @example
 * const x = woeTransform(binning, getColumn(dataset, 'credit_amount'));
 */
export function woeTransform(binning: VariableBinning, column: Column | Float64Array | ArrayLike<RawValue>): Float64Array {
  const values = rawValues(column);
  const assign = binAssigner(binning);
  const woe = binning.bins.map((b) => b.woe);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const k = assign(values[i]);
    out[i] = k < 0 ? 0 : woe[k]!;
  }
  return out;
}
