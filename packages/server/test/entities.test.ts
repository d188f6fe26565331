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
