import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPan } from '@vigil/engine';
import { contributeAlert, type AlertLevel } from '../src/repos/alerts.ts';
import { OrgData } from '../src/repos/scoped.ts';
import { autoActionsOnAlertOpened } from '../src/runtime/alert-actions.ts';
import { simulatedCallOutcome } from '../src/runtime/channels/simulator-channel.ts';
import { findCardNumber, formatShanghaiTime } from '../src/runtime/message-templates.ts';
import { verifyWebhookSignature } from '../src/runtime/webhook-signature.ts';
import { BACKENDS, cardAuth, startNode, type TestNode } from './harness.ts';

/** A Luhn-valid card number: it must never be stored in an action or an attempt. */
const CARD = '6222021234567890128';
const MASKED = maskPan(CARD);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  payload: any;
  at: number;
}

/**
 * A bank's action endpoint on loopback, answering like an SMS gateway, an IVR and a core system.
 * An action whose `params.note` is `fail-twice` gets 503 on its first two attempts; `always-503`
 * always; `reject` gets 400 while `rejecting` is on.
 */
async function receiver() {
  const received: Received[] = [];
  const state = { rejecting: true };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const payload = JSON.parse(body);
      received.push({ path: req.url ?? '', headers: req.headers, body, payload, at: Date.now() });
      const note = payload.params?.note;
      const attempt = Number(req.headers['x-vigil-attempt']);
      const answer = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (note === 'fail-twice' && attempt <= 2) return answer(503, { error: 'gateway busy' });
      if (note === 'always-503') return answer(503, { error: 'down' });
      if (note === 'reject' && state.rejecting) return answer(400, { error: 'unknown customer' });
      if (payload.type === 'sms') return answer(200, { messageId: `GW-${payload.id.slice(-6)}`, deliveryStatus: 'accepted' });
      if (payload.type === 'call') return answer(200, { callId: `IVR-${payload.id.slice(-6)}`, outcome: 'answered_denied' });
      if (payload.type === 'control') return answer(200, { reference: `CORE-${payload.kind}-${payload.id.slice(-6)}` });
      return answer(200, { pong: true });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, received, state, port: (server.address() as { port: number }).port };
}

async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

