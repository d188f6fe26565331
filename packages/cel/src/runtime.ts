import { Duration } from '@marcbachmann/cel-js/evaluator';
import type { CelCandidates, CelRegistry, CelTypeDecl } from './celInternals.ts';
import type { CelHost } from './celHost.ts';
import { CelEvalError, toEvalError } from './errors.ts';
import { LIBRARY_BY_HANDLER } from './library.ts';
import { safeRegExp } from './regexSafety.ts';
import {
  celEquals,
  dynOk,
  inList,
  inMap,
  isPlainMap,
  isRecord,
  kindOf,
  mapSizeOf,
  unsupportedValue,
  type ValueKind,
} from './runtimeValues.ts';

// Everything generated code can reach lives in this file: the compiled function receives only the
// evaluation context, the host, this frozen object and its own constants.

const hasOwn = Object.hasOwn;
const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;

type MapValue = Record<string, unknown> | Map<unknown, unknown>;

/** An error caught where CEL absorbs errors (`&&`, `||`, exists/all), kept as a value. */
export class Thrown {
  constructor(readonly error: unknown) {}
}

function fail(code: CelEvalError['code'], message: string, pos?: number): never {
  throw new CelEvalError(code, message, pos);
}

function noKey(key: unknown, pos?: number): never {
  return fail('CEL_NO_SUCH_KEY', `No such key: ${String(key)}`, pos);
}

function noOverload(message: string, pos?: number): never {
  return fail('CEL_NO_SUCH_OVERLOAD', message, pos);
}

function costExceeded(what: string, pos?: number): never {
  return fail('CEL_COST_EXCEEDED', `Evaluation exceeded ${what}`, pos);
}

// --- type checks where data enters an expression --------------------------------------------
// Mirrors cel-js: a variable, map value, schema field, list item or loop variable must match its
// declared type, or evaluation fails; an absent variable or key is its own error.

type Test = (v: unknown) => boolean;

const TESTS: Record<string, Test> = {
  int: (v) => typeof v === 'bigint',
  double: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  list: (v) => Array.isArray(v),
  map: (v) => isRecord(v) || isPlainMap(v),
  timestamp: (v) => v instanceof Date,
  duration: (v) => v instanceof Duration,
  message: (v) => isRecord(v),
};

/** Schema objects may arrive as Map; compiled code reads them as plain objects. */
function asMessage(v: unknown): Record<string, unknown> | undefined {
  if (isRecord(v)) return v;
  if (isPlainMap(v)) return Object.fromEntries(v) as Record<string, unknown>;
  return undefined;
}

function describe(v: unknown): string {
  if (v instanceof Set) return unsupportedValue(v);
  return kindOf(v);
}

function mismatch(what: string, type: string, v: unknown, pos?: number): never {
  return fail('CEL_TYPE_MISMATCH', `${what} is not of type '${type}', got '${describe(v)}'`, pos);
}

type Mode = 'rd' | 'fd' | 'it' | 'li';

function makeChecker(kind: string, mode: Mode): (v: unknown, label: unknown, pos?: number) => unknown {
  const test = TESTS[kind];
  const typeName = kind;
  const what = (label: unknown) =>
    mode === 'rd' || mode === 'it' ? `Variable '${String(label)}'` : mode === 'fd' ? `Field '${String(label)}'` : `List item with index '${String(label)}'`;
  if (kind === 'dyn') {
    return (v, label, pos) => {
      if (v === undefined && mode === 'rd') return fail('CEL_UNKNOWN_VARIABLE', `Unknown variable: ${String(label)}`, pos);
      if (v === undefined && mode === 'fd') return noKey(label, pos);
      return dynOk(v);
    };
  }
  return (v, label, pos) => {
    if (test(v)) return v;
    if (v === undefined && mode === 'rd') return fail('CEL_UNKNOWN_VARIABLE', `Unknown variable: ${String(label)}`, pos);
    if (v === undefined && mode === 'fd') return noKey(label, pos);
    if (kind === 'message') {
      const converted = asMessage(v);
      if (converted) return converted;
    }
    return mismatch(what(label), typeName, v, pos);
  };
}

