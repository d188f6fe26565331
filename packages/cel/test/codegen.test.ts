import { describe, expect, it } from 'vitest';
import { compileExpression } from '../src/compileExpression.ts';
import { createCelEnvironment } from '../src/environment.ts';

const env = createCelEnvironment({
  variables: { event: { amount: 'double', channel: 'string' }, features: { txn_count_10m: 'int' }, l: 'list<string>', x: 'dyn' },
});

describe('generated code uses static types', () => {
  it('compares a double field with an int literal as numbers', () => {
    const { js } = compileExpression(env, 'event.amount > 5000');
    expect(js).toMatch(/> 5000\)/);
    expect(js).not.toContain('5000n');
  });

  it('keeps int arithmetic on BigInt with overflow checks', () => {
    const { js } = compileExpression(env, 'features.txn_count_10m + 1 >= 3');
    expect(js).toContain('h_addInt');
    expect(js).toContain('3n');
  });

  it('inlines membership in small literal lists', () => {
    const { js } = compileExpression(env, "event.channel in ['ECOM', 'MOBILE']");
    expect(js).toContain('=== "ECOM" ||');
    expect(js).not.toContain('h_inList');
  });

  it('compares sizes as numbers', () => {
    expect(compileExpression(env, 'size(l) > 2').js).toMatch(/\.length > 2\)/);
  });

  it('folds constant sub-expressions', () => {
    expect(compileExpression(env, 'features.txn_count_10m > 2 * 3 + 1').js).toContain('> 7n');
    const folded = compileExpression(env, "['a', 'b'] + ['c']");
    expect(folded.evaluate({})).toEqual(['a', 'b', 'c']);
    expect(Object.isFrozen(folded.evaluate({}))).toBe(true);
  });

  it('leaves failing constants to fail at run time, where && can absorb them', () => {
    const rule = compileExpression(env, '1 / 0 == 1 && false');
    expect(rule.evaluate({})).toBe(false);
  });

  it('falls back to dynamic helpers only for dyn', () => {
    expect(compileExpression(env, 'x > 1').js).toContain('h_gtDyn');
    expect(compileExpression(env, 'event.amount > 1.0').js).not.toContain('Dyn');
  });
});
