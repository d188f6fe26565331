import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approverKey, BACKENDS, deploy, startNode, type TestNode } from './harness.ts';

/** A real local HTTP data source whose behaviour each test sets. */
function dataSourceServer() {
  let mode: 'ok' | 'slow' | 'error' = 'ok';
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls++;
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (mode === 'error') {
        res.statusCode = 500;
        res.end('{}');
        return;
      }
      const reply = () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ score: 420.0, fraudFlag: false, echo: JSON.parse(body || 'null') }));
      };
      if (mode === 'slow') setTimeout(reply, 500);
      else reply();
    });
  });
  return {
    server,
    set mode(m: 'ok' | 'slow' | 'error') {
      mode = m;
    },
    get calls() {
      return calls;
    },
    async listen(): Promise<number> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return (server.address() as { port: number }).port;
    },
  };
}

/** A small transfer strategy with a data source stage, written the way an analyst would import it. */
function probeStrategy(url: string, version = 1) {
  return {
    id: 'transfer_probe',
    name: { zh: '探针策略', en: 'Probe strategy' },
    eventType: 'transfer',
    direction: 'in',
    variables: [{ name: 'big', expr: `event.amount >= ${version === 1 ? '1000.0' : '100.0'}` }],
    features: [{ kind: 'velocity', name: 'sends_1h', agg: 'count', by: ['from_account'], window: '1h', eventTypes: ['transfer'] }],
    lists: [],
    rules: [
      { id: 'big_transfer', name: { zh: '大额', en: 'Big' }, condition: 'vars.big', outcome: 'review', score: 10, reasonCode: 'BIG', enabled: true, mode: 'live' },
      { id: 'bureau_low', name: { zh: '低分', en: 'Low score' }, condition: 'data.bureau != null && data.bureau.score < 500.0', outcome: 'challenge', challenge: ['face'], reasonCode: 'LOW', enabled: true, mode: 'live' },
      { id: 'broken', name: { zh: '坏规则', en: 'Broken' }, condition: 'event.memo.size() > 3', outcome: 'reject', reasonCode: 'BROKEN', enabled: true, mode: 'live' },
    ],
    ruleSets: [
      { id: 'main', rules: ['big_transfer', 'broken'] },
      { id: 'after', rules: ['bureau_low'] },
    ],
    models: [],
    dataSources: [{ id: 'bureau', url, method: 'POST', request: '{"account": event.from_account}', timeoutMs: 30, cacheTtlSec: 0, costPerCall: 1, fallback: null }],
    tables: [],
    flow: {
      stages: [
        { id: 'rules', type: 'rules', ruleSet: 'main', mode: 'all' },
        { id: 'ds', type: 'datasource', source: 'bureau', when: 'vars.big' },
        { id: 'after', type: 'rules', ruleSet: 'after', mode: 'all' },
      ],
    },
  };
}

const transfer = (over: Record<string, unknown> = {}, id = `tr-${Math.random().toString(36).slice(2)}`) => ({
  eventType: 'transfer',
  eventId: id,
  data: { customer_id: 'c-9', from_account: 'acc-9', to_account: 'acc-10', amount: 5000, channel: 'MOBILE', org: 'bank_b', ...over },
});

