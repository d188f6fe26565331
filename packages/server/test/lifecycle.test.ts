import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { canaryBucket, inCanarySlice } from '../src/runtime/canary.ts';
import { approverKey, deploy, orgAdminKey, startNode, type TestNode } from './harness.ts';

const transfer = (over: Record<string, unknown> = {}, id = `t-${Math.random().toString(36).slice(2)}`) => ({
  eventType: 'transfer',
  eventId: id,
  data: { customer_id: 'c-1', from_account: 'a1', to_account: 'a2', amount: 10, channel: 'WEB', org: 'bank_a', ...over },
});

/** A small transfer strategy: a threshold, a velocity rule, and test cases that pin both. */
function lifecyclePackage(threshold: number, opts: { rejectAll?: boolean; id?: string } = {}) {
  return {
    id: opts.id ?? 'transfer_lc',
    name: { zh: '生命周期', en: 'Lifecycle' },
    eventType: 'transfer',
    direction: 'in',
    features: [{ kind: 'velocity', name: 'transfers_by_customer_1h', agg: 'count', by: ['customer_id'], window: '1h', eventTypes: ['transfer'] }],
    rules: [
      { id: 'big', name: { zh: '大额', en: 'Big' }, condition: `event.amount > ${threshold}.0`, outcome: 'review', score: 30, reasonCode: 'BIG', enabled: true, mode: 'live' },
      { id: 'busy', name: { zh: '频繁', en: 'Busy' }, condition: opts.rejectAll ? 'true' : 'features.transfers_by_customer_1h >= 50', outcome: 'reject', score: 60, reasonCode: 'BUSY', enabled: true, mode: 'live' },
    ],
    ruleSets: [{ id: 's', rules: ['big', 'busy'] }],
    flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] },
    testCases: opts.rejectAll
      ? [{ name: 'everything is refused', data: transfer().data, expectOutcome: 'reject' }]
      : [
          { name: 'a small transfer passes', data: transfer().data, expectOutcome: 'pass' },
          { name: 'a big transfer is reviewed', data: transfer({ amount: threshold + 1 }).data, expectOutcome: 'review', expectHits: ['big'] },
          { name: 'a busy customer is refused', data: transfer().data, features: { transfers_by_customer_1h: 60 }, expectOutcome: 'reject', expectHits: ['busy'] },
        ],
  };
}

