import { describe, expect, it } from 'vitest';
import { compileExpression } from '../src/compileExpression.ts';
import { createCelEnvironment } from '../src/environment.ts';
import { ASSUMED_ITERATIONS } from '../src/limits.ts';

const env = createCelEnvironment({
  variables: {
    event: { amount: 'double', channel: 'string', card_token: 'string', items: 'list<map>', geo: { lat: 'double', lon: 'double' } },
    features: 'map<string, double>',
    vars: 'map<string, dyn>',
    now: 'timestamp',
    names: 'list<string>',
  },
});

describe('references', () => {
  it('lists variables, selection paths and literal list names', () => {
    const rule = compileExpression(
      env,
      "event.amount > 5000.0 && features.txn_count_10m >= 3.0 && event.channel in ['ECOM','MOBILE'] && !inList('blacklist_card', event.card_token) && vars.x == 1",
    );
    expect(rule.references).toEqual({
      variables: ['event', 'features', 'vars'],
      paths: ['event.amount', 'event.card_token', 'event.channel', 'features.txn_count_10m', 'vars.x'],
      lists: ['blacklist_card'],
    });
  });

  it('follows literal index keys, has() and nested schema objects, not loop variables', () => {
    const rule = compileExpression(
      env,
      "has(event.geo.lat) && features['avg amount'] > 1.0 && event.items.exists(i, i.sku == 'x') && names.all(n, nameMatch('sanctions', n) < 0.9) && listEntry('vip', event.card_token) == null",
    );
    expect(rule.references.variables).toEqual(['event', 'features', 'names']);
    expect(rule.references.paths).toEqual(['event.card_token', 'event.geo.lat', 'event.items', 'features.avg amount', 'names']);
    expect(rule.references.lists).toEqual(['sanctions', 'vip']);
  });

  it('does not count bound names or shadowed variables as context reads', () => {
    const rule = compileExpression(env, 'cel.bind(event, 1.0, event + 1.0) > 0.0 && names.exists(features, features == "a")');
    expect(rule.references.variables).toEqual(['names']);
  });

  it('ignores list names that are not literals', () => {
    expect(compileExpression(env, 'inList(event.channel, event.card_token)').references.lists).toEqual([]);
  });
});

describe('cost', () => {
  it('counts nodes', () => {
    expect(compileExpression(env, 'event.amount > 1.0').cost).toBe(4);
    expect(compileExpression(env, "event.channel in ['A', 'B']").cost).toBe(6);
  });

  it('multiplies comprehension bodies by the iterations', () => {
    const loop = compileExpression(env, 'names.exists(n, n == "a")');
    expect(loop.cost).toBe(1 + 1 + ASSUMED_ITERATIONS * (1 + 3));
    const literal = compileExpression(env, '[1, 2, 3].exists(n, n == 2)');
    expect(literal.cost).toBe(1 + 4 + 3 * (1 + 3));
    const nested = compileExpression(env, 'names.exists(a, names.exists(b, a == b))');
    expect(nested.cost).toBe(1 + 1 + ASSUMED_ITERATIONS * (1 + 1 + 1 + ASSUMED_ITERATIONS * (1 + 3)));
  });
});

describe('result type', () => {
  it.each([
    ['event.amount > 1.0', 'bool'],
    ['event.amount * 2.0', 'double'],
    ['now', 'timestamp'],
    ['now - now', 'duration'],
    ['names.map(n, size(n))', 'list<int>'],
    ['vars.x', 'dyn'],
    ['event.geo', '$event.geo'],
  ])('%s: %s', (source, type) => {
    expect(compileExpression(env, source).returnType).toBe(type);
  });
});
