import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approverKey, cardAuth, deploy, startNode, type TestNode } from './harness.ts';

const merchantOnboarding = {
  key: 'merchant_onboarding',
  name: { zh: '商户入网', en: 'Merchant onboarding' },
  scenario: 'registration',
  channels: ['WEB'],
  fields: { merchant_id: { type: 'string', required: true }, mcc: { type: 'enum', values: ['5411', '7995'] }, owner_phone: { type: 'string' } },
  entityFields: { merchant_id: 'merchant', owner_phone: 'phone' },
  sensitiveFields: {},
  orgField: null,
  latencyBudgetMs: 100,
  fallbackOutcome: 'review',
  outcomePrecedence: ['pass', 'review', 'challenge', 'reject'],
};

describe('management API', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(() => node?.destroy());

  it('registers, reads, replaces and deletes event types, refusing bad definitions with paths', async () => {
    const created = await node.json('POST', '/api/v1/event-types', merchantOnboarding);
    expect(created.status).toBe(201);
    expect(created.body.revision).toBe(1);
    expect((await node.json('POST', '/api/v1/event-types', merchantOnboarding)).status).toBe(409);
    const bad = await node.json('POST', '/api/v1/event-types', { ...merchantOnboarding, key: 'x2', entityFields: { nope: 'merchant' }, outcomePrecedence: ['pass'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['entityFields.nope', 'outcomePrecedence']);
    const replaced = await node.json('PUT', '/api/v1/event-types/merchant_onboarding', { ...merchantOnboarding, latencyBudgetMs: 200 });
    expect(replaced.body.latencyBudgetMs).toBe(200);
    expect(replaced.body.revision).toBe(2);
    // the new type is live for decisions at once (no strategy: fallback outcome, degraded)
    const d = await node.json('POST', '/api/v1/decisions', { eventType: 'merchant_onboarding', eventId: 'mo-1', data: { merchant_id: 'm1', mcc: '7995' } }, node.creds.apiKey);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ outcome: 'review', degraded: true, strategy: null });
    expect((await node.json('DELETE', '/api/v1/event-types/merchant_onboarding')).status).toBe(204);
    expect((await node.json('GET', '/api/v1/event-types/merchant_onboarding')).status).toBe(404);
    expect((await node.json('DELETE', '/api/v1/event-types/card_auth')).status).toBe(409);
  });

  it('guards every management route with authentication', async () => {
    for (const [m, u] of [
      ['GET', '/api/v1/event-types'],
      ['GET', '/api/v1/strategies'],
      ['GET', '/api/v1/lists'],
      ['GET', '/api/v1/api-keys'],
      ['GET', '/api/v1/decisions'],
      ['POST', '/api/v1/events'],
    ] as const) {
      const r = await node.json(m, u, m === 'POST' ? {} : undefined, '');
      expect(r.status, `${m} ${u}`).toBe(401);
    }
  });

  it('limits each API key to its rate with 429 and Retry-After', async () => {
    const k = await node.json('POST', '/api/v1/api-keys', { name: 'slow channel', rateLimitPerSec: 2 });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 8; i++) {
      const r = await node.json('POST', '/api/v1/decisions', cardAuth(), k.body.key);
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers['retry-after'];
    }
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(5);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('takes a strategy from import to live and back from the CLI', async () => {
    const { runCli } = await import('../src/cli.ts');
    const { demoStrategies } = await import('../src/demo/seed.ts');
    const pkg = { ...demoStrategies(0).find((p) => p.eventType === 'login')!, id: 'login_cli', description: 'imported by the CLI' };
    const file = path.join(node.dataDir, 'login-cli.json');
    await writeFile(file, JSON.stringify(pkg));
    const saved = { url: process.env.VIGIL_URL, key: process.env.VIGIL_ADMIN_KEY, cwd: process.env.INIT_CWD };
    process.env.VIGIL_URL = node.baseUrl;
    process.env.VIGIL_ADMIN_KEY = node.creds.adminKey;
    process.env.INIT_CWD = node.dataDir;
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      expect(await runCli(['strategy', 'import', 'login-cli.json', '--note', 'from cli'])).toBe(0);
      expect(await runCli(['strategy', 'submit', 'login_cli', '1'])).toBe(0);
      // the author's key cannot approve its own version; another administrator's can
      await expect(runCli(['strategy', 'approve', 'login_cli', '1', '--note', 'mine'])).rejects.toThrow(/403/);
      process.env.VIGIL_ADMIN_KEY = await approverKey(node);
      expect(await runCli(['strategy', 'approve', 'login_cli', '1', '--note', 'reviewed'])).toBe(0);
      process.env.VIGIL_ADMIN_KEY = node.creds.adminKey;
      expect(await runCli(['strategy', 'deploy', 'login_cli', '1', '--mode', 'live', '--reason', 'cli test'])).toBe(0);
      expect(await runCli(['strategy', 'list'])).toBe(0);
      await expect(runCli(['strategy', 'deploy', 'login_cli', '9', '--reason', 'x'])).rejects.toThrow(/404/);
    } finally {
      process.stdout.write = write;
      process.env.VIGIL_URL = saved.url;
      process.env.VIGIL_ADMIN_KEY = saved.key;
      process.env.INIT_CWD = saved.cwd;
      if (saved.url === undefined) delete process.env.VIGIL_URL;
      if (saved.key === undefined) delete process.env.VIGIL_ADMIN_KEY;
      if (saved.cwd === undefined) delete process.env.INIT_CWD;
    }
    expect(out[0]).toContain('"status":"draft"');
    expect(out[1]).toContain('"status":"submitted"');
    expect(out[2]).toContain('"status":"approved"');
    expect(out[3]).toContain('"status":"live"');
    const d = await node.json('POST', '/api/v1/decisions', { eventType: 'login', eventId: 'cli-1', data: { customer_id: 'c', ip: '203.0.113.1', channel: 'WEB', method: 'password', success: true, org: 'bank_a' } }, node.creds.apiKey);
    expect(d.body.strategy).toEqual({ id: 'login_cli', version: 1 });
  });

  it('saves rule components, expands them on import, and offers rule templates', async () => {
    const comp = {
      id: 'login_from_ip_range',
      name: { zh: '来自网段的登录', en: 'Login from a network' },
      params: [{ name: 'cidr', type: 'string', description: { zh: '网段', en: 'CIDR' } }],
      expression: 'ipInCidr(event.ip, {{cidr}})',
    };
    expect((await node.json('PUT', '/api/v1/rule-components/login_from_ip_range', comp)).status).toBe(200);
    const bad = await node.json('PUT', '/api/v1/rule-components/broken', { ...comp, id: 'broken', expression: 'ipInCidr(event.ip, {{nope}}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { code: string }) => d.code)).toContain('UNKNOWN_PARAM');

    const tpl = await node.json('POST', '/api/v1/rule-templates/velocity_count/instantiate', { ruleId: 'ip_burst', outcome: 'challenge', reasonCode: 'IP_BURST', args: { entity: 'ip', eventTypes: ['login'], window: '1m', max: 3 } });
    expect(tpl.status).toBe(200);
    const { demoStrategies } = await import('../src/demo/seed.ts');
    const base = demoStrategies(0).find((p) => p.eventType === 'login')!;
    const pkg = {
      ...base,
      id: 'login_components',
      features: [...base.features, ...tpl.body.features],
      rules: [...base.rules, tpl.body.rule, { id: 'office_net', name: { zh: '办公网', en: 'Office network' }, component: { id: 'login_from_ip_range', args: { cidr: '192.0.2.0/24' } }, outcome: 'review', reasonCode: 'OFFICE_NET', enabled: true, mode: 'live' }],
      ruleSets: [...base.ruleSets, { id: 'extra', rules: ['office_net', 'ip_burst'] }],
      flow: { stages: [...base.flow.stages.slice(0, 2), { id: 'extra', type: 'rules', ruleSet: 'extra', mode: 'all' }, ...base.flow.stages.slice(2)] },
    };
    const version = await deploy(node, pkg);
    const stored = await node.json('GET', `/api/v1/strategies/login_components/versions/${version}`);
    expect(stored.body.package.rules.find((r: { id: string }) => r.id === 'office_net').condition).toBe('ipInCidr(event.ip, ("192.0.2.0/24"))');
    const d = await node.json('POST', '/api/v1/decisions', { eventType: 'login', eventId: 'comp-1', data: { customer_id: 'c', ip: '192.0.2.7', channel: 'WEB', method: 'password', success: true, org: 'bank_a' } }, node.creds.apiKey);
    expect(d.body.hits.map((h: { ruleId: string }) => h.ruleId)).toContain('office_net');
    const missing = await node.json('POST', '/api/v1/strategies/validate', { ...pkg, rules: [{ ...pkg.rules.at(-1), component: { id: 'ghost', args: {} } }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].code).toBe('UNKNOWN_COMPONENT');
  });

  it('limits console sign-in attempts per address', async () => {
    // All at once: one after another, a slow machine would refill the bucket between attempts.
    const statuses = (await Promise.all(Array.from({ length: 15 }, (_, i) => node.json('POST', '/api/v1/auth/login', { username: `nobody${i}`, password: 'x' }, '')))).map((r) => r.status);
    expect(statuses).toContain(401);
    expect(statuses).toContain(429);
  });

  it('shows API keys without their secrets', async () => {
    const r = await node.json('GET', '/api/v1/api-keys');
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(node.creds.apiKey);
    expect(r.body.items[0].prefix.length).toBeLessThan(20);
  });
});

describe('load shedding', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode({ env: { VIGIL_MAX_IN_FLIGHT: '1' } });
  });
  afterAll(() => node?.destroy());

  it('answers 503 with Retry-After instead of queueing without bound', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => node.json('POST', '/api/v1/decisions', cardAuth(), node.creds.apiKey)));
    const shed = answers.filter((a) => a.status === 503);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect(shed.length).toBeGreaterThan(0);
    expect(shed[0]!.body.error.code).toBe('OVERLOADED');
    expect(shed[0]!.headers['retry-after']).toBe('1');
  });
});