describe('strategy lifecycle', () => {
  let node: TestNode;
  let checker: string;
  const v = (n: number, id = 'transfer_lc') => `/api/v1/strategies/${id}/versions/${n}`;

  beforeAll(async () => {
    node = await startNode();
    checker = await approverKey(node);
  });
  afterAll(() => node?.destroy());

  it('goes draft → submitted → approved → live, with maker-checker and immutability', async () => {
    const imported = await node.json('POST', '/api/v1/strategies/import', { package: lifecyclePackage(5000), changeNote: 'first' });
    expect(imported.body).toEqual({ id: 'transfer_lc', version: 1, status: 'draft' });
    // a draft can change; an unapproved version cannot be deployed
    expect((await node.json('PUT', v(1), { package: lifecyclePackage(6000), changeNote: 'first, 6000' })).status).toBe(200);
    expect((await node.json('POST', `${v(1)}/deploy`, { mode: 'live', reason: 'too early' })).status).toBe(409);
    const submitted = await node.json('POST', `${v(1)}/submit`, { note: 'please review' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect(submitted.body.testResults).toHaveLength(3);
    expect(submitted.body.testResults.every((r: { passed: boolean }) => r.passed)).toBe(true);
    // immutable once submitted
    expect((await node.json('PUT', v(1), { package: lifecyclePackage(7000) })).status).toBe(409);
    expect((await node.json('POST', `${v(1)}/deploy`, { mode: 'live', reason: 'not approved' })).status).toBe(409);
    // the author cannot approve it
    const self = await node.json('POST', `${v(1)}/approve`, { note: 'looks fine to me' });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/maker-checker/);
    const approved = await node.json('POST', `${v(1)}/approve`, { note: 'checked the threshold' }, checker);
    expect(approved.body).toMatchObject({ status: 'approved', reviewNote: 'checked the threshold' });
    expect(approved.body.reviewedBy).toMatch(/^api_key:/);
    expect(approved.body.reviewedBy).not.toBe(approved.body.createdBy);
    const deployed = await node.json('POST', `${v(1)}/deploy`, { mode: 'live', reason: 'go live' });
    expect(deployed.body).toEqual({ id: 'transfer_lc', version: 1, status: 'live' });
    const d = await node.json('POST', '/api/v1/decisions', transfer({ amount: 6500 }), node.creds.apiKey);
    expect(d.body.strategy).toEqual({ id: 'transfer_lc', version: 1 });
    expect(d.body.outcome).toBe('review');
    const trail = (await node.json('GET', '/api/v1/audit?targetId=transfer_lc@1')).body.items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(['strategy.deploy', 'strategy.approve', 'strategy.submit', 'strategy.edit', 'strategy.import']);
  });

  it('refuses to submit while a test case fails, listing the failures; a rejected version stays out', async () => {
    const pkg = lifecyclePackage(5000);
    pkg.testCases[1]!.expectOutcome = 'pass';
    const imported = await node.json('POST', '/api/v1/strategies/import', { package: pkg });
    const r = await node.json('POST', `${v(imported.body.version)}/submit`, {});
    expect(r.status).toBe(400);
    expect(r.body.error.details).toHaveLength(1);
    expect(r.body.error.details[0]).toMatchObject({ path: 'package.testCases[1]', code: 'TEST_CASE_FAILED' });
    expect(r.body.error.details[0].message).toMatch(/a big transfer is reviewed/);
    expect((await node.json('GET', v(imported.body.version))).body.status).toBe('draft');
    // a reviewer's rejection is final for that version
    const good = await node.json('POST', '/api/v1/strategies/import', { package: lifecyclePackage(4000) });
    await node.json('POST', `${v(good.body.version)}/submit`, {});
    const rejected = await node.json('POST', `${v(good.body.version)}/reject`, { note: 'threshold too low for SME accounts' }, checker);
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewNote: 'threshold too low for SME accounts' });
    expect((await node.json('POST', `${v(good.body.version)}/deploy`, { mode: 'live', reason: 'x' })).status).toBe(409);
  });

  it('lets a bank deploy only on its own traffic: everything else is the union’s', async () => {
    const version = await (async () => {
      const i = await node.json('POST', '/api/v1/strategies/import', { package: lifecyclePackage(9000) });
      await node.json('POST', `${v(i.body.version)}/submit`, {});
      await node.json('POST', `${v(i.body.version)}/approve`, { note: 'ok' }, checker);
      return i.body.version as number;
    })();
    const bankA = await orgAdminKey(node, 'bank_a');
    for (const mode of ['live', 'shadow'] as const) {
      const r = await node.json('POST', `${v(version)}/deploy`, { mode, reason: 'bank wants it' }, bankA);
      expect(r.status, mode).toBe(403);
    }
    expect((await node.json('POST', `${v(version)}/deploy`, { mode: 'canary', canary: { percent: 50, key: 'customer_id' }, reason: 'bank wants it' }, bankA)).status).toBe(403);
    expect((await node.json('POST', `${v(version)}/deploy`, { mode: 'canary', canary: { orgs: ['bank_b'] }, reason: 'not mine' }, bankA)).status).toBe(404);
    const own = await node.json('POST', `${v(version)}/deploy`, { mode: 'canary', canary: { orgs: ['bank_a'] }, reason: 'our own pilot' }, bankA);
    expect(own.body.status).toBe('canary');
    expect((await node.json('POST', '/api/v1/deployments/rollback', { eventType: 'transfer', reason: 'x' }, bankA)).status).toBe(403);
    expect((await node.json('POST', `${v(version)}/withdraw`, { reason: 'pilot over' }, bankA)).status).toBe(200);
  });

  it('refuses what would weaken the review: another person editing a draft, real card numbers in test cases', async () => {
    const i = await node.json('POST', '/api/v1/strategies/import', { package: lifecyclePackage(5100) });
    const other = await node.json('PUT', v(i.body.version), { package: lifecyclePackage(1) }, checker);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/only the author/);
    const withCard = lifecyclePackage(5100);
    (withCard.testCases[0]!.data as Record<string, unknown>).payee_name = 'card 6222021234567890128 typed here';
    const refused = await node.json('POST', '/api/v1/strategies/import', { package: { ...withCard, testCases: [{ ...withCard.testCases[0], data: { ...withCard.testCases[0]!.data, card_no: '4111111111111111' } }] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('SENSITIVE_DATA_REFUSED');
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toContain('package.testCases[0].data.card_no');
  });

  it('keeps a bank’s hands off the union’s canaries, shadows and schedules', async () => {
    const make = async (threshold: number) => {
      const i = await node.json('POST', '/api/v1/strategies/import', { package: lifecyclePackage(threshold) });
      await node.json('POST', `${v(i.body.version)}/submit`, {});
      await node.json('POST', `${v(i.body.version)}/approve`, { note: 'ok' }, checker);
      return i.body.version as number;
    };
    const unionCanary = await make(7100);
    const bankVersion = await make(7200);
    expect((await node.json('POST', `${v(unionCanary)}/deploy`, { mode: 'canary', canary: { percent: 20, key: 'customer_id' }, reason: 'union pilot' })).status).toBe(200);
    const bankA = await orgAdminKey(node, 'bank_a');
    expect((await node.json('POST', `${v(unionCanary)}/withdraw`, { reason: 'not ours' }, bankA)).status).toBe(403);
    expect((await node.json('POST', `${v(bankVersion)}/deploy`, { mode: 'canary', canary: { orgs: ['bank_a'] }, reason: 'ours' }, bankA)).status).toBe(409);
    expect((await node.json('POST', `${v(bankVersion)}/deploy`, { mode: 'canary', canary: { orgs: ['bank_a'] }, reason: 'ours', at: new Date(Date.now() + 60_000).toISOString() }, bankA)).status).toBe(403);
    const canaries = (await node.json('GET', '/api/v1/deployments')).body.active.filter((d: { mode: string }) => d.mode === 'canary');
    expect(canaries.map((d: { strategy: { version: number } }) => d.strategy.version)).toEqual([unionCanary]);
    expect((await node.json('POST', `${v(unionCanary)}/withdraw`, { reason: 'done' })).status).toBe(200);
  });

  it('checks a scheduled deployment again when it comes due', async () => {
    const i = await node.json('POST', '/api/v1/strategies/import', { package: lifecyclePackage(8100) });
    const version = i.body.version as number;
    await node.json('POST', `${v(version)}/submit`, {});
    await node.json('POST', `${v(version)}/approve`, { note: 'ok' }, checker);
    expect((await node.json('POST', `${v(version)}/deploy`, { mode: 'shadow', reason: 'later', at: new Date(Date.now() + 1200).toISOString() })).body.scheduled).toBeTruthy();
    // meanwhile it went live: a shadow of the live version makes no sense any more
    expect((await node.json('POST', `${v(version)}/deploy`, { mode: 'live', reason: 'now' })).body.status).toBe('live');
    await new Promise((res) => setTimeout(res, 2500));
    expect((await node.json('GET', v(version))).body.status).toBe('live');
    const entry = (await node.json('GET', `/api/v1/audit?targetId=transfer_lc@${version}`)).body.items[0];
    expect(entry).toMatchObject({ action: 'strategy.schedule.refused', actor: 'system:scheduler' });
    expect(entry.reason).toMatch(/the version is live/);
    // back to the champion the later cases expect
    expect((await node.json('POST', '/api/v1/deployments/rollback', { eventType: 'transfer', reason: 'test over' })).body.live).toEqual({ id: 'transfer_lc', version: 1 });
  });

  it('exports the document exactly as imported, in JSON and YAML, and YAML imports back to the same package', async () => {
    // as an author writes it: no defaults filled in
    const doc = { ...lifecyclePackage(3000, { id: 'transfer_doc' }), description: '由 YAML 往返' };
    const i = await node.json('POST', '/api/v1/strategies/import', { package: doc, changeNote: 'doc' });
    expect(i.status).toBe(201);
    const json = await node.json('GET', `${v(1, 'transfer_doc')}/export`);
    expect(json.body).toEqual(doc);
    const yamlRes = await fetch(`${node.baseUrl}${v(1, 'transfer_doc')}/export?format=yaml`, { headers: { authorization: `Bearer ${node.creds.adminKey}` } });
    expect(yamlRes.headers.get('content-type')).toMatch(/application\/yaml/);
    const yamlText = await yamlRes.text();
    expect(parseYaml(yamlText)).toEqual(doc);
    const back = await fetch(`${node.baseUrl}/api/v1/strategies/import?changeNote=${encodeURIComponent('from yaml')}`, { method: 'POST', headers: { authorization: `Bearer ${node.creds.adminKey}`, 'content-type': 'application/yaml' }, body: yamlText });
    expect(back.status).toBe(201);
    const v2 = (await back.json()) as { version: number };
    expect((await node.json('GET', `${v(v2.version, 'transfer_doc')}/export`)).body).toEqual(doc);
    // the stored packages are equal too, and the diff between them is empty
    const diff = await node.json('GET', `/api/v1/strategies/transfer_doc/diff?from=1&to=${v2.version}`);
    expect(diff.body.diff.empty ?? diff.body.text.trim() === '').toBeTruthy();
    // a YAML document that does not fit the schema is refused with the field
    const bad = await fetch(`${node.baseUrl}/api/v1/strategies/import`, { method: 'POST', headers: { authorization: `Bearer ${node.creds.adminKey}`, 'content-type': 'application/yaml' }, body: yamlText.replace('direction: in', 'direction: sideways') });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { path: string } }).error.path).toMatch(/^package/);
  });

  it('shows reviewers a structured and a readable diff', async () => {
    const diff = await node.json('GET', '/api/v1/strategies/transfer_lc/diff?from=1&to=4');
    expect(diff.status).toBe(200);
    // version 1 (after its draft edit) has 6000, version 4 has 9000
    expect(diff.body.diff.thresholds).toEqual([expect.objectContaining({ kind: 'rule', rule: 'big', before: 6000, after: 9000 })]);
    expect(diff.body.text).toMatch(/threshold in rule big.*6000 → 9000/);
    const zh = await node.json('GET', '/api/v1/strategies/transfer_lc/diff?from=1&to=4&lang=zh');
    expect(zh.body.text).not.toEqual(diff.body.text);
  });

  it('runs a shadow challenger on live traffic without ever changing the answer, and compares the two', async () => {
    const shadowVersion = await deploy(node, lifecyclePackage(6000, { rejectAll: true }), { mode: 'shadow', note: 'what if we refused everything' });
    const answers: Array<{ decisionId: string; outcome: string }> = [];
    for (let i = 0; i < 30; i++) {
      const r = await node.json('POST', '/api/v1/decisions', transfer({ amount: i % 3 === 0 ? 7000 : 100, customer_id: `sh-${i % 4}` }), node.creds.apiKey);
      expect(r.body.strategy).toEqual({ id: 'transfer_lc', version: 1 });
      answers.push(r.body);
    }
    expect(answers.some((a) => a.outcome === 'reject')).toBe(false);
    await node.vigil.services.shadows.idle();
    const report = await node.json('GET', `${v(shadowVersion)}/shadow-report?limit=1000`);
    expect(report.body.decisions).toBe(30);
    const matrix = Object.fromEntries(report.body.matrix.map((m: { champion: string; challenger: string; count: number }) => [`${m.champion}>${m.challenger}`, m.count]));
    expect(matrix).toEqual({ 'review>reject': 10, 'pass>reject': 20 });
    expect(report.body.agreement).toBe(0);
    expect(report.body.ruleHits.challenger.busy).toBe(30);
    expect(report.body.ruleHits.champion.big).toBe(10);
    expect(report.body.changed).toHaveLength(30);
    // the challenger's answer is logged with the decision it shadowed
    const detail = await node.json('GET', `/api/v1/decisions/${answers[0]!.decisionId}`);
    expect(detail.body.shadows).toEqual([{ strategy: { id: 'transfer_lc', version: shadowVersion }, outcome: 'reject', score: expect.any(Number), hits: expect.arrayContaining(['busy']) }]);
    const byId = new Map(answers.map((a) => [a.decisionId, a.outcome]));
    for (const c of report.body.changed) expect(c.champion.outcome).toBe(byId.get(c.decisionId));
    // a bank sees its own org's comparison only
    const bankB = await orgAdminKey(node, 'bank_b');
    expect((await node.json('GET', `${v(shadowVersion)}/shadow-report`, undefined, bankB)).body.decisions).toBe(0);
    expect((await node.json('POST', `${v(shadowVersion)}/withdraw`, { reason: 'seen enough' })).status).toBe(200);
  });

  it('a challenger sees the feature values the champion saw', async () => {
    const challenger = lifecyclePackage(6000, { id: 'transfer_lc_feat' });
    challenger.rules[1]!.condition = 'features.transfers_by_customer_1h >= 2';
    const version = await deploy(node, challenger, { mode: 'shadow' });
    for (let i = 0; i < 4; i++) await node.json('POST', '/api/v1/decisions', transfer({ customer_id: 'feat-1' }), node.creds.apiKey);
    await node.vigil.services.shadows.idle();
    const report = await node.json('GET', `${v(version, 'transfer_lc_feat')}/shadow-report?limit=10`);
    // counts before each event: 0, 1, 2, 3 → the rule fires for the last two only
    expect(report.body.ruleHits.challenger.busy).toBe(2);
    await node.json('POST', `${v(version, 'transfer_lc_feat')}/withdraw`, { reason: 'done' });
  });

  it('decides a stable canary slice by customer, reports it beside the champion, and promotes it', async () => {
    const canaryVersion = await deploy(node, lifecyclePackage(1000), { mode: 'canary', canary: { percent: 30, key: 'customer_id' } });
    const seen = new Map<string, number>();
    for (let round = 0; round < 2; round++) {
      for (let c = 0; c < 60; c++) {
        const r = await node.json('POST', '/api/v1/decisions', transfer({ customer_id: `cn-${c}`, amount: 50 }), node.creds.apiKey);
        const version = r.body.strategy.version as number;
        if (round === 0) seen.set(`cn-${c}`, version);
        else expect(version, `cn-${c}`).toBe(seen.get(`cn-${c}`));
        const expected = inCanarySlice({ percent: 30, key: 'customer_id' }, 'transfer_lc', { orgChain: ['bank_a', 'root'], data: { customer_id: `cn-${c}` } }) ? canaryVersion : 1;
        expect(version).toBe(expected);
      }
    }
    const inCanary = [...seen.values()].filter((x) => x === canaryVersion).length;
    expect(inCanary).toBeGreaterThan(5);
    expect(inCanary).toBeLessThan(35);
    const report = await node.json('GET', '/api/v1/deployments/canary-report?eventType=transfer');
    expect(report.body.canary.strategy).toEqual({ id: 'transfer_lc', version: canaryVersion });
    expect(report.body.canary.decisions).toBe(inCanary * 2);
    expect(report.body.champion.strategy).toEqual({ id: 'transfer_lc', version: 1 });
    expect(report.body.champion.decisions).toBeGreaterThanOrEqual((60 - inCanary) * 2);
    const deployments = (await node.json('GET', '/api/v1/deployments')).body.active.filter((d: { eventType: string }) => d.eventType === 'transfer');
    expect(deployments.map((d: { mode: string }) => d.mode).sort()).toEqual(['canary', 'live']);
    // promote: the canary becomes the champion for everyone
    expect((await node.json('POST', `${v(canaryVersion)}/deploy`, { mode: 'live', reason: 'canary looked good' })).body.status).toBe('live');
    const after = (await node.json('GET', '/api/v1/deployments')).body.active.filter((d: { eventType: string }) => d.eventType === 'transfer');
    expect(after.map((d: { mode: string; strategy: { version: number } }) => `${d.mode}@${d.strategy.version}`)).toEqual([`live@${canaryVersion}`]);
  });

  it('a canary by legal entity decides that bank’s traffic only', async () => {
    const version = await deploy(node, lifecyclePackage(100), { mode: 'canary', canary: { orgs: ['bank_b'] } });
    const a = await node.json('POST', '/api/v1/decisions', transfer({ org: 'bank_a' }), node.creds.apiKey);
    const b = await node.json('POST', '/api/v1/decisions', transfer({ org: 'bank_b_nb' }), node.creds.apiKey);
    expect(a.body.strategy.version).not.toBe(version);
    expect(b.body.strategy.version).toBe(version);
    await node.json('POST', `${v(version)}/withdraw`, { reason: 'done' });
  });

  it('rolls back to the previous live version for the very next request, audited with who and why', async () => {
    const liveBefore = (await node.json('POST', '/api/v1/decisions', transfer(), node.creds.apiKey)).body.strategy.version as number;
    const next = await deploy(node, lifecyclePackage(2500), { note: 'v-next' });
    expect((await node.json('POST', '/api/v1/decisions', transfer(), node.creds.apiKey)).body.strategy.version).toBe(next);
    const rb = await node.json('POST', '/api/v1/deployments/rollback', { eventType: 'transfer', reason: 'false positives on payroll' });
    expect(rb.body).toMatchObject({ live: { id: 'transfer_lc', version: liveBefore }, replaced: { id: 'transfer_lc', version: next } });
    expect((await node.json('POST', '/api/v1/decisions', transfer(), node.creds.apiKey)).body.strategy.version).toBe(liveBefore);
    const entry = (await node.json('GET', `/api/v1/audit?targetId=transfer_lc@${liveBefore}`)).body.items[0];
    expect(entry).toMatchObject({ action: 'strategy.rollback', actor: 'api_key:demo admin', reason: 'false positives on payroll', before: { live: `transfer_lc@${next}` } });
    expect((await node.json('GET', v(next))).body.status).toBe('retired');
    expect((await node.json('POST', '/api/v1/deployments/rollback', { eventType: 'no_such_type', reason: 'x' })).status).toBe(409);
    // rolling back again walks further back instead of restoring the version just taken off
    const again = await node.json('POST', '/api/v1/deployments/rollback', { eventType: 'transfer', reason: 'further' });
    expect(again.body.live.version).not.toBe(next);
    expect(again.body.replaced.version).toBe(liveBefore);
    await node.json('POST', `${v(liveBefore)}/deploy`, { mode: 'live', reason: 'back to it' });
    // the live version cannot be withdrawn (only replaced or rolled back)
    expect((await node.json('POST', `${v(liveBefore)}/withdraw`, { reason: 'oops' })).status).toBe(409);
    expect((await node.json('POST', '/api/v1/decisions', transfer(), node.creds.apiKey)).body.strategy.version).toBe(liveBefore);
  });

  it('applies a scheduled deployment at its time', async () => {
    const i = await node.json('POST', '/api/v1/strategies/import', { package: lifecyclePackage(1234) });
    const version = i.body.version as number;
    await node.json('POST', `${v(version)}/submit`, {});
    await node.json('POST', `${v(version)}/approve`, { note: 'ok' }, checker);
    const at = new Date(Date.now() + 1500).toISOString();
    const r = await node.json('POST', `${v(version)}/deploy`, { mode: 'live', reason: 'after the batch window', at });
    expect(r.body.scheduled).toMatchObject({ mode: 'live', at });
    expect((await node.json('GET', '/api/v1/deployments')).body.scheduled.map((d: { strategy: { version: number } }) => d.strategy.version)).toContain(version);
    expect((await node.json('POST', '/api/v1/decisions', transfer(), node.creds.apiKey)).body.strategy.version).not.toBe(version);
    await new Promise((res) => setTimeout(res, 3000));
    expect((await node.json('POST', '/api/v1/decisions', transfer(), node.creds.apiKey)).body.strategy.version).toBe(version);
    const entry = (await node.json('GET', `/api/v1/audit?targetId=transfer_lc@${version}`)).body.items[0];
    expect(entry).toMatchObject({ action: 'strategy.deploy', actor: 'system:scheduler', after: { mode: 'live' } });
    expect((await node.json('GET', '/api/v1/deployments')).body.scheduled).toEqual([]);
  });
});

