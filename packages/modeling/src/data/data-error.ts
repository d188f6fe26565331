/** What went wrong, as a stable code callers can branch on. */
export type DataErrorCode =
  | 'CSV_SYNTAX'
  | 'CSV_HEADER'
  | 'CSV_LIMIT'
  | 'CSV_VALUE'
  | 'COLUMN_NOT_FOUND'
  | 'COLUMN_TYPE'
  | 'TARGET_VALUE'
  | 'INVALID_ARGUMENT';

/** Where in the input the problem is: a CSV line and column (both 1-based), or a data row (0-based). */
export interface DataErrorDetails {
  line?: number;
  column?: number;
  columnName?: string;
  row?: number;
  value?: string;
}

/**
 * Thrown when data cannot be read or used as asked. The message names the place (line and column
 * of a CSV, or the row of a dataset) so a user can find and fix it; `details` carries the same
 * place as fields for programs.
 */
export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly details: DataErrorDetails;
  constructor(code: DataErrorCode, message: string, details: DataErrorDetails = {}) {
    super(message);
    this.name = 'DataError';
    this.code = code;
    this.details = details;
  }
}
