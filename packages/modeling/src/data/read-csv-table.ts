import { DataError } from './data-error.ts';

/** Hard limits on CSV input, so a malformed or hostile file fails fast with a clear message. */
export interface CsvLimits {
  /** Most fields a record may have. */
  maxColumns: number;
  /** Most data records (the header not counted). */
  maxRows: number;
  /** Most characters in one field (after unquoting). */
  maxCellLength: number;
}

export const DEFAULT_CSV_LIMITS: Readonly<CsvLimits> = Object.freeze({ maxColumns: 1_000, maxRows: 5_000_000, maxCellLength: 100_000 });

/** The cells of a CSV text by column, and the line each data record starts on (1-based). */
export interface CsvTable {
  header: string[];
  /** cells[column][row] */
  cells: string[][];
  lines: number[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

function lineBreaks(text: string, from: number, to: number): number {
  let k = 0;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) k++;
  }
  return k;
}

/**
 * Splits RFC 4180 text into a header and columns of raw cells. Records end at CRLF, LF or CR;
 * fields may be quoted with `"`, a doubled `""` inside quotes is one quote, and delimiters and
 * line breaks inside quotes are data. A leading byte-order mark is skipped, and so are empty lines
 * (so a trailing line break does not make an empty record; quote an empty field as `""` in a
 * one-column file). A quote inside an unquoted field is kept as data, as most writers produce it.
 * Throws a {@link DataError} naming the line and column of the first problem: a quote never
 * closed, text after a closing quote, a record with a different number of fields than the header,
 * or a limit exceeded.
 *
 * @example
 * readCsvTable('a,b\r\n1,"x, ""y"""\r\n', ',', DEFAULT_CSV_LIMITS).cells; // [['1'], ['x, "y"']]
 */
export function readCsvTable(text: string, delimiter: string, limits: CsvLimits): CsvTable {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let header: string[] | null = null;
  let cells: string[][] = [];
  const lines: number[] = [];

  const place = (at: number, col: number): string => {
    const name = header?.[col];
    return `line ${at}, column ${col + 1}${name === undefined ? '' : ` (${JSON.stringify(name)})`}`;
  };
  const details = (at: number, col: number) => ({ line: at, column: col + 1, ...(header?.[col] === undefined ? {} : { columnName: header[col] }) });
  const tooLong = (at: number, col: number) =>
    new DataError('CSV_LIMIT', `${place(at, col)}: a field is longer than ${limits.maxCellLength} characters (limit maxCellLength)`, details(at, col));

  while (i < n) {
    const c0 = text.charCodeAt(i);
    if (c0 === LF || c0 === CR) {
      i += c0 === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const start = line;
    if (header !== null && lines.length >= limits.maxRows) {
      throw new DataError('CSV_LIMIT', `line ${start}: more than ${limits.maxRows} data records (limit maxRows)`, { line: start });
    }
    const fields: string[] | null = header === null ? [] : null;
    let col = 0;
    for (;;) {
      if (col >= limits.maxColumns) {
        throw new DataError('CSV_LIMIT', `line ${start}: more than ${limits.maxColumns} fields (limit maxColumns)`, { line: start, column: col + 1 });
      }
      if (header !== null && col >= header.length) {
        throw new DataError('CSV_SYNTAX', `line ${start}: more than ${header.length} field${header.length === 1 ? '' : 's'}, the header has ${header.length}`, { line: start, column: col + 1 });
      }
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        const fieldLine = line;
        i++;
        let from = i;
        field = '';
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            throw new DataError('CSV_SYNTAX', `${place(fieldLine, col)}: a quoted field is never closed`, details(fieldLine, col));
          }
          if (field.length + (q - from) > limits.maxCellLength) throw tooLong(fieldLine, col);
          line += lineBreaks(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += text.slice(from, q + 1);
            i = q + 2;
            from = i;
            continue;
          }
          field += text.slice(from, q);
          i = q + 1;
          break;
        }
        const c = text.charCodeAt(i);
        if (i < n && c !== d && c !== LF && c !== CR) {
          throw new DataError(
            'CSV_SYNTAX',
            `${place(line, col)}: a closing quote must be followed by ${JSON.stringify(delimiter)} or the end of the line`,
            details(line, col),
          );
        }
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === d || c === LF || c === CR) break;
          i++;
        }
        if (i - from > limits.maxCellLength) throw tooLong(start, col);
        field = text.slice(from, i);
      }
      if (fields !== null) fields.push(field);
      else cells[col]!.push(field);
      col++;
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        continue;
      }
      break;
    }
    if (header === null) {
      header = fields!;
      cells = header.map(() => []);
    } else {
      if (col < header.length) {
        throw new DataError('CSV_SYNTAX', `line ${start}: ${col} field${col === 1 ? '' : 's'}, the header has ${header.length}`, { line: start, column: col });
      }
      lines.push(start);
    }
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
  }
  if (header === null) throw new DataError('CSV_HEADER', 'the text has no header line', { line: 1 });
  return { header, cells, lines };
}