const KINDS = ['int', 'double', 'string', 'bool', 'null', 'list', 'map', 'timestamp', 'duration', 'message', 'dyn'];
const checkers: Record<string, unknown> = {};
for (const mode of ['rd', 'fd', 'it', 'li'] as const) {
  for (const kind of KINDS) checkers[`${mode}_${kind}`] = makeChecker(kind, mode);
}

// The hottest checks get dedicated functions so V8 inlines them without polymorphic calls.
function fdInt(v: unknown, key: string, pos?: number): bigint {
  if (typeof v === 'bigint') return v;
  if (v === undefined) return noKey(key, pos);
  return mismatch(`Field '${key}'`, 'int', v, pos);
}
function fdDouble(v: unknown, key: string, pos?: number): number {
  if (typeof v === 'number') return v;
  if (v === undefined) return noKey(key, pos);
  return mismatch(`Field '${key}'`, 'double', v, pos);
}
function fdString(v: unknown, key: string, pos?: number): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return noKey(key, pos);
  return mismatch(`Field '${key}'`, 'string', v, pos);
}
function fdBool(v: unknown, key: string, pos?: number): boolean {
  if (typeof v === 'boolean') return v;
  if (v === undefined) return noKey(key, pos);
  return mismatch(`Field '${key}'`, 'bool', v, pos);
}
function rdMessage(v: unknown, name: string, pos?: number): Record<string, unknown> {
  if (isRecord(v)) return v;
  if (v === undefined) return fail('CEL_UNKNOWN_VARIABLE', `Unknown variable: ${name}`, pos);
  return asMessage(v) ?? mismatch(`Variable '${name}'`, 'object', v, pos);
}
checkers.fd_int = fdInt;
checkers.fd_double = fdDouble;
checkers.fd_string = fdString;
checkers.fd_bool = fdBool;
checkers.rd_message = rdMessage;

// --- access ------------------------------------------------------------------------------------

const EMPTY_CONTEXT: Record<string, unknown> = Object.freeze(Object.create(null));

/** The evaluation context as a plain object; cel-js also accepts a Map or no context at all. */
function contextObject(ctx: unknown): Record<string, unknown> {
  if (ctx === undefined || ctx === null) return EMPTY_CONTEXT;
  if (typeof ctx !== 'object') throw new CelEvalError('CEL_TYPE_MISMATCH', 'Context must be an object');
  if (ctx instanceof Map) return Object.fromEntries(ctx) as Record<string, unknown>;
  return ctx as Record<string, unknown>;
}

/** Own property or undefined. */
function ownValue(o: Record<string, unknown>, key: string): unknown {
  return hasOwn(o, key) ? o[key] : undefined;
}

/** Map value lookup: own properties only, so prototypes are unreachable whatever the key. */
function mapGet(m: MapValue, key: unknown): unknown {
  if (m instanceof Map) return m.get(key);
  return hasOwn(m, key as PropertyKey) ? m[key as string] : undefined;
}

/** List element; index semantics as cel-js (an int, or via dyn an integral double). */
function listGet(list: unknown[], key: unknown, pos?: number): unknown {
  let k: number;
  if (typeof key === 'bigint') k = Number(key);
  else if (typeof key === 'number') k = key;
  else return noKey(key, pos);
  const v = Number.isInteger(k) && k >= 0 && k < list.length ? list[k] : undefined;
  if (v === undefined) {
    return fail('CEL_INDEX_OUT_OF_BOUNDS', `No such key: index out of bounds, index ${k} ${k < 0 ? '< 0' : `>= size ${list.length}`}`, pos);
  }
  return v;
}

