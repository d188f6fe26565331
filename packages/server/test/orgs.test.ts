import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, orgAdminKey, startNode, type TestNode } from './harness.ts';

describe('organisation tree and parameters', () => {
  let node: TestNode;
  let bankAdmin: string;
  beforeAll(async () => {
    node = await startNode();
    // A bank-level admin key: everything it manages is bank_a's subtree.
    bankAdmin = await orgAdminKey(node, 'bank_a');
  });
  afterAll(() => node?.destroy());

  it('resolves parameters along the tree: the nearest org wins', async () => {
    const hz = await node.json('GET', '/api/v1/orgs/bank_a_hz/params');
    expect(hz.body.own).toEqual({});
    expect(hz.body.effective).toMatchObject({ large_amount: 20000, night_start_hour: 0 });
    // Each effective value names the org it is inherited from: the bank's threshold, the union's default.
    expect(hz.body.sources).toMatchObject({ large_amount: 'bank_a', night_start_hour: 'root' });
    expect(Object.keys(hz.body.sources).sort()).toEqual(Object.keys(hz.body.effective).sort());
    const b = await node.json('GET', '/api/v1/orgs/bank_b_nb/params');
    expect(b.body.effective.large_amount).toBe(50000);
    const set = await node.json('PUT', '/api/v1/orgs/bank_a_hz/params/large_amount', { value: 8000 });
    expect(set.body.effective.large_amount).toBe(8000);
    expect(set.body.sources.large_amount).toBe('bank_a_hz');
    expect((await node.json('DELETE', '/api/v1/orgs/bank_a_hz/params/large_amount')).status).toBe(204);
    expect((await node.json('GET', '/api/v1/orgs/bank_a_hz/params')).body.effective.large_amount).toBe(20000);
  });

  it('rules read params.* of the event’s org', async () => {
    const pkg = {
      id: 'transfer_params',
      name: { zh: '参数', en: 'Params' },
      eventType: 'transfer',
      direction: 'in',
      rules: [{ id: 'over_bank_limit', name: { zh: '超限', en: 'Over the bank limit' }, condition: 'event.amount > double(params.large_amount)', outcome: 'review', reasonCode: 'OVER_LIMIT', enabled: true, mode: 'live' }],
      ruleSets: [{ id: 's', rules: ['over_bank_limit'] }],
      flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] },
    };
    await deploy(node, pkg);
    const t = (org: string, id: string) => ({ eventType: 'transfer', eventId: id, data: { customer_id: 'c', from_account: 'a1', to_account: 'a2', amount: 30000, channel: 'WEB', org } });
    const a = await node.json('POST', '/api/v1/decisions', t('bank_a_hz', 'p-a'), node.creds.apiKey);
    const b = await node.json('POST', '/api/v1/decisions', t('bank_b', 'p-b'), node.creds.apiKey);
    expect(a.body.outcome).toBe('review');
    expect(b.body.outcome).toBe('pass');
  });

  it('a bank admin sees and manages only its subtree; another bank behaves as not found', async () => {
    const list = await node.json('GET', '/api/v1/orgs', undefined, bankAdmin);
    expect(list.body.items.map((o: { id: string }) => o.id).sort()).toEqual(['bank_a', 'bank_a_hz']);
    expect((await node.json('GET', '/api/v1/orgs/bank_b/params', undefined, bankAdmin)).status).toBe(404);
    expect((await node.json('PUT', '/api/v1/orgs/bank_b/params/large_amount', { value: 1 }, bankAdmin)).status).toBe(404);
    expect((await node.json('PUT', '/api/v1/orgs/root/params/large_amount', { value: 1 }, bankAdmin)).status).toBe(404);
    expect((await node.json('POST', '/api/v1/orgs', { id: 'bank_b_x', parentId: 'bank_b', kind: 'branch', name: { zh: 'x', en: 'x' } }, bankAdmin)).status).toBe(404);
    const created = await node.json('POST', '/api/v1/orgs', { id: 'bank_a_sx', parentId: 'bank_a', kind: 'branch', name: { zh: '绍兴', en: 'Shaoxing' } }, bankAdmin);
    expect(created.status).toBe(201);
    // the new branch is in the bank's scope at once, and inherits the bank's parameters
    expect((await node.json('GET', '/api/v1/orgs/bank_a_sx/params', undefined, bankAdmin)).body.effective.large_amount).toBe(20000);
    expect((await node.json('POST', '/api/v1/orgs', { id: 'bank_a_sx', parentId: 'bank_a', kind: 'branch', name: { zh: 'x', en: 'x' } })).status).toBe(409);
    // lists of another bank are invisible to it
    const lists = await node.json('GET', '/api/v1/lists', undefined, bankAdmin);
    expect(lists.body.items.every((l: { orgId: string }) => ['bank_a', 'bank_a_hz', 'bank_a_sx'].includes(l.orgId))).toBe(true);
  });
});
