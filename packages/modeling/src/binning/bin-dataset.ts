import { binaryTarget } from '../data/binary-target.ts';
import type { Dataset, VariableBinning } from '../types.ts';
import { BinningError } from './binning-error.ts';
import { binCategorical, type CategoricalBinningOptions } from './bin-categorical.ts';
import { binNumeric, type NumericBinningOptions } from './bin-numeric.ts';

export interface BinDatasetOptions {
  /** Columns not to bin (the target column, given by name, is always left out). */
  exclude?: readonly string[];
  /** Options for every numeric column (the name is the column's). */
  numeric?: Omit<NumericBinningOptions, 'name'>;
  /** Options for every categorical column. */
  categorical?: Omit<CategoricalBinningOptions, 'name'>;
  /** Per-column options, merged over the ones above. */
  columns?: Readonly<Record<string, Omit<NumericBinningOptions, 'name'> | Omit<CategoricalBinningOptions, 'name'>>>;
}

/** A target given by its column and bad value instead of as 0/1 values. */
export interface TargetColumn {
  column: string;
  badValue: string | number;
}

/**
 * Bins every numeric and categorical column of a dataset against a binary target (date columns
 * are skipped: bin a derived number such as an age in days instead) and returns the binnings by
 * IV, highest first (ties by name). The target may be given as 0/1 values or as a column and bad
 * value, in which case that column is not binned.
 *
 * @example
 * const binnings = binDataset(germanCredit, { column: 'creditability', badValue: 'bad' });
 * binnings[0].name; // 'status_of_existing_checking_account'
 */
export function binDataset(dataset: Dataset, target: Uint8Array | TargetColumn, options: BinDatasetOptions = {}): VariableBinning[] {
  const exclude = new Set(options.exclude ?? []);
  let y: Uint8Array;
  if (target instanceof Uint8Array) {
    y = target;
  } else {
    y = binaryTarget(dataset, target.column, target.badValue);
    exclude.add(target.column);
  }
  if (y.length !== dataset.rows) throw new BinningError('LENGTH_MISMATCH', `the dataset has ${dataset.rows} rows but the target ${y.length} values`);
  const out: VariableBinning[] = [];
  for (const col of dataset.columns) {
    if (exclude.has(col.name)) continue;
    const own = options.columns?.[col.name] ?? {};
    if (col.type === 'numeric') out.push(binNumeric(col.values, y, { ...options.numeric, ...own, name: col.name }));
    else if (col.type === 'categorical') out.push(binCategorical(col.values, y, { ...options.categorical, ...own, name: col.name }));
  }
  return out.sort((a, b) => b.iv - a.iv || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