describe.each(BACKENDS)('alert actions on %s', (backend) => {
  let node: TestNode;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let secret: string;
  let handlerA: Record<string, string>;
  let handlerB: Record<string, string>;
  let adminA: Record<string, string>;
  /** A card alert of bank_a_hz linked to a decision, and one of bank_b_nb. */
  let alertA: string;
  let alertB: string;
  let decisionA: { decisionId: string; occurredAt: string };

  async function signIn(username: string): Promise<Record<string, string>> {
    const u = node.creds.users.find((x) => x.username === username)!;
    const res = await fetch(`${node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: u.password }) });
    expect(res.status, username).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': csrfToken };
  }
  const as = (who: Record<string, string>) => (method: string, url: string, body?: unknown) => node.json(method, url, body, '', who);

  async function openAlert(orgId: string, opts: { decisionId?: string; level?: AlertLevel; category?: string; card?: string } = {}): Promise<string> {
    const card = opts.card ?? CARD;
    const r = await contributeAlert(OrgData.system(node.vigil.database.db), {
      orgId,
      category: opts.category ?? 'card_testing',
      level: opts.level ?? 'high',
      source: 'decision',
      subjectType: 'card',
      subjectKey: node.vigil.services.tokenizer.tokenize(card),
      subjectDisplay: maskPan(card),
      mergeKey: `card:${Math.random()}`,
      windowMs: 3_600_000,
      at: new Date(),
      ...(opts.decisionId ? { decisionId: opts.decisionId, eventType: 'card_auth', eventId: `e-${Math.random()}` } : {}),
    });
    expect(r.opened).toBe(true);
    return r.alertId;
  }
  const action = async (id: string) => (await node.json('GET', `/api/v1/actions/${id}`)).body as { action: any; attempts: any[] };
  const settled = (id: string, status = 'succeeded') => waitFor(async () => {
    const d = await action(id);
    return d.action.status === status ? d : undefined;
  }, `action ${id} to be ${status}`);

  beforeAll(async () => {
    hook = await receiver();
    node = await startNode({
      backend,
      env: { VIGIL_WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${hook.port}`, VIGIL_ACTION_RETRY_BASE_MS: '60', VIGIL_ACTION_RETRY_MAX_MS: '1000', VIGIL_ACTION_MAX_ATTEMPTS: '3', VIGIL_ACTION_TIMEOUT_MS: '2000', VIGIL_LOGIN_RATE_PER_SEC: '1000' },
    });
    [handlerA, handlerB, adminA] = await Promise.all([signIn('a.handler'), signIn('b.handler'), signIn('a.admin')]);
    // Bank A's actions go to its own endpoint; bank B has none and uses the union's simulator.
    const ch = await as(adminA)('POST', '/api/v1/action-channels', { name: 'bank a gateway', kind: 'webhook', actionTypes: ['sms', 'call', 'control'], url: `http://127.0.0.1:${hook.port}/vigil-actions` });
    expect(ch.status, JSON.stringify(ch.body)).toBe(201);
    secret = ch.body.secret;
    const d = await node.json('POST', '/api/v1/decisions', cardAuth({ card: CARD, org: 'bank_a_hz', merchant_id: 'm-77', amount: 1280, currency: 'CNY' }), node.creds.apiKey);
    expect(d.status).toBe(200);
    const stored = await node.json('GET', `/api/v1/decisions/${d.body.decisionId}`);
    decisionA = { decisionId: d.body.decisionId, occurredAt: stored.body.occurredAt };
    alertA = await openAlert('bank_a_hz', { decisionId: d.body.decisionId });
    const db = await node.json('POST', '/api/v1/decisions', cardAuth({ card: CARD, org: 'bank_b_nb' }), node.creds.apiKey);
    alertB = await openAlert('bank_b_nb', { decisionId: db.body.decisionId });
  }, 120_000);
  afterAll(async () => {
    await node?.destroy();
    hook?.server.closeAllConnections();
    hook?.server.close();
  });

  it('sends an SMS from the union’s template, rendered from the alert’s decision, signed to the bank’s endpoint', async () => {
    const r = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'sms', template: 'txn_verify' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toMatchObject({ alertId: alertA, orgId: 'bank_a_hz', type: 'sms', kind: null, source: 'manual', status: 'queued', requestedBy: 'user:a.handler', params: { template: 'txn_verify', templateOrgId: 'root', locale: 'zh-CN' } });
    const text = `【甲农商银行杭州分行】您的银行卡${MASKED}于${formatShanghaiTime(new Date(decisionA.occurredAt))}发生一笔金额1280.00的交易。如非本人操作，请立即致电本行客服。`;
    expect(r.body.params.text).toBe(text);
    const done = await settled(r.body.id);
    expect(done.action).toMatchObject({ attempts: 1, result: { messageId: `GW-${r.body.id.slice(-6)}`, deliveryStatus: 'accepted' }, lastError: null });
    expect(done.action.completedAt).not.toBeNull();

    const got = hook.received.filter((x) => x.payload.id === r.body.id);
    expect(got).toHaveLength(1);
    const [sent] = got;
    expect(sent!.headers).toMatchObject({ 'x-vigil-action': 'sms', 'x-vigil-action-id': r.body.id, 'idempotency-key': r.body.id, 'x-vigil-attempt': '1', 'user-agent': 'Vigil-Actions/1' });
    expect(verifyWebhookSignature(secret, String(sent!.headers['x-vigil-signature']), sent!.body)).toBe(true);
    expect(verifyWebhookSignature(secret, String(sent!.headers['x-vigil-signature']), sent!.body.replace('1280.00', '1.00'))).toBe(false);
    expect(sent!.payload).toMatchObject({
      id: r.body.id,
      type: 'sms',
      attempt: 1,
      orgId: 'bank_a_hz',
      params: { template: 'txn_verify', locale: 'zh-CN', text },
      context: {
        alert: { id: alertA, orgId: 'bank_a_hz', category: 'card_testing', level: 'high', subject: { type: 'card', key: node.vigil.services.tokenizer.tokenize(CARD), display: MASKED } },
        decision: { decisionId: decisionA.decisionId, eventType: 'card_auth' },
        customerId: 'cust-1',
      },
    });
    expect(sent!.body).not.toContain(CARD);

    // The delivery log holds exactly what was sent and what came back.
    expect(done.attempts).toHaveLength(1);
    expect(done.attempts[0]).toMatchObject({ attempt: 1, outcome: 'succeeded', status: 200, error: null, request: { method: 'POST', url: `http://127.0.0.1:${hook.port}/vigil-actions`, body: sent!.body } });
    expect(done.attempts[0].request.headers['x-vigil-signature']).toBe(sent!.headers['x-vigil-signature']);
    expect(JSON.parse(done.attempts[0].response)).toEqual(done.action.result);
    expect(JSON.stringify(done)).not.toContain(secret);
  });

  it('chooses the template’s language, or renders a custom text with the same variables', async () => {
    const en = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'sms', template: 'txn_verify', locale: 'en-US' });
    expect(en.body.params).toMatchObject({ locale: 'en-US', text: expect.stringMatching(new RegExp(`^\\[Bank A Hangzhou\\] Your card ${MASKED.replace(/\*/g, '\\*')} was used for 1280\\.00 at `)) });
    const custom = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'sms', text: '{{customerName}} {{maskedCard}} {{merchant}} {{amount}} {{currency}}', locale: 'en-US' });
    expect(custom.status).toBe(409);
    expect(custom.body.error).toMatchObject({ code: 'CONFLICT', path: 'text' });
    expect(custom.body.error.message).toContain('{{customerName}}');
    const ok = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'sms', text: 'Card {{maskedCard}} at {{merchant}}: {{amount}} {{currency}}' });
    expect(ok.status).toBe(202);
    expect(ok.body.params).toEqual({ locale: 'zh-CN', text: `Card ${MASKED} at m-77: 1280.00 CNY` });
    for (const id of [en.body.id, ok.body.id]) await settled(id);
    // Refused: unknown template, unknown variable, both or neither of template and text.
    expect((await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'sms', template: 'no_such_template' })).body.error).toMatchObject({ code: 'NOT_FOUND', path: 'template' });
    expect((await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'sms', text: 'Hi {{cardNumber}}' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'text', details: [{ code: 'UNKNOWN_VARIABLE' }] });
    expect((await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'sms', template: 'txn_verify', text: 'x' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'template' });
    expect((await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'sms' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'template' });
  });

  it('places a robot call and control actions through the adapter, and records a manual call’s result', async () => {
    const post = (body: unknown) => as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, body);
    const call = await post({ type: 'call', kind: 'robot', note: 'verify the purchase' });
    const freeze = await post({ type: 'control', kind: 'freeze_card', reason: 'card testing confirmed' });
    const suspend = await post({ type: 'control', kind: 'suspend_account', reason: 'takeover suspected' });
    const limit = await post({ type: 'control', kind: 'limit_channel', params: { channel: 'online', limit: 0, durationHours: 24 } });
    for (const r of [call, freeze, suspend, limit]) expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await settled(call.body.id)).action.result).toEqual({ callId: `IVR-${call.body.id.slice(-6)}`, outcome: 'answered_denied' });
    for (const [r, kind] of [[freeze, 'freeze_card'], [suspend, 'suspend_account'], [limit, 'limit_channel']] as const) {
      expect((await settled(r.body.id)).action.result).toEqual({ reference: `CORE-${kind}-${r.body.id.slice(-6)}` });
      const sent = hook.received.find((x) => x.payload.id === r.body.id)!;
      expect(sent.headers['x-vigil-action']).toBe('control');
      expect(sent.payload.kind).toBe(kind);
      expect(verifyWebhookSignature(secret, String(sent.headers['x-vigil-signature']), sent.body)).toBe(true);
    }
    expect(hook.received.find((x) => x.payload.id === limit.body.id)!.payload.params).toEqual({ channel: 'online', limit: 0, durationHours: 24 });
    expect(hook.received.find((x) => x.payload.id === call.body.id)!.payload).toMatchObject({ type: 'call', kind: 'robot', params: { note: 'verify the purchase' } });

    // A manual call is a person's: nothing is sent; it waits for the result.
    const manual = await post({ type: 'call', kind: 'manual', note: 'call the customer' });
    expect(manual.body).toMatchObject({ status: 'awaiting_result', channelId: null, attempts: 0 });
    expect(hook.received.some((x) => x.payload.id === manual.body.id)).toBe(false);
    const recorded = await as(handlerA)('POST', `/api/v1/actions/${manual.body.id}/call-result`, { outcome: 'answered_confirmed_genuine', note: 'customer made the purchase' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'succeeded', attempts: 1, result: { outcome: 'answered_confirmed_genuine', note: 'customer made the purchase', recordedBy: 'user:a.handler' } });
    expect((await action(manual.body.id)).attempts).toMatchObject([{ attempt: 1, outcome: 'recorded', request: { outcome: 'answered_confirmed_genuine' } }]);
    expect((await as(handlerA)('POST', `/api/v1/actions/${manual.body.id}/call-result`, { outcome: 'busy' })).body.error).toMatchObject({ code: 'CONFLICT', path: 'id' });
    expect((await as(handlerA)('POST', `/api/v1/actions/${freeze.body.id}/call-result`, { outcome: 'busy' })).status).toBe(409);
    expect((await as(handlerA)('POST', `/api/v1/actions/${call.body.id}/call-result`, { outcome: 'busy' })).status).toBe(409);
    expect((await as(handlerA)('POST', `/api/v1/actions/${manual.body.id}/call-result`, { outcome: 'maybe' })).status).toBe(400);

    // Kinds and fields that do not fit the type are refused.
    for (const [body, path] of [
      [{ type: 'call' }, 'kind'],
      [{ type: 'control', kind: 'robot' }, 'kind'],
      [{ type: 'sms', kind: 'robot', template: 'txn_verify' }, 'kind'],
      [{ type: 'control', kind: 'limit_channel', params: { limit: 100 } }, 'params.channel'],
      [{ type: 'control', kind: 'limit_channel', params: { channel: 'atm' } }, 'params.limit'],
      [{ type: 'control', kind: 'freeze_card', template: 'txn_verify' }, 'template'],
      [{ type: 'add_to_list' }, 'list'],
      [{ type: 'add_to_list', list: 'card_blacklist', expiresIn: 'forever' }, 'expiresIn'],
    ] as const) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.path, JSON.stringify(body)).toBe(path);
    }
  });

  it('adds the alert’s subject or a given value to a list at once, as an entry of the alert’s org', async () => {
    const r = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'add_to_list', list: 'card_blacklist', reason: 'confirmed card testing', expiresIn: '30d' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toMatchObject({ type: 'add_to_list', status: 'succeeded', attempts: 1, channelId: null, result: { value: MASKED } });
    const { attempts } = await action(r.body.id);
    expect(attempts).toMatchObject([{ attempt: 1, outcome: 'succeeded', request: { list: 'card_blacklist', listOrgId: 'root', entryOrgId: 'bank_a_hz', value: MASKED } }]);
    // The card is now on the list for bank_a_hz's events, not for another bank's.
    const hz = await node.json('POST', '/api/v1/decisions', cardAuth({ card: CARD, org: 'bank_a_hz' }), node.creds.apiKey);
    expect(hz.body.outcome).toBe('reject');
    const other = await node.json('POST', '/api/v1/decisions', cardAuth({ card: CARD, org: 'bank_b' }), node.creds.apiKey);
    expect(other.body.outcome).not.toBe('reject');

    const device = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'add_to_list', list: 'device_blacklist', value: 'dev-evil-7' });
    expect(device.body).toMatchObject({ status: 'succeeded', params: { list: 'device_blacklist', from: 'value', value: 'dev-evil-7' } });
    // A card number given as the value is kept only as its token and masked form.
    const given = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'add_to_list', list: 'card_blacklist', value: '4111 1111 1111 1111' });
    expect(given.body).toMatchObject({ status: 'succeeded', params: { value: node.vigil.services.tokenizer.tokenize('4111 1111 1111 1111'), display: '411111******1111' } });

    // One entry per value and list: another bank's entry is never changed; the union's stands.
    const theirs = await as(handlerB)('POST', `/api/v1/alerts/${alertB}/actions`, { type: 'add_to_list', list: 'device_blacklist', value: 'dev-shared', reason: 'bank b' });
    expect(theirs.body.status).toBe('succeeded');
    const clash = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'add_to_list', list: 'device_blacklist', value: 'dev-shared', expiresIn: '1d' });
    expect(clash.body).toMatchObject({ status: 'failed', lastError: 'dev-shared is already on list device_blacklist for another org' });
    const devices = (await node.json('GET', '/api/v1/lists')).body.items.find((l: any) => l.key === 'device_blacklist').id;
    const entries = (await node.json('GET', `/api/v1/lists/${devices}/entries?search=dev-shared`)).body.items;
    expect(entries).toMatchObject([{ value: 'dev-shared', orgId: 'bank_b_nb', reason: 'bank b', expiresAt: null }]);
    expect((await node.json('POST', `/api/v1/lists/${devices}/entries`, { entries: [{ value: 'dev-union', reason: 'union' }] })).status).toBe(200);
    const union = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'add_to_list', list: 'device_blacklist', value: 'dev-union' });
    expect(union.body).toMatchObject({ status: 'succeeded', result: { alreadyListedBy: 'root' } });
    expect((await node.json('GET', `/api/v1/lists/${devices}/entries?search=dev-union`)).body.items).toMatchObject([{ orgId: 'root', reason: 'union' }]);

    // What cannot be done fails at once and stays visible, with its one attempt.
    const wrong = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'add_to_list', list: 'device_blacklist' });
    expect(wrong.status).toBe(202);
    expect(wrong.body).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('subject is a card') });
    const missing = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'add_to_list', list: 'no_such_list' });
    expect(missing.body).toMatchObject({ status: 'failed', lastError: expect.stringContaining('no list no_such_list') });
    expect((await action(missing.body.id)).attempts).toMatchObject([{ outcome: 'failed', error: expect.stringContaining('no list') }]);
  });

  it('retries a receiver that fails twice with backoff, and succeeds on the third attempt with all three logged', async () => {
    const r = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'control', kind: 'freeze_card', note: 'fail-twice' });
    const done = await settled(r.body.id);
    expect(done.action).toMatchObject({ status: 'succeeded', attempts: 3, lastError: null });
    expect(done.attempts.map((a: any) => [a.attempt, a.outcome, a.status, a.error])).toEqual([
      [1, 'retry', 503, 'HTTP 503'],
      [2, 'retry', 503, 'HTTP 503'],
      [3, 'succeeded', 200, null],
    ]);
    const sent = hook.received.filter((x) => x.payload.id === r.body.id);
    expect(sent.map((x) => x.headers['x-vigil-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(sent.map((x) => x.headers['idempotency-key']))).toEqual(new Set([r.body.id]));
    // Backoff: 60 ms after the first failure, 120 ms after the second.
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(55);
    expect(sent[2]!.at - sent[1]!.at).toBeGreaterThanOrEqual(115);
  });

  it('fails for good on a permanent refusal or when the attempts run out, stays visible, and is retried on request', async () => {
    const rejected = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'sms', template: 'txn_verify', note: 'reject' });
    const failed = await settled(rejected.body.id, 'failed');
    expect(failed.action).toMatchObject({ attempts: 1, lastError: 'HTTP 400', nextAttemptAt: null });
    expect(failed.attempts).toMatchObject([{ attempt: 1, outcome: 'failed', status: 400, response: '{"error":"unknown customer"}' }]);
    const down = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'call', kind: 'robot', note: 'always-503' });
    const exhausted = await settled(down.body.id, 'failed');
    expect(exhausted.action).toMatchObject({ attempts: 3, maxAttempts: 3, lastError: 'HTTP 503' });
    expect(exhausted.attempts.map((a: any) => a.outcome)).toEqual(['retry', 'retry', 'failed']);

    // The operations view lists failed actions of the caller's orgs, newest first, paged.
    const page = await as(handlerA)('GET', '/api/v1/actions?status=failed&limit=1');
    expect(page.status).toBe(200);
    expect(page.body.items.map((a: any) => a.id)).toEqual([down.body.id]);
    const next = await as(handlerA)('GET', `/api/v1/actions?status=failed&limit=100&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((a: any) => a.id)).toContain(rejected.body.id);
    expect(next.body.items.every((a: any) => a.status === 'failed')).toBe(true);
    expect((await as(handlerA)('GET', '/api/v1/actions?status=failed&type=sms')).body.items.map((a: any) => a.id)).toContain(rejected.body.id);

    // Once the receiver accepts, a retry sends it again with a fresh set of attempts, keeping the history.
    hook.state.rejecting = false;
    const retry = await as(handlerA)('POST', `/api/v1/actions/${rejected.body.id}/retry`);
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ status: 'queued', attempts: 1, maxAttempts: 4 });
    const again = await settled(rejected.body.id);
    expect(again.attempts.map((a: any) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect((await as(handlerA)('POST', `/api/v1/actions/${rejected.body.id}/retry`)).body.error).toMatchObject({ code: 'CONFLICT', path: 'id' });
    // A failed list write is done again at once.
    const list = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'add_to_list', list: 'device_blacklist' });
    const listRetry = await as(handlerA)('POST', `/api/v1/actions/${list.body.id}/retry`);
    expect(listRetry.body).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await action(list.body.id)).attempts.map((a: any) => a.attempt)).toEqual([1, 2]);
    // A failed action can also be cancelled, and then is no longer retried.
    expect((await as(handlerA)('POST', `/api/v1/actions/${down.body.id}/cancel`)).body.status).toBe('cancelled');
    expect((await as(handlerA)('POST', `/api/v1/actions/${down.body.id}/retry`)).status).toBe(409);
  });

  it('goes through the union’s simulator where the bank has no channel, failures injected on request', async () => {
    const post = (body: unknown) => as(handlerB)('POST', `/api/v1/alerts/${alertB}/actions`, body);
    const sms = await post({ type: 'sms', template: 'txn_verify', locale: 'en-US' });
    const call = await post({ type: 'call', kind: 'robot' });
    const freeze = await post({ type: 'control', kind: 'freeze_card' });
    const flaky = await post({ type: 'sms', template: 'account_protected', simulate: { failAttempts: 2 } });
    const broken = await post({ type: 'control', kind: 'limit_channel', params: { channel: 'atm', limit: 500, currency: 'CNY' }, simulate: { permanent: true } });
    const channels = (await node.json('GET', '/api/v1/action-channels')).body.items;
    const simulator = channels.find((c: any) => c.kind === 'simulator' && c.orgId === 'root');
    expect(sms.body).toMatchObject({ channelId: simulator.id, params: { text: expect.stringMatching(/^\[Bank B Ningbo\] /) } });
    expect((await settled(sms.body.id)).action.result).toMatchObject({ messageId: expect.stringMatching(/^SIMSMS-/), deliveryStatus: 'delivered', segments: 1 });
    expect((await settled(call.body.id)).action.result).toMatchObject({ outcome: simulatedCallOutcome(call.body.id), callId: expect.stringMatching(/^SIMCALL-/) });
    expect((await settled(freeze.body.id)).action.result).toMatchObject({ reference: expect.stringMatching(/^SIMFRZ-/), status: 'applied' });
    const recovered = await settled(flaky.body.id);
    expect(recovered.attempts.map((a: any) => [a.outcome, a.status])).toEqual([
      ['retry', 503],
      ['retry', 503],
      ['succeeded', 200],
    ]);
    const dead = await settled(broken.body.id, 'failed');
    expect(dead.action).toMatchObject({ attempts: 1, lastError: expect.stringContaining('simulated permanent failure') });
    // Nothing of bank B went to bank A's endpoint.
    expect(hook.received.some((x) => x.payload.orgId === 'bank_b_nb')).toBe(false);
  });

  it('refuses an action no enabled channel serves, and one whose channel went away fails visibly', async () => {
    const admin = (method: string, url: string, body?: unknown) => node.json(method, url, body);
    const simulator = (await admin('GET', '/api/v1/action-channels')).body.items.find((c: any) => c.kind === 'simulator' && c.orgId === 'root');
    const put = (enabled: boolean) => admin('PUT', `/api/v1/action-channels/${simulator.id}`, { name: simulator.name, actionTypes: simulator.actionTypes, enabled });
    // Queued while the channel works, and the node stops before sending it.
    await node.vigil.services.actions.dispatcher.stop();
    const queued = await as(handlerB)('POST', `/api/v1/alerts/${alertB}/actions`, { type: 'control', kind: 'freeze_card' });
    expect(queued.body.status).toBe('queued');
    expect((await put(false)).status).toBe(200);
    try {
      const refused = await as(handlerB)('POST', `/api/v1/alerts/${alertB}/actions`, { type: 'sms', template: 'txn_verify' });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'CONFLICT', path: 'channel' });
      node.vigil.services.actions.dispatcher.start();
      const failed = await settled(queued.body.id, 'failed');
      expect(failed.action.lastError).toMatch(/is disabled/);
      expect((await as(handlerB)('POST', `/api/v1/actions/${queued.body.id}/retry`)).body.error).toMatchObject({ code: 'CONFLICT', path: 'channel' });
    } finally {
      expect((await put(true)).status).toBe(200);
    }
    expect((await as(handlerB)('POST', `/api/v1/actions/${queued.body.id}/retry`)).status).toBe(202);
    expect((await settled(queued.body.id)).action.attempts).toBe(2);
  });

  it('sends the automatic SMS of a newly opened alert once, and records one it cannot render as failed', async () => {
    const s = node.vigil.services;
    const d = await node.json('POST', '/api/v1/decisions', cardAuth({ card: CARD, org: 'bank_b' }), node.creds.apiKey);
    const matching = await openAlert('bank_b', { decisionId: d.body.decisionId, category: 'counterfeit_card', level: 'critical' });
    await autoActionsOnAlertOpened(s, matching);
    await autoActionsOnAlertOpened(s, matching);
    const items = (await node.json('GET', `/api/v1/alerts/${matching}/actions`)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'sms', source: 'auto', requestedBy: 'system:auto-send', params: { template: 'txn_verify', locale: 'zh-CN', text: expect.stringContaining('【乙农商银行】') } });
    await settled(items[0].id);

    const low = await openAlert('bank_b', { decisionId: d.body.decisionId, category: 'counterfeit_card', level: 'medium' });
    const other = await openAlert('bank_b', { decisionId: d.body.decisionId, category: 'account_takeover', level: 'critical' });
    for (const id of [low, other]) {
      await autoActionsOnAlertOpened(s, id);
      expect((await node.json('GET', `/api/v1/alerts/${id}/actions`)).body.items).toEqual([]);
    }
    // Without a linked decision there is no amount or time: the SMS is not sent, and says why.
    const bare = await openAlert('bank_b', { category: 'card_testing', level: 'high' });
    await autoActionsOnAlertOpened(s, bare);
    const [failed] = (await node.json('GET', `/api/v1/alerts/${bare}/actions`)).body.items;
    expect(failed).toMatchObject({ status: 'failed', source: 'auto', params: { missing: ['time', 'amount'] }, lastError: expect.stringContaining('{{time}}') });
    expect((await node.json('POST', `/api/v1/actions/${failed.id}/retry`)).body.error).toMatchObject({ code: 'CONFLICT', path: 'template' });
    await autoActionsOnAlertOpened(s, 'no-such-alert');
  });

  it('lists an alert’s actions in order and audits each request', async () => {
    const items = (await as(handlerA)('GET', `/api/v1/alerts/${alertA}/actions`)).body.items;
    expect(items.length).toBeGreaterThan(10);
    expect(items.map((a: any) => a.createdAt)).toEqual([...items.map((a: any) => a.createdAt)].sort());
    expect(new Set(items.map((a: any) => a.type))).toEqual(new Set(['sms', 'call', 'control', 'add_to_list']));
    const audit = await node.json('GET', `/api/v1/audit?targetType=alert_action&targetId=${items[0].id}`);
    expect(audit.body.items).toMatchObject([{ action: 'alert.action.request', actor: 'user:a.handler', orgId: 'bank_a_hz', after: { alertId: alertA, type: 'sms', template: 'txn_verify' } }]);
    expect((await node.json('GET', '/api/v1/audit?targetType=alert_action')).body.items.some((e: any) => e.action === 'alert.action.retry')).toBe(true);
  });

  it('refuses a card number in free text, and never stores one in an action or attempt', async () => {
    for (const [body, path] of [
      [{ type: 'control', kind: 'freeze_card', reason: `card ${CARD} stolen` }, 'reason'],
      [{ type: 'call', kind: 'manual', note: '6222 0212 3456 7890 128' }, 'note'],
      [{ type: 'sms', text: `Your card ${CARD} is blocked` }, 'text'],
      [{ type: 'add_to_list', list: 'card_blacklist', value: `card:${CARD}` }, 'value'],
    ] as const) {
      const r = await as(handlerA)('POST', `/api/v1/alerts/${alertA}/actions`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'SENSITIVE_DATA_REFUSED', path });
    }
    await node.vigil.services.actions.dispatcher.idle();
    const db = node.vigil.database.db;
    const rows = [...(await db.selectFrom('alert_actions').selectAll().execute()), ...(await db.selectFrom('alert_action_attempts').selectAll().execute())];
    expect(rows.length).toBeGreaterThan(30);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(CARD);
    expect(text).not.toContain('4111111111111111');
    expect(text).not.toContain('4111 1111 1111 1111');
    // Any other card-shaped number: identifiers (UUIDs, HMAC signatures, tokens, the harness's
    // event ids of pid and time) are left out, since a run of their digits can pass the Luhn check
    // by chance.
    const ids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|v1=[0-9a-f]{64}|tok_[A-Za-z0-9_-]+|evt-[0-9-]+/g;
    for (const r of rows) {
      const scrubbed = JSON.stringify(r).replace(ids, '');
      expect(findCardNumber(JSON.parse(scrubbed)), scrubbed.slice(0, 300)).toBeNull();
    }
  });

  it('hides one bank’s alert actions from another bank: 404 on every route', async () => {
    const mine = (await as(handlerA)('GET', `/api/v1/alerts/${alertA}/actions`)).body.items;
    const failed = mine.find((a: any) => a.status === 'failed');
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/alerts/${alertA}/actions`],
      ['POST', `/api/v1/alerts/${alertA}/actions`, { type: 'call', kind: 'manual' }],
      ['GET', `/api/v1/actions/${mine[0].id}`],
      ['POST', `/api/v1/actions/${failed.id}/retry`],
      ['POST', `/api/v1/actions/${failed.id}/cancel`],
      ['POST', `/api/v1/actions/${mine[0].id}/call-result`, { outcome: 'busy' }],
    ];
    for (const [method, url, body] of attempts) {
      const r = await as(handlerB)(method, url, body);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    expect((await as(handlerB)('GET', '/api/v1/actions?org=bank_a')).status).toBe(404);
    const theirs = (await as(handlerB)('GET', '/api/v1/actions?limit=500')).body.items;
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((a: any) => a.orgId.startsWith('bank_b'))).toBe(true);
    expect((await action(failed.id)).action.status).toBe('failed');
    // A user without alert.handle reads but does not act.
    const auditor = await signIn('union.auditor');
    expect((await as(auditor)('GET', `/api/v1/alerts/${alertA}/actions`)).status).toBe(200);
    expect((await as(auditor)('POST', `/api/v1/alerts/${alertA}/actions`, { type: 'call', kind: 'manual' })).status).toBe(403);
    expect((await as(auditor)('POST', `/api/v1/actions/${failed.id}/retry`)).status).toBe(403);
  });
});
