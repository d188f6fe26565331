import { EvaluationError, ParseError, TypeError as CelTypeError } from '@marcbachmann/cel-js';

/**
 * Stable codes of {@link CelCompileError}. Callers (the strategy editor, the API) switch on these,
 * so they never change meaning; new situations get new codes.
 */
export type CelCompileErrorCode =
  | 'CEL_SYNTAX'
  | 'CEL_TYPE'
  | 'CEL_SOURCE_TOO_LARGE'
  | 'CEL_TOO_DEEP'
  | 'CEL_LITERAL_TOO_LARGE'
  | 'CEL_FORBIDDEN_NAME'
  | 'CEL_COST_EXCEEDED'
  | 'CEL_UNKNOWN_FUNCTION'
  | 'CEL_UNSUPPORTED'
  | 'CEL_INVALID_REGEX'
  | 'CEL_UNSAFE_REGEX';

/**
 * Stable codes of {@link CelEvalError}. The engine records them as rule errors.
 */
export type CelEvalErrorCode =
  | 'CEL_NO_SUCH_KEY'
  | 'CEL_INDEX_OUT_OF_BOUNDS'
  | 'CEL_DIVISION_BY_ZERO'
  | 'CEL_OVERFLOW'
  | 'CEL_NO_SUCH_OVERLOAD'
  | 'CEL_UNKNOWN_VARIABLE'
  | 'CEL_TYPE_MISMATCH'
  | 'CEL_CONVERSION'
  | 'CEL_INVALID_REGEX'
  | 'CEL_UNSAFE_REGEX'
  | 'CEL_UNSUPPORTED_VALUE'
  | 'CEL_INVALID_ARGUMENT'
  | 'CEL_HOST'
  | 'CEL_COST_EXCEEDED'
  | 'CEL_EVAL'
  | 'CEL_INTERNAL';

