/**
 * A logistic fit refused: `INVALID_INPUT` (shapes, non-finite values, a single class),
 * `SINGULAR_MATRIX` (a column is constant or a linear combination of others), or `SEPARATION`
 * (only with `onSeparation: 'error'`: the classes are perfectly separated, so the maximum
 * likelihood estimate does not exist).
 */
export class LogisticFitError extends Error {
  readonly code: 'INVALID_INPUT' | 'SINGULAR_MATRIX' | 'SEPARATION';
  /** The offending variable, when one is known. */
  readonly variable?: string;
  constructor(code: LogisticFitError['code'], message: string, variable?: string) {
    super(message);
    this.name = 'LogisticFitError';
    this.code = code;
    if (variable !== undefined) this.variable = variable;
  }
}