describe('production start without the demo', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode({ demo: false });
  });
  afterAll(() => node?.destroy());

  it('starts empty and creates one bootstrap admin key, only once', async () => {
    const { ensureAdminKey } = await import('../src/auth/bootstrap-admin.ts');
    const key = await ensureAdminKey(node.vigil.services);
    expect(key).toMatch(/^vgl_adm_/);
    expect(await ensureAdminKey(node.vigil.services)).toBeNull();
    const types = await node.json('GET', '/api/v1/event-types', undefined, key!);
    expect(types.status).toBe(200);
    expect(types.body.items).toEqual([]);
    const saved = JSON.parse(await readFile(path.join(node.dataDir, 'admin-credentials.json'), 'utf8'));
    expect(saved.adminKey).toBe(key);
  });
});

describe('async durability and the inbox', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode({ env: { VIGIL_DURABILITY: 'async', VIGIL_FLUSH_INTERVAL_MS: '3000' } });
  });
  afterAll(() => node?.destroy());

  it('marks an accepted event done only once its decision is stored, even in async mode', async () => {
    const ev = cardAuth({ amount: 42 }, 'async-inbox-1');
    expect((await node.json('POST', '/api/v1/events', ev, node.creds.apiKey)).status).toBe(202);
    await node.vigil.services.inbox.idle();
    const inbox = await node.vigil.database.db.selectFrom('event_inbox').select('status').where('event_id', '=', 'async-inbox-1').executeTakeFirstOrThrow();
    expect(inbox.status).toBe('done');
    const stored = await node.vigil.database.db.selectFrom('decisions').select('direction').where('event_id', '=', 'async-inbox-1').execute();
    expect(stored).toEqual([{ direction: 'post' }]);
  });
});
