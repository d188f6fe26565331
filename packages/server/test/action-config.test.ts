import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPan } from '@vigil/engine';
import { contributeAlert } from '../src/repos/alerts.ts';
import { OrgData } from '../src/repos/scoped.ts';
import { MAX_TEMPLATE_BODY } from '../src/runtime/message-templates.ts';
import { verifyWebhookSignature } from '../src/runtime/webhook-signature.ts';
import { BACKENDS, cardAuth, startNode, type TestNode } from './harness.ts';

const CARD = '6222021234567890128';

/**
 * Message templates and action channels: validation, languages, inheritance down the org tree,
 * secrets shown once, and who may see and change them.
 */
describe.each(BACKENDS)('message templates and action channels on %s', (backend) => {
  let node: TestNode;
  let received: Array<{ headers: IncomingHttpHeaders; body: string }>;
  let server: ReturnType<typeof createServer>;
  let port: number;
  const who: Record<string, Record<string, string>> = {};

  async function signIn(username: string, password?: string): Promise<Record<string, string>> {
    const pw = password ?? node.creds.users.find((x) => x.username === username)!.password;
    const res = await fetch(`${node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pw }) });
    expect(res.status, username).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': csrfToken };
  }
  const as = (name: string) => (method: string, url: string, body?: unknown) => node.json(method, url, body, '', who[name]);

  async function alertOf(orgId: string): Promise<string> {
    const d = await node.json('POST', '/api/v1/decisions', cardAuth({ card: CARD, org: orgId }), node.creds.apiKey);
    const r = await contributeAlert(OrgData.system(node.vigil.database.db), {
      orgId,
      category: 'account_takeover',
      level: 'medium',
      source: 'decision',
      subjectType: 'card',
      subjectKey: node.vigil.services.tokenizer.tokenize(CARD),
      subjectDisplay: maskPan(CARD),
      mergeKey: `k:${Math.random()}`,
      windowMs: 60_000,
      at: new Date(),
      decisionId: d.body.decisionId,
      eventType: 'card_auth',
      eventId: d.body.eventId,
    });
    return r.alertId;
  }

  beforeAll(async () => {
    received = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        res.end('{"pong":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    node = await startNode({ backend, env: { VIGIL_WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${port}`, VIGIL_LOGIN_RATE_PER_SEC: '1000' } });
    for (const u of ['a.admin', 'b.admin', 'a.handler', 'b.handler']) who[u] = await signIn(u);
    // An administrator of the Hangzhou branch: below bank A.
    const created = await node.json('POST', '/api/v1/users', { username: 'hz.admin', displayName: 'HZ admin', orgId: 'bank_a_hz', roles: ['org_admin'], password: 'Branch-Initial-2026-pw' });
    expect(created.status).toBe(201);
    const first = await signIn('hz.admin', 'Branch-Initial-2026-pw');
    expect((await node.json('POST', '/api/v1/auth/password', { currentPassword: 'Branch-Initial-2026-pw', newPassword: 'Branch-Chosen-2026-pw' }, '', first)).status).toBe(200);
    who['hz.admin'] = await signIn('hz.admin', 'Branch-Chosen-2026-pw');
  }, 120_000);
  afterAll(async () => {
    await node?.destroy();
    server?.closeAllConnections();
    server?.close();
  });

  const template = (over: Record<string, unknown> = {}) => ({ key: 'card_alert', name: 'Card alert', locale: 'zh-CN', body: '【{{orgName}}】卡{{maskedCard}}消费{{amount}}{{currency}}', ...over });

  it('creates templates per key and locale, and refuses unknown variables, long bodies and duplicates', async () => {
    const zh = await as('a.admin')('POST', '/api/v1/message-templates', template());
    expect(zh.status, JSON.stringify(zh.body)).toBe(201);
    expect(zh.body).toMatchObject({ orgId: 'bank_a', key: 'card_alert', locale: 'zh-CN', channel: 'sms', variables: ['orgName', 'maskedCard', 'amount', 'currency'], autoSend: null, enabled: true, inherited: false, createdBy: 'user:a.admin' });
    const en = await as('a.admin')('POST', '/api/v1/message-templates', template({ locale: 'en-US', body: '[{{orgName}}] Card {{maskedCard}}: {{amount}} {{currency}}', autoSend: { categories: ['account_takeover'], minLevel: 'medium' } }));
    expect(en.status).toBe(201);
    expect(en.body.autoSend).toEqual({ categories: ['account_takeover'], minLevel: 'medium' });

    const dup = await as('a.admin')('POST', '/api/v1/message-templates', template());
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', path: 'key' });
    const unknown = await as('a.admin')('POST', '/api/v1/message-templates', template({ key: 'x1', body: 'Card {{cardNumber}} {{amont}}' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'body' });
    expect(unknown.body.error.details.map((d: any) => [d.path, d.code])).toEqual([
      ['body', 'UNKNOWN_VARIABLE'],
      ['body', 'UNKNOWN_VARIABLE'],
    ]);
    const long = await as('a.admin')('POST', '/api/v1/message-templates', template({ key: 'x2', body: '字'.repeat(MAX_TEMPLATE_BODY + 1) }));
    expect(long.body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'body', details: [{ code: 'TOO_LONG' }] });
    expect((await as('a.admin')('POST', '/api/v1/message-templates', template({ key: 'x3', body: 'card 4111111111111111' }))).body.error).toMatchObject({ path: 'body', details: [{ code: 'CARD_NUMBER' }] });
    for (const bad of [{ locale: 'fr-FR' }, { channel: 'email' }, { key: 'Bad Key' }, { autoSend: { minLevel: 'extreme' } }, { id: 'chosen' }, { createdBy: 'x' }]) {
      expect((await as('a.admin')('POST', '/api/v1/message-templates', template({ key: 'x4', ...bad }))).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await as('a.admin')('POST', '/api/v1/message-templates', template({ orgId: 'bank_b' }))).body.error).toMatchObject({ code: 'NOT_FOUND', path: 'orgId' });

    // Changes keep the key and locale; the same validation applies.
    const put = await as('a.admin')('PUT', `/api/v1/message-templates/${zh.body.id}`, { name: 'Card alert v2', body: '{{orgName}}：卡{{maskedCard}}于{{time}}消费{{amount}}', enabled: true });
    expect(put.body).toMatchObject({ name: 'Card alert v2', variables: ['orgName', 'maskedCard', 'time', 'amount'] });
    expect((await as('a.admin')('PUT', `/api/v1/message-templates/${zh.body.id}`, { name: 'x', body: '{{nope}}' })).body.error).toMatchObject({ path: 'body' });
    expect((await as('a.admin')('PUT', `/api/v1/message-templates/${zh.body.id}`, { name: 'x', body: 'x', locale: 'en-US' })).status).toBe(400);
    const audit = await node.json('GET', `/api/v1/audit?targetType=message_template&targetId=${zh.body.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['message_template.update', 'message_template.create']);
  });

  it('previews a template with sample values or an alert’s', async () => {
    const t = (await as('a.admin')('GET', '/api/v1/message-templates?key=card_alert')).body.items.find((x: any) => x.orgId === 'bank_a' && x.locale === 'en-US');
    const sample = await as('a.handler')('POST', `/api/v1/message-templates/${t.id}/preview`, {});
    expect(sample.body).toEqual({ text: '[Bank A Hangzhou] Card 622202*********0123: 1280.00 CNY', length: 55, missing: [], sample: true });
    expect((await as('a.handler')('POST', `/api/v1/message-templates/${t.id}/preview`)).body).toEqual(sample.body);
    const alert = await alertOf('bank_a_hz');
    const real = await as('a.handler')('POST', `/api/v1/message-templates/${t.id}/preview`, { alertId: alert });
    expect(real.body).toEqual({ text: `[Bank A Hangzhou] Card ${maskPan(CARD)}: 120.50 CNY`, length: 54, missing: [], sample: false });
    const other = await alertOf('bank_b');
    expect((await as('a.handler')('POST', `/api/v1/message-templates/${t.id}/preview`, { alertId: other })).body.error).toMatchObject({ code: 'NOT_FOUND', path: 'alertId' });
  });

  it('lets a branch use its bank’s and the union’s templates read-only, override them, and pick a language', async () => {
    const list = (await as('hz.admin')('GET', '/api/v1/message-templates')).body;
    const byOrg = (org: string) => list.items.filter((t: any) => t.orgId === org);
    expect(byOrg('bank_a').every((t: any) => t.inherited)).toBe(true);
    expect(byOrg('root').map((t: any) => t.key)).toContain('txn_verify');
    expect(byOrg('bank_b')).toEqual([]);
    expect(Object.keys(list.variables)).toEqual(['maskedCard', 'amount', 'currency', 'time', 'merchant', 'customerName', 'alertId', 'orgName']);
    const bankTemplate = byOrg('bank_a').find((t: any) => t.locale === 'zh-CN');
    expect((await as('hz.admin')('GET', `/api/v1/message-templates/${bankTemplate.id}`)).status).toBe(200);
    const put = await as('hz.admin')('PUT', `/api/v1/message-templates/${bankTemplate.id}`, { name: 'mine now', body: 'x' });
    expect(put.status).toBe(403);
    expect(put.body.error).toMatchObject({ code: 'FORBIDDEN', path: 'id' });
    expect((await as('hz.admin')('DELETE', `/api/v1/message-templates/${bankTemplate.id}`)).status).toBe(403);
    // What applies to one org: its own and its ancestors'.
    const forHz = (await as('a.admin')('GET', '/api/v1/message-templates?org=bank_a_hz&key=card_alert')).body.items;
    expect(forHz.map((t: any) => t.orgId)).toEqual(['bank_a', 'bank_a']);

    const hzAlert = await alertOf('bank_a_hz');
    const aAlert = await alertOf('bank_a');
    const bAlert = await alertOf('bank_b_nb');
    const send = (alert: string, body: Record<string, unknown>) => node.json('POST', `/api/v1/alerts/${alert}/actions`, { type: 'sms', ...body });
    // Before the branch has its own: the bank's template.
    expect((await send(hzAlert, { template: 'card_alert' })).body.params).toMatchObject({ templateOrgId: 'bank_a', locale: 'zh-CN', text: expect.stringMatching(/^甲农商银行杭州分行：卡/) });
    const own = await as('hz.admin')('POST', '/api/v1/message-templates', template({ body: '杭州分行提醒：卡{{maskedCard}}消费{{amount}}' }));
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ orgId: 'bank_a_hz', inherited: false });
    expect((await send(hzAlert, { template: 'card_alert' })).body.params).toMatchObject({ templateId: own.body.id, text: `杭州分行提醒：卡${maskPan(CARD)}消费120.50` });
    // The branch has no English one: the bank's is used; the bank's own alerts keep the bank's.
    expect((await send(hzAlert, { template: 'card_alert', locale: 'en-US' })).body.params).toMatchObject({ templateOrgId: 'bank_a', locale: 'en-US' });
    expect((await send(aAlert, { template: 'card_alert' })).body.params).toMatchObject({ templateOrgId: 'bank_a', text: expect.stringMatching(/^甲农商银行：卡/) });
    // Bank B does not see bank A's template at all.
    expect((await send(bAlert, { template: 'card_alert' })).body.error).toMatchObject({ code: 'NOT_FOUND', path: 'template' });
    // A disabled override switches the key off for the branch.
    expect((await as('hz.admin')('PUT', `/api/v1/message-templates/${own.body.id}`, { name: 'off', body: own.body.body, enabled: false })).status).toBe(200);
    expect((await send(hzAlert, { template: 'card_alert' })).body.error).toMatchObject({ code: 'CONFLICT', path: 'template' });
    expect((await as('hz.admin')('DELETE', `/api/v1/message-templates/${own.body.id}`)).status).toBe(204);
    expect((await send(hzAlert, { template: 'card_alert' })).body.params.templateOrgId).toBe('bank_a');
  });

  it('auto-sends the template of the nearest org whose rule matches the new alert', async () => {
    const { autoActionsOnAlertOpened } = await import('../src/runtime/alert-actions.ts');
    // bank_a's card_alert (zh-CN) has no rule: the key is used in zh-CN, so nothing is sent for it;
    // an English-only key with a rule is sent in English.
    const enOnly = await as('a.admin')('POST', '/api/v1/message-templates', template({ key: 'takeover_notice', locale: 'en-US', body: '[{{orgName}}] We blocked a sign-in to your account.', autoSend: { categories: ['account_takeover'] } }));
    expect(enOnly.status).toBe(201);
    const alert = await alertOf('bank_a_hz');
    await autoActionsOnAlertOpened(node.vigil.services, alert);
    const items = (await node.json('GET', `/api/v1/alerts/${alert}/actions`)).body.items;
    expect(items.map((a: any) => [a.source, a.params.template, a.params.locale])).toEqual([['auto', 'takeover_notice', 'en-US']]);
    const inB = await alertOf('bank_b');
    await autoActionsOnAlertOpened(node.vigil.services, inB);
    expect((await node.json('GET', `/api/v1/alerts/${inB}/actions`)).body.items).toEqual([]);
  });

  it('hides one bank’s templates from another bank, and leaves management to alert.configure', async () => {
    const mine = (await as('a.admin')('GET', '/api/v1/message-templates')).body.items.find((t: any) => t.orgId === 'bank_a');
    for (const [method, url, body] of [
      ['GET', `/api/v1/message-templates/${mine.id}`],
      ['PUT', `/api/v1/message-templates/${mine.id}`, { name: 'x', body: 'x' }],
      ['DELETE', `/api/v1/message-templates/${mine.id}`],
      ['POST', `/api/v1/message-templates/${mine.id}/preview`, {}],
    ] as Array<[string, string, unknown?]>) {
      for (const user of ['b.admin', 'b.handler']) {
        const r = await as(user)(method, url, body);
        expect(r.status, `${user} ${method} ${url}`).toBe(method === 'GET' || url.endsWith('preview') || user === 'b.admin' ? 404 : 403);
      }
    }
    expect((await as('b.admin')('GET', '/api/v1/message-templates')).body.items.some((t: any) => t.orgId.startsWith('bank_a'))).toBe(false);
    expect((await as('b.admin')('GET', '/api/v1/message-templates?org=bank_a')).status).toBe(404);
    for (const [method, url, body] of [
      ['POST', '/api/v1/message-templates', template({ key: 'handler_made' })],
      ['PUT', `/api/v1/message-templates/${mine.id}`, { name: 'x', body: 'x' }],
      ['DELETE', `/api/v1/message-templates/${mine.id}`],
    ] as Array<[string, string, unknown?]>) {
      const r = await as('a.handler')(method, url, body);
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await as('a.handler')('GET', `/api/v1/message-templates/${mine.id}`)).status).toBe(200);
    expect((await as('a.admin')('GET', `/api/v1/message-templates/${mine.id}`)).body.name).not.toBe('x');
  });

  it('creates channels: a webhook’s secret once and sealed, its URL through the SSRF guard; tests them signed', async () => {
    const created = await as('a.admin')('POST', '/api/v1/action-channels', { name: 'core adapter', kind: 'webhook', actionTypes: ['control'], url: `http://127.0.0.1:${port}/core` });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { secret, channel } = created.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(channel).toMatchObject({ orgId: 'bank_a', kind: 'webhook', actionTypes: ['control'], enabled: true, inherited: false, createdBy: 'user:a.admin' });
    for (const r of [await as('a.admin')('GET', '/api/v1/action-channels'), await as('a.admin')('PUT', `/api/v1/action-channels/${channel.id}`, { name: 'core adapter', actionTypes: ['control', 'call'], url: `http://127.0.0.1:${port}/core` })]) {
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain(secret);
      expect(JSON.stringify(r.body)).not.toContain('secret');
    }
    const stored = await node.vigil.database.db.selectFrom('action_channels').select('secret').where('id', '=', channel.id).executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secret.slice(6));
    const audit = JSON.stringify((await node.json('GET', `/api/v1/audit?targetType=action_channel&targetId=${channel.id}`)).body);
    expect(audit).toContain('action_channel.create');
    expect(audit).not.toContain(secret);

    const test = await as('a.admin')('POST', `/api/v1/action-channels/${channel.id}/test`);
    expect(test.body).toMatchObject({ ok: true, status: 200, error: null, result: { pong: true } });
    const got = received.at(-1)!;
    expect(got.headers['x-vigil-action']).toBe('test');
    expect(verifyWebhookSignature(secret, String(got.headers['x-vigil-signature']), got.body)).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({ type: 'test', orgId: 'bank_a', params: { message: 'test from Vigil' } });

    const sim = await as('a.admin')('POST', '/api/v1/action-channels', { name: 'sandbox', kind: 'simulator', actionTypes: ['sms'], enabled: false });
    expect(sim.body).toMatchObject({ secret: null, channel: { kind: 'simulator', url: null, enabled: false } });
    expect((await as('a.admin')('POST', `/api/v1/action-channels/${sim.body.channel.id}/test`)).body.error).toMatchObject({ code: 'CONFLICT', path: 'id' });

    for (const [body, path] of [
      [{ name: 'x', kind: 'webhook', actionTypes: ['sms'] }, 'url'],
      [{ name: 'x', kind: 'simulator', actionTypes: ['sms'], url: `http://127.0.0.1:${port}/x` }, 'url'],
      [{ name: 'x', kind: 'webhook', actionTypes: ['sms'], url: 'http://10.1.2.3/x' }, 'url'],
      [{ name: 'x', kind: 'webhook', actionTypes: ['sms'], url: 'http://169.254.169.254/latest' }, 'url'],
      [{ name: 'x', kind: 'webhook', actionTypes: ['add_to_list'], url: `http://127.0.0.1:${port}/x` }, 'actionTypes.0'],
      [{ name: 'x', kind: 'webhook', actionTypes: [], url: `http://127.0.0.1:${port}/x` }, 'actionTypes'],
      [{ name: 'x', kind: 'webhook', actionTypes: ['sms'], url: `http://127.0.0.1:${port}/x`, secret: 'mine' }, ''],
    ] as const) {
      const r = await as('a.admin')('POST', '/api/v1/action-channels', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      if (path) expect(r.body.error.path, JSON.stringify(body)).toBe(path);
    }
    expect((await as('a.admin')('POST', '/api/v1/action-channels', { name: 'x', kind: 'webhook', actionTypes: ['sms'], url: 'http://10.1.2.3/x' })).body.error.details).toMatchObject([{ code: 'SSRF_REFUSED' }]);
    expect((await as('a.admin')('DELETE', `/api/v1/action-channels/${sim.body.channel.id}`)).status).toBe(204);
  });

  it('hides one bank’s channels from another bank, keeps inherited ones read-only, and management to alert.configure', async () => {
    const items = (await as('a.admin')('GET', '/api/v1/action-channels')).body.items;
    const mine = items.find((c: any) => c.orgId === 'bank_a');
    const union = items.find((c: any) => c.orgId === 'root');
    expect(union).toMatchObject({ kind: 'simulator', inherited: true, actionTypes: ['sms', 'call', 'control'] });
    expect((await as('a.admin')('PUT', `/api/v1/action-channels/${union.id}`, { name: 'mine', actionTypes: ['sms'] })).status).toBe(403);
    expect((await as('a.admin')('POST', `/api/v1/action-channels/${union.id}/test`)).status).toBe(403);
    expect((await as('a.admin')('DELETE', `/api/v1/action-channels/${union.id}`)).status).toBe(403);
    for (const [method, url, body] of [
      ['PUT', `/api/v1/action-channels/${mine.id}`, { name: 'x', actionTypes: ['sms'], url: `http://127.0.0.1:${port}/x` }],
      ['DELETE', `/api/v1/action-channels/${mine.id}`],
      ['POST', `/api/v1/action-channels/${mine.id}/test`],
    ] as Array<[string, string, unknown?]>) {
      const r = await as('b.admin')(method, url, body);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect((await as('a.handler')(method, url, body)).status, `handler ${method} ${url}`).toBe(403);
    }
    expect((await as('a.handler')('POST', '/api/v1/action-channels', { name: 'x', kind: 'simulator', actionTypes: ['sms'] })).status).toBe(403);
    const bList = (await as('b.admin')('GET', '/api/v1/action-channels')).body.items;
    expect(bList.map((c: any) => c.orgId)).toEqual(['root']);
    expect((await as('a.handler')('GET', '/api/v1/action-channels')).body.items.map((c: any) => c.orgId).sort()).toEqual(['bank_a', 'root']);
    expect((await as('a.admin')('GET', '/api/v1/action-channels')).body.items.find((c: any) => c.id === mine.id).name).toBe('core adapter');
  });
});
