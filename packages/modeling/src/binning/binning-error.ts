/** What went wrong, as a stable code callers can branch on. */
export type BinningErrorCode = 'LENGTH_MISMATCH' | 'TARGET_VALUE' | 'TARGET_ONE_CLASS' | 'INVALID_OPTION' | 'INVALID_BREAKS' | 'INVALID_GROUPS';

/** Thrown when a binning cannot be computed as asked: bad inputs or options, never bad luck in the data. */
export class BinningError extends Error {
  readonly code: BinningErrorCode;
  constructor(code: BinningErrorCode, message: string) {
    super(message);
    this.name = 'BinningError';
    this.code = code;
  }
}