describe.each(BACKENDS)('strategies on %s', (backend) => {
  let node: TestNode;
  const ds = dataSourceServer();
  let dsUrl: string;
  beforeAll(async () => {
    dsUrl = `http://127.0.0.1:${await ds.listen()}/score`;
    node = await startNode({ backend, env: { VIGIL_DATASOURCE_ALLOW_HOSTS: new URL(dsUrl).host } });
  });
  afterAll(async () => {
    await node?.destroy();
    ds.server.close();
  });

  it('refuses a package with hostile or broken CEL, listing every problem with its path', async () => {
    const pkg = probeStrategy(dsUrl);
    pkg.rules[0]!.condition = 'event.__proto__ == 1';
    pkg.rules[1]!.condition = '('.repeat(200) + 'true' + ')'.repeat(200);
    pkg.rules[2]!.condition = 'event.amount > ';
    const r = await node.json('POST', '/api/v1/strategies/import', { package: pkg });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_STRATEGY');
    const byPath = Object.fromEntries(r.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]));
    expect(byPath['package.rules[0].condition']).toBe('CEL_FORBIDDEN_NAME');
    expect(byPath['package.rules[1].condition']).toBe('CEL_TOO_DEEP');
    expect(byPath['package.rules[2].condition']).toBe('CEL_SYNTAX');
    const list = await node.json('GET', '/api/v1/strategies');
    expect(list.body.items.some((s: { id: string }) => s.id === 'transfer_probe')).toBe(false);
  });

  it('deploys with hot reload; a failing rule is a recorded error, not a failed decision', async () => {
    expect(await deploy(node, probeStrategy(dsUrl), { note: 'probe v1' })).toBe(1);
    const r = await node.json('POST', '/api/v1/decisions', transfer({ amount: 500 }), node.creds.apiKey);
    expect(r.status).toBe(200);
    expect(r.body.strategy).toEqual({ id: 'transfer_probe', version: 1 });
    expect(r.body.outcome).toBe('pass');
    const trace = await node.json('GET', `/api/v1/decisions/${r.body.decisionId}`);
    const errors = trace.body.trace.stages.flatMap((s: { errors: Array<{ ref: string }> }) => s.errors);
    expect(errors.map((e: { ref: string }) => e.ref)).toContain('broken');
    expect(trace.body.trace.ruleErrors).toBeGreaterThan(0);
  });

  it('calls the data source only when its condition holds, and uses its answer', async () => {
    const before = ds.calls;
    await node.json('POST', '/api/v1/decisions', transfer({ amount: 10 }), node.creds.apiKey);
    expect(ds.calls).toBe(before);
    const r = await node.json('POST', '/api/v1/decisions', transfer({ amount: 5000 }), node.creds.apiKey);
    expect(ds.calls).toBe(before + 1);
    expect(r.body.outcome).toBe('challenge');
    expect(r.body.degraded).toBe(false);
    expect(r.body.hits.map((h: { ruleId: string }) => h.ruleId).sort()).toEqual(['big_transfer', 'bureau_low']);
  });

  it('answers degraded with the fallback outcome inside the budget when the data source is slow or failing', async () => {
    for (const mode of ['slow', 'error'] as const) {
      ds.mode = mode;
      const t0 = performance.now();
      const r = await node.json('POST', '/api/v1/decisions', transfer({ amount: 5000 }), node.creds.apiKey);
      const elapsed = performance.now() - t0;
      expect(r.status).toBe(200);
      expect(r.body.degraded).toBe(true);
      // transfer falls back to review (fail-closed); the big-transfer rule also says review
      expect(r.body.outcome).toBe('review');
      // The data-source deadline (30 ms) normally answers first; on a starved machine the
      // budget timer (80 ms) may: either way the answer never waits for the slow source (500 ms).
      expect(r.body.reasons.map((x: { code: string }) => x.code).some((c: string) => c === 'DEGRADED' || c === 'BUDGET_EXCEEDED')).toBe(true);
      expect(r.body.latencyMs).toBeLessThan(450);
      expect(elapsed).toBeLessThan(500);
    }
    ds.mode = 'ok';
    const metrics = await node.json('GET', '/metrics', undefined, '');
    expect(metrics.body).toMatch(/vigil_decisions_degraded_total\{event_type="transfer"/);
  });

  it('counts data source calls, cache hits, failures and cost per day', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const r = await node.json('GET', `/api/v1/datasources/usage?from=${day}&to=${day}`);
    expect(r.status).toBe(200);
    const bureau = r.body.items.find((i: { source: string }) => i.source === 'bureau');
    expect(bureau.calls).toBeGreaterThanOrEqual(3);
    expect(bureau.failures).toBeGreaterThanOrEqual(2);
    expect(bureau.cost).toBe(bureau.calls * 1);
  });

  it('refuses an event type change that would break its live strategy', async () => {
    const et = (await node.json('GET', '/api/v1/event-types/transfer')).body;
    const { from_account: _dropped, ...fields } = et.fields;
    const entityFields = { ...et.entityFields };
    delete entityFields.from_account;
    const r = await node.json('PUT', '/api/v1/event-types/transfer', { ...et, fields, entityFields, revision: undefined });
    expect(r.status).toBe(409);
    expect(r.body.error.details.some((d: { path: string }) => d.path.startsWith('strategy transfer_probe'))).toBe(true);
  });

  it('deploying a new version takes effect at once; decisions then carry it', async () => {
    const v2 = await node.json('POST', '/api/v1/strategies/import', { package: probeStrategy(dsUrl, 2), changeNote: 'lower threshold' });
    expect(v2.body).toEqual({ id: 'transfer_probe', version: 2, status: 'draft' });
    const still1 = await node.json('POST', '/api/v1/decisions', transfer({ amount: 200 }), node.creds.apiKey);
    expect(still1.body.strategy.version).toBe(1);
    expect((await node.json('POST', '/api/v1/strategies/transfer_probe/versions/2/submit', {})).status).toBe(200);
    expect((await node.json('POST', '/api/v1/strategies/transfer_probe/versions/2/approve', { note: 'ok' }, await approverKey(node))).status).toBe(200);
    const act = await node.json('POST', '/api/v1/strategies/transfer_probe/versions/2/deploy', { mode: 'live', reason: 'go live' });
    expect(act.status).toBe(200);
    const now2 = await node.json('POST', '/api/v1/decisions', transfer({ amount: 200 }), node.creds.apiKey);
    expect(now2.body.strategy.version).toBe(2);
    expect(now2.body.hits.map((h: { ruleId: string }) => h.ruleId)).toContain('big_transfer');
    const exported = await node.json('GET', '/api/v1/strategies/transfer_probe/versions/1');
    expect(exported.body.status).toBe('retired');
    expect(exported.body.package.id).toBe('transfer_probe');
  });

  it('refuses imports by a channel key and the old one-step activation', async () => {
    expect((await node.json('POST', '/api/v1/strategies/import', { package: probeStrategy(dsUrl) }, node.creds.apiKey)).status).toBe(403);
    const oneStep = await node.json('POST', '/api/v1/strategies/import', { package: probeStrategy(dsUrl), activate: true });
    expect(oneStep.status).toBe(400);
  });

  it('refuses a data source URL on a private address unless allowed', async () => {
    const pkg = probeStrategy('http://10.1.2.3/score');
    pkg.id = 'transfer_ssrf';
    pkg.direction = 'post';
    await deploy(node, pkg);
    const accepted = await node.json('POST', '/api/v1/events', transfer({ amount: 5000 }), node.creds.apiKey);
    expect(accepted.status).toBe(202);
    await node.vigil.services.inbox.idle();
    const log = await node.json('GET', `/api/v1/decisions?eventType=transfer&limit=5`);
    const post = log.body.items.find((d: { direction: string }) => d.direction === 'post');
    const detail = await node.json('GET', `/api/v1/decisions/${post.decisionId}`);
    expect(detail.body.degraded).toBe(true);
    expect(JSON.stringify(detail.body.trace.degradations)).toContain('SSRF_REFUSED');
  });
});
