import { CelEvalError } from './errors.ts';

/**
 * Per-evaluation services the engine supplies to rules: list lookups by list name.
 *
 * @example
 * const host: CelHost = {
 *   inList: (list, value) => blacklists.get(list)?.has(String(value)) ?? false,
 *   listEntry: () => null,
 *   nameMatch: () => 0,
 * };
 * compiled.evaluate(ctx, host);
 */
export interface CelHost {
  /** Whether `value` is an (unexpired) entry of list `list`. */
  inList(list: string, value: unknown): boolean;
  /** The entry of list `list` for `value` (reason, source, ...) or null. Must be a plain object. */
  listEntry(list: string, value: unknown): Record<string, unknown> | null;
  /** Best fuzzy similarity (0..1) of `name` against the entries of name list `list`. */
  nameMatch(list: string, name: string): number;
}

let currentHost: CelHost | undefined;

/**
 * Runs `fn` with `host` as the host seen by the library functions registered in cel-js, for the
 * interpreter. cel-js handlers cannot receive per-call arguments, and evaluation is synchronous,
 * so a module-level binding restored in `finally` cannot leak into another evaluation.
 */
export function withCurrentHost<T>(host: CelHost | undefined, fn: () => T): T {
  const previous = currentHost;
  currentHost = host;
  try {
    return fn();
  } finally {
    currentHost = previous;
  }
}

/** The host bound by {@link withCurrentHost}, for cel-js handlers. */
export function boundHost(): CelHost | undefined {
  return currentHost;
}

function requireHost(host: CelHost | undefined, fn: string): CelHost {
  if (host) return host;
  throw new CelEvalError('CEL_HOST', `${fn}() needs list access, but no host was supplied to the evaluation`);
}

function hostFailure(fn: string, list: string, error: unknown): CelEvalError {
  const detail = error instanceof Error ? error.message : String(error);
  return new CelEvalError('CEL_HOST', `${fn}('${list}') failed: ${detail}`, undefined, { cause: error });
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `inList(list, value)`: membership of a value in a named list, answered by the host. */
export function hostInList(host: CelHost | undefined, list: string, value: unknown): boolean {
  const h = requireHost(host, 'inList');
  let result: unknown;
  try {
    result = h.inList(list, value);
  } catch (error) {
    throw hostFailure('inList', list, error);
  }
  return result === true;
}

/**
 * `listEntry(list, value)`: the entry record or null. Only plain objects are accepted because rules
 * reach into the result with field selection, which must never see class instances or prototypes.
 */
export function hostListEntry(host: CelHost | undefined, list: string, value: unknown): Record<string, unknown> | null {
  const h = requireHost(host, 'listEntry');
  let result: unknown;
  try {
    result = h.listEntry(list, value);
  } catch (error) {
    throw hostFailure('listEntry', list, error);
  }
  if (result === null || result === undefined) return null;
  if (isPlainRecord(result)) return result;
  throw new CelEvalError('CEL_HOST', `listEntry('${list}') must return a plain object or null`);
}

/** `nameMatch(list, name)`: best similarity in [0, 1] as a double. */
export function hostNameMatch(host: CelHost | undefined, list: string, name: string): number {
  const h = requireHost(host, 'nameMatch');
  let result: unknown;
  try {
    result = h.nameMatch(list, name);
  } catch (error) {
    throw hostFailure('nameMatch', list, error);
  }
  if (typeof result !== 'number' || Number.isNaN(result)) {
    throw new CelEvalError('CEL_HOST', `nameMatch('${list}') must return a number`);
  }
  return result;
}
