import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/runtime/webhook-signature.ts';
import { insertUser } from '../src/repos/users.ts';
import { OrgData } from '../src/repos/scoped.ts';
import { BACKENDS, cardAuth, deploy, signIn, startNode, type TestNode, type UserSession } from './harness.ts';

/** A card_auth strategy raising a card-testing alert on every authorisation, critical above 1000. */
function alertingPackage() {
  const rule = (id: string, condition: string, level: string) => ({
    id,
    name: { zh: id, en: id },
    condition,
    outcome: 'review',
    score: 10,
    reasonCode: id.toUpperCase(),
    enabled: true,
    mode: 'live',
    actions: [{ type: 'alert', level, category: 'card_testing' }],
  });
  return {
    id: 'card_alerts',
    name: { zh: '预警', en: 'Alerts' },
    eventType: 'card_auth',
    direction: 'in',
    rules: [rule('any_auth', 'true', 'high'), rule('big_auth', 'event.amount > 1000.0', 'critical')],
    ruleSets: [{ id: 's', rules: ['any_auth', 'big_auth'] }],
    flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] },
    testCases: [{ name: 'every authorisation is reviewed', data: cardAuth().data, expectOutcome: 'review' }],
  };
}

const PAN = (n: number) => {
  // Luhn-valid 16-digit card numbers, one per n.
  const body = `622202${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
};

describe.each(BACKENDS)('alert center on %s', (backend) => {
  let node: TestNode;
  let handler: UserSession;
  let supervisor: UserSession;
  let bHandler: UserSession;
  let version: number;
  const started = new Date(Date.now() - 60_000).toISOString();
  const decide = (over: Record<string, unknown>) => node.json('POST', '/api/v1/decisions', cardAuth({ org: 'bank_a_hz', ...over }), node.creds.apiKey);
  /** Files what the decisions raised, whether this call or the feed's own wake-up takes the rows. */
  const feed = async () => {
    const f = node.vigil.services.alerts.feed;
    await node.vigil.services.writer.flush();
    await f.idle();
    await f.drain();
    await f.idle();
  };
  const alertsOf = async (card: string) => {
    const token = node.vigil.services.tokenizer.tokenize(card);
    return (await handler.call('GET', `/api/v1/alerts?subjectType=card&subjectKey=${encodeURIComponent(token)}&limit=50`)).body.items as any[];
  };

  const received: Array<{ event: string; body: string; signature: string }> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ event: String(req.headers['x-vigil-event']), body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-vigil-signature']) });
      res.end('ok');
    });
  });
  let hookSecret = '';

  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;
    node = await startNode({ backend, env: { VIGIL_WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${port}`, VIGIL_WEBHOOK_RETRY_BASE_MS: '50' } });
    const hook = await node.json('POST', '/api/v1/webhooks', { name: 'case system', url: `http://127.0.0.1:${port}/alerts`, events: ['alert.opened', 'alert.escalated', 'alert.disposed'], orgId: 'bank_a' });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    hookSecret = hook.body.secret;
    version = await deploy(node, alertingPackage());
    handler = await signIn(node, 'a.handler');
    supervisor = await signIn(node, 'a.admin');
    bHandler = await signIn(node, 'b.handler');
  });
  afterAll(async () => {
    await node?.destroy();
    receiver.close();
  });

  it('files concurrent decisions for one card as one alert with every contribution', async () => {
    const card = PAN(1);
    const n = 24;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => decide({ card, amount: i === 7 ? 5000 : 100 })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await feed();
    const alerts = await alertsOf(card);
    expect(alerts).toHaveLength(1);
    const [a] = alerts;
    expect(a).toMatchObject({ category: 'card_testing', level: 'critical', eventCount: n, orgId: 'bank_a_hz', legalEntityId: 'bank_a', source: 'decision', subject: { type: 'card' } });
    expect(a.subject.display).toMatch(/^622202\*+\d{4}$/);
    expect(a.subject.key).not.toContain('622202');
    expect(a.amount).toBeCloseTo(23 * 100 + 5000);
    expect(a.ruleIds).toEqual(['any_auth', 'big_auth']);
    const detail = await handler.call('GET', `/api/v1/alerts/${a.id}`);
    expect(detail.status).toBe(200);
    const contributions = detail.body.timeline.filter((t: any) => t.kind === 'contribution');
    expect(contributions).toHaveLength(n);
    expect(new Set(contributions.map((c: any) => c.details.decisionId)).size).toBe(n);
    expect(detail.body.decisions).toHaveLength(n);
    // Routed to bank A's card desk, which assigns round-robin to its only handler who can see it.
    expect(detail.body.queue.name.en).toBe('Bank A card fraud desk');
    expect(a.status).toBe('assigned');
    expect(a.assignee).toBe('a.handler');
    expect(a.dueAt).not.toBeNull();
    // Critical: 15 minutes from the alert's opening.
    expect(new Date(a.dueAt).getTime() - new Date(a.createdAt).getTime()).toBeLessThanOrEqual(15 * 60_000);
    // Filing again (a crash before the flag was cleared) changes nothing.
    const db = node.vigil.database.db;
    await OrgData.system(db).updateTable('decisions').set({ alert_pending: true }).where('decision_id', 'in', detail.body.decisions.map((d: any) => d.decisionId)).execute();
    await feed();
    expect((await alertsOf(card))[0].eventCount).toBe(n);
  });

  it('keeps other banks out and refuses card numbers in free text', async () => {
    const card = PAN(2);
    await decide({ card });
    await feed();
    const [a] = await alertsOf(card);
    expect((await bHandler.call('GET', `/api/v1/alerts/${a.id}`)).status).toBe(404);
    expect((await bHandler.call('POST', `/api/v1/alerts/${a.id}/claim`)).status).toBe(404);
    expect((await bHandler.call('POST', `/api/v1/alerts/${a.id}/notes`, { text: 'hello' })).status).toBe(404);
    expect((await bHandler.call('POST', `/api/v1/alerts/${a.id}/disposition`, { disposition: 'false_positive' })).status).toBe(404);
    const listed = await bHandler.call('GET', '/api/v1/alerts?limit=500');
    expect(listed.body.items.some((x: any) => x.id === a.id)).toBe(false);
    expect((await bHandler.call('GET', '/api/v1/alerts?org=bank_a')).status).toBe(404);
    const note = await handler.call('POST', `/api/v1/alerts/${a.id}/notes`, { text: `customer read out ${PAN(3)}` });
    expect(note.status).toBe(400);
    expect(note.body.error.code).toBe('SENSITIVE_DATA_REFUSED');
    expect((await handler.call('GET', `/api/v1/alerts/${a.id}`)).body.timeline.some((t: any) => t.kind === 'note')).toBe(false);
  });

  it('claims, releases, assigns and disposes, labelling the events and the subject', async () => {
    const card = PAN(4);
    await decide({ card, amount: 10 });
    await decide({ card, amount: 20 });
    await feed();
    const [a] = await alertsOf(card);
    expect(a.eventCount).toBe(2);
    // Auto-assigned to a.handler: release it to the queue, then claim it back.
    expect((await handler.call('POST', `/api/v1/alerts/${a.id}/release`)).body.alert).toMatchObject({ status: 'open', assignee: null });
    const claims = await Promise.all([handler.call('POST', `/api/v1/alerts/${a.id}/claim`), handler.call('POST', `/api/v1/alerts/${a.id}/claim`)]);
    expect(claims.map((c) => c.status).sort(), JSON.stringify(claims.map((c) => c.body))).toEqual([200, 409]);
    // Only the assignee or a supervisor disposes; a handler cannot assign.
    expect((await handler.call('POST', `/api/v1/alerts/${a.id}/assign`, { assignee: 'a.admin' })).status).toBe(403);
    expect((await supervisor.call('POST', `/api/v1/alerts/${a.id}/assign`, { assignee: 'b.handler' })).status).toBe(404);
    const reassigned = await supervisor.call('POST', `/api/v1/alerts/${a.id}/assign`, { assignee: 'a.admin', note: 'I will take it' });
    expect(reassigned.body.alert.assignee).toBe('a.admin');
    expect((await handler.call('POST', `/api/v1/alerts/${a.id}/disposition`, { disposition: 'confirmed_fraud' })).status).toBe(403);
    expect((await supervisor.call('POST', `/api/v1/alerts/${a.id}/assign`, { assignee: 'a.handler' })).status).toBe(200);
    expect((await handler.call('POST', `/api/v1/alerts/${a.id}/notes`, { text: 'called the customer: not them' })).status).toBe(200);
    const closed = await handler.call('POST', `/api/v1/alerts/${a.id}/disposition`, { disposition: 'confirmed_fraud', note: 'customer denies both' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ alert: { status: 'closed', disposition: 'confirmed_fraud', disposedBy: 'a.handler', merging: false, sla: null }, labelled: 2 });
    expect((await handler.call('POST', `/api/v1/alerts/${a.id}/disposition`, { disposition: 'false_positive' })).status).toBe(409);
    const data = OrgData.system(node.vigil.database.db);
    const labels = await data.selectFrom('event_labels').selectAll().where('source_ref', '=', `alert:${a.id}`).execute();
    expect(labels).toHaveLength(2);
    expect(labels.every((l) => l.fraud && l.source === 'alert' && l.typology === 'card_testing' && l.subject_type === 'card' && l.org_id === 'bank_a_hz')).toBe(true);
    const subject = await data.selectFrom('subject_labels').selectAll().where('subject_key', '=', a.subject.key).executeTakeFirstOrThrow();
    expect(subject).toMatchObject({ fraud: true, source: 'alert', subject_type: 'card' });
    expect(JSON.stringify(labels) + JSON.stringify(subject)).not.toContain(card);
    // The timeline tells the whole story, in order.
    const timeline = (await handler.call('GET', `/api/v1/alerts/${a.id}`)).body.timeline;
    const kinds = timeline.map((t: any) => t.kind);
    expect(kinds.filter((k: string) => k !== 'contribution' && k !== 'action')).toEqual(['routed', 'assigned', 'released', 'claimed', 'reassigned', 'reassigned', 'note', 'disposed']);
    // The union's verification SMS went out automatically when the (high) card alert opened.
    expect(timeline.find((t: any) => t.kind === 'action')?.details).toMatchObject({ type: 'sms', source: 'auto' });
    // A closed alert no longer merges: the card's next decision opens a new one.
    await decide({ card });
    await feed();
    const after = await alertsOf(card);
    expect(after).toHaveLength(2);
    expect(after.filter((x: any) => x.status !== 'closed')[0].eventCount).toBe(1);
    // A supervisor reopens; the handler cannot.
    expect((await handler.call('POST', `/api/v1/alerts/${a.id}/reopen`, {})).status).toBe(403);
    expect((await supervisor.call('POST', `/api/v1/alerts/${a.id}/reopen`, { note: 'new information' })).body.alert.status).toBe('open');
  });

  it('escalates breached SLAs with a controlled clock, again after each further period', async () => {
    const card = PAN(5);
    await decide({ card, amount: 10 });
    await feed();
    const [a] = await alertsOf(card);
    expect(a.level).toBe('high');
    const due = new Date(a.dueAt).getTime();
    const sla = node.vigil.services.alerts.sla;
    await sla.run(new Date(due - 1000));
    expect((await supervisor.call('GET', `/api/v1/alerts/${a.id}`)).body.alert.escalationLevel).toBe(0);
    expect(await sla.run(new Date(due + 1000))).toBeGreaterThanOrEqual(1);
    const detail = (await supervisor.call('GET', `/api/v1/alerts/${a.id}`)).body;
    expect(detail.alert).toMatchObject({ escalationLevel: 1, status: 'open', assignee: null });
    expect(detail.queue.name.en).toBe('Bank A escalations (supervisors)');
    const breach = detail.timeline.find((t: any) => t.kind === 'sla_breached');
    expect(breach.details).toMatchObject({ escalationLevel: 1, previousAssignee: 'a.handler' });
    // The supervisors' queue gives it two hours (high) from the escalation; unhandled, it escalates again.
    const second = new Date(detail.alert.dueAt).getTime();
    expect(second - (due + 1000)).toBe(120 * 60_000);
    expect(await sla.run(new Date(second + 1))).toBeGreaterThanOrEqual(1);
    expect((await supervisor.call('GET', `/api/v1/alerts/${a.id}`)).body.alert.escalationLevel).toBe(2);
    // The breached filter and SLA state show it.
    const breached = await supervisor.call('GET', '/api/v1/alerts?breached=true&limit=500');
    expect(breached.status).toBe(200);
  });

  it('assigns round-robin and least-loaded among the queue’s handlers', async () => {
    const db = node.vigil.database.db;
    for (const u of ['a.handler2', 'a.handler3']) {
      await insertUser(OrgData.system(db), { id: u, username: u, displayName: u, orgId: 'bank_a_hz', roles: ['alert_handler'], passwordHash: 'x', mustChangePassword: false });
    }
    const cards = [PAN(10), PAN(11), PAN(12), PAN(13)];
    for (const card of cards) {
      await decide({ card });
      await feed();
    }
    const assignees = [];
    for (const card of cards) assignees.push((await alertsOf(card))[0].assignee);
    // Round robin: each handler in turn (in name order), never the same twice in a row.
    for (let i = 1; i < assignees.length; i++) expect(assignees[i]).not.toBe(assignees[i - 1]);
    expect(new Set(assignees).size).toBe(3);
    // A least-loaded queue for transfers-like categories: the general desk takes account_takeover.
    const queues = (await supervisor.call('GET', '/api/v1/alert-queues')).body.items;
    const general = queues.find((q: any) => q.name.en === 'Bank A general alerts');
    expect(general.assignment).toBe('least_loaded');
    const handlers = (await supervisor.call('GET', `/api/v1/alert-queues/${general.id}/handlers`)).body.items;
    expect(handlers.map((h: any) => h.username)).toEqual(['a.handler', 'a.handler2', 'a.handler3']);
    const reported = await supervisor.call('POST', '/api/v1/alerts', { orgId: 'bank_a_hz', category: 'account_takeover', level: 'medium', subjectType: 'customer', subject: 'cust-900', note: 'branch reported a suspicious visit' });
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    const least = handlers.reduce((m: any, h: any) => (h.assigned < m.assigned || (h.assigned === m.assigned && h.username < m.username) ? h : m));
    expect(reported.body.alert).toMatchObject({ source: 'manual', queueId: general.id, assignee: least.username, subject: { type: 'customer', key: 'cust-900' } });
  });

  it('reports alerts by hand, tokenising a card number and merging with the open alert', async () => {
    const card = PAN(20);
    const first = await handler.call('POST', '/api/v1/alerts', { category: 'card_testing', level: 'low', subjectType: 'card', subject: card, note: 'customer called: lost card' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.opened).toBe(true);
    expect(first.body.alert.subject.display).not.toContain(card.slice(6, 12));
    expect(first.body.alert.orgId).toBe('bank_a_hz');
    await decide({ card, amount: 2000 });
    await feed();
    const [merged] = await alertsOf(card);
    expect(merged).toMatchObject({ id: first.body.alert.id, eventCount: 2, level: 'critical' });
    const stored = await OrgData.system(node.vigil.database.db).selectFrom('alerts').selectAll().where('id', '=', merged.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(card);
    expect((await handler.call('POST', '/api/v1/alerts', { orgId: 'bank_b', category: 'card_testing', level: 'low', subjectType: 'customer', subject: 'c', note: 'x' })).status).toBe(404);
    const bad = await handler.call('POST', '/api/v1/alerts', { category: 'card_testing', level: 'low', subjectType: 'card', subject: '1234', note: 'x' });
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'subject' });
  });

  it('configures categories and queues, checking what it is given', async () => {
    const admin = supervisor;
    expect((await handler.call('PUT', '/api/v1/alert-categories/card_testing', { name: { zh: 'x', en: 'x' }, mergeBy: ['card'], windowMinutes: 5 })).status).toBe(403);
    const set = await admin.call('PUT', '/api/v1/alert-categories/card_testing', { name: { zh: '盗卡测试（甲行）', en: 'Card testing (A)' }, mergeBy: ['customer'], windowMinutes: 5 });
    expect(set.status, JSON.stringify(set.body)).toBe(204);
    const cats = (await admin.call('GET', '/api/v1/alert-categories')).body;
    const ct = cats.items.find((c: any) => c.key === 'card_testing');
    expect(ct).toMatchObject({ orgId: 'bank_a', mergeBy: ['customer'], windowMinutes: 5, inherited: false, usedByStrategies: ['card_alerts'] });
    const bCats = (await bHandler.call('GET', '/api/v1/alert-categories')).body;
    expect(bCats.items.find((c: any) => c.key === 'card_testing')).toMatchObject({ orgId: 'root', mergeBy: ['card'], inherited: true });
    // Now bank A's card-testing alerts merge by customer: two cards of one customer meet in one alert.
    await decide({ card: PAN(30), customer_id: 'cust-merge' });
    await decide({ card: PAN(31), customer_id: 'cust-merge' });
    await feed();
    const byCustomer = (await handler.call('GET', '/api/v1/alerts?subjectType=customer&subjectKey=cust-merge')).body.items;
    expect(byCustomer).toHaveLength(1);
    expect(byCustomer[0].eventCount).toBe(2);
    expect((await admin.call('DELETE', '/api/v1/alert-categories/card_testing')).status).toBe(204);
    expect((await admin.call('DELETE', '/api/v1/alert-categories/card_testing')).status).toBe(404);

    const badRole = await admin.call('POST', '/api/v1/alert-queues', { name: { zh: 'q', en: 'q' }, filters: {}, roles: ['no_such_role'], assignment: 'manual', slaMinutes: {} });
    expect(badRole.body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'roles[0]' });
    const badOrg = await admin.call('POST', '/api/v1/alert-queues', { name: { zh: 'q', en: 'q' }, filters: { orgs: ['bank_b'] }, roles: ['alert_handler'], assignment: 'manual', slaMinutes: {} });
    expect(badOrg.body.error.path).toBe('filters.orgs[0]');
    const created = await admin.call('POST', '/api/v1/alert-queues', { name: { zh: '杭州', en: 'Hangzhou' }, position: 1, filters: { orgs: ['bank_a_hz'], levels: ['low'] }, roles: ['alert_handler'], assignment: 'manual', slaMinutes: { low: 30 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await bHandler.call('PUT', `/api/v1/alert-queues/${created.body.id}`, { ...created.body, orgId: undefined })).status).toBe(403);
    const reported = await handler.call('POST', '/api/v1/alerts', { category: 'scam', level: 'low', subjectType: 'customer', subject: 'cust-hz', note: 'walk-in' });
    expect(reported.body.alert).toMatchObject({ queueId: created.body.id, status: 'open', assignee: null });
    expect((await admin.call('DELETE', `/api/v1/alert-queues/${created.body.id}`)).status).toBe(204);
    const rerouted = (await handler.call('GET', `/api/v1/alerts/${reported.body.alert.id}`)).body.alert;
    expect(rerouted.queueId).not.toBe(created.body.id);
    expect(rerouted.queueId).not.toBeNull();
  });

  it('turns dispositions into labels that rule precision, recall and backtests read', async () => {
    // One card confirmed as fraud (three events), one cleared as a false positive (two events).
    const fraudCard = PAN(40);
    const cleanCard = PAN(41);
    for (let i = 0; i < 3; i++) await decide({ card: fraudCard, amount: 1500 });
    for (let i = 0; i < 2; i++) await decide({ card: cleanCard, amount: 30 });
    await feed();
    const [fraud] = await alertsOf(fraudCard);
    const [clean] = await alertsOf(cleanCard);
    expect((await supervisor.call('POST', `/api/v1/alerts/${fraud.id}/disposition`, { disposition: 'confirmed_fraud' })).body.labelled).toBe(3);
    expect((await supervisor.call('POST', `/api/v1/alerts/${clean.id}/disposition`, { disposition: 'false_positive' })).body.labelled).toBe(2);
    const to = new Date(Date.now() + 60_000).toISOString();
    const data = OrgData.system(node.vigil.database.db);
    const labels = await data.selectFrom('event_labels').select(['fraud']).where('created_at', '>=', new Date(started)).execute();
    const fraudLabels = labels.filter((l) => l.fraud).length;
    const genuineLabels = labels.length - fraudLabels;
    expect(fraudLabels).toBeGreaterThanOrEqual(3);
    expect(genuineLabels).toBeGreaterThanOrEqual(2);

    const q = await supervisor.call('GET', `/api/v1/monitoring/rule-quality?eventType=card_auth&from=${encodeURIComponent(started)}&to=${encodeURIComponent(to)}`);
    expect(q.status, JSON.stringify(q.body)).toBe(200);
    expect(q.body.fraudEvents).toBe(fraudLabels);
    const any = q.body.rules.find((r: any) => r.ruleId === 'any_auth');
    const big = q.body.rules.find((r: any) => r.ruleId === 'big_auth');
    // any_auth hits every authorisation: all fraud and all genuine labelled events.
    expect(any).toMatchObject({ fraudHits: fraudLabels, genuineHits: genuineLabels, recall: 1 });
    expect(any.precision).toBeCloseTo(fraudLabels / (fraudLabels + genuineLabels));
    // big_auth (> 1000) hit the three fraud events of the fraud card and no genuine one.
    expect(big.fraudHits).toBeGreaterThanOrEqual(3);
    expect(big.genuineHits).toBe(0);
    expect(big.precision).toBe(1);
    // Bank B sees none of bank A's labels in its figures.
    const b = await bHandler.call('GET', `/api/v1/monitoring/rule-quality?eventType=card_auth&from=${encodeURIComponent(started)}&to=${encodeURIComponent(to)}`);
    expect(b.status).toBe(200);
    expect(b.body.fraudEvents).toBe(0);

    // A backtest of the strategy over the log reads the same labels.
    const bt = await node.json('POST', '/api/v1/backtests', { strategyId: 'card_alerts', version, from: started, to, warmupDays: 0, unlabelled: 'ignore' });
    expect(bt.status, JSON.stringify(bt.body)).toBe(202);
    await node.vigil.services.backtests.idle(bt.body.id);
    const report = (await node.json('GET', `/api/v1/backtests/${bt.body.id}`)).body;
    expect(report.status, JSON.stringify(report.error)).toBe('done');
    expect(report.result.labels.labelled).toBe(fraudLabels + genuineLabels);
    expect(report.result.labels.rules.any_auth).toMatchObject({ fraudHits: fraudLabels, genuineHits: genuineLabels, recall: 1 });
    expect(report.result.labels.rules.big_auth).toMatchObject({ genuineHits: 0, precision: 1 });
  });

  it('announces alerts opened, escalated and disposed of to the bank’s webhooks, signed and masked', async () => {
    const card = PAN(50);
    await decide({ card });
    await feed();
    const [a] = await alertsOf(card);
    await node.vigil.services.alerts.sla.run(new Date(new Date(a.dueAt).getTime() + 1000));
    const supervisorView = (await supervisor.call('GET', `/api/v1/alerts/${a.id}`)).body.alert;
    expect(supervisorView.escalationLevel).toBe(1);
    await supervisor.call('POST', `/api/v1/alerts/${a.id}/disposition`, { disposition: 'unreachable' });
    const until = Date.now() + 15_000;
    const mine = () => received.filter((r) => r.body.includes(a.id));
    while (mine().length < 3 && Date.now() < until) {
      await node.vigil.services.webhooks.publisher.idle();
      node.vigil.services.webhooks.deliverer.wake();
      await new Promise((r) => setTimeout(r, 50));
    }
    const got = mine();
    expect(got.map((r) => r.event).sort()).toEqual(['alert.disposed', 'alert.escalated', 'alert.opened']);
    for (const r of got) expect(verifyWebhookSignature(hookSecret, r.signature, r.body)).toBe(true);
    const opened = JSON.parse(got.find((r) => r.event === 'alert.opened')!.body);
    expect(opened.data).toMatchObject({ alertId: a.id, orgId: 'bank_a_hz', category: 'card_testing', subjectType: 'card', source: 'decision' });
    expect(opened.data.subjectDisplay).toMatch(/\*/);
    expect(got.map((r) => r.body).join('')).not.toContain(card);
    expect(got.map((r) => r.body).join('')).not.toContain(a.subject.key);
    expect(JSON.parse(got.find((r) => r.event === 'alert.disposed')!.body).data).toMatchObject({ disposition: 'unreachable', disposedBy: 'a.admin', labelled: 0 });
  });

  it('opens a case by the case rules when an alert is escalated, or confirmed as fraud above the amount', async () => {
    const card = PAN(60);
    await decide({ card, amount: 3000 });
    await decide({ card, amount: 3000 });
    await feed();
    const [a] = await alertsOf(card);
    const res = await supervisor.call('POST', `/api/v1/alerts/${a.id}/disposition`, { disposition: 'confirmed_fraud', note: 'two large payments denied by the customer' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 6,000 confirmed: the union's rule opens a fraud investigation, linking the alert and its decisions.
    expect(res.body.cases).toHaveLength(1);
    const c = await supervisor.call('GET', `/api/v1/cases/${res.body.cases[0]}`);
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const text = JSON.stringify(c.body);
    expect(text).toContain(a.id);
    expect(text).toContain('fraud_investigation');
    expect(text).not.toContain(card);
    // A small alert escalated by hand opens one too; another bank cannot see either.
    const small = PAN(61);
    await decide({ card: small, amount: 5 });
    await feed();
    const [b] = await alertsOf(small);
    const escalated = await supervisor.call('POST', `/api/v1/alerts/${b.id}/disposition`, { disposition: 'escalated_to_case' });
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(200);
    expect(escalated.body.cases).toHaveLength(1);
    expect(escalated.body.labelled).toBe(0);
    const bAdmin = await signIn(node, 'b.admin');
    expect((await bAdmin.call('GET', `/api/v1/cases/${escalated.body.cases[0]}`)).status).toBe(404);
    expect((await bAdmin.call('GET', `/api/v1/cases/${res.body.cases[0]}`)).status).toBe(404);
  });
});
