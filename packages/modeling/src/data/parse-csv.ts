import type { ColumnType, Dataset } from '../types.ts';
import { columnFromText } from './column-from-text.ts';
import { DataError } from './data-error.ts';
import { DEFAULT_CSV_LIMITS, readCsvTable, type CsvLimits } from './read-csv-table.ts';

/** Cell texts read as a missing value unless told otherwise (compared after trimming). */
export const DEFAULT_MISSING_VALUES: readonly string[] = Object.freeze(['', 'NA', 'null', 'NaN']);

export interface ParseCsvOptions extends Partial<CsvLimits> {
  /** One character; default `,`. */
  delimiter?: string;
  /** Cell texts meaning "no value"; default {@link DEFAULT_MISSING_VALUES}. */
  missingValues?: readonly string[];
  /** Column types to use instead of inferring them; a cell that does not fit is an error. */
  types?: Readonly<Record<string, ColumnType>>;
}

/**
 * Reads a CSV text with a header line into a column-oriented {@link Dataset}. Parsing follows
 * RFC 4180 (see readCsvTable) within explicit limits (default {@link DEFAULT_CSV_LIMITS}); each
 * column's type is inferred (numeric, then ISO date, else categorical) unless given in
 * `options.types`. Errors are {@link DataError}s naming the line and column.
 *
 * @example
 * const ds = parseCsv('amount,opened,grade\n1000,2024-01-31,A\nNA,2024-02-01,B\n');
 * ds.columns.map((c) => c.type); // ['numeric', 'date', 'categorical']
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): Dataset {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new DataError('INVALID_ARGUMENT', `the delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
  }
  const limits: CsvLimits = {
    maxColumns: options.maxColumns ?? DEFAULT_CSV_LIMITS.maxColumns,
    maxRows: options.maxRows ?? DEFAULT_CSV_LIMITS.maxRows,
    maxCellLength: options.maxCellLength ?? DEFAULT_CSV_LIMITS.maxCellLength,
  };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v < 1) throw new DataError('INVALID_ARGUMENT', `${k} must be a positive integer, got ${v}`);
  }
  const { header, cells, lines } = readCsvTable(text, delimiter, limits);

  const seen = new Set<string>();
  header.forEach((name, j) => {
    if (name.trim() === '') throw new DataError('CSV_HEADER', `line 1, column ${j + 1}: the column has no name`, { line: 1, column: j + 1 });
    if (seen.has(name)) {
      throw new DataError('CSV_HEADER', `line 1, column ${j + 1}: the column name ${JSON.stringify(name)} is used twice`, { line: 1, column: j + 1, columnName: name });
    }
    seen.add(name);
  });
  const types = options.types ?? {};
  for (const name of Object.keys(types)) {
    if (!seen.has(name)) throw new DataError('COLUMN_NOT_FOUND', `options.types names the column ${JSON.stringify(name)}, which the header does not have`, { columnName: name });
  }

  const missing = new Set((options.missingValues ?? DEFAULT_MISSING_VALUES).map((m) => m.trim()));
  const columns = header.map((name, j) =>
    columnFromText(name, cells[j]!, Object.hasOwn(types, name) ? types[name] : undefined, missing, (r) => ({ line: lines[r]!, column: j + 1 })),
  );
  return { rows: lines.length, columns };
}
