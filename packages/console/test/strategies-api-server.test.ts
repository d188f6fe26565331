import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentListSchema, DiffResultSchema, StrategyDetailSchema, StrategyListSchema, TestRunSchema, VersionDetailSchema, VersionViewSchema } from '../../server/src/routes/strategy-lifecycle-schema.ts';
import { BacktestSchema } from '../../server/src/routes/backtest-schema.ts';
import { cardAuth, startNode, type TestNode } from '../../server/test/harness.ts';
import { authApi } from '../src/api/auth-api.ts';
import { createHttpClient } from '../src/api/http-client.ts';
import { strategiesApiOf } from '../src/api/strategies-api.ts';
import type { StrategyPackage } from '../src/api/types.ts';
import { cookieJar } from './cookie-jar.ts';

/** One signed-in console user: the strategy calls the pages make, through the console's own client. */
async function signedIn(node: TestNode, username: string) {
  const jar = cookieJar();
  const http = createHttpClient({ baseUrl: node.baseUrl, fetch: jar.fetch, csrfToken: () => jar.get('vigil_csrf') });
  await authApi(http).login({ username, password: node.creds.users.find((u) => u.username === username)!.password });
  return strategiesApiOf(http);
}

const noErrors = (schema: TSchema, value: unknown) => expect(Value.Errors(schema, value)).toEqual([]);

describe('the strategy pages’ calls against a real node', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode();
    for (let i = 0; i < 30; i++) {
      const r = await node.json('POST', '/api/v1/decisions', { ...cardAuth({ customer_id: `c-${i % 5}`, amount: 40 + i * 13, org: 'bank_a' }), occurredAt: new Date(Date.now() - (40 - i) * 60_000).toISOString() }, node.creds.apiKey);
      expect(r.status).toBe(200);
    }
  }, 120_000);
  afterAll(() => node?.destroy());

  it('takes a changed draft from an analyst through save, tests, submit, review, shadow, live and rollback', async () => {
    const analyst = await signedIn(node, 'a.analyst');
    const approver = await signedIn(node, 'a.approver');
    const admin = await signedIn(node, 'admin');

    const list = await analyst.list();
    noErrors(StrategyListSchema, list);
    expect(list.items.find((s) => s.id === 'card_auth_default')).toMatchObject({ liveVersion: 1 });

    // "New draft from this version": the export imported again, by the analyst.
    const draft = await analyst.importJson(await analyst.exportJson('card_auth_default', 1), 'tighter card testing');
    expect(draft).toEqual({ id: 'card_auth_default', version: 2, status: 'draft' });

    // The editor's change, held as state and saved: a rule's score.
    const doc = structuredClone(await analyst.exportJson('card_auth_default', 2)) as StrategyPackage;
    const rule = doc.rules.find((r) => r.id === 'card_testing')!;
    rule.score = 75;
    const tested = await analyst.test('card_auth_default', 2, doc);
    noErrors(TestRunSchema, tested);
    expect(tested).toMatchObject({ tested: 'body', passed: true });
    const saved = await analyst.save('card_auth_default', 2, doc, 'tighter card testing: score 75');
    noErrors(VersionViewSchema, saved);
    expect(saved).toMatchObject({ status: 'draft', changeNote: 'tighter card testing: score 75', createdBy: 'user:a.analyst' });
    const detail = await analyst.version('card_auth_default', 2);
    noErrors(VersionDetailSchema, detail);
    expect(detail.package.rules.find((r) => r.id === 'card_testing')!.score).toBe(75);
    const diff = await analyst.diff('card_auth_default', 1, 2, 'en');
    noErrors(DiffResultSchema, diff);
    expect(diff.diff.rules.changed).toEqual([{ id: 'card_testing', changes: [{ path: 'score', before: 60, after: 75 }] }]);
    expect(diff.text).toContain('card_testing');

    // Maker-checker as the pages offer it: only the author saves; the author never reviews.
    await expect(approver.save('card_auth_default', 2, doc, 'not mine')).rejects.toMatchObject({ status: 403 });
    const submitted = await analyst.submit('card_auth_default', 2, 'please review');
    expect(submitted.status).toBe('submitted');
    expect(submitted.testResults?.every((r) => r.passed)).toBe(true);
    await expect(analyst.review('card_auth_default', 2, 'approve', 'self')).rejects.toMatchObject({ status: 403 });
    expect((await approver.review('card_auth_default', 2, 'approve', 'checked the diff')).status).toBe('approved');
    noErrors(StrategyDetailSchema, await approver.strategy('card_auth_default'));

    // A bank's approver deploys for every bank only through the union; the union's admin does.
    await expect(approver.deploy('card_auth_default', 2, { mode: 'shadow', reason: 'challenger' })).rejects.toMatchObject({ status: 403 });
    expect(await admin.deploy('card_auth_default', 2, { mode: 'shadow', reason: 'challenger' })).toMatchObject({ status: 'shadow' });
    expect(await admin.deploy('card_auth_default', 2, { mode: 'live', reason: 'promote' })).toMatchObject({ status: 'live' });
    const deployments = await analyst.deployments();
    noErrors(DeploymentListSchema, deployments);
    expect(deployments.active.find((d) => d.eventType === 'card_auth' && d.mode === 'live')?.strategy).toEqual({ id: 'card_auth_default', version: 2 });
    expect(await admin.rollback('card_auth', 'in', 'back to v1')).toMatchObject({ live: { version: 1 }, replaced: { version: 2 } });
  });

  it('runs a backtest the Backtests tab starts and reads its report', async () => {
    const analyst = await signedIn(node, 'a.analyst');
    const started = await analyst.startBacktest({ strategyId: 'card_auth_default', version: 1, name: 'week', from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString(), warmupDays: 0, positiveOutcomes: ['reject', 'review'] });
    await node.vigil.services.backtests.idle(started.id);
    const run = await analyst.backtest(started.id);
    noErrors(BacktestSchema, run);
    expect(run.status).toBe('done');
    expect(run.result?.events).toBe(30);
    expect(run.input.positiveOutcomes).toEqual(['reject', 'review']);
    const listed = await analyst.backtests('card_auth_default');
    expect(listed.items.map((r) => r.id)).toContain(started.id);
    await expect(analyst.compareBacktests([started.id])).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