/** Line and column (1-based) of a character offset, for messages an analyst can act on. */
export function lineColumn(source: string, position: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  const end = Math.min(position, source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/**
 * A rule that cannot be compiled: bad syntax, a type error, a forbidden name or a limit exceeded.
 *
 * @example
 * try { compileExpression(env, 'event.amount > "x"') }
 * catch (e) { if (e instanceof CelCompileError) console.log(e.code, e.position) } // CEL_TYPE 13
 */
export class CelCompileError extends Error {
  override readonly name = 'CelCompileError';
  readonly code: CelCompileErrorCode;
  /** Character offset in the source, when known. */
  readonly position?: number;
  readonly line?: number;
  readonly column?: number;

  constructor(code: CelCompileErrorCode, summary: string, source?: string, position?: number, options?: { cause?: unknown }) {
    const where = source !== undefined && position !== undefined ? lineColumn(source, position) : undefined;
    super(where ? `${summary} (at line ${where.line}, column ${where.column})` : summary, options);
    this.code = code;
    if (position !== undefined) this.position = position;
    if (where) {
      this.line = where.line;
      this.column = where.column;
    }
  }
}

/**
 * A CEL runtime error (missing key, division by zero, overflow, no such overload, ...). Thrown by
 * compiled and interpreted evaluation alike; the engine records it as a rule error.
 *
 * @example
 * try { compiled.evaluate({ event: {} }) }
 * catch (e) { if (e instanceof CelEvalError) console.log(e.code) } // CEL_NO_SUCH_KEY
 */
export class CelEvalError extends Error {
  override readonly name = 'CelEvalError';
  readonly code: CelEvalErrorCode;
  /** Character offset of the failing sub-expression, when known. */
  readonly position?: number;

  constructor(code: CelEvalErrorCode, message: string, position?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    if (position !== undefined) this.position = position;
  }
}

const EVAL_CODES: Record<string, CelEvalErrorCode> = {
  no_such_key: 'CEL_NO_SUCH_KEY',
  index_out_of_bounds: 'CEL_INDEX_OUT_OF_BOUNDS',
  index_out_of_range: 'CEL_INDEX_OUT_OF_BOUNDS',
  division_by_zero: 'CEL_DIVISION_BY_ZERO',
  modulo_by_zero: 'CEL_DIVISION_BY_ZERO',
  numeric_overflow: 'CEL_OVERFLOW',
  no_such_overload: 'CEL_NO_SUCH_OVERLOAD',
  no_matching_overload: 'CEL_NO_SUCH_OVERLOAD',
  invalid_logical_operand: 'CEL_NO_SUCH_OVERLOAD',
  invalid_condition_type: 'CEL_NO_SUCH_OVERLOAD',
  invalid_comprehension_range: 'CEL_NO_SUCH_OVERLOAD',
  unknown_variable: 'CEL_UNKNOWN_VARIABLE',
  variable_type_mismatch: 'CEL_TYPE_MISMATCH',
  field_type_mismatch: 'CEL_TYPE_MISMATCH',
  list_item_type_mismatch: 'CEL_TYPE_MISMATCH',
  invalid_list_element_type: 'CEL_TYPE_MISMATCH',
  invalid_context: 'CEL_TYPE_MISMATCH',
  bool_conversion_error: 'CEL_CONVERSION',
  double_conversion_error: 'CEL_CONVERSION',
  int_conversion_error: 'CEL_CONVERSION',
  uint_conversion_error: 'CEL_CONVERSION',
  invalid_timestamp: 'CEL_CONVERSION',
  invalid_duration: 'CEL_CONVERSION',
  invalid_regular_expression: 'CEL_INVALID_REGEX',
  unsupported_type: 'CEL_UNSUPPORTED_VALUE',
  invalid_comparison_type: 'CEL_UNSUPPORTED_VALUE',
};

/**
 * Normalises anything thrown during evaluation (ours, cel-js's, or a JS engine error such as an
 * invalid time zone) into a CelEvalError so callers handle exactly one error type.
 */
export function toEvalError(error: unknown): CelEvalError {
  if (error instanceof CelEvalError) return error;
  if (error instanceof EvaluationError) {
    const code = EVAL_CODES[error.code] ?? 'CEL_EVAL';
    return new CelEvalError(code, error.summary, error.range?.start, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CelEvalError('CEL_INTERNAL', message, undefined, { cause: error });
}

/** The cel-js error code behind an error, used to map parse/type errors to our codes. */
function celCode(error: unknown): string | undefined {
  return error instanceof ParseError || error instanceof CelTypeError || error instanceof EvaluationError
    ? error.code
    : undefined;
}

/** Maps a cel-js parse or type-check error to a CelCompileError. */
export function toCompileError(error: unknown, source: string): CelCompileError {
  if (error instanceof CelCompileError) return error;
  const code = celCode(error);
  const summary =
    error instanceof ParseError || error instanceof CelTypeError || error instanceof EvaluationError
      ? error.summary
      : error instanceof Error
        ? error.message
        : String(error);
  const position =
    error instanceof ParseError || error instanceof CelTypeError || error instanceof EvaluationError
      ? error.range?.start
      : undefined;
  if (error instanceof ParseError) {
    if (code === 'limit_exceeded') {
      const kind = /maxDepth/.test(summary)
        ? 'CEL_TOO_DEEP'
        : /maxListElements|maxMapEntries/.test(summary)
          ? 'CEL_LITERAL_TOO_LARGE'
          : 'CEL_COST_EXCEEDED';
      return new CelCompileError(kind, `Expression exceeds a structural limit: ${summary}`, source, position, { cause: error });
    }
    if (code === 'reserved_identifier' && /__|prototype|constructor/.test(summary)) {
      return new CelCompileError('CEL_FORBIDDEN_NAME', `Forbidden name: ${summary}`, source, position, { cause: error });
    }
    return new CelCompileError('CEL_SYNTAX', `Syntax error: ${summary}`, source, position, { cause: error });
  }
  if (error instanceof CelTypeError) {
    return new CelCompileError('CEL_TYPE', `Type error: ${summary}`, source, position, { cause: error });
  }
  return new CelCompileError('CEL_TYPE', `Invalid expression: ${summary}`, source, position, { cause: error });
}