describe('canary slices', () => {
  it('put each key in the same bucket every time, and a share within ±2 points of the target over 10,000 keys', () => {
    for (const percent of [1, 5, 10, 25, 50, 90]) {
      let hits = 0;
      for (let i = 0; i < 10_000; i++) if (inCanarySlice({ percent, key: 'customer_id' }, 'card_auth_default', { orgChain: ['bank_a'], data: { customer_id: `customer-${i}` } })) hits++;
      expect(Math.abs(hits / 100 - percent), `${percent}%`).toBeLessThanOrEqual(2);
    }
    expect(canaryBucket('s', 'customer-1')).toBe(canaryBucket('s', 'customer-1'));
    // another strategy slices other customers
    const a = Array.from({ length: 1000 }, (_, i) => canaryBucket('a', `k${i}`) < 1000);
    const b = Array.from({ length: 1000 }, (_, i) => canaryBucket('b', `k${i}`) < 1000);
    expect(a.filter((x, i) => x && b[i]).length).toBeLessThan(40);
    // events without the key stay with the champion
    expect(inCanarySlice({ percent: 100, key: 'customer_id' }, 's', { orgChain: [], data: {} })).toBe(false);
  });
});

describe('a canary after a restart', () => {
  const nodes: TestNode[] = [];
  afterAll(async () => {
    for (const n of nodes.reverse()) await n.destroy().catch(() => undefined);
  });

  it('keeps deciding the same customers', async () => {
    const node = await startNode();
    nodes.push(node);
    await deploy(node, lifecyclePackage(5000), { note: 'champion' });
    const canary = await deploy(node, lifecyclePackage(100), { mode: 'canary', canary: { percent: 50, key: 'customer_id' } });
    const first = new Map<string, number>();
    for (let c = 0; c < 40; c++) first.set(`r-${c}`, (await node.json('POST', '/api/v1/decisions', transfer({ customer_id: `r-${c}` }), node.creds.apiKey)).body.strategy.version);
    expect(new Set(first.values())).toEqual(new Set([1, canary]));
    await node.stop();
    const again = await startNode({ dataDir: node.dataDir });
    nodes.push(again);
    for (const [customer, version] of first) {
      expect((await again.json('POST', '/api/v1/decisions', transfer({ customer_id: customer }), again.creds.apiKey)).body.strategy.version, customer).toBe(version);
    }
  });
});
