import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionDetailSchema, ActionList, ActionSchema } from '../../server/src/routes/alert-action-schema.ts';
import { AlertCategoryList, AlertDetailSchema, AlertDisposedSchema, AlertPage, AlertQueueList, QueueHandlerList } from '../../server/src/routes/alert-schema.ts';
import { MessageTemplateList, MessageTemplatePreview } from '../../server/src/routes/message-template-schema.ts';
import { cardAuth, startNode, type TestNode } from '../../server/test/harness.ts';
import { alertActionsApiOf, type AlertAction } from '../src/api/alert-actions-api.ts';
import { alertsApiOf } from '../src/api/alerts-api.ts';
import { authApi } from '../src/api/auth-api.ts';
import { createHttpClient } from '../src/api/http-client.ts';
import { actionDetails, CALL_OUTCOMES, canCancel, canRecordResult, canRetry, controlRequest, isPending, sendableTemplates } from '../src/modules/alerts/utils/action-model.ts';
import { alertFiltersToQuery, parseAlertFilters } from '../src/modules/alerts/utils/alert-filters.ts';
import { fieldOfIssue, newQueueValues, QUEUE_FIELDS, queueBody } from '../src/modules/alerts/utils/config-forms.ts';
import { timelineView } from '../src/modules/alerts/utils/timeline.ts';
import { serverIssues } from '../src/modules/lists/utils/server-issues.ts';
import { cookieJar } from './cookie-jar.ts';

/** One signed-in console user: the alert center's calls, through the console's own client. */
async function signedIn(node: TestNode, username: string) {
  const jar = cookieJar();
  const http = createHttpClient({ baseUrl: node.baseUrl, fetch: jar.fetch, csrfToken: () => jar.get('vigil_csrf') });
  await authApi(http).login({ username, password: node.creds.users.find((u) => u.username === username)!.password });
  return { alerts: alertsApiOf(http), actions: alertActionsApiOf(http) };
}

