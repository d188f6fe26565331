import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/runtime/webhook-signature.ts';
import { BACKENDS, cardAuth, orgAdminKey, startNode, type TestNode } from './harness.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on loopback: `/ok` answers 200, `/flaky` 500 twice then 200, `/redirect` 302 to `redirectTo`. */
async function receiver(redirectTo: () => string) {
  const received: Received[] = [];
  let flaky = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/flaky' && ++flaky <= 2) {
        res.statusCode = 500;
        return res.end('not now');
      }
      if (req.url === '/redirect') {
        res.writeHead(302, { location: redirectTo() });
        return res.end();
      }
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, received, port: (server.address() as { port: number }).port };
}

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(BACKENDS)('webhooks on %s', (backend) => {
  let node: TestNode;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let inside: Awaited<ReturnType<typeof receiver>>;
  let bankA: string;
  let bankB: string;
  const url = (path: string) => `http://127.0.0.1:${hooks.port}${path}`;

  beforeAll(async () => {
    // `inside` stands for a private service a hostile receiver would like the node to reach.
    inside = await receiver(() => '');
    hooks = await receiver(() => `http://127.0.0.1:${inside.port}/internal-admin`);
    node = await startNode({
      backend,
      env: { VIGIL_WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${hooks.port}`, VIGIL_WEBHOOK_RETRY_BASE_MS: '50', VIGIL_WEBHOOK_MAX_ATTEMPTS: '3', VIGIL_WEBHOOK_TIMEOUT_MS: '2000' },
    });
    bankA = await orgAdminKey(node, 'bank_a');
    bankB = await orgAdminKey(node, 'bank_b');
    const lists = await node.json('GET', '/api/v1/lists');
    const devices = lists.body.items.find((l: { key: string }) => l.key === 'device_blacklist').id;
    expect((await node.json('POST', `/api/v1/lists/${devices}/entries`, { entries: [{ value: 'dev-evil' }] })).status).toBe(200);
  });
  afterAll(async () => {
    await node?.destroy();
    for (const r of [hooks, inside]) {
      r?.server.closeAllConnections();
      r?.server.close();
    }
  });

  const create = (body: Record<string, unknown>, key = bankA) => node.json('POST', '/api/v1/webhooks', { name: 'case system', events: ['decision.reject'], ...body }, key);
  const deliveries = async (id: string, key = bankA) => (await node.json('GET', `/api/v1/webhooks/${id}/deliveries`, undefined, key)).body.items as Array<Record<string, any>>;

  it('shows the signing secret once, stores it sealed, and signs what a declined decision delivers', async () => {
    const created = await create({ url: url('/ok'), events: ['decision.reject', 'decision.feedback'] });
    expect(created.status).toBe(201);
    const { secret, webhook } = created.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook).toMatchObject({ orgId: 'bank_a', url: url('/ok'), events: ['decision.reject', 'decision.feedback'], enabled: true, createdBy: 'api_key:bank_a admin' });
    for (const r of [await node.json('GET', `/api/v1/webhooks/${webhook.id}`, undefined, bankA), await node.json('GET', '/api/v1/webhooks', undefined, bankA)]) {
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain(secret);
      expect(JSON.stringify(r.body)).not.toContain('secret');
    }
    const stored = await node.vigil.database.db.selectFrom('webhooks').select('secret').where('id', '=', webhook.id).executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secret.slice(6));

    // Another bank's reject and this bank's pass are not for this endpoint; this bank's reject is.
    const other = await node.json('POST', '/api/v1/decisions', cardAuth({ device_id: 'dev-evil', org: 'bank_b' }), node.creds.apiKey);
    expect(other.body.outcome).toBe('reject');
    const pass = await node.json('POST', '/api/v1/decisions', cardAuth({ org: 'bank_a_hz' }), node.creds.apiKey);
    expect(pass.body.outcome).not.toBe('reject');
    const declined = await node.json('POST', '/api/v1/decisions', cardAuth({ device_id: 'dev-evil', org: 'bank_a_hz' }), node.creds.apiKey);
    expect(declined.body.outcome).toBe('reject');

    const got = await waitFor(() => hooks.received.find((r) => r.body.includes(declined.body.decisionId)), 'the reject delivery');
    expect(got.headers['x-vigil-event']).toBe('decision.reject');
    expect(got.headers['content-type']).toBe('application/json');
    expect(verifyWebhookSignature(secret, String(got.headers['x-vigil-signature']), got.body)).toBe(true);
    expect(verifyWebhookSignature(secret, String(got.headers['x-vigil-signature']), got.body.replace('reject', 'pass'))).toBe(false);
    expect(verifyWebhookSignature('whsec_wrong', String(got.headers['x-vigil-signature']), got.body)).toBe(false);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ id: got.headers['x-vigil-delivery'], type: 'decision.reject' });
    expect(body.data).toMatchObject({ decisionId: declined.body.decisionId, eventId: declined.body.eventId, eventType: 'card_auth', orgId: 'bank_a_hz', outcome: 'reject', riskLevel: declined.body.riskLevel, score: declined.body.score });
    expect(body.data.hits[0]).toMatchObject({ ruleId: 'list:device_blacklist' });
    expect(body.data.masked.card).toMatch(/^622202\*+0123$/);
    expect(Date.parse(body.data.decidedAt)).toBeGreaterThan(0);
    // Neither the card number nor its token leaves the node.
    expect(got.body).not.toContain('6222021234567890123');
    expect(got.body).not.toContain('tok_');

    const fb = await node.json('POST', `/api/v1/decisions/${declined.body.decisionId}/feedback`, { businessStatus: 'declined', note: 'card 6222021234567890123 blocked' }, node.creds.apiKey);
    expect(fb.status).toBe(201);
    const feedback = await waitFor(() => hooks.received.find((r) => r.headers['x-vigil-event'] === 'decision.feedback'), 'the feedback delivery');
    expect(verifyWebhookSignature(secret, String(feedback.headers['x-vigil-signature']), feedback.body)).toBe(true);
    expect(JSON.parse(feedback.body).data).toMatchObject({ feedbackId: fb.body.feedbackId, decisionId: declined.body.decisionId, businessStatus: 'declined', orgId: 'bank_a_hz' });
    expect(feedback.body).not.toContain('6222021234567890123');

    const list = await deliveries(webhook.id);
    expect(list.map((d) => [d.event, d.status, d.attempts, d.lastStatus])).toEqual([
      ['decision.feedback', 'delivered', 1, 200],
      ['decision.reject', 'delivered', 1, 200],
    ]);
    expect(list[1]!.payload.decisionId).toBe(declined.body.decisionId);
  });

  it('retries a receiver that fails with 500 and delivers once it answers', async () => {
    const { webhook } = (await create({ url: url('/flaky') })).body;
    const ping = await node.json('POST', `/api/v1/webhooks/${webhook.id}/test`, undefined, bankA);
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ event: 'ping', status: 'pending', webhookId: webhook.id });
    const done = await waitFor(async () => (await deliveries(webhook.id)).find((d) => d.status === 'delivered'), 'the flaky delivery');
    expect(done).toMatchObject({ id: ping.body.id, attempts: 3, lastStatus: 200, lastError: null, nextAttemptAt: null });
    const sent = hooks.received.filter((r) => r.path === '/flaky');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.headers['x-vigil-delivery']))).toEqual(new Set([ping.body.id]));
  });

  it('refuses to follow a redirect to a private address, records the failed attempts and can retry', async () => {
    const { webhook } = (await create({ url: url('/redirect') })).body;
    const ping = await node.json('POST', `/api/v1/webhooks/${webhook.id}/test`, undefined, bankA);
    const failed = await waitFor(async () => (await deliveries(webhook.id)).find((d) => d.status === 'failed'), 'the failed delivery');
    expect(failed).toMatchObject({ id: ping.body.id, attempts: 3, lastStatus: null, nextAttemptAt: null });
    expect(failed.lastError).toMatch(/^SSRF_REFUSED/);
    expect(inside.received).toEqual([]);
    expect(hooks.received.filter((r) => r.path === '/redirect')).toHaveLength(3);

    const retry = await node.json('POST', `/api/v1/webhooks/deliveries/${ping.body.id}/retry`, undefined, bankA);
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ status: 'pending', attempts: 0 });
    await waitFor(async () => (await deliveries(webhook.id)).find((d) => d.status === 'failed'), 'the retried delivery to fail again');
    expect(hooks.received.filter((r) => r.path === '/redirect')).toHaveLength(6);
    expect(inside.received).toEqual([]);
    // Only failed deliveries are retried.
    const delivered = (await deliveries((await node.json('GET', '/api/v1/webhooks', undefined, bankA)).body.items[0].id))[0]!;
    expect((await node.json('POST', `/api/v1/webhooks/deliveries/${delivered.id}/retry`, undefined, bankA)).status).toBe(409);
    expect((await node.json('POST', '/api/v1/webhooks/deliveries/999999999/retry', undefined, bankA)).status).toBe(404);
  });

  it('refuses private, loopback and non-http URLs unless allowed, and server-owned fields', async () => {
    for (const bad of [`http://127.0.0.1:${inside.port}/x`, 'http://169.254.169.254/latest/meta-data/', 'http://localhost/x', 'http://10.0.0.8/x', 'http://[::1]/x']) {
      const r = await create({ url: bad });
      expect(r.status, bad).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'url', details: [{ path: 'url', code: 'SSRF_REFUSED' }] });
    }
    for (const bad of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)']) expect((await create({ url: bad })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'url' });
    expect((await create({ url: `http://user:pw@127.0.0.1:${hooks.port}/ok` })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'url' });
    expect((await create({ url: url('/ok'), events: ['decision.maybe'] })).status).toBe(400);
    for (const field of [{ secret: 'whsec_mine' }, { id: 'chosen' }, { createdBy: 'someone' }, { createdAt: '2020-01-01T00:00:00Z' }]) {
      expect((await create({ url: url('/ok'), ...field })).status, JSON.stringify(field)).toBe(400);
    }
    const { webhook } = (await create({ url: url('/ok') })).body;
    const patch = await node.json('PATCH', `/api/v1/webhooks/${webhook.id}`, { url: `http://127.0.0.1:${inside.port}/x` }, bankA);
    expect(patch.body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'url' });
    expect((await node.json('PATCH', `/api/v1/webhooks/${webhook.id}`, { orgId: 'bank_b' }, bankA)).status).toBe(400);
    expect((await node.json('PATCH', `/api/v1/webhooks/${webhook.id}`, { secret: 'x' }, bankA)).status).toBe(400);
    expect((await node.json('GET', `/api/v1/webhooks/${webhook.id}`, undefined, bankA)).body.url).toBe(url('/ok'));
  });

  it('hides one bank’s webhooks from another bank: 404 on every route, including creation for it', async () => {
    const { webhook } = (await create({ url: url('/ok'), name: 'bank a only' })).body;
    const ping = await node.json('POST', `/api/v1/webhooks/${webhook.id}/test`, undefined, bankA);
    const id = webhook.id;
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/webhooks/${id}`],
      ['PATCH', `/api/v1/webhooks/${id}`, { enabled: false }],
      ['DELETE', `/api/v1/webhooks/${id}`],
      ['GET', `/api/v1/webhooks/${id}/deliveries`],
      ['POST', `/api/v1/webhooks/${id}/test`],
      ['POST', `/api/v1/webhooks/deliveries/${ping.body.id}/retry`],
    ];
    for (const [method, path, body] of attempts) {
      const r = await node.json(method, path, body, bankB);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    const foreign = await create({ url: url('/ok'), orgId: 'bank_a' }, bankB);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.path).toBe('orgId');
    expect((await node.json('GET', '/api/v1/webhooks', undefined, bankB)).body.items).toEqual([]);
    // Nothing changed, and bank B may still manage its own.
    expect((await node.json('GET', `/api/v1/webhooks/${id}`, undefined, bankA)).body).toMatchObject({ enabled: true, name: 'bank a only' });
    expect((await node.json('GET', `/api/v1/webhooks/${id}/deliveries`, undefined, bankA)).body.items).toHaveLength(1);
    const own = await create({ url: url('/ok') }, bankB);
    expect(own.body.webhook.orgId).toBe('bank_b');
    // The union sees both.
    const all = (await node.json('GET', '/api/v1/webhooks')).body.items.map((w: { orgId: string }) => w.orgId);
    expect(new Set(all)).toEqual(new Set(['bank_a', 'bank_b']));
  });

  it('needs webhook.manage: channel keys and roles without it get 403', async () => {
    expect((await node.json('GET', '/api/v1/webhooks', undefined, node.creds.apiKey)).status).toBe(403);
    expect((await create({ url: url('/ok') }, node.creds.apiKey)).status).toBe(403);
    const analyst = node.creds.users.find((u) => u.username === 'a.analyst')!;
    const login = await fetch(`${node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: analyst.username, password: analyst.password }) });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const jar = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const r = await node.json('GET', '/api/v1/webhooks', undefined, '', { cookie: jar });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('webhook.manage');
    expect((await node.json('POST', '/api/v1/webhooks', { name: 'x', url: url('/ok'), events: ['decision.reject'] }, '', { cookie: jar, 'x-csrf-token': csrfToken })).status).toBe(403);
    const { BUILT_IN_ROLES } = await import('../src/auth/roles.ts');
    expect(BUILT_IN_ROLES.filter((role) => role.permissions.includes('webhook.manage')).map((role) => role.id)).toEqual(['system_admin', 'org_admin']);
  });

  it('audits every change, and a disabled or deleted endpoint receives nothing', async () => {
    const { webhook } = (await create({ url: url('/ok?muted'), events: ['decision.reject'] })).body;
    expect((await node.json('PATCH', `/api/v1/webhooks/${webhook.id}`, { enabled: false, name: 'muted' }, bankA)).body).toMatchObject({ enabled: false, name: 'muted' });
    expect((await node.json('POST', `/api/v1/webhooks/${webhook.id}/test`, undefined, bankA)).status).toBe(409);
    const d = await node.json('POST', '/api/v1/decisions', cardAuth({ device_id: 'dev-evil', org: 'bank_a' }), node.creds.apiKey);
    expect(d.body.outcome).toBe('reject');
    // The enabled endpoint of the first test gets this decision; the disabled one nothing at all.
    await waitFor(() => hooks.received.find((r) => r.path === '/ok' && r.body.includes(d.body.decisionId)), 'the enabled endpoint’s delivery');
    expect(await deliveries(webhook.id)).toEqual([]);
    expect(hooks.received.filter((r) => r.path === '/ok?muted')).toEqual([]);
    expect((await node.json('DELETE', `/api/v1/webhooks/${webhook.id}`, undefined, bankA)).status).toBe(204);
    expect((await node.json('GET', `/api/v1/webhooks/${webhook.id}`, undefined, bankA)).status).toBe(404);
    const trail = await node.json('GET', `/api/v1/audit?targetType=webhook&targetId=${webhook.id}`);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['webhook.delete', 'webhook.update', 'webhook.create']);
    expect(JSON.stringify(trail.body)).not.toContain('whsec_');
    const retries = await node.json('GET', '/api/v1/audit?targetType=webhook_delivery');
    expect(retries.body.items.map((e: { action: string }) => e.action)).toContain('webhook.delivery.retry');
  });

  it.runIf(backend === 'postgres')('two nodes on one database send each delivery once', async () => {
    const second = await startNode({ backend, databaseUrl: node.databaseUrl, dataDir: node.dataDir, env: { VIGIL_WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${hooks.port}` } });
    try {
      const { webhook } = (await create({ url: url('/ok?pair') })).body;
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push((await (i % 2 ? second : node).json('POST', `/api/v1/webhooks/${webhook.id}/test`, undefined, node.creds.adminKey)).body.id);
      await waitFor(async () => (await deliveries(webhook.id, node.creds.adminKey)).filter((d) => d.status === 'delivered').length === 40 || undefined, 'forty deliveries');
      const got = hooks.received.filter((r) => r.path === '/ok?pair').map((r) => String(r.headers['x-vigil-delivery']));
      expect(got.sort()).toEqual([...ids].sort());
      // Both nodes took part: each counted attempts of its own.
      for (const n of [node, second]) {
        const counted = (await n.vigil.services.metrics.webhookAttempts.get()).values.find((v) => v.labels.result === 'delivered')?.value ?? 0;
        expect(counted).toBeGreaterThan(0);
      }
    } finally {
      await second.stop();
    }
  });
});