/** Field or index access on a value of unknown type. */
function dynGet(o: unknown, key: unknown, pos?: number): unknown {
  if (o !== null && typeof o === 'object') {
    if (Array.isArray(o)) return dynOk(listGet(o, key, pos));
    if (isRecord(o)) {
      if (hasOwn(o, key as PropertyKey)) {
        const v = o[key as string];
        if (v !== undefined) return dynOk(v);
      }
      return noKey(key, pos);
    }
    if (isPlainMap(o)) {
      const v = o.get(key);
      if (v !== undefined) return dynOk(v);
      return noKey(key, pos);
    }
    // cel-js would read prototype members of timestamps/durations here; we refuse them.
    if (o instanceof Date || o instanceof Duration) return noKey(key, pos);
    return unsupportedValue(o);
  }
  return noKey(key, pos);
}

/** One step of `has(a.b.c)` on a value whose type is only known at run time. */
function hasStep(o: unknown, key: string): unknown {
  switch (typeof o) {
    case 'string':
    case 'bigint':
    case 'number':
    case 'boolean':
      return undefined;
    case 'object': {
      if (o === null || Array.isArray(o) || o instanceof Date || o instanceof Duration) return undefined;
      if (isRecord(o)) {
        const v = hasOwn(o, key) ? o[key] : undefined;
        return v === undefined ? undefined : dynOk(v);
      }
      if (isPlainMap(o)) {
        const v = o.get(key);
        return v === undefined ? undefined : dynOk(v);
      }
      return unsupportedValue(o);
    }
    default:
      return unsupportedValue(o);
  }
}

/** Map literal with computed keys, built like cel-js (reserved keys are dropped). */
function mapLiteral(kv: unknown[]): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < kv.length; i += 2) {
    const k = kv[i];
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    obj[k as string] = kv[i + 1];
  }
  return obj;
}

// --- arithmetic --------------------------------------------------------------------------------

function checkInt(r: bigint, pos?: number): bigint {
  if (r > MAX_INT || r < MIN_INT) return fail('CEL_OVERFLOW', `integer overflow: ${r}`, pos);
  return r;
}
const addInt = (a: bigint, b: bigint, pos?: number) => checkInt(a + b, pos);
const subInt = (a: bigint, b: bigint, pos?: number) => checkInt(a - b, pos);
const mulInt = (a: bigint, b: bigint, pos?: number) => checkInt(a * b, pos);
function divInt(a: bigint, b: bigint, pos?: number): bigint {
  if (b === 0n) return fail('CEL_DIVISION_BY_ZERO', 'division by zero', pos);
  // Like cel-js, MIN_INT / -1 is not range-checked.
  return a / b;
}
function modInt(a: bigint, b: bigint, pos?: number): bigint {
  if (b === 0n) return fail('CEL_DIVISION_BY_ZERO', 'modulo by zero', pos);
  return a % b;
}
function concatString(a: string, b: string, max: number, pos?: number): string {
  if (a.length + b.length > max) return costExceeded('maxConcatLength', pos);
  return a + b;
}
function concatList(a: unknown[], b: unknown[], max: number, pos?: number): unknown[] {
  if (a.length + b.length > max) return costExceeded('maxConcatLength', pos);
  return [...a, ...b];
}
const tsMinusTs = (a: Date, b: Date) => Duration.fromMilliseconds(a.getTime() - b.getTime());
const tsPlusDuration = (a: Date, b: Duration) => b.extendTimestamp(a);
const tsMinusDuration = (a: Date, b: Duration) => b.subtractTimestamp(a);
const durationPlus = (a: Duration, b: Duration) => a.addDuration(b);
const durationMinus = (a: Duration, b: Duration) => a.subtractDuration(b);
const eqTimestamp = (a: Date, b: Date) => a.getTime() === b.getTime();
const eqDuration = (a: Duration, b: Duration) => a.seconds === b.seconds && a.nanos === b.nanos;

