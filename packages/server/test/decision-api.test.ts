import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, cardAuth, startNode, type TestNode } from './harness.ts';

describe.each(BACKENDS)('decision API on %s', (backend) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode({ backend });
  });
  afterAll(() => node?.destroy());

  const decide = (body: unknown, key = node.creds.apiKey, headers?: Record<string, string>) => node.json('POST', '/api/v1/decisions', body, key, headers);

  it('returns every contract field for a card authorisation', async () => {
    const r = await decide(cardAuth());
    expect(r.status).toBe(200);
    const b = r.body;
    expect(Object.keys(b).sort()).toEqual(['decisionId', 'degraded', 'eventId', 'eventType', 'hits', 'latencyMs', 'outcome', 'reasons', 'riskLevel', 'score', 'strategy'].sort());
    expect(b.eventType).toBe('card_auth');
    expect(['pass', 'review', 'challenge', 'reject']).toContain(b.outcome);
    expect(b.strategy).toEqual({ id: 'card_auth_default', version: 1 });
    expect(typeof b.score).toBe('number');
    expect(typeof b.latencyMs).toBe('number');
    expect(b.degraded).toBe(false);
    expect(Array.isArray(b.reasons)).toBe(true);
    expect(Array.isArray(b.hits)).toBe(true);
  });

  it('answers a retry with the stored decision and a changed payload with 409', async () => {
    const req = cardAuth({ amount: 77 });
    const first = await decide(req);
    const again = await decide(req);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const changed = await decide({ ...req, data: { ...req.data, amount: 78 } });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(changed.body.error.path).toBe('eventId');
  });

  it('counts concurrent duplicates once in every feature and stores one decision', async () => {
    const card = '6222029999000011112';
    const req = cardAuth({ card, channel: 'ECOM', amount: 1.5, entry_mode: 'ecom' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => decide(req)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.body.decisionId)).size).toBe(1);
    const probe = await decide(cardAuth({ card, channel: 'ECOM', amount: 1.5, entry_mode: 'ecom' }));
    const log = await node.json('GET', `/api/v1/decisions/${probe.body.decisionId}`);
    expect(log.body.trace.features.card_auth_count_10m).toBe(1);
    const rows = await node.vigil.database.db.selectFrom('decisions').select('decision_id').where('event_id', '=', req.eventId).execute();
    expect(rows).toHaveLength(1);
  });

  it('evaluates copies of one event started in the same tick only once', async () => {
    const svc = node.vigil.services.decisions;
    const principal = await node.vigil.services.auth.authenticate(`Bearer ${node.creds.apiKey}`);
    const card = '6222021212343456567';
    const req = cardAuth({ card });
    const answers = await Promise.all([svc.decide(principal, req, 'en'), svc.decide(principal, req, 'en'), svc.decide(principal, req, 'en')]);
    expect(new Set(answers.map((a) => a.decisionId)).size).toBe(1);
    const probe = await svc.decide(principal, cardAuth({ card }), 'en');
    const log = await node.json('GET', `/api/v1/decisions/${probe.decisionId}`);
    expect(log.body.trace.features.card_auth_count_10m).toBe(1);
  });

  it('refuses bad input with a stable code and the field path, changing nothing', async () => {
    const before = await node.vigil.database.db.selectFrom('decisions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const cases: Array<[unknown, number, string, string | undefined]> = [
      [{ ...cardAuth(), data: { ...cardAuth().data, amount: 'ten' } }, 400, 'INVALID_EVENT', 'data.amount'],
      [{ ...cardAuth(), data: { ...cardAuth().data, channel: 'FAX' } }, 400, 'INVALID_EVENT', 'data.channel'],
      [{ ...cardAuth(), data: { ...cardAuth().data, cvv: '123' } }, 400, 'SENSITIVE_DATA_REFUSED', 'data.cvv'],
      [{ ...cardAuth(), data: { ...cardAuth().data, track2: ';6222...' } }, 400, 'SENSITIVE_DATA_REFUSED', 'data.track2'],
      [{ ...cardAuth(), data: { ...cardAuth().data, card: '12ab' } }, 400, 'INVALID_EVENT', 'data.card'],
      [{ ...cardAuth(), data: { amount: 5 } }, 400, 'INVALID_EVENT', 'data.card'],
      [{ eventType: 'card_auth', data: {} }, 400, 'VALIDATION_FAILED', 'eventId'],
      [{ ...cardAuth(), extra: 1 }, 400, 'VALIDATION_FAILED', undefined],
      [{ ...cardAuth(), eventId: 'bad id with spaces' }, 400, 'VALIDATION_FAILED', 'eventId'],
      [{ ...cardAuth(), occurredAt: 'yesterday' }, 400, 'VALIDATION_FAILED', 'occurredAt'],
      [{ ...cardAuth(), eventType: 'no_such_type' }, 404, 'EVENT_TYPE_NOT_FOUND', 'eventType'],
    ];
    for (const [body, status, code, path] of cases) {
      const r = await decide(body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.code).toBe(code);
      if (path !== undefined) {
        const paths = [r.body.error.path, ...(r.body.error.details ?? []).map((d: { path: string }) => d.path)];
        expect(paths).toContain(path);
      }
      expect(r.body.error.requestId).toBeTruthy();
    }
    const raw = await fetch(`${node.baseUrl}/api/v1/decisions`, { method: 'POST', headers: { authorization: `Bearer ${node.creds.apiKey}`, 'content-type': 'application/json' }, body: '{"eventType": ' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    const deep = '{"a":'.repeat(100) + '1' + '}'.repeat(100);
    const d = await decide(deep);
    expect(d.status).toBe(400);
    const after = await node.vigil.database.db.selectFrom('decisions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number((after as { n: unknown }).n)).toBe(Number((before as { n: unknown }).n));
  });

  it('answers 413 for an oversized body', async () => {
    const r = await decide({ ...cardAuth(), data: { ...cardAuth().data, city: 'x'.repeat(100_000) } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 401 without a key, with an unknown key and with a revoked key; 403 outside its event types', async () => {
    expect((await decide(cardAuth(), '')).body.error.code).toBe('UNAUTHENTICATED');
    expect((await decide(cardAuth(), '')).status).toBe(401);
    expect((await decide(cardAuth(), 'vgl_live_nope')).status).toBe(401);
    const created = await node.json('POST', '/api/v1/api-keys', { name: 'login only', eventTypes: ['login'] });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    const forbidden = await decide(cardAuth(), key);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    const revoke = await node.json('POST', `/api/v1/api-keys/${created.body.apiKey.id}/revoke`);
    expect(revoke.status).toBe(200);
    const revoked = await decide({ eventType: 'login', eventId: 'l-1', data: { customer_id: 'c', ip: '1.2.3.4', channel: 'WEB', method: 'password', success: true, org: 'bank_a' } }, key);
    expect(revoked.status).toBe(401);
    // a channel key cannot reach management routes
    expect((await node.json('GET', '/api/v1/lists', undefined, node.creds.apiKey)).status).toBe(403);
  });

  it('renders reasons in the caller language', async () => {
    const req = cardAuth({ channel: 'ECOM', amount: 25000, entry_mode: 'manual', country: 'US' });
    const en = await decide(req, node.creds.apiKey, { 'accept-language': 'en-US' });
    const zh = await decide(req, node.creds.apiKey, { 'accept-language': 'zh-CN' });
    expect(en.body.reasons.length).toBeGreaterThan(0);
    expect(zh.body.decisionId).toBe(en.body.decisionId);
    expect(zh.body.reasons.map((r: { code: string }) => r.code)).toEqual(en.body.reasons.map((r: { code: string }) => r.code));
    expect(zh.body.reasons.some((r: { text: string }) => /[\u4e00-\u9fff]/.test(r.text))).toBe(true);
  });

  it('takes feedback on a decision, scoped to the caller, and announces it', async () => {
    const d = await decide(cardAuth({ org: 'bank_a' }));
    const heard: unknown[] = [];
    node.vigil.services.bus.on('feedback', (f) => heard.push(f));
    const fb = await node.json('POST', `/api/v1/decisions/${d.body.decisionId}/feedback`, { challengeResult: 'failed', note: 'OTP wrong 3 times' }, node.creds.apiKey);
    expect(fb.status).toBe(201);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ decisionId: d.body.decisionId, challengeResult: 'failed' });
    const detail = await node.json('GET', `/api/v1/decisions/${d.body.decisionId}`);
    expect(detail.body.feedback).toMatchObject([{ challengeResult: 'failed', businessStatus: null }]);
    expect((await node.json('POST', `/api/v1/decisions/${d.body.decisionId}/feedback`, { note: 'x' }, node.creds.apiKey)).status).toBe(400);
    expect((await node.json('POST', `/api/v1/decisions/${d.body.decisionId}/feedback`, { businessStatus: 'maybe' }, node.creds.apiKey)).status).toBe(400);
    const other = await node.json('POST', '/api/v1/api-keys', { name: 'bank_b switch', orgId: 'bank_b' });
    const cross = await node.json('POST', `/api/v1/decisions/${d.body.decisionId}/feedback`, { businessStatus: 'approved' }, other.body.key);
    expect(cross.status).toBe(404);
    expect((await node.json('POST', '/api/v1/decisions/no-such-id/feedback', { businessStatus: 'approved' }, node.creds.apiKey)).status).toBe(404);
  });

  it('feeds failed step-ups into features: three failures reject the customer next time', async () => {
    const customer = `otp-${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      const d = await decide(cardAuth({ customer_id: customer, card: '6222020000333344445' }));
      expect((await node.json('POST', `/api/v1/decisions/${d.body.decisionId}/feedback`, { challengeResult: i === 1 ? 'passed' : 'failed' }, node.creds.apiKey)).status).toBe(201);
    }
    const two = await decide(cardAuth({ customer_id: customer, card: '6222020000333344445' }));
    expect(two.body.hits.map((h: { ruleId: string }) => h.ruleId)).not.toContain('otp_failures');
    await node.json('POST', `/api/v1/decisions/${two.body.decisionId}/feedback`, { challengeResult: 'failed' }, node.creds.apiKey);
    const three = await decide(cardAuth({ customer_id: customer, card: '6222020000333344445' }));
    expect(three.body.outcome).toBe('reject');
    expect(three.body.reasons.map((r: { code: string }) => r.code)).toContain('OTP_FAILURES');
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await node.json('GET', '/healthz', undefined, '')).status).toBe(200);
    expect((await node.json('GET', '/readyz', undefined, '')).body.status).toBe('ready');
    const metrics = await node.json('GET', '/metrics', undefined, '');
    expect(metrics.body).toContain('vigil_decisions_total');
    const docs = await node.json('GET', '/api/docs/json', undefined, '');
    expect(docs.status).toBe(200);
    expect(docs.body.paths['/api/v1/decisions'].post).toBeTruthy();
  });
});
