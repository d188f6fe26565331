import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { compileExpression } from '../src/compileExpression.ts';
import { createCelEnvironment } from '../src/environment.ts';
import { CelEvalError } from '../src/errors.ts';
import { diffEnvironment } from './celDifferential.ts';
import { ExpressionGenerator } from './celExpressionGenerator.ts';
import { evalBoth, thrown } from './testHelpers.ts';

const env = createCelEnvironment({ variables: { event: { amount: 'double', name: 'string' }, m: 'map', x: 'dyn', s: 'string', zz: 'int' } });

const JS_WORDS = new Set([
  'use', 'strict', 'const', 'let', 'return', 'function', 'if', 'else', 'for', 'try', 'catch', 'throw', 'new', 'typeof',
  'instanceof', 'in', 'undefined', 'null', 'true', 'false', 'break', 'celExpression', 'ctx', 'host', 'H', 'K', 'IT', 'e',
]);

/** Identifiers the generated code references that are not properties: must all be its own. */
function freeIdentifiers(js: string): string[] {
  const code = js.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = code.match(/(?<![.\w$])[A-Za-z_$][\w$]*/g) ?? [];
  return [...new Set(names)].filter((n) => !JS_WORDS.has(n) && !/^(h_\w+|k\d+|[txsreavnilo]\d+)$/.test(n));
}

describe('compiled code cannot reach outside the context', () => {
  afterEach(() => {
    for (const key of ['amount', 'zz', 'polluted', 'toJSON']) delete (Object.prototype as Record<string, unknown>)[key];
  });

  it('references no globals, only its parameters, helpers and constants', () => {
    const samples = fc.sample(fc.integer(), { numRuns: 400, seed: 7 });
    let compiled = 0;
    for (const seed of samples) {
      const source = new ExpressionGenerator(seed).expression();
      let js: string;
      try {
        js = compileExpression(diffEnvironment(), source).js;
      } catch {
        continue;
      }
      compiled++;
      expect(freeIdentifiers(js), source).toEqual([]);
    }
    expect(compiled).toBeGreaterThan(200);
  });

  it('string literals and keys cannot break out of the generated code', () => {
    const nasty = ['"); throw 1; ("', '\\u2028\\u2029', "'+ctx+'", '${ctx}', '*/ ctx /*', '\\\\"', '`', '</script>'];
    for (const text of nasty) {
      const literal = JSON.stringify(text);
      expect(evalBoth(env, `s + ${literal}`, { s: 'a' })).toBe(`a${JSON.parse(literal)}`);
      expect(evalBoth(env, `m[${literal}]`, { m: { [JSON.parse(literal)]: 1n } })).toBe(1n);
      expect(evalBoth(env, `{${literal}: 1}`)).toEqual({ [JSON.parse(literal)]: 1n });
    }
  });

  it('inherited members are never read, even with a polluted Object.prototype', () => {
    Object.assign(Object.prototype, { amount: 5, zz: 7n, polluted: 'yes' });
    const code = (source: string, ctx: Record<string, unknown>) => (thrown(() => compileExpression(env, source).evaluate(ctx)) as CelEvalError).code;
    expect(code('event.amount', { event: {} })).toBe('CEL_NO_SUCH_KEY');
    expect(code('zz', {})).toBe('CEL_UNKNOWN_VARIABLE');
    expect(code('m.polluted', { m: {} })).toBe('CEL_NO_SUCH_KEY');
    expect(code('x.polluted', { x: {} })).toBe('CEL_NO_SUCH_KEY');
    expect(code('x[s]', { x: {}, s: 'polluted' })).toBe('CEL_NO_SUCH_KEY');
    expect(compileExpression(env, 'has(m.polluted) || has(event.amount)').evaluate({ m: {}, event: {} })).toBe(false);
    expect(compileExpression(env, '"polluted" in m').evaluate({ m: {} })).toBe(false);
  });

  it('prototype members are unreachable through computed keys', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect((thrown(() => compileExpression(env, 'x[s]').evaluate({ x: {}, s: key })) as CelEvalError).code).toBe('CEL_NO_SUCH_KEY');
      expect((thrown(() => compileExpression(env, 'm[s]').evaluate({ m: {}, s: key })) as CelEvalError).code).toBe('CEL_NO_SUCH_KEY');
      expect(compileExpression(env, 's in m').evaluate({ m: {}, s: key })).toBe(false);
    }
    expect((thrown(() => compileExpression(env, 'm.toString').evaluate({ m: {} })) as CelEvalError).code).toBe('CEL_NO_SUCH_KEY');
  });

  it('map literals with computed reserved keys drop them, as cel-js does', () => {
    expect(evalBoth(env, '{s: 1}', { s: '__proto__' })).toEqual({});
    const result = compileExpression(env, '{s: 1}').evaluate({ s: '__proto__' }) as object;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('own properties named like prototype members are ordinary keys', () => {
    expect(evalBoth(env, 'x[s]', { x: JSON.parse('{"__proto__": 5}'), s: '__proto__' })).toBe(5);
  });

  it('environments refuse dangerous variable and field names', () => {
    expect(() => createCelEnvironment({ variables: { __proto__x: 'int' } })).toThrow(/forbidden/);
    expect(() => createCelEnvironment({ variables: { toString: 'int' } })).toThrow(/reserved/);
    expect(() => createCelEnvironment({ variables: { e: { constructor: 'int' } } })).toThrow(/forbidden/);
    expect(() => createCelEnvironment({ variables: { e: { hasOwnProperty: 'int' } } })).toThrow(/reserved/);
    expect(() => createCelEnvironment({ variables: { 'a-b': 'int' } })).toThrow(/identifier/);
  });
});
