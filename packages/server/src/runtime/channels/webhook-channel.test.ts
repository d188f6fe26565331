import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundHttp } from '../outbound-http.ts';
import { verifyWebhookSignature } from '../webhook-signature.ts';
import type { OutboundAction } from './channel-adapter.ts';
import { WebhookChannel } from './webhook-channel.ts';

const SECRET = 'whsec_unit';

describe('the webhook channel', () => {
  let server: Server;
  let port: number;
  const seen: Array<{ headers: Record<string, unknown>; body: string }> = [];
  /** Each path answers a status and a body: `/s/<status>?body=<text>`. */
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        const u = new URL(req.url!, 'http://x');
        if (u.pathname === '/slow') return setTimeout(() => res.end('{}'), 2000);
        res.statusCode = Number(u.pathname.split('/')[2]);
        res.end(u.searchParams.get('body') ?? '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const http = () => new OutboundHttp({ allowPrivate: false, allowHosts: [`127.0.0.1:${port}`] });
  const channel = (path: string, timeoutMs = 1000) => new WebhookChannel({ http: http(), url: `http://127.0.0.1:${port}${path}`, secret: SECRET, timeoutMs });
  const action: OutboundAction = { id: '0190f3a4-0000-7000-8000-000000000001', orgId: 'bank_a', type: 'control', kind: 'freeze_card', params: { reason: 'stolen' }, context: { alert: { id: 'al-1' } }, attempt: 2, createdAt: new Date('2026-03-10T10:00:00Z') };

  it('posts the action signed, with its id as idempotency key, and takes a JSON answer as the result', async () => {
    const r = await channel(`/s/200?body=${encodeURIComponent('{"reference":"CORE-1"}')}`).send(action);
    expect(r).toMatchObject({ ok: true, result: { reference: 'CORE-1' }, exchange: { status: 200, response: '{"reference":"CORE-1"}' } });
    const got = seen.at(-1)!;
    expect(got.headers).toMatchObject({ 'x-vigil-action': 'control', 'x-vigil-action-id': action.id, 'idempotency-key': action.id, 'x-vigil-attempt': '2', 'content-type': 'application/json' });
    expect(verifyWebhookSignature(SECRET, String(got.headers['x-vigil-signature']), got.body)).toBe(true);
    expect(JSON.parse(got.body)).toEqual({ id: action.id, type: 'control', kind: 'freeze_card', attempt: 2, orgId: 'bank_a', createdAt: '2026-03-10T10:00:00.000Z', params: { reason: 'stolen' }, context: { alert: { id: 'al-1' } } });
    // The log keeps exactly what was sent, and never the secret.
    expect(r.exchange!.request).toMatchObject({ method: 'POST', body: got.body });
    expect(JSON.stringify(r.exchange)).not.toContain(SECRET);
  });

  it('takes an empty 2xx as done, and a 2xx that is not a JSON object as a permanent failure', async () => {
    expect(await channel('/s/204').send(action)).toMatchObject({ ok: true, result: {} });
    expect(await channel('/s/200?body=OK').send(action)).toMatchObject({ ok: false, retryable: false, status: 200 });
    expect(await channel('/s/200?body=%5B1%5D').send(action)).toMatchObject({ ok: false, retryable: false });
  });

  it('retries 5xx, 408, 429, timeouts and refused connections; not other 4xx nor refused targets', async () => {
    for (const s of [500, 502, 503, 408, 429]) expect(await channel(`/s/${s}`).send(action), String(s)).toMatchObject({ ok: false, retryable: true, status: s });
    for (const s of [400, 401, 403, 404, 409, 422]) expect(await channel(`/s/${s}`).send(action), String(s)).toMatchObject({ ok: false, retryable: false, status: s });
    expect(await channel('/slow', 200).send(action)).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/^timeout/) });
    const closed = new WebhookChannel({ http: new OutboundHttp({ allowPrivate: false, allowHosts: ['127.0.0.1:9'] }), url: 'http://127.0.0.1:9/x', secret: SECRET, timeoutMs: 1000 });
    expect(await closed.send(action)).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/^ECONNREFUSED/) });
    const refused = new WebhookChannel({ http: new OutboundHttp({ allowPrivate: false }), url: `http://127.0.0.1:${port}/s/200`, secret: SECRET, timeoutMs: 1000 });
    expect(await refused.send(action)).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/^SSRF_REFUSED/) });
  });
});
