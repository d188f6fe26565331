import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approverKey, orgAdminKey, startNode, type TestNode } from './harness.ts';

const transferData = (over: Record<string, unknown> = {}) => ({ customer_id: 'c-1', from_account: 'a1', to_account: 'a2', amount: 10, channel: 'WEB', org: 'bank_a', ...over });

/** A small transfer strategy whose test cases pin its threshold. */
function pkg(threshold: number, id = 'transfer_tr') {
  return {
    id,
    name: { zh: '试跑', en: 'Test run' },
    eventType: 'transfer',
    direction: 'in',
    rules: [{ id: 'big', name: { zh: '大额', en: 'Big' }, condition: `event.amount > ${threshold}.0`, outcome: 'review', score: 30, reasonCode: 'BIG', enabled: true, mode: 'live' }],
    ruleSets: [{ id: 's', rules: ['big'] }],
    flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] },
    testCases: [
      { name: 'a small transfer passes', data: transferData(), expectOutcome: 'pass' },
      { name: 'a 5001 transfer is reviewed', data: transferData({ amount: 5001 }), expectOutcome: 'review', expectHits: ['big'] },
    ],
  };
}

describe('running a version’s test cases without submitting it', () => {
  let node: TestNode;
  const url = (v: number, id = 'transfer_tr') => `/api/v1/strategies/${id}/versions/${v}`;

  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(() => node?.destroy());

  it('runs the stored package as submit does: every case with expected and actual outcome and hits', async () => {
    expect((await node.json('POST', '/api/v1/strategies/import', { package: pkg(5000), changeNote: 'first' })).status).toBe(201);
    const run = await node.json('POST', `${url(1)}/test`, {});
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body).toMatchObject({ id: 'transfer_tr', version: 1, tested: 'stored', passed: true });
    expect(run.body.results).toHaveLength(2);
    expect(run.body.results[1]).toMatchObject({ name: 'a 5001 transfer is reviewed', passed: true, expectedOutcome: 'review', actualOutcome: 'review', expectedHits: ['big'], actualHits: ['big'], problems: [] });
    // Nothing changed: still a draft without stored results.
    const v = await node.json('GET', url(1));
    expect(v.body).toMatchObject({ status: 'draft', testResults: null });
  });

  it('tests unsaved edits sent in the body, and reports failing cases the way submit refuses them', async () => {
    const edited = await node.json('POST', `${url(1)}/test`, { package: pkg(6000) });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.tested).toBe('body');
    expect(edited.body.passed).toBe(false);
    const failing = edited.body.results.filter((r: { passed: boolean }) => !r.passed);
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ name: 'a 5001 transfer is reviewed', expectedOutcome: 'review', actualOutcome: 'pass', actualHits: [] });
    expect(failing[0].problems.join(' ')).toMatch(/review/);
    // The stored version is untouched, so its own run still passes; submit of a failing package names the same case.
    expect((await node.json('POST', `${url(1)}/test`, {})).body.passed).toBe(true);
    expect((await node.json('PUT', url(1), { package: pkg(6000), changeNote: 'raise the threshold' })).status).toBe(200);
    const refused = await node.json('POST', `${url(1)}/submit`, { note: 'go' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'package.testCases[1]', code: 'TEST_CASE_FAILED' })]);
    expect((await node.json('POST', `${url(1)}/test`, {})).body.results[1].passed).toBe(false);
  });

  it('refuses a body of another strategy, an invalid package and real card numbers; unknown versions are 404', async () => {
    const other = await node.json('POST', `${url(1)}/test`, { package: pkg(5000, 'someone_else') });
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'package.id' });
    const broken = pkg(5000);
    broken.rules[0]!.condition = 'event.amount > "x"';
    const invalid = await node.json('POST', `${url(1)}/test`, { package: broken });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INVALID_STRATEGY');
    const card = pkg(5000);
    card.testCases[0]!.data = transferData({ customer_id: '4111111111111111' });
    const cardRun = await node.json('POST', `${url(1)}/test`, { package: card });
    expect(cardRun.status).toBe(400);
    expect(cardRun.body.error.code).toBe('SENSITIVE_DATA_REFUSED');
    expect((await node.json('POST', `${url(1)}/test`, { package: { id: 'transfer_tr' } })).status).toBe(400);
    expect((await node.json('POST', `${url(99)}/test`, {})).status).toBe(404);
    expect((await node.json('POST', `${url(1, 'no_such_strategy')}/test`, {})).status).toBe(404);
  });

  it('lets any reader run a draft that is not theirs, changing nothing; without strategy.read it is refused', async () => {
    // Another bank's admin and the union's other key are not the draft's author: reading is allowed, and a run stores nothing.
    for (const key of [await approverKey(node), await orgAdminKey(node, 'bank_b')]) {
      const run = await node.json('POST', `${url(1)}/test`, {}, key);
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      expect(run.body.results).toHaveLength(2);
      // …but editing that draft is still the author's alone.
      expect((await node.json('PUT', url(1), { package: pkg(5000) }, key)).status).toBe(403);
    }
    expect((await node.json('GET', url(1))).body).toMatchObject({ status: 'draft', testResults: null, changeNote: 'raise the threshold' });
    // A channel key decides events; it reads no strategies.
    expect((await node.json('POST', `${url(1)}/test`, {}, node.creds.apiKey)).status).toBe(403);
    expect((await node.json('POST', `${url(1)}/test`, {}, '')).status).toBe(401);
  });

  it('serialises every field the strategy routes return (the response schemas drop nothing the console reads)', async () => {
    const list = await node.json('GET', '/api/v1/strategies');
    const card = list.body.items.find((s: { id: string }) => s.id === 'card_auth_default');
    expect(card).toMatchObject({ eventType: 'card_auth', direction: 'in', liveVersion: 1, latestVersion: 1 });
    expect(typeof card.createdAt).toBe('string');
    const detail = await node.json('GET', '/api/v1/strategies/transfer_tr');
    expect(Object.keys(detail.body.versions[0]).sort()).toEqual(['approvedAt', 'approvedBy', 'changeNote', 'createdAt', 'createdBy', 'reviewNote', 'status', 'submittedAt', 'submittedBy', 'version']);
    const version = await node.json('GET', '/api/v1/strategies/card_auth_default/versions/1');
    expect(version.body.package.rules.length).toBeGreaterThan(0);
    expect(version.body.package.flow.stages.length).toBeGreaterThan(0);
    const deployments = await node.json('GET', '/api/v1/deployments');
    expect(deployments.body.active.find((d: { strategy: { id: string } }) => d.strategy.id === 'card_auth_default')).toMatchObject({ mode: 'live', eventType: 'card_auth', canary: null });
  });
});
