import { describe, expect, it } from 'vitest';
import { numericLiteralChanges } from './numeric-literal-changes.ts';

const pairs = (a: string, b: string) => numericLiteralChanges(a, b).map((c) => [c.before, c.after]);

describe('numericLiteralChanges', () => {
  it('reads every CEL number form', () => {
    expect(pairs('x > 10 && y < 2.5 && z == 0x10 && u > 7u && e > 1e3', 'x > 11 && y < 3.5 && z == 0x20 && u > 8u && e > 2e3')).toEqual([
      [10, 11],
      [2.5, 3.5],
      [16, 32],
      [7, 8],
      [1000, 2000],
    ]);
  });

  it('treats a minus sign as part of a literal only where no operand precedes it', () => {
    expect(pairs('m > -5.0', 'm > -6.0')).toEqual([[-5, -6]]);
    expect(pairs('a - 5.0 > 0.0', 'a - 6.0 > 0.0')).toEqual([[5, 6]]);
    expect(pairs('f(-1, x)', 'f(-2, x)')).toEqual([[-1, -2]]);
  });

  it('never counts digits inside strings, raw strings, triple-quoted strings or comments', () => {
    expect(pairs(`event.mcc == '4829' && r"12" == "3" && '''7''' != x // 10`, `event.mcc == '6051' && r"13" == "4" && '''8''' != x // 11`)).toEqual([]);
    expect(pairs(`s == 'it\\'s 5' && n > 5.0`, `s == 'it\\'s 6' && n > 6.0`)).toEqual([[5, 6]]);
  });

  it('gives the operand and operator before the literal as context, brackets balanced', () => {
    expect(numericLiteralChanges('vars.a && features.n_10m >= 3', 'vars.a && features.n_10m >= 4')[0]!.context).toBe('features.n_10m >=');
    expect(numericLiteralChanges('size(event.items) > 2', 'size(event.items) > 3')[0]!.context).toBe('size(event.items) >');
    expect(numericLiteralChanges('5 < x', '6 < x')[0]!.context).toBe('');
    expect(numericLiteralChanges('f(a, b.c * 2)', 'f(a, b.c * 3)')[0]!.context).toBe('b.c *');
    const long = `${'a.b + '.repeat(10)}1`;
    expect(numericLiteralChanges(long, long.replace(/1$/, '2'))[0]!.context).toMatch(/^…/);
  });

  it('reports nothing for equal values written differently, unreadable text or identical input', () => {
    expect(pairs('x > 5.0', 'x > 5.00')).toEqual([]);
    expect(pairs('x > 5.0', 'x > 5.0')).toEqual([]);
    expect(pairs("x == 'unterminated", "x == 'unterminated 2")).toEqual([]);
  });
});
