import { csvRecords, isBlank } from '@vigil/engine';

/** Limits of a case import: the body (bytes) and the data rows. */
export const CASE_IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const CASE_IMPORT_MAX_ROWS = 5000;
/** At most this many row errors are returned (all are counted). */
export const CASE_IMPORT_MAX_ERRORS = 1000;

/** The columns of a case import file; names are matched without regard to case, `_` or `-`. */
export const CASE_IMPORT_COLUMNS = ['type', 'subjectType', 'subjectKey', 'subjectDisplay', 'title', 'amount', 'currency', 'priority', 'typology', 'dueAt', 'orgId'] as const;
export type CaseImportColumn = (typeof CASE_IMPORT_COLUMNS)[number];
export const CASE_IMPORT_REQUIRED: readonly CaseImportColumn[] = ['type', 'subjectType', 'subjectKey', 'title'];

/** A problem of one row (or of the file, on line 1), with the column at fault when there is one. */
export interface CaseImportError {
  line: number;
  column?: string;
  code: string;
  message: string;
}

export interface CaseImportRow {
  line: number;
  values: Partial<Record<CaseImportColumn, string>>;
}

const canonical = (name: string) => name.trim().toLowerCase().replace(/[_\-\s]/g, '');
const BY_NAME = new Map(CASE_IMPORT_COLUMNS.map((c) => [canonical(c), c]));

/**
 * Splits a case import file (RFC 4180 CSV with a header) into rows keyed by column. The header
 * must name every required column and no unknown one (a misspelt column would otherwise be ignored
 * silently); such problems are `fileErrors` and no row is read. A row with a broken quote or more
 * cells than the header is an error of its own; blank lines are skipped; cells are trimmed.
 * Past {@link CASE_IMPORT_MAX_ROWS} data rows, `tooManyRows` is set and reading stops.
 *
 * @example parseCaseImport('type,subjectType,subjectKey,title\nfraud_investigation,customer,c-1,Mule\n').rows
 * // [{line: 2, values: {type: 'fraud_investigation', subjectType: 'customer', subjectKey: 'c-1', title: 'Mule'}}]
 */
export function parseCaseImport(text: string): { rows: CaseImportRow[]; errors: CaseImportError[]; fileErrors: CaseImportError[]; tooManyRows: boolean } {
  const rows: CaseImportRow[] = [];
  const errors: CaseImportError[] = [];
  const fileErrors: CaseImportError[] = [];
  const records = csvRecords(text);
  let header: Array<CaseImportColumn | undefined> | null = null;
  for (let next = records.next(); !next.done; next = records.next()) {
    const r = next.value;
    if (isBlank(r) && !r.error) continue;
    if (!header) {
      if (r.error) {
        fileErrors.push({ line: r.line, code: 'BAD_QUOTE', message: `the header: ${r.error}` });
        break;
      }
      header = r.fields.map((f) => BY_NAME.get(canonical(f)));
      r.fields.forEach((f, i) => {
        if (!header![i]) fileErrors.push({ line: r.line, column: f, code: 'UNKNOWN_COLUMN', message: `"${f}" is not a column of a case import (columns: ${CASE_IMPORT_COLUMNS.join(', ')})` });
        else if (header!.indexOf(header![i]) !== i) fileErrors.push({ line: r.line, column: f, code: 'DUPLICATE_COLUMN', message: `the column ${header![i]} is named twice` });
      });
      for (const c of CASE_IMPORT_REQUIRED) if (!header.includes(c)) fileErrors.push({ line: r.line, column: c, code: 'MISSING_COLUMN', message: `the header must name the column ${c}` });
      if (fileErrors.length) break;
      continue;
    }
    if (rows.length + errors.length >= CASE_IMPORT_MAX_ROWS) return { rows, errors, fileErrors, tooManyRows: true };
    if (r.error) {
      errors.push({ line: r.line, code: 'BAD_QUOTE', message: r.error });
      continue;
    }
    if (r.fields.length > header.length) {
      errors.push({ line: r.line, code: 'TOO_MANY_CELLS', message: `the row has ${r.fields.length} cells, the header ${header.length}` });
      continue;
    }
    const values: CaseImportRow['values'] = {};
    r.fields.forEach((f, i) => {
      const v = f.trim();
      if (v !== '') values[header![i]!] = v;
    });
    rows.push({ line: r.line, values });
  }
  if (!header && !fileErrors.length) fileErrors.push({ line: 1, code: 'MISSING_HEADER', message: `the file is empty: the first line must be a header naming ${CASE_IMPORT_REQUIRED.join(', ')}` });
  return { rows, errors, fileErrors, tooManyRows: false };
}