function binaryOverload(a: unknown, op: string, b: unknown, pos?: number): never {
  return noOverload(`no such overload: ${kindOf(a)} ${op} ${kindOf(b)}`, pos);
}

function addDyn(a: unknown, b: unknown, max: number, pos?: number): unknown {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === kb) {
    switch (ka) {
      case 'int':
        return addInt(a as bigint, b as bigint, pos);
      case 'double':
        return (a as number) + (b as number);
      case 'string':
        return concatString(a as string, b as string, max, pos);
      case 'list':
        return concatList(a as unknown[], b as unknown[], max, pos);
      case 'duration':
        return durationPlus(a as Duration, b as Duration);
      default:
        break;
    }
  }
  if (ka === 'timestamp' && kb === 'duration') return tsPlusDuration(a as Date, b as Duration);
  if (ka === 'duration' && kb === 'timestamp') return (a as Duration).extendTimestamp(b as Date);
  return binaryOverload(a, '+', b, pos);
}

function subDyn(a: unknown, b: unknown, pos?: number): unknown {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === kb) {
    switch (ka) {
      case 'int':
        return subInt(a as bigint, b as bigint, pos);
      case 'double':
        return (a as number) - (b as number);
      case 'duration':
        return durationMinus(a as Duration, b as Duration);
      case 'timestamp':
        return tsMinusTs(a as Date, b as Date);
      default:
        break;
    }
  }
  if (ka === 'timestamp' && kb === 'duration') return tsMinusDuration(a as Date, b as Duration);
  return binaryOverload(a, '-', b, pos);
}

function mulDyn(a: unknown, b: unknown, pos?: number): unknown {
  const ka = kindOf(a);
  if (ka === kindOf(b)) {
    if (ka === 'int') return mulInt(a as bigint, b as bigint, pos);
    if (ka === 'double') return (a as number) * (b as number);
  }
  return binaryOverload(a, '*', b, pos);
}

function divDyn(a: unknown, b: unknown, pos?: number): unknown {
  const ka = kindOf(a);
  if (ka === kindOf(b)) {
    if (ka === 'int') return divInt(a as bigint, b as bigint, pos);
    if (ka === 'double') return (a as number) / (b as number);
  }
  return binaryOverload(a, '/', b, pos);
}

function modDyn(a: unknown, b: unknown, pos?: number): unknown {
  if (kindOf(a) === 'int' && kindOf(b) === 'int') return modInt(a as bigint, b as bigint, pos);
  return binaryOverload(a, '%', b, pos);
}

function negDyn(a: unknown, pos?: number): unknown {
  if (typeof a === 'bigint' || typeof a === 'number') return -a;
  return noOverload(`no such overload: -${kindOf(a)}`, pos);
}

function notDyn(a: unknown, pos?: number): boolean {
  if (typeof a === 'boolean') return !a;
  return noOverload(`no such overload: !${kindOf(a)}`, pos);
}

const ORDERED = new Set<ValueKind>(['bool', 'int', 'double', 'string', 'timestamp', 'duration']);
function checkOrdered(a: unknown, b: unknown, op: string, pos?: number): void {
  const ka = kindOf(a);
  const kb = kindOf(b);
  const ok = ka === kb ? ORDERED.has(ka) : (ka === 'int' && kb === 'double') || (ka === 'double' && kb === 'int');
  if (!ok) binaryOverload(a, op, b, pos);
}
// JS relational operators on these kinds are exactly cel-js's overloads (`(a, b) => a < b`),
// including exact bigint/number comparison and Date/Duration via valueOf.
type Ord = number;
const ltDyn = (a: unknown, b: unknown, pos?: number) => (checkOrdered(a, b, '<', pos), (a as Ord) < (b as Ord));
const leDyn = (a: unknown, b: unknown, pos?: number) => (checkOrdered(a, b, '<=', pos), (a as Ord) <= (b as Ord));
const gtDyn = (a: unknown, b: unknown, pos?: number) => (checkOrdered(a, b, '>', pos), (a as Ord) > (b as Ord));
const geDyn = (a: unknown, b: unknown, pos?: number) => (checkOrdered(a, b, '>=', pos), (a as Ord) >= (b as Ord));

