import { describe, expect, it } from 'vitest';
import { compileExpression } from '../src/compileExpression.ts';
import { createCelEnvironment } from '../src/environment.ts';
import { CelCompileError } from '../src/errors.ts';
import { compileErrorCode, thrown } from './testHelpers.ts';

const env = createCelEnvironment({
  variables: { event: { amount: 'double', channel: 'string' }, x: 'dyn', l: 'list<int>', m: 'map', s: 'string' },
});

describe('compile errors carry stable codes', () => {
  it.each([
    ['event.amount >', 'CEL_SYNTAX'],
    ['event.amount > > 1', 'CEL_SYNTAX'],
    ['"unterminated', 'CEL_SYNTAX'],
    ['l.map(1, 2)', 'CEL_SYNTAX'],
    ['event.amount > "5000"', 'CEL_TYPE'],
    ['event.nope', 'CEL_TYPE'],
    ['undeclared + 1', 'CEL_TYPE'],
    ['1 == 1.0', 'CEL_TYPE'],
    ['[1, "a"]', 'CEL_TYPE'],
    ['s ? 1 : 2', 'CEL_TYPE'],
    ['nosuchfn(1)', 'CEL_UNKNOWN_FUNCTION'],
    ['s.nosuchmethod()', 'CEL_UNKNOWN_FUNCTION'],
    ['size(1, 2)', 'CEL_TYPE'],
    ['1u + 2u', 'CEL_UNSUPPORTED'],
    ['b"bytes"', 'CEL_UNSUPPORTED'],
    ['type(1) == int', 'CEL_UNSUPPORTED'],
    ['dyn(event)', 'CEL_UNSUPPORTED'],
    ["duration('1h') + timestamp('2024-01-01T00:00:00Z')", 'CEL_UNSUPPORTED'],
    ['x == ([] + l)[0]', 'CEL_UNSUPPORTED'],
  ])('%s -> %s', (source, code) => {
    expect(compileErrorCode(env, source)).toBe(code);
  });

  it('reports the position, as line and column in the message', () => {
    const error = thrown(() => compileExpression(env, 'event.amount > 1.0 &&\n  event.channel == 5')) as CelCompileError;
    expect(error.code).toBe('CEL_TYPE');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/line 2, column \d+/);
    const unknown = thrown(() => compileExpression(env, 'x.a && frobnicate(x)')) as CelCompileError;
    expect(unknown.code).toBe('CEL_UNKNOWN_FUNCTION');
    expect(unknown.position).toBe(7);
    expect(unknown.message).toContain("Unknown function 'frobnicate'");
  });
});

describe('hostile expressions are refused with exact codes', () => {
  const hostile: [string, string, Parameters<typeof compileExpression>[2]?][] = [
    ['('.repeat(1000) + '1' + ')'.repeat(1000), 'CEL_TOO_DEEP'],
    ['['.repeat(100) + ']'.repeat(100), 'CEL_TOO_DEEP'],
    ['!'.repeat(100) + 'true', 'CEL_TOO_DEEP'],
    ['x' + '.a'.repeat(40), 'CEL_TOO_DEEP'],
    ['('.repeat(50_000) + '1' + ')'.repeat(50_000), 'CEL_TOO_DEEP', { maxSourceLength: 200_000 }],
    [`"${'a'.repeat(1 << 20)}"`, 'CEL_SOURCE_TOO_LARGE'],
    [`"${'a'.repeat(1 << 20)}"`, 'CEL_LITERAL_TOO_LARGE', { maxSourceLength: 2_000_000 }],
    [`s == "${'a'.repeat(1025)}"`, 'CEL_LITERAL_TOO_LARGE'],
    [`[${Array.from({ length: 257 }, () => '1').join(',')}]`, 'CEL_LITERAL_TOO_LARGE'],
    ['x'.repeat(4097), 'CEL_SOURCE_TOO_LARGE'],
    ['event.__proto__', 'CEL_FORBIDDEN_NAME'],
    ['event["constructor"]', 'CEL_FORBIDDEN_NAME'],
    ['{"__proto__": 1}', 'CEL_FORBIDDEN_NAME'],
    ['x.constructor.constructor', 'CEL_FORBIDDEN_NAME'],
    ['x["__proto__"]', 'CEL_FORBIDDEN_NAME'],
    ['x.prototype', 'CEL_FORBIDDEN_NAME'],
    ['x.__defineGetter__', 'CEL_FORBIDDEN_NAME'],
    ['__proto__', 'CEL_FORBIDDEN_NAME'],
    ['__secret + 1', 'CEL_FORBIDDEN_NAME'],
    ['has(x.__proto__)', 'CEL_FORBIDDEN_NAME'],
    ['l.exists(__v, true)', 'CEL_FORBIDDEN_NAME'],
    ['l.map(a, l.map(b, l.map(c, a + b + c)))', 'CEL_COST_EXCEEDED'],
    ['l.exists(a, l.exists(b, l.exists(c, a == b && b == c)))', 'CEL_COST_EXCEEDED'],
    ['l.exists(a, l.exists(b, a == b))', 'CEL_COST_EXCEEDED', { maxCost: 500 }],
    ['l.map(a, a)', 'CEL_COST_EXCEEDED', { maxMacroNesting: 0 }],
  ];
  it.each(hostile.map(([source, code, opts]) => ({ label: source.length > 48 ? `${source.slice(0, 48)}… (${source.length} chars)` : source, source, code, opts })))(
    '$label -> $code',
    ({ source, code, opts }) => {
      expect(compileErrorCode(env, source, opts)).toBe(code);
    },
  );

  it('allows realistic nesting and chains', () => {
    expect(() => compileExpression(env, 'l.exists(a, l.exists(b, a == b))')).not.toThrow();
    const longChain = Array.from({ length: 150 }, (_, i) => `event.amount > ${i}.0`).join(' && ');
    expect(compileExpression(env, longChain).evaluate({ event: { amount: 1000.5, channel: 'x' } })).toBe(true);
    const longSum = `1${' + 1'.repeat(1000)}`;
    expect(compileExpression(env, longSum).evaluate({})).toBe(1001n);
  });
});
