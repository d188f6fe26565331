import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertCategoryList, AlertDetailSchema, AlertDisposedSchema, AlertPage, AlertQueueList, QueueHandlerList } from '../../server/src/routes/alert-schema.ts';
import { cardAuth, startNode, type TestNode } from '../../server/test/harness.ts';
import { alertActionsApiOf } from '../src/api/alert-actions-api.ts';
import { alertsApiOf } from '../src/api/alerts-api.ts';
import { authApi } from '../src/api/auth-api.ts';
import { createHttpClient } from '../src/api/http-client.ts';
import { actionsUnavailable } from '../src/modules/alerts/utils/action-model.ts';
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
    node = await startNode();
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

  it('lists the handler’s queue, opens the alert with its timeline, notes and disposes of it', async () => {
    expect(contributions).toBeGreaterThan(1);
    const { alerts, actions } = await signedIn(node, 'a.handler');
    const mine = await alerts.search({ assignee: 'me', status: 'assigned', sort: 'urgency', limit: 200 });
    noErrors(AlertPage, mine);
    const a = mine.items.find((x) => x.category === 'card_testing' && x.subject.display.startsWith('622202'))!;
    expect(a).toMatchObject({ level: 'high', eventCount: contributions, orgId: 'bank_a_hz', assignee: 'a.handler', sla: 'ok' });

    // The search page's query finds it by the card's token, as the address bar carries it.
    const found = await alerts.search(alertFiltersToQuery(parseAlertFilters(new URLSearchParams(`subjectType=card&subjectKey=${a.subject.key}&category=card_testing&status=assigned`)), undefined));
    expect(found.items.map((x) => x.id)).toEqual([a.id]);

    const detail = await alerts.get(a.id);
    noErrors(AlertDetailSchema, detail);
    expect(detail.can).toMatchObject({ claim: false, dispose: true, release: true, assign: false, act: true });
    const views = detail.timeline.map(timelineView);
    expect(views.filter((v) => v.kind === 'contribution')).toHaveLength(contributions);
    expect(views.filter((v) => v.kind === 'other')).toEqual([]);
    expect(views.find((v) => v.kind === 'routed')).toMatchObject({ queueId: detail.queue!.id });

    // The actions API is not on this server yet: the card shows "not available" rather than failing.
    expect(actionsUnavailable(await refused(actions.list(a.id)))).toBe(true);

    await alerts.note(a.id, 'called the customer: denies both');
    const closed = await alerts.dispose(a.id, 'confirmed_fraud', 'customer denies');
    noErrors(AlertDisposedSchema, closed);
    expect(closed).toMatchObject({ alert: { status: 'closed', disposition: 'confirmed_fraud' }, labelled: contributions, cases: [] });
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
