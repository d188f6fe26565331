import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, startNode, type TestNode } from './harness.ts';

/**
 * The reports' answers pass through their response schemas, which drop what they do not declare:
 * every field the handlers build must still be there, with real shadow and canary traffic.
 */
const transferData = (over: Record<string, unknown> = {}) => ({ customer_id: 'c-1', from_account: 'a1', to_account: 'a2', amount: 10, channel: 'WEB', org: 'bank_a', ...over });
function pkg(id: string, condition: string) {
  return {
    id,
    name: { zh: '报告', en: 'Reports' },
    eventType: 'transfer',
    direction: 'in',
    rules: [{ id: 'flag', name: { zh: '标记', en: 'Flag' }, condition, outcome: 'reject', score: 40, reasonCode: 'FLAG', enabled: true, mode: 'live' }],
    ruleSets: [{ id: 's', rules: ['flag'] }],
    flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] },
    testCases: [],
  };
}

describe('strategy report answers keep every field', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(() => node?.destroy());

  const send = async (n: number, prefix: string) => {
    for (let i = 0; i < n; i++) {
      const r = await node.json('POST', '/api/v1/decisions', { eventType: 'transfer', eventId: `${prefix}-${i}`, data: transferData({ customer_id: `c-${i}`, org: i % 2 ? 'bank_a' : 'bank_b' }) }, node.creds.apiKey);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  };

  it('a shadow report lists changed decisions with both sides; a canary report both sides with the slice', async () => {
    await deploy(node, pkg('transfer_resp', 'event.amount > 100000.0'), { mode: 'live' });
    const shadow = await deploy(node, pkg('transfer_resp', 'true'), { mode: 'shadow' });
    await send(6, 'sh');
    let report: { status: number; body: any } = { status: 0, body: null };
    for (let i = 0; i < 50; i++) {
      report = await node.json('GET', `/api/v1/strategies/transfer_resp/versions/${shadow}/shadow-report`);
      if (report.body.decisions >= 6) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(report.body).toMatchObject({ strategy: { id: 'transfer_resp', version: shadow }, decisions: 6, agreement: 0, matrix: [{ champion: 'pass', challenger: 'reject', count: 6 }], ruleHits: { challenger: { flag: 6 }, champion: {} } });
    expect(report.body.changed).toHaveLength(6);
    const changed = report.body.changed[0];
    expect(Object.keys(changed).sort()).toEqual(['challenger', 'champion', 'decisionId', 'occurredAt', 'orgId']);
    expect(changed.champion).toEqual({ outcome: 'pass', score: expect.any(Number), hits: [] });
    expect(changed.challenger).toEqual({ outcome: 'reject', score: expect.any(Number), hits: ['flag'] });
    expect(Date.parse(changed.occurredAt)).toBeGreaterThan(0);

    const canary = await deploy(node, pkg('transfer_resp', 'event.amount > 5.0'), { mode: 'canary', canary: { orgs: ['bank_a'] } });
    await send(6, 'ca');
    const cr = await node.json('GET', '/api/v1/deployments/canary-report?eventType=transfer');
    expect(cr.body.canary).toMatchObject({ strategy: { id: 'transfer_resp', version: canary }, decisions: 3, outcomes: { reject: 1 }, meanScore: expect.any(Number), degradedShare: 0, slice: { orgs: ['bank_a'] } });
    expect(typeof cr.body.canary.meanLatencyMs).toBe('number');
    expect(cr.body.champion).toMatchObject({ strategy: { id: 'transfer_resp', version: 1 }, outcomes: { pass: 1 }, meanScore: expect.any(Number), degradedShare: 0 });
    expect(Object.keys(cr.body.champion).sort()).toEqual(['decisions', 'degradedShare', 'meanLatencyMs', 'meanScore', 'outcomes', 'strategy']);
    const deployments = await node.json('GET', '/api/v1/deployments');
    const row = deployments.body.active.find((d: { mode: string }) => d.mode === 'canary');
    expect(Object.keys(row).sort()).toEqual(['actor', 'canary', 'deploymentId', 'direction', 'eventType', 'mode', 'reason', 'since', 'strategy']);
    expect(row.canary).toEqual({ orgs: ['bank_a'] });
  });
});