function inDyn(a: unknown, b: unknown, pos?: number): boolean {
  const kb = kindOf(b);
  if (kb === 'list') return inList(a, b as unknown[]);
  if (kb === 'map') return inMap(a, b as MapValue);
  return binaryOverload(a, 'in', b, pos);
}

// --- logic -------------------------------------------------------------------------------------
// cel-js evaluates `l && r` as: l's error is absorbed when r is false; r's error propagates;
// a non-bool operand is an error. A left-nested chain is folded left to right with the state
// being a boolean, a Thrown error, or (first operand only) a non-bool value.

function operandError(v: unknown): Thrown {
  return new Thrown(new CelEvalError('CEL_NO_SUCH_OVERLOAD', `Logical operator requires bool operands, got '${describe(v)}'`));
}

function andStep(s: unknown, r: unknown): unknown {
  if (s === true) return r === true || r === false || r instanceof Thrown ? r : operandError(r);
  if (r === false) return false;
  if (r === true) return s instanceof Thrown ? s : operandError(s);
  return r instanceof Thrown ? r : operandError(r);
}

function orStep(s: unknown, r: unknown): unknown {
  if (s === false) return r === true || r === false || r instanceof Thrown ? r : operandError(r);
  if (r === true) return true;
  if (r === false) return s instanceof Thrown ? s : operandError(s);
  return r instanceof Thrown ? r : operandError(r);
}

function logicEnd(s: unknown): boolean {
  if (s === true || s === false) return s;
  throw s instanceof Thrown ? s.error : operandError(s).error;
}

function conditionError(c: unknown, label: string, pos?: number): CelEvalError {
  return new CelEvalError('CEL_NO_SUCH_OVERLOAD', `${label}, got '${describe(c)}'`, pos);
}

function condition(c: unknown, pos?: number): boolean {
  if (c === true || c === false) return c;
  throw conditionError(c, 'Ternary condition must be bool', pos);
}

function predicateError(c: unknown, macro: string, pos?: number): CelEvalError {
  return conditionError(c, `${macro} predicate must return bool`, pos);
}

// --- collections, strings ----------------------------------------------------------------------

/** Items a comprehension iterates: list elements or map keys. */
function iterate(v: unknown, pos?: number): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Set) return unsupportedValue(v);
  if (v instanceof Map) return [...v.keys()];
  if (v !== null && typeof v === 'object') return Object.keys(v);
  return noOverload(`Expression of type '${kindOf(v)}' cannot be range of a comprehension (must be list, map, or dynamic).`, pos);
}

