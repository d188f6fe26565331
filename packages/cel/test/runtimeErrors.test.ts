import { Duration } from '@marcbachmann/cel-js/evaluator';
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../src/compileExpression.ts';
import { createCelEnvironment } from '../src/environment.ts';
import { CelEvalError } from '../src/errors.ts';
import { evalBoth, expectEvalErrorBoth, thrown } from './testHelpers.ts';

const env = createCelEnvironment({
  variables: {
    event: { amount: 'double', count: 'int', geo: { lat: 'double' } },
    i: 'int',
    j: 'int',
    x: 'dyn',
    l: 'list<int>',
    m: 'map<string, int>',
    s: 'string',
  },
});

describe('runtime errors are CelEvalError with a code', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['event.amount > 1.0', { event: {} }, 'CEL_NO_SUCH_KEY'],
    ['m.missing > 1', { m: {} }, 'CEL_NO_SUCH_KEY'],
    ['x.a.b', { x: { a: {} } }, 'CEL_NO_SUCH_KEY'],
    ['has(x.a.b)', { x: {} }, 'CEL_NO_SUCH_KEY'],
    ['i / j', { i: 1n, j: 0n }, 'CEL_DIVISION_BY_ZERO'],
    ['i % j', { i: 1n, j: 0n }, 'CEL_DIVISION_BY_ZERO'],
    ['i + 1', { i: 9223372036854775807n }, 'CEL_OVERFLOW'],
    ['i * j', { i: 4611686018427387904n, j: 2n }, 'CEL_OVERFLOW'],
    ['l[3]', { l: [1n] }, 'CEL_INDEX_OUT_OF_BOUNDS'],
    ['x + 1', { x: 'a' }, 'CEL_NO_SUCH_OVERLOAD'],
    ['x && true', { x: 1n }, 'CEL_NO_SUCH_OVERLOAD'],
    ['x ? 1 : 2', { x: 'yes' }, 'CEL_NO_SUCH_OVERLOAD'],
    ['size(x)', { x: 3n }, 'CEL_NO_SUCH_OVERLOAD'],
    ['i + 1', {}, 'CEL_UNKNOWN_VARIABLE'],
    ['i + 1', { i: 1 }, 'CEL_TYPE_MISMATCH'],
    ['event.count + 1', { event: { count: 1 } }, 'CEL_TYPE_MISMATCH'],
    ['event.geo.lat', { event: { geo: 'x' } }, 'CEL_TYPE_MISMATCH'],
    ['l.exists(v, v > 1)', { l: ['1'] }, 'CEL_TYPE_MISMATCH'],
    ["int('x')", {}, 'CEL_CONVERSION'],
    ['x.a', { x: { a: () => 1 } }, 'CEL_UNSUPPORTED_VALUE'],
    ['x == x', { x: new (class Secret {})() }, 'CEL_UNSUPPORTED_VALUE'],
  ])('%s (context %#) -> %s', (source, ctx, code) => {
    expectEvalErrorBoth(env, source, ctx, code);
  });

  it('errors inside && / || / exists / all are absorbed as in CEL', () => {
    expect(evalBoth(env, 'i / j > 1 && false', { i: 1n, j: 0n })).toBe(false);
    expect(evalBoth(env, 'i / j > 1 || true', { i: 1n, j: 0n })).toBe(true);
    expect(evalBoth(env, 'l.exists(v, 10 / v > 1)', { l: [0n, 2n] })).toBe(true);
    expect(evalBoth(env, 'l.all(v, 10 / v > 100)', { l: [0n, 2n] })).toBe(false);
    expectEvalErrorBoth(env, 'l.all(v, 10 / v > 1)', { l: [0n, 2n] }, 'CEL_DIVISION_BY_ZERO');
    expectEvalErrorBoth(env, 'l.map(v, 10 / v)', { l: [2n, 0n] }, 'CEL_DIVISION_BY_ZERO');
  });

  it('the first error in evaluation order wins (call arguments and list items right to left)', () => {
    expectEvalErrorBoth(env, '[i / j, m.nope]', { i: 1n, j: 0n, m: {} }, 'CEL_NO_SUCH_KEY');
    expectEvalErrorBoth(env, 'i / j + m.nope', { i: 1n, j: 0n, m: {} }, 'CEL_DIVISION_BY_ZERO');
    expectEvalErrorBoth(env, 'substr(s, i / j, m.nope)', { s: 'a', i: 1n, j: 0n, m: {} }, 'CEL_NO_SUCH_KEY');
  });

  it('never throws anything but CelEvalError', () => {
    const rule = compileExpression(env, 'event.amount > 1.0');
    for (const ctx of [{ event: null }, { event: 1 }, { event: [] }, { event: new Map([['amount', 'x']]) }, 'not an object', 42, null, undefined]) {
      const error = thrown(() => rule.evaluate(ctx as never));
      expect(error).toBeInstanceOf(CelEvalError);
    }
  });

  it('accepts Map contexts and schema objects given as Map, like cel-js', () => {
    const rule = compileExpression(env, 'event.amount > 1.0');
    expect(rule.evaluate(new Map([['event', new Map([['amount', 2.5]])]]) as never)).toBe(true);
  });

  it('bounds run-time cost', () => {
    const big = Array.from({ length: 400 }, (_, k) => BigInt(k));
    const pairs = compileExpression(env, 'l.exists(a, l.exists(b, a + b < 0))', { maxIterations: 10_000 });
    const error = thrown(() => pairs.evaluate({ l: big })) as CelEvalError;
    expect(error.code).toBe('CEL_COST_EXCEEDED');
    const doubling = compileExpression(env, 'cel.bind(a, s + s, cel.bind(b, a + a, cel.bind(c, b + b, c + c)))', { maxConcatLength: 1000 });
    expect((thrown(() => doubling.evaluate({ s: 'x'.repeat(100) })) as CelEvalError).code).toBe('CEL_COST_EXCEEDED');
    expect(doubling.evaluate({ s: 'ab' })).toBe('ab'.repeat(16));
  });

  it('durations from the context are values', () => {
    const rule = compileExpression(env, 'x + duration("1s")');
    expect(rule.evaluate({ x: new Duration(1n, 0) })).toEqual(new Duration(2n, 0));
  });
});
