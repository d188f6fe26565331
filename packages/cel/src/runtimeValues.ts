import { Duration } from '@marcbachmann/cel-js/evaluator';
import { CelEvalError } from './errors.ts';

const getProto = Object.getPrototypeOf;
const OBJECT_PROTO = Object.prototype;
const MAP_PROTO = Map.prototype;
const hasOwn = Object.hasOwn;

/** Runtime kinds of CEL values as compiled code represents them. */
export type ValueKind = 'string' | 'int' | 'double' | 'bool' | 'null' | 'list' | 'map' | 'timestamp' | 'duration';

/** A plain object (literal or null-prototype): the only objects treated as CEL maps besides Map. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = getProto(v);
  return proto === OBJECT_PROTO || proto === null;
}

/** A JS Map used as a CEL map (exact Map, not a subclass). */
export function isPlainMap(v: unknown): v is Map<unknown, unknown> {
  return v instanceof Map && getProto(v) === MAP_PROTO;
}

export function unsupportedValue(v: unknown): never {
  const what = v === undefined ? 'undefined' : typeof v === 'object' ? (v as object).constructor?.name ?? 'object' : typeof v;
  throw new CelEvalError('CEL_UNSUPPORTED_VALUE', `Unsupported value type in evaluation context: ${what}`);
}

/**
 * The CEL kind of a runtime value. Values compiled code cannot represent faithfully (Set, bytes,
 * uint, class instances, functions) are refused rather than guessed at.
 */
export function kindOf(v: unknown): ValueKind {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return 'list';
      if (isRecord(v) || isPlainMap(v)) return 'map';
      if (v instanceof Date) return 'timestamp';
      if (v instanceof Duration) return 'duration';
      break;
    default:
      break;
  }
  return unsupportedValue(v);
}

/** Accepts any representable CEL value, as cel-js's `dyn` type check does. */
export function dynOk<T>(v: T): T {
  switch (typeof v) {
    case 'string':
    case 'bigint':
    case 'number':
    case 'boolean':
      return v;
    case 'object':
      if (v === null || Array.isArray(v) || isRecord(v) || isPlainMap(v) || v instanceof Date || v instanceof Duration) return v;
      break;
    default:
      break;
  }
  return unsupportedValue(v);
}

/** Entries of a map value. */
export function mapSizeOf(m: Record<string, unknown> | Map<unknown, unknown>): number {
  return m instanceof Map ? m.size : Object.keys(m).length;
}

function eqList(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!celEquals(a[i], b[i])) return false;
  return true;
}

function eqMap(a: Record<string, unknown> | Map<unknown, unknown>, b: Record<string, unknown> | Map<unknown, unknown>): boolean {
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) if (!(b.has(key) && celEquals(value, b.get(key)))) return false;
    return true;
  }
  if (a instanceof Map || b instanceof Map) {
    const map = (a instanceof Map ? a : b) as Map<unknown, unknown>;
    const obj = (a instanceof Map ? b : a) as Record<string, unknown>;
    if (map.size !== Object.keys(obj).length) return false;
    for (const [key, value] of map) {
      if (!(hasOwn(obj, key as PropertyKey) && celEquals(value, obj[key as string]))) return false;
    }
    return true;
  }
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  for (const key of keysA) if (!(hasOwn(b, key) && celEquals(a[key], b[key]))) return false;
  return true;
}

/**
 * CEL equality as cel-js implements it: int and double compare numerically, values of different
 * kinds are unequal (not an error), lists and maps compare element-wise.
 */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  switch (typeof a) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return false;
    case 'bigint':
      // Mixed bigint/number == compares mathematically, which is CEL's numeric equality.
      return typeof b === 'number' ? (a as unknown) == (b as unknown) : false; // eslint-disable-line eqeqeq
    case 'number':
      return typeof b === 'bigint' ? (a as unknown) == (b as unknown) : false; // eslint-disable-line eqeqeq
    case 'object': {
      if (typeof b !== 'object') return false;
      const ka = kindOf(a);
      if (ka !== kindOf(b)) return false;
      switch (ka) {
        case 'list':
          return eqList(a as unknown[], b as unknown[]);
        case 'map':
          return eqMap(a as Record<string, unknown>, b as Record<string, unknown>);
        case 'timestamp':
          return (a as Date).getTime() === (b as Date).getTime();
        case 'duration':
          return (a as Duration).seconds === (b as Duration).seconds && (a as Duration).nanos === (b as Duration).nanos;
        default:
          return false;
      }
    }
    default:
      throw new CelEvalError('CEL_UNSUPPORTED_VALUE', `Cannot compare values of type ${typeof a}`);
  }
}

/** `v in list`. */
export function inList(v: unknown, list: unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (celEquals(v, list[i])) return true;
  return false;
}

/** `k in map`: own keys only, a key mapped to undefined counts as absent (as in cel-js). */
export function inMap(k: unknown, m: Record<string, unknown> | Map<unknown, unknown>): boolean {
  if (m instanceof Map) return m.get(k) !== undefined;
  return hasOwn(m, k as PropertyKey) ? m[k as string] !== undefined : false;
}

