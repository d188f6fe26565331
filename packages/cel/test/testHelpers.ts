import { expect } from 'vitest';
import type { CelHost } from '../src/celHost.ts';
import { compileExpression } from '../src/compileExpression.ts';
import type { CelEnvironment } from '../src/environment.ts';
import { CelCompileError, CelEvalError } from '../src/errors.ts';
import { interpretExpression } from '../src/interpretExpression.ts';

/** Evaluates compiled and interpreted, asserts they agree, returns the value. */
export function evalBoth(env: CelEnvironment, source: string, ctx: Record<string, unknown> = {}, host?: CelHost): unknown {
  const compiled = compileExpression(env, source).evaluate(ctx, host);
  const interpreted = interpretExpression(env, source, ctx, host);
  expect(compiled).toEqual(interpreted);
  return compiled;
}

/** The error `fn` throws (failing the test if it does not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** Asserts compiled and interpreted evaluation both fail with `code`. */
export function expectEvalErrorBoth(env: CelEnvironment, source: string, ctx: Record<string, unknown>, code: string, host?: CelHost): void {
  const compiled = thrown(() => compileExpression(env, source).evaluate(ctx, host));
  const interpreted = thrown(() => interpretExpression(env, source, ctx, host));
  expect(compiled).toBeInstanceOf(CelEvalError);
  expect(interpreted).toBeInstanceOf(CelEvalError);
  expect((compiled as CelEvalError).code).toBe(code);
  expect((interpreted as CelEvalError).code).toBe(code);
}

/** The CelCompileError code of compiling `source`. */
export function compileErrorCode(env: CelEnvironment, source: string, opts?: Parameters<typeof compileExpression>[2]): string {
  const error = thrown(() => compileExpression(env, source, opts));
  expect(error).toBeInstanceOf(CelCompileError);
  return (error as CelCompileError).code;
}