function mapKeys(m: MapValue): unknown[] {
  return m instanceof Map ? [...m.keys()] : Object.keys(m);
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** Code points, as CEL's size() counts strings (a lone surrogate counts as one). */
function stringLength(s: string): number {
  // Without a high surrogate every UTF-16 unit is a code point; the regex scan is much faster
  // than the loop below, which only strings with astral characters need.
  if (!HIGH_SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function matchesDyn(s: string, pattern: string): boolean {
  return safeRegExp(pattern).test(s);
}

// --- dynamic function dispatch -----------------------------------------------------------------

function baseType(reg: CelRegistry, v: unknown): CelTypeDecl {
  switch (kindOf(v)) {
    case 'string':
      return reg.getType('string');
    case 'int':
      return reg.getType('int');
    case 'double':
      return reg.getType('double');
    case 'bool':
      return reg.getType('bool');
    case 'null':
      return reg.getType('null');
    case 'list':
      return reg.getType('list');
    case 'map':
      return reg.getType('map');
    case 'timestamp':
      return reg.objectTypesByConstructor.get(Date)!.type;
    case 'duration':
      return reg.objectTypesByConstructor.get(Duration)!.type;
  }
}

/** cel-js's debugTypeDeep: lists and maps are typed by their first element. */
function deepType(reg: CelRegistry, v: unknown): CelTypeDecl {
  const t = baseType(reg, v);
  if (t.kind === 'list') {
    const first = (v as unknown[])[0];
    return first === undefined ? t : reg.getListType(deepType(reg, first));
  }
  if (t.kind === 'map') {
    let entry: [unknown, unknown] | undefined;
    if (v instanceof Map) entry = v.entries().next().value;
    else {
      const key = Object.keys(v as object)[0];
      if (key !== undefined) entry = [key, (v as Record<string, unknown>)[key]];
    }
    if (!entry) return t;
    return reg.getMapType(
      t.keyType!.hasDynType ? deepType(reg, entry[0]) : t.keyType!,
      t.valueType!.hasDynType ? deepType(reg, entry[1]) : t.valueType!,
    );
  }
  return t;
}

const MATCHES_SIGNATURE = 'string.matches(string): bool';

/**
 * A call whose overload depends on run-time types: resolved with cel-js's own overload resolution
 * over the same candidates, so the choice (and the error when none fits) matches the interpreter.
 */
function callDyn(
  candidates: CelCandidates,
  staticTypes: readonly (CelTypeDecl | null)[],
  host: CelHost | undefined,
  args: unknown[],
  isMethod: boolean,
  name: string,
  pos?: number,
): unknown {
  const reg = candidates.registry;
  const types = staticTypes.map((t, i) => t ?? deepType(reg, args[i]));
  const decl = isMethod ? candidates.findFunction(types.slice(1), types[0]) : candidates.findFunction(types);
  if (!decl) {
    const shown = types.map((t) => t.name);
    const label = isMethod ? `${shown[0]}.${name}(${shown.slice(1).join(', ')})` : `${name}(${shown.join(', ')})`;
    return noOverload(`found no matching overload for '${label}'`, pos);
  }
  const lib = LIBRARY_BY_HANDLER.get(decl.handler);
  if (lib) return lib.usesHost ? (lib.impl as (...a: unknown[]) => unknown)(host, ...args) : (lib.impl as (...a: unknown[]) => unknown)(...args);
  if (decl.signature === MATCHES_SIGNATURE) return matchesDyn(args[0] as string, args[1] as string);
  return decl.handler(...args);
}

/**
 * The helpers generated code may call. Frozen, and the only object besides the context, the host
 * and the expression's own constants that compiled code can reach.
 */
export const RUNTIME = Object.freeze({
  ...checkers,
  hasOwn,
  ownValue,
  ObjectPrototype: Object.prototype,
  BigInt,
  Thrown,
  mapGet,
  listGet,
  dynGet,
  hasStep,
  mapLiteral,
  addInt,
  subInt,
  mulInt,
  divInt,
  modInt,
  concatString,
  concatList,
  tsMinusTs,
  tsPlusDuration,
  tsMinusDuration,
  durationPlus,
  durationMinus,
  eqTimestamp,
  eqDuration,
  celEquals,
  inList,
  inMap,
  inDyn,
  addDyn,
  subDyn,
  mulDyn,
  divDyn,
  modDyn,
  negDyn,
  notDyn,
  ltDyn,
  leDyn,
  gtDyn,
  geDyn,
  andStep,
  orStep,
  logicEnd,
  condition,
  predicateError,
  iterate,
  mapKeys,
  stringLength,
  mapSize: mapSizeOf,
  matchesDyn,
  callDyn,
  costExceeded,
  noSuchKey: noKey,
  contextObject,
  toEvalError,
});

export type RuntimeHelpers = typeof RUNTIME;