const noErrors = (schema: TSchema, value: unknown) => expect(Value.Errors(schema, value)).toEqual([]);
const refused = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('the alert center pages’ calls against a real node', () => {
  let node: TestNode;
  const card = '6222027777000011112';
  let contributions = 0;
  beforeAll(async () => {
    // Two attempts per action, retried after 20 ms: a failure injected into the simulator channel
    // (`simulate.failAttempts`) makes an action fail for good within the test.
    node = await startNode({ env: { VIGIL_ACTION_MAX_ATTEMPTS: '2', VIGIL_ACTION_RETRY_BASE_MS: '20', VIGIL_ACTION_RETRY_MAX_MS: '20' } });
    // A card-testing burst at bank_a_hz: tiny card-not-present payments; the later ones hit card_testing.
    for (let i = 0; i < 8; i++) {
      const r = await node.json('POST', '/api/v1/decisions', cardAuth({ card, org: 'bank_a_hz', amount: 1 + i / 10, channel: 'ECOM', entry_mode: 'ecom', device_id: `dev-api-${i}`, merchant_id: 'm-api' }), node.creds.apiKey);
      expect(r.status).toBe(200);
      if (r.body.hits.some((h: { ruleId: string }) => h.ruleId === 'card_testing' || h.ruleId === 'merchant_card_testing')) contributions++;
    }
    const feed = node.vigil.services.alerts.feed;
    await node.vigil.services.writer.flush();
    await feed.idle();
    await feed.drain();
    await feed.idle();
  }, 120_000);
  afterAll(() => node?.destroy());

  /** The handler's card-testing alert of the card (bank_a_hz, high: the demo auto-sends `txn_verify` for it). */
  const cardAlert = async (alerts: ReturnType<typeof alertsApiOf>) => {
    const mine = await alerts.search({ assignee: 'me', sort: 'urgency', limit: 200 });
    return mine.items.find((x) => x.category === 'card_testing' && x.subject.display.startsWith('622202'))!;
  };

  /** Waits until `find` sees the action and the dispatcher is done with it (retries included), within 30 s. */
  const settled = async (find: () => Promise<AlertAction | undefined>): Promise<AlertAction> => {
    const dispatcher = node.vigil.services.actions.dispatcher;
    const deadline = Date.now() + 30_000;
    for (;;) {
      await dispatcher.idle();
      const a = await find();
      if (a && !isPending(a)) return a;
      if (Date.now() > deadline) throw new Error(`the action is still ${a?.status ?? 'missing'}`);
      // A retry falls due after a short wait; the dispatcher's own timer or this wake picks it up.
      await new Promise((r) => setTimeout(r, 25));
      dispatcher.wake();
    }
  };

  it('acts on the handler’s alert through the actions API: the automatic SMS, an SMS from a template, calls, controls, a retry and a cancel', async () => {
    const { alerts, actions } = await signedIn(node, 'a.handler');
    const a = await cardAlert(alerts);
    expect(a).toMatchObject({ level: 'high', orgId: 'bank_a_hz', status: 'assigned' });
    const one = (id: string) => async () => (await actions.list(a.id)).items.find((x) => x.id === id);

    // The demo's union auto-sends txn_verify (zh-CN first) for a high card-testing alert, through its simulator.
    const auto = await settled(async () => (await actions.list(a.id)).items.find((x) => x.source === 'auto'));
    expect(auto).toMatchObject({ type: 'sms', kind: null, status: 'succeeded', attempts: 1, requestedBy: 'system:auto-send', params: { template: 'txn_verify', locale: 'zh-CN', templateOrgId: 'root' }, lastError: null });
    const autoSms = actionDetails(auto);
    expect(autoSms.text).toContain(a.subject.display);
    expect(autoSms.text).not.toContain(card);
    expect(autoSms.reference).toMatch(/^SIMSMS-/);
    expect(auto.context).toMatchObject({ alert: { id: a.id, orgId: 'bank_a_hz', category: 'card_testing', subject: { type: 'card', display: a.subject.display } } });

    // The templates the SMS dialog offers: the union's, inherited, with their variables and auto-send rules.
    const templates = await actions.templates();
    noErrors(MessageTemplateList, templates);
    expect(Object.keys(templates.variables)).toEqual(expect.arrayContaining(['maskedCard', 'amount', 'time', 'orgName']));
    const txn = templates.items.find((x) => x.key === 'txn_verify' && x.locale === 'en-US')!;
    expect(txn).toMatchObject({ orgId: 'root', inherited: true, enabled: true, channel: 'sms', autoSend: { minLevel: 'high', categories: expect.arrayContaining(['card_testing']) } });
    expect(txn.variables).toEqual(['orgName', 'maskedCard', 'amount', 'time']);
    expect(sendableTemplates(templates.items, 'en-US').map((x) => `${x.key}/${x.locale}`)).toEqual(['account_protected/en-US', 'txn_verify/en-US', 'account_protected/zh-CN', 'txn_verify/zh-CN']);

    // Its preview with this alert's values is the text that is then sent.
    const preview = await actions.preview(txn.id, a.id);
    noErrors(MessageTemplatePreview, preview);
    expect(preview).toMatchObject({ missing: [], sample: false, length: [...preview.text].length });
    expect(preview.text).toContain(a.subject.display);
    expect(preview.text).not.toContain('{{');
    expect(await actions.preview(txn.id)).toMatchObject({ sample: true, missing: [] });
    const sms = await actions.request(a.id, { type: 'sms', template: 'txn_verify', locale: 'en-US' });
    noErrors(ActionSchema, sms);
    expect(sms).toMatchObject({ type: 'sms', source: 'manual', status: 'queued', attempts: 0, requestedBy: 'user:a.handler', params: { template: 'txn_verify', locale: 'en-US', text: preview.text } });
    expect(await settled(one(sms.id))).toMatchObject({ status: 'succeeded', attempts: 1, result: { deliveryStatus: 'delivered', segments: 1 } });
    expect(await refused(actions.request(a.id, { type: 'sms', template: 'no_such_template' }))).toMatchObject({ status: 404, path: 'template' });

    // The IVR robot calls; the simulator reports the outcome (the same one for a given action).
    const robot = await actions.request(a.id, { type: 'call', kind: 'robot' });
    const called = await settled(one(robot.id));
    expect(called).toMatchObject({ status: 'succeeded', attempts: 1, result: { callId: expect.stringMatching(/^SIMCALL-/) } });
    expect(CALL_OUTCOMES).toContain(actionDetails(called).outcome);
    expect(canRecordResult(called)).toBe(false);

    // A manual call waits for the person's result; it is recorded once.
    const manual = await actions.request(a.id, { type: 'call', kind: 'manual' });
    expect(manual).toMatchObject({ status: 'awaiting_result', channelId: null, attempts: 0 });
    expect(canRecordResult(manual)).toBe(true);
    expect(await refused(actions.recordCallResult(manual.id, { outcome: 'answered_denied', note: 'card 4111111111111111' }))).toMatchObject({ status: 400, code: 'SENSITIVE_DATA_REFUSED', path: 'note' });
    const recorded = await actions.recordCallResult(manual.id, { outcome: 'answered_denied', note: 'denies both payments' });
    noErrors(ActionSchema, recorded);
    expect(recorded).toMatchObject({ status: 'succeeded', attempts: 1, result: { outcome: 'answered_denied', note: 'denies both payments', recordedBy: 'user:a.handler' } });
    expect(actionDetails(recorded)).toMatchObject({ outcome: 'answered_denied', note: 'denies both payments' });
    expect(await refused(actions.recordCallResult(manual.id, { outcome: 'busy' }))).toMatchObject({ status: 409 });

    // Controls on the core system: freeze the card; limit a channel, which needs the channel and its limit.
    const freeze = await actions.request(a.id, controlRequest('freeze_card'));
    const frozen = await settled(one(freeze.id));
    expect(frozen).toMatchObject({ type: 'control', kind: 'freeze_card', status: 'succeeded', result: { status: 'applied', reference: expect.stringMatching(/^SIMFRZ-/) } });
    expect(await refused(actions.request(a.id, { type: 'control', kind: 'limit_channel' }))).toMatchObject({ status: 400, path: 'params.channel' });
    const limited = await settled(one((await actions.request(a.id, controlRequest('limit_channel', { channel: 'online', limit: 0 }))).id));
    expect(limited).toMatchObject({ status: 'succeeded', result: { reference: expect.stringMatching(/^SIMLIM-/) } });
    expect(actionDetails(limited).limit).toEqual({ channel: 'online', limit: 0 });

    // An outage of the core system: both attempts fail, the action stays failed and visible; a retry gets fresh attempts and goes through.
    const suspend = await actions.request(a.id, { type: 'control', kind: 'suspend_account', simulate: { failAttempts: 2 } });
    const failed = await settled(one(suspend.id));
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, maxAttempts: 2, lastError: expect.stringContaining('simulated outage') });
    expect(canRetry(failed) && canCancel(failed)).toBe(true);
    const log = await actions.get(suspend.id);
    noErrors(ActionDetailSchema, log);
    expect(log.attempts.map((x) => [x.attempt, x.outcome, x.status])).toEqual([
      [1, 'retry', 503],
      [2, 'failed', 503],
    ]);
    const retried = await actions.retry(suspend.id);
    expect(retried).toMatchObject({ status: 'queued', attempts: 2, maxAttempts: 4 });
    expect(await settled(one(suspend.id))).toMatchObject({ status: 'succeeded', attempts: 3, lastError: null, result: { reference: expect.stringMatching(/^SIMSUS-/) } });
    expect((await actions.get(suspend.id)).attempts.map((x) => x.outcome)).toEqual(['retry', 'failed', 'succeeded']);
    expect(await refused(actions.retry(suspend.id))).toMatchObject({ status: 409 });

    // A manual call nobody makes is cancelled.
    const dropped = await actions.request(a.id, { type: 'call', kind: 'manual' });
    expect(await actions.cancel(dropped.id)).toMatchObject({ status: 'cancelled' });

    // The card's list: every action, oldest first, each with its status and attempts.
    const list = await actions.list(a.id);
    noErrors(ActionList, list);
    expect(list.items.map((x) => [x.id, x.type, x.kind, x.source, x.status])).toEqual([
      [auto.id, 'sms', null, 'auto', 'succeeded'],
      [sms.id, 'sms', null, 'manual', 'succeeded'],
      [robot.id, 'call', 'robot', 'manual', 'succeeded'],
      [manual.id, 'call', 'manual', 'manual', 'succeeded'],
      [freeze.id, 'control', 'freeze_card', 'manual', 'succeeded'],
      [limited.id, 'control', 'limit_channel', 'manual', 'succeeded'],
      [suspend.id, 'control', 'suspend_account', 'manual', 'succeeded'],
      [dropped.id, 'call', 'manual', 'manual', 'cancelled'],
    ]);
    expect(JSON.stringify(list)).not.toContain(card);

    // Another bank sees none of it.
    const b = await signedIn(node, 'b.handler');
    expect(await refused(b.actions.list(a.id))).toMatchObject({ status: 404 });
    expect(await refused(b.actions.get(sms.id))).toMatchObject({ status: 404 });
  });

  it('lists the handler’s queue, opens the alert with its timeline, notes and disposes of it', async () => {
    expect(contributions).toBeGreaterThan(1);
    const { alerts, actions } = await signedIn(node, 'a.handler');
    const mine = await alerts.search({ assignee: 'me', status: 'assigned', sort: 'urgency', limit: 200 });
    noErrors(AlertPage, mine);
    const a = mine.items.find((x) => x.category === 'card_testing' && x.subject.display.startsWith('622202'))!;
    expect(a.id).toBe((await cardAlert(alerts)).id);
    expect(a).toMatchObject({ level: 'high', eventCount: contributions, orgId: 'bank_a_hz', assignee: 'a.handler', sla: 'ok' });

    // The search page's query finds it by the card's token, as the address bar carries it.
    const found = await alerts.search(alertFiltersToQuery(parseAlertFilters(new URLSearchParams(`subjectType=card&subjectKey=${a.subject.key}&category=card_testing&status=assigned`)), undefined));
    expect(found.items.map((x) => x.id)).toEqual([a.id]);

    const detail = await alerts.get(a.id);
    noErrors(AlertDetailSchema, detail);
    expect(detail.can).toMatchObject({ claim: false, dispose: true, release: true, assign: false, act: true });
    const views = detail.timeline.map(timelineView);
    expect(views.filter((v) => v.kind === 'contribution')).toHaveLength(contributions);
    // The actions asked for above join the timeline as `action` entries, each with its status.
    const sent = (await actions.list(a.id)).items;
    expect(sent[0]).toMatchObject({ type: 'sms', source: 'auto', status: 'succeeded' });
    expect(views.flatMap((v) => (v.kind === 'action' ? [[v.actionId, v.type, v.status]] : []))).toEqual(sent.map((x) => [x.id, x.type, x.status]));
    expect(views.some((v) => v.kind === 'other')).toBe(false);
    expect(views.find((v) => v.kind === 'routed')).toMatchObject({ queueId: detail.queue!.id });

    await alerts.note(a.id, 'called the customer: denies both');
    const closed = await alerts.dispose(a.id, 'confirmed_fraud', 'customer denies');
    noErrors(AlertDisposedSchema, closed);
    // The demo's case rules open a fraud investigation for confirmed card fraud.
    expect(closed).toMatchObject({ alert: { status: 'closed', disposition: 'confirmed_fraud' }, labelled: contributions, cases: [expect.any(String)] });
    const kinds = (await alerts.get(a.id)).timeline.map((t) => timelineView(t, 0).kind);
    expect(kinds.slice(-2)).toEqual(['note', 'disposed']);
  });

  it('shows a supervisor the team queues with their handlers, and refuses another bank', async () => {
    const { alerts } = await signedIn(node, 'a.admin');
    const queues = await alerts.queues();
    noErrors(AlertQueueList, queues);
    const desk = queues.items.find((q) => q.name.en === 'Bank A card fraud desk')!;
    expect(desk).toMatchObject({ assignment: 'round_robin', inherited: false, serving: false });
    const handlers = await alerts.handlers(desk.id);
    noErrors(QueueHandlerList, handlers);
    expect(handlers.items.map((h) => h.username)).toContain('a.handler');

    const categories = await alerts.categories();
    noErrors(AlertCategoryList, categories);
    expect(categories.items.find((c) => c.key === 'card_testing')).toMatchObject({ orgId: 'root', inherited: true, usedByStrategies: ['card_auth_default'] });

    const b = await signedIn(node, 'b.handler');
    const [mineA] = (await alerts.search({ category: 'card_testing', limit: 1 })).items;
    expect(await refused(b.alerts.get(mineA!.id))).toMatchObject({ status: 404 });
  });

  it('puts the server’s refusal of a queue at its field, and saves and removes a category override', async () => {
    const { alerts } = await signedIn(node, 'a.admin');
    const values = { ...newQueueValues('bank_a'), name: { zh: '测试', en: 'Test' }, escalateTo: 'no-such-queue', filters: { categories: [], levels: [], eventTypes: [], orgs: ['bank_b'] } };
    const e = await refused(alerts.createQueue(queueBody(values, true)));
    const fields = serverIssues(e).map((i) => fieldOfIssue(i.path, QUEUE_FIELDS));
    expect(fields[0]).toEqual(['filters', 'orgs']);

    await alerts.setCategory('card_testing', { orgId: 'bank_a', name: { zh: '盗卡测试', en: 'Card testing' }, description: '', mergeBy: ['card', 'device'], windowMinutes: 30 });
    const own = (await alerts.categories('bank_a')).items.find((c) => c.key === 'card_testing');
    expect(own).toMatchObject({ orgId: 'bank_a', inherited: false, mergeBy: ['card', 'device'], windowMinutes: 30 });
    await alerts.removeCategory('card_testing', 'bank_a');
    expect((await alerts.categories('bank_a')).items.find((c) => c.key === 'card_testing')).toMatchObject({ orgId: 'root', inherited: true });
  });
});
