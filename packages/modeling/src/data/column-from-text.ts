import type { Column, ColumnType } from '../types.ts';
import { DataError } from './data-error.ts';
import { parseIsoDate } from './parse-iso-date.ts';
import { parseNumber } from './parse-number.ts';

/** Where a cell of the column came from, for error messages. */
export type CellPlace = (row: number) => { line: number; column: number };

function isMissingText(v: string, missing: ReadonlySet<string>): boolean {
  if (missing.has(v)) return true;
  // Trim only when there is white space to trim: most cells have none and trimming allocates.
  return v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) && missing.has(v.trim());
}

/**
 * Parses every non-missing cell with `parse`; null as soon as one fails when the type is only
 * being tried, an error naming the cell when the type was forced.
 */
function parseAll(
  name: string,
  texts: readonly string[],
  parse: (t: string) => number,
  missing: ReadonlySet<string>,
  forced: boolean,
  place: CellPlace,
  what: string,
): Float64Array | null {
  const out = new Float64Array(texts.length);
  for (let r = 0; r < texts.length; r++) {
    const t = texts[r]!;
    if (isMissingText(t, missing)) {
      out[r] = NaN;
      continue;
    }
    const v = parse(t);
    if (Number.isNaN(v)) {
      if (!forced) return null;
      const { line, column } = place(r);
      throw new DataError('CSV_VALUE', `line ${line}, column ${column} (${JSON.stringify(name)}): ${JSON.stringify(t)} is not ${what}`, {
        line,
        column,
        columnName: name,
        row: r,
        value: t,
      });
    }
    out[r] = v;
  }
  return out;
}

/**
 * Types one column of raw CSV cells. Unless `forced`, the column is numeric when every non-missing
 * cell is a finite decimal number, else a date when every one is an ISO date or date-time, else
 * categorical; a column with no value at all is numeric (all NaN), the cheapest to carry.
 * Categorical cells keep their text as written; missing cells become null (NaN for numbers and dates).
 *
 * @example
 * columnFromText('age', ['31', 'NA', '40'], undefined, new Set(['NA']), (r) => ({ line: r + 2, column: 1 }));
 * // { name: 'age', type: 'numeric', values: Float64Array [31, NaN, 40] }
 */
export function columnFromText(
  name: string,
  texts: readonly string[],
  forced: ColumnType | undefined,
  missing: ReadonlySet<string>,
  place: CellPlace,
): Column {
  if (forced === undefined || forced === 'numeric') {
    const values = parseAll(name, texts, parseNumber, missing, forced === 'numeric', place, 'a number');
    if (values) return { name, type: 'numeric', values };
  }
  if (forced === undefined || forced === 'date') {
    const values = parseAll(name, texts, parseIsoDate, missing, forced === 'date', place, 'an ISO date (YYYY-MM-DD or a date-time)');
    if (values) return { name, type: 'date', values };
  }
  const values = new Array<string | null>(texts.length);
  for (let r = 0; r < texts.length; r++) {
    const t = texts[r]!;
    values[r] = isMissingText(t, missing) ? null : t;
  }
  return { name, type: 'categorical', values };
}
