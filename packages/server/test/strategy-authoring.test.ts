import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgAdminKey, startNode, type TestNode } from './harness.ts';

/** The package parts an analyst has written so far; the editor sends them with each check. */
const draft = {
  variables: [
    { name: 'big', expr: 'event.amount >= 5000.0' },
    { name: 'hour', expr: "hourOf(now, 'Asia/Shanghai')" },
    { name: 'night_big', expr: 'vars.big && vars.hour < 6' },
  ],
  features: [
    { kind: 'velocity', name: 'card_count_10m', agg: 'count', by: ['card'], window: '10m' },
    { kind: 'velocity', name: 'card_avg_7d', agg: 'avg', field: 'amount', by: ['card'], window: '7d' },
    { kind: 'profile', name: 'new_device', stat: 'isNew', by: ['card'], field: 'device_id' },
  ],
};

describe('strategy authoring: expression check and catalogue', () => {
  let node: TestNode;
  let bankA: string;

  beforeAll(async () => {
    node = await startNode();
    bankA = await orgAdminKey(node, 'bank_a');
    const created = await node.json('POST', '/api/v1/lists', { key: 'bank_b_mules', name: { zh: '乙行骡子账户', en: 'Bank B mule accounts' }, kind: 'black', dimension: 'account', orgId: 'bank_b' });
    expect(created.status).toBe(201);
  }, 60_000);
  afterAll(() => node?.destroy());

  const check = (body: Record<string, unknown>, key?: string) => node.json('POST', '/api/v1/strategies/check', { eventType: 'card_auth', package: draft, ...body }, key);

  it('types a valid rule condition with the package features and variables', async () => {
    const r = await check({ expression: 'features.card_count_10m >= 5 && vars.night_big && features.new_device', context: 'rule' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, type: 'bool', diagnostics: [], lists: [] });
    const v = await check({ expression: 'event.amount * 2.0', context: 'value' });
    expect(v.body).toMatchObject({ ok: true, type: 'double' });
    const h = await check({ expression: "hourOf(now, 'Asia/Shanghai')" });
    expect(h.body.type).toBe('int');
  });

  it('reports a type error with its position', async () => {
    const src = 'event.amount > "5000"';
    const r = await check({ expression: src, context: 'rule' });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(false);
    expect(r.body.diagnostics).toHaveLength(1);
    const d = r.body.diagnostics[0];
    expect(d.code).toBe('CEL_TYPE');
    expect(d.severity).toBe('error');
    expect(d.from).toBeGreaterThanOrEqual(0);
    expect(d.to).toBeGreaterThan(d.from);
    expect(d.to).toBeLessThanOrEqual(src.length);
  });

  it('reports a syntax error at the offending character', async () => {
    const r = await check({ expression: 'event.amount > ', context: 'rule' });
    expect(r.body.ok).toBe(false);
    expect(r.body.diagnostics[0].code).toBe('CEL_SYNTAX');
  });

  it('refuses an unknown field, and a non-bool condition', async () => {
    const r = await check({ expression: 'event.no_such_field == 1', context: 'rule' });
    expect(r.body.ok).toBe(false);
    expect(r.body.diagnostics[0].message).toMatch(/no_such_field/);
    const f = await check({ expression: 'features.nope > 1', context: 'rule' });
    expect(f.body.ok).toBe(false);
    const t = await check({ expression: 'event.amount + 1.0', context: 'rule' });
    expect(t.body).toMatchObject({ ok: false, type: 'double' });
    expect(t.body.diagnostics[0]).toMatchObject({ code: 'RESULT_TYPE', from: 0, to: 'event.amount + 1.0'.length });
  });

  it('lets a variable see only the variables before it, and a filter only the event', async () => {
    const early = await check({ expression: 'vars.night_big', context: 'variable', variable: 'hour' });
    expect(early.body.ok).toBe(false);
    const later = await check({ expression: 'vars.big', context: 'variable', variable: 'night_big' });
    expect(later.body).toMatchObject({ ok: true, type: 'bool' });
    const filter = await check({ expression: 'features.card_count_10m > 1', context: 'filter' });
    expect(filter.body.ok).toBe(false);
    expect((await check({ expression: "event.channel == 'ECOM'", context: 'filter' })).body.ok).toBe(true);
  });

  it('warns about lists the caller cannot see', async () => {
    const own = await check({ expression: "inList('card_blacklist', event.card)", context: 'rule' });
    expect(own.body).toMatchObject({ ok: true, lists: ['card_blacklist'], diagnostics: [] });
    const other = await check({ expression: "inList('bank_b_mules', event.account_id)", context: 'rule' }, bankA);
    expect(other.status).toBe(200);
    expect(other.body.diagnostics).toEqual([expect.objectContaining({ code: 'UNKNOWN_LIST', severity: 'warning' })]);
  });

  it('answers hostile input with a clear 400', async () => {
    const huge = await check({ expression: `event.amount > 1.0${' || event.amount > 1.0'.repeat(400)}` });
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe('VALIDATION_FAILED');
    const deep = await check({ expression: `${'('.repeat(200)}true${')'.repeat(200)}` });
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'expression' });
    expect(deep.body.error.details[0].code).toBe('CEL_TOO_DEEP');
    const proto = await check({ expression: 'event.__proto__', context: 'rule' });
    expect(proto.status === 400 || proto.body.ok === false).toBe(true);
    const unknownType = await check({ eventType: 'no_such_type', expression: 'true' });
    expect(unknownType.status).toBe(404);
    const badContext = await check({ expression: 'true', context: 'anything' });
    expect(badContext.status).toBe(400);
  });

  it('needs strategy.read', async () => {
    const r = await node.json('POST', '/api/v1/strategies/check', { eventType: 'card_auth', expression: 'true' }, '');
    expect(r.status).toBe(401);
  });

  it('catalogues fields with types, functions with signatures, and the package names', async () => {
    const r = await node.json('POST', '/api/v1/strategies/authoring-catalogue', { eventType: 'card_auth', package: draft });
    expect(r.status).toBe(200);
    const c = r.body;
    expect(c.fields).toContainEqual(expect.objectContaining({ name: 'event.amount', type: 'double', fieldType: 'number' }));
    expect(c.fields).toContainEqual(expect.objectContaining({ name: 'event.channel', type: 'string', values: ['POS', 'ATM', 'ECOM', 'MOBILE'] }));
    expect(c.features).toContainEqual(expect.objectContaining({ name: 'features.card_count_10m', type: 'int' }));
    expect(c.features).toContainEqual(expect.objectContaining({ name: 'features.new_device', type: 'bool' }));
    expect(c.variables).toContainEqual(expect.objectContaining({ name: 'vars.hour', type: 'int' }));
    expect(c.functions).toContainEqual(expect.objectContaining({ name: 'hourOf', signature: 'hourOf(timestamp, string): int' }));
    expect(c.functions.find((f: { name: string }) => f.name === 'inList').doc).toMatch(/list/);
    expect(c.context.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['now', 'params', 'channel']));
    const get = await node.json('GET', '/api/v1/strategies/authoring-catalogue?eventType=card_auth');
    expect(get.status).toBe(200);
    expect(get.body.features).toEqual([]);
  });

  it("does not offer another bank's lists", async () => {
    const root = await node.json('GET', '/api/v1/strategies/authoring-catalogue?eventType=card_auth');
    expect(root.body.lists.map((l: { key: string }) => l.key)).toContain('bank_b_mules');
    const a = await node.json('GET', '/api/v1/strategies/authoring-catalogue?eventType=card_auth', undefined, bankA);
    expect(a.status).toBe(200);
    expect(a.body.lists.map((l: { key: string }) => l.key)).not.toContain('bank_b_mules');
    expect(a.body.lists.every((l: { orgId: string }) => l.orgId !== 'bank_b')).toBe(true);
    const bad = await node.json('GET', '/api/v1/strategies/authoring-catalogue?eventType=');
    expect(bad.status).toBe(400);
  });
});
