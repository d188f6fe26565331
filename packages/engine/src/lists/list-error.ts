/** A list operation refused; `code` is stable (`LIST_VALUE`, `LIST_UNKNOWN`). */
export class ListError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ListError';
    this.code = code;
  }
}
