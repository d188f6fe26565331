import { Duration } from '@marcbachmann/cel-js/evaluator';
import type { CelHost } from '../src/celHost.ts';
import { compileExpression, type CompiledExpression } from '../src/compileExpression.ts';
import { createCelEnvironment, type CelEnvironment } from '../src/environment.ts';
import { CelCompileError, CelEvalError } from '../src/errors.ts';
import { interpretExpression } from '../src/interpretExpression.ts';

/** Variables of the differential tests: every kind the compiler specialises on. */
export const DIFF_VARIABLES = {
  i: 'int',
  j: 'int',
  d: 'double',
  f: 'double',
  s: 'string',
  t: 'string',
  b: 'bool',
  ts: 'timestamp',
  ts2: 'timestamp',
  du: 'duration',
  li: 'list<int>',
  ld: 'list<double>',
  ls: 'list<string>',
  lx: 'list',
  m: 'map',
  ms: 'map<string, string>',
  mi: 'map<string, int>',
  x: 'dyn',
  y: 'dyn',
  ev: {
    amount: 'double',
    count: 'int',
    channel: 'string',
    ok: 'bool',
    tags: 'list<string>',
    at: 'timestamp',
    meta: 'map',
    geo: { lat: 'double', lon: 'double' },
  },
} as const;

let environment: CelEnvironment | undefined;
export function diffEnvironment(): CelEnvironment {
  environment ??= createCelEnvironment({ variables: DIFF_VARIABLES as never });
  return environment;
}

/** A deterministic host: lists are fixed sets, entries fixed records. */
export const FAKE_HOST: CelHost = {
  inList: (list, value) => list === 'bl' && (value === 'abc' || value === 1n || value === 'ECOM'),
  listEntry: (list, value) => (list === 'bl' && value === 'abc' ? { reason: 'fraud', score: 0.5, hits: 3n } : null),
  nameMatch: (list, name) => (list === 'names' ? Math.min(1, name.length / 10) : 0),
};

export type Outcome =
  | { kind: 'value'; value: unknown }
  | { kind: 'eval-error'; code: string; message: string }
  | { kind: 'compile-error'; code: string; message: string };

function outcome(run: () => unknown): Outcome {
  try {
    return { kind: 'value', value: run() };
  } catch (error) {
    if (error instanceof CelCompileError) return { kind: 'compile-error', code: error.code, message: error.message };
    if (error instanceof CelEvalError) return { kind: 'eval-error', code: error.code, message: error.message };
    throw error;
  }
}

function plain(v: unknown): unknown {
  // The interpreter returns schema objects as lazy Map wrappers; compare their loaded entries.
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of v) if (val !== undefined) out[String(k)] = plain(val);
    return out;
  }
  return v;
}

/** Deep equality that tells -0 from 0, treats NaN as equal to itself and compares BigInts exactly. */
export function sameValue(a: unknown, b: unknown): boolean {
  a = plain(a);
  b = plain(b);
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  if (a instanceof Duration || b instanceof Duration) {
    return a instanceof Duration && b instanceof Duration && a.seconds === b.seconds && a.nanos === b.nanos;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as never)[k], (b as never)[k]));
}

/** Compile-time refusals that are the compiler's own limits rather than CEL type errors. */
export const COMPILER_ONLY_REFUSALS = new Set([
  'CEL_UNSUPPORTED',
  'CEL_COST_EXCEEDED',
  'CEL_TOO_DEEP',
  'CEL_LITERAL_TOO_LARGE',
  'CEL_UNSAFE_REGEX',
  'CEL_INVALID_REGEX',
  'CEL_FORBIDDEN_NAME',
]);

export interface Comparison {
  agree: boolean;
  compiled: Outcome;
  interpreted: Outcome;
  /** The compiler refused an expression the interpreter accepts (allowed, but counted). */
  compilerRefused: boolean;
}

/** Compiles once; evaluates each context both ways and compares outcomes. */
export function compareOnContexts(source: string, contexts: Record<string, unknown>[], host: CelHost = FAKE_HOST): Comparison[] {
  const env = diffEnvironment();
  let compiled: CompiledExpression | undefined;
  const compileOutcome = outcome(() => (compiled = compileExpression(env, source)));
  return contexts.map((ctx) => {
    const interpreted = outcome(() => interpretExpression(env, source, ctx, host));
    if (compileOutcome.kind === 'compile-error') {
      if (interpreted.kind === 'compile-error') return { agree: true, compiled: compileOutcome, interpreted, compilerRefused: false };
      const refused = COMPILER_ONLY_REFUSALS.has(compileOutcome.code);
      return { agree: refused, compiled: compileOutcome, interpreted, compilerRefused: refused };
    }
    const result = outcome(() => compiled!.evaluate(ctx, host));
    let agree: boolean;
    if (result.kind === 'value' && interpreted.kind === 'value') agree = sameValue(result.value, interpreted.value);
    else if (result.kind === 'eval-error' && interpreted.kind === 'eval-error') agree = result.code === interpreted.code;
    else agree = false;
    return { agree, compiled: result, interpreted, compilerRefused: false };
  });
}
