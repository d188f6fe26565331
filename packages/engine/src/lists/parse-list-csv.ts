import { csvRecords, isBlank } from './csv-records.ts';

export const MAX_CSV_ROWS = 100_000;
export const MAX_LIST_VALUE_LENGTH = 256;

export interface ListCsvRow {
  line: number;
  value: string;
  reason?: string;
  /** ISO 8601 in UTC (`toISOString` form). */
  expiresAt?: string;
  source?: string;
}

export interface ListCsvError {
  line: number;
  code: string;
  message: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
/** Spreadsheet formula triggers that {@link toListCsv} guards with a leading apostrophe. */
const GUARDED = /^'[=+\-@\t\r]/;

/**
 * Parses a list import file. RFC 4180 (quotes, embedded commas and line breaks, CRLF or LF, BOM).
 * The first record is the header and must name a `value` column; `reason`, `expires_at` and
 * `source` are optional, other columns are ignored. Each bad row is reported with its line number
 * (`EMPTY_VALUE`, `VALUE_TOO_LONG` over 256 characters, `BAD_DATE`, `DUPLICATE_VALUE`,
 * `BAD_QUOTE`) while good rows still parse; past 100,000 rows parsing stops with `TOO_MANY_ROWS`.
 * A date-time without an offset is read as UTC. Values are trimmed, not normalised: the caller
 * normalises per dimension.
 *
 * @example parseListCsv('value,reason\n"+86 138 0013 8000",spam\n') // {rows: [{line: 2, value: '+86 138 0013 8000', reason: 'spam'}], errors: []}
 */
export function parseListCsv(text: string): { rows: ListCsvRow[]; errors: ListCsvError[] } {
  const rows: ListCsvRow[] = [];
  const errors: ListCsvError[] = [];
  const err = (line: number, code: string, message: string) => errors.push({ line, code, message });
  const records = csvRecords(text);
  let header: string[] | null = null;
  let headerLine = 1;
  // Not for…of: breaking out of it would close the generator before the rows are read.
  for (let next = records.next(); !next.done; next = records.next()) {
    const r = next.value;
    if (isBlank(r) && !r.error) continue;
    header = r.fields.map((f) => f.trim().toLowerCase());
    headerLine = r.line;
    break;
  }
  if (!header) {
    err(1, 'MISSING_HEADER', 'the file is empty: the first line must be a header naming a value column');
    return { rows, errors };
  }
  const col = (name: string) => header.indexOf(name);
  const cValue = col('value');
  if (cValue < 0) {
    err(headerLine, 'MISSING_VALUE_COLUMN', 'the header must name a value column');
    return { rows, errors };
  }
  const cReason = col('reason');
  const cExpires = col('expires_at');
  const cSource = col('source');
  const firstLine = new Map<string, number>();
  let count = 0;
  for (const r of records) {
    if (isBlank(r) && !r.error) continue;
    if (++count > MAX_CSV_ROWS) {
      err(r.line, 'TOO_MANY_ROWS', `a file may hold at most ${MAX_CSV_ROWS} rows; nothing from this line on was read`);
      break;
    }
    if (r.error) {
      err(r.line, 'BAD_QUOTE', r.error);
      continue;
    }
    const get = (c: number) => (c >= 0 ? unguard((r.fields[c] ?? '').trim()) : '');
    const value = get(cValue);
    if (value === '') {
      err(r.line, 'EMPTY_VALUE', 'value is empty');
      continue;
    }
    if (value.length > MAX_LIST_VALUE_LENGTH) {
      err(r.line, 'VALUE_TOO_LONG', `value is longer than ${MAX_LIST_VALUE_LENGTH} characters`);
      continue;
    }
    const row: ListCsvRow = { line: r.line, value };
    const expires = get(cExpires);
    if (expires !== '') {
      const iso = parseIsoDate(expires);
      if (!iso) {
        err(r.line, 'BAD_DATE', `expires_at ${JSON.stringify(expires)} is not an ISO 8601 date`);
        continue;
      }
      row.expiresAt = iso;
    }
    const first = firstLine.get(value);
    if (first !== undefined) {
      err(r.line, 'DUPLICATE_VALUE', `value already appears on line ${first}`);
      continue;
    }
    firstLine.set(value, r.line);
    const reason = get(cReason);
    const source = get(cSource);
    if (reason !== '') row.reason = reason;
    if (source !== '') row.source = source;
    rows.push(row);
  }
  return { rows, errors };
}

function unguard(s: string): string {
  return GUARDED.test(s) ? s.slice(1) : s;
}

/** ISO 8601 date or date-time → `toISOString`, or null; rejects impossible dates like 02-30. */
function parseIsoDate(s: string): string | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0'] = m;
  if (+mo! < 1 || +mo! > 12 || +h > 23 || +mi > 59 || +sec > 59) return null;
  const day = new Date(Date.UTC(+y!, +mo! - 1, +d!));
  if (day.getUTCDate() !== +d! || day.getUTCMonth() !== +mo! - 1) return null;
  let text = s.replace(' ', 'T');
  if (m[4] !== undefined && m[7] === undefined) text += 'Z';
  const t = Date.parse(text);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}
