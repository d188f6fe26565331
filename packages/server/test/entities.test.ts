import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAuth, orgAdminKey, startNode, type TestNode } from './harness.ts';

describe('entity view and decision-log search by entity', () => {
  let node: TestNode;
  let bankB: string;
  const card = '6222024444555566667';
  beforeAll(async () => {
    node = await startNode();
    bankB = await orgAdminKey(node, 'bank_b');
  });
  afterAll(() => node?.destroy());

  it('shows a card’s decisions, feature values and list memberships; the number is never echoed', async () => {
    for (let i = 0; i < 3; i++) expect((await node.json('POST', '/api/v1/decisions', cardAuth({ card, amount: 10 + i, customer_id: 'cust-ent-1' }), node.creds.apiKey)).status).toBe(200);
    const list = await node.json('POST', '/api/v1/lists', { key: 'a_card_watch', name: { zh: '卡观察', en: 'Card watch' }, kind: 'grey', dimension: 'card', orgId: 'bank_a' });
    expect(list.status).toBe(201);
    expect((await node.json('POST', `/api/v1/lists/${list.body.id}/entries`, { entries: [{ value: card, reason: 'disputed' }] })).status).toBe(200);

    const r = await node.json('GET', `/api/v1/entities/card/${card}`);
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain(card);
    expect(r.body.value).toMatch(/^tok_/);
    expect(r.body.summary.total).toBe(3);
    expect(r.body.summary.orgs).toEqual(['bank_a']);
    expect(Object.values(r.body.summary.outcomes).reduce((a: number, b) => a + (b as number), 0)).toBe(3);
    expect(r.body.fields).toContainEqual({ eventType: 'card_auth', field: 'card' });
    const count = r.body.features.find((f: { name: string }) => f.name === 'card_auth_count_10m');
    expect(count).toMatchObject({ kind: 'velocity', agg: 'count', window: '10m', scope: 'org', org: 'bank_a', value: 3 });
    expect(count.strategies).toContain('card_auth_default');
    const sum = r.body.features.find((f: { name: string }) => f.name === 'card_amount_sum_24h');
    expect(sum.value).toBe(33);
    expect(r.body.lists).toHaveLength(1);
    expect(r.body.lists[0]).toMatchObject({ listKey: 'a_card_watch', orgId: 'bank_a', reason: 'disputed', expiresAt: null });
    expect(r.body.lists[0].display).not.toContain(card);

    // The token answers the same; the search by kind finds the same decisions, paged.
    const byToken = await node.json('GET', `/api/v1/entities/card/${r.body.value}`);
    expect(byToken.body.summary.total).toBe(3);
    expect(byToken.body.display).toBe('622202*********6667');
    expect(r.body.display).toBe('622202*********6667');
    const page = await node.json('GET', `/api/v1/decisions?entityType=card&value=${card}&limit=2`);
    expect(page.body.items).toHaveLength(2);
    const rest = await node.json('GET', `/api/v1/decisions?entityType=card&value=${card}&limit=2&cursor=${page.body.nextCursor}`);
    expect(rest.body.items).toHaveLength(1);
    const customer = await node.json('GET', `/api/v1/entities/customer/cust-ent-1`);
    expect(customer.body.summary.total).toBe(3);
    const multi = await node.json('GET', `/api/v1/decisions?entityType=card&value=${card}&outcome=pass&outcome=review&outcome=challenge&outcome=reject`);
    expect(multi.body.items).toHaveLength(3);
  });

  it('shows another bank nothing of the entity', async () => {
    const r = await node.json('GET', `/api/v1/entities/card/${card}`, undefined, bankB);
    expect(r.status).toBe(200);
    expect(r.body.summary).toMatchObject({ total: 0, firstSeen: null, orgs: [] });
    expect(r.body.features).toEqual([]);
    expect(r.body.lists).toEqual([]);
    expect((await node.json('GET', `/api/v1/decisions?entityType=card&value=${card}`, undefined, bankB)).body.items).toEqual([]);
    const foreignOrg = await node.json('GET', `/api/v1/entities/card/${card}?org=bank_a`, undefined, bankB);
    expect(foreignOrg.status).toBe(404);
    expect(foreignOrg.body.error.path).toBe('org');
  });

  it('looks a card number up in the body, counts a bank with its branches, and shows lists and filters only to those who may read them', async () => {
    // In the body: the number stays out of URLs; the answer is the GET's.
    const byBody = await node.json('POST', '/api/v1/entities/lookup', { type: 'card', value: card });
    expect(byBody.status).toBe(200);
    expect(byBody.body).toEqual((await node.json('GET', `/api/v1/entities/card/${card}`)).body);
    expect((await node.json('POST', '/api/v1/entities/lookup', { type: 'card', value: card, extra: 1 })).status).toBe(400);

    // A decision at bank A's branch: bank A counts it, the branch alone sees only its own.
    expect((await node.json('POST', '/api/v1/decisions', cardAuth({ card, amount: 5, org: 'bank_a_hz' }), node.creds.apiKey)).status).toBe(200);
    const bank = await node.json('POST', '/api/v1/entities/lookup', { type: 'card', value: card, org: 'bank_a' });
    expect(bank.body.summary).toMatchObject({ total: 4, orgs: ['bank_a', 'bank_a_hz'] });
    expect(bank.body.lists).toHaveLength(1);
    const branch = await node.json('POST', '/api/v1/entities/lookup', { type: 'card', value: card, org: 'bank_a_hz' });
    expect(branch.body.summary).toMatchObject({ total: 1, orgs: ['bank_a_hz'] });
    expect(branch.body.lists).toEqual([]);
    expect((await node.json('POST', '/api/v1/entities/lookup', { type: 'card', value: card, org: 'root' })).body.summary.total).toBe(4);

    // A role that reads decisions only: no list entries, no feature filters; the numbers still.
    expect((await node.json('POST', '/api/v1/roles', { id: 'decision_viewer', name: { zh: '决策查看', en: 'Decision viewer' }, orgId: 'bank_a', permissions: ['decision.read'] })).status).toBe(201);
    const first = 'Viewer-first-Secret-91';
    expect((await node.json('POST', '/api/v1/users', { username: 'a.viewer', displayName: 'Viewer', orgId: 'bank_a', roles: ['decision_viewer'], password: first })).status).toBe(201);
    const signIn = async (password: string) => {
      const res = await fetch(`${node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a.viewer', password }) });
      expect(res.status).toBe(200);
      return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
    };
    const once = await signIn(first);
    expect((await node.json('POST', '/api/v1/auth/password', { currentPassword: first, newPassword: 'Viewer-own-Secret-92' }, '', once)).status).toBe(200);
    const viewer = await signIn('Viewer-own-Secret-92');
    const seen = await node.json('POST', '/api/v1/entities/lookup', { type: 'card', value: card }, '', viewer);
    expect(seen.status).toBe(200);
    expect(seen.body.summary.total).toBe(4);
    expect(seen.body.lists).toEqual([]);
    expect(seen.body.features.length).toBeGreaterThan(0);
    expect(seen.body.features.every((f: { filter: unknown }) => f.filter === null)).toBe(true);
    expect(seen.body.features.find((f: { name: string; org: string }) => f.name === 'card_auth_count_10m' && f.org === 'bank_a').value).toBe(3);
    // Values carried over from events are not numbers: never shown from a union-wide state.
    for (const f of seen.body.features as Array<{ scope: string; value: unknown }>) if (f.scope === 'global') expect(['number', 'boolean', 'object'].includes(typeof f.value) && (f.value === null || typeof f.value !== 'object')).toBe(true);
  });

  it('refuses hostile input with the field at fault', async () => {
    const long = await node.json('GET', `/api/v1/entities/customer/${'x'.repeat(257)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('VALIDATION_FAILED');
    expect(long.body.error.path).toContain('value');
    const type = await node.json('GET', `/api/v1/entities/planet/earth`);
    expect(type.status).toBe(400);
    expect(type.body.error.path).toContain('type');
    const badCard = await node.json('GET', `/api/v1/entities/card/not-a-card`);
    expect(badCard.status).toBe(400);
    expect(badCard.body.error.path).toBe('value');
    const extra = await node.json('GET', `/api/v1/entities/card/${card}?sql=1`);
    expect(extra.status).toBe(400);
    const badOutcome = await node.json('GET', `/api/v1/decisions?outcome=maybe`);
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.error.path).toContain('outcome');
    expect(node.logs.join('\n')).not.toContain(card);
  });
});
