import type { ParseResult } from '@marcbachmann/cel-js';
import { withCurrentHost, type CelHost } from './celHost.ts';
import type { CelEnvironment } from './environment.ts';
import { toCompileError, toEvalError } from './errors.ts';

const MAX_CACHED = 1000;
const parsedByEnvironment = new WeakMap<CelEnvironment, Map<string, ParseResult>>();

function parsedExpression(env: CelEnvironment, source: string): ParseResult {
  let cache = parsedByEnvironment.get(env);
  if (!cache) {
    cache = new Map();
    parsedByEnvironment.set(env, cache);
  }
  let parsed = cache.get(source);
  if (!parsed) {
    try {
      parsed = env.cel.parse(source);
    } catch (error) {
      throw toCompileError(error, source);
    }
    const checked = parsed.check();
    if (!checked.valid) throw toCompileError(checked.error, source);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(source, parsed);
  }
  return parsed;
}

/**
 * Evaluates with cel-js's interpreter on the same environment: the reference semantics compiled
 * code is tested against, and the baseline of the benchmark. Parse and type errors throw
 * CelCompileError, runtime errors CelEvalError (same codes as compiled code).
 *
 * @example
 * interpretExpression(env, 'event.amount > 5000.0', { event: { amount: 7000 } }); // true
 */
export function interpretExpression(env: CelEnvironment, source: string, ctx: Record<string, unknown>, host?: CelHost): unknown {
  const parsed = parsedExpression(env, source);
  try {
    return withCurrentHost(host, () => parsed(ctx));
  } catch (error) {
    throw toEvalError(error);
  }
}
