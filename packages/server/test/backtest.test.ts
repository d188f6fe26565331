import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, cardAuth, orgAdminKey, startNode, type TestNode } from './harness.ts';

const BASE = Date.parse('2026-11-20T08:00:00Z');
const at = (i: number) => new Date(BASE + i * 7_000).toISOString();

describe.each(BACKENDS)('backtests on %s', (backend) => {
  let node: TestNode;
  const decided: Array<{ decisionId: string; outcome: string; eventId: string }> = [];

  beforeAll(async () => {
    node = await startNode({ backend });
    // History: cards used again and again, at rising event times, through the live demo strategy.
    for (let i = 0; i < 150; i++) {
      const card = `62220210000000${String(1000 + (i % 12)).padStart(5, '0')}`;
      const body = { ...cardAuth({ card, amount: 50 + ((i * 37) % 900), customer_id: `cust-${i % 9}`, org: i % 3 ? 'bank_a' : 'bank_b' }), eventId: `bt-${i}`, occurredAt: at(i) };
      const r = await node.json('POST', '/api/v1/decisions', body, node.creds.apiKey);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      decided.push({ decisionId: r.body.decisionId, outcome: r.body.outcome, eventId: `bt-${i}` });
    }
  }, 120_000);
  afterAll(() => node?.destroy());

  async function finished(id: string) {
    await node.vigil.services.backtests.idle(id);
    const r = await node.json('GET', `/api/v1/backtests/${id}`);
    expect(r.body.status, JSON.stringify(r.body.error)).toBe('done');
    return r.body;
  }

  it('replaying the live version over its log reproduces every feature value and every outcome (no leakage)', async () => {
    const r = await node.json('POST', '/api/v1/backtests', { strategyId: 'card_auth_default', version: 1, name: 'replay', from: at(-1), to: at(200), warmupDays: 0 });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const job = await finished(r.body.id);
    expect(job.progress).toMatchObject({ processed: 150, total: 150, share: 1 });
    expect(job.result.events).toBe(150);
    expect(job.result.featureCheck).toMatchObject({ compared: 150, mismatched: 0, samples: [] });
    expect(job.result.comparison.agreement).toBe(1);
    const counts: Record<string, number> = {};
    for (const d of decided) counts[d.outcome] = (counts[d.outcome] ?? 0) + 1;
    expect(job.result.outcomes).toEqual(counts);
    expect(job.result.eventsPerSecond).toBeGreaterThan(0);
  });

  it('evaluates only the range, after warming features up on the history before it', async () => {
    const r = await node.json('POST', '/api/v1/backtests', { strategyId: 'card_auth_default', version: 1, from: at(100), to: at(200), warmupDays: 1 });
    const job = await finished(r.body.id);
    expect(job.result.events).toBe(50);
    // the events of the range still see the counts built by the 100 before them
    expect(job.result.featureCheck).toMatchObject({ compared: 50, mismatched: 0 });
    const cold = await node.json('POST', '/api/v1/backtests', { strategyId: 'card_auth_default', version: 1, from: at(100), to: at(200), warmupDays: 0 });
    // without warm-up nothing before the range is read: the range alone (now from an older start) differs
    const coldJob = await finished(cold.body.id);
    expect(coldJob.progress.processed).toBeLessThan(job.progress.processed);
  });

  it('scores a candidate against labels: precision, recall, F1, caught amount, false-positive rate, alerts per day', async () => {
    const labels = ['eventType,eventId,org,label,amount', ...Array.from({ length: 30 }, (_, i) => `card_auth,bt-${i * 5},${i * 5 % 3 ? 'bank_a' : 'bank_b'},${i % 2 ? 'fraud' : 'genuine'},${i % 2 ? 1000 : ''}`)].join('\n');
    const imp = await node.json('POST', '/api/v1/labels', labels + '\ncard_auth,,bank_a,fraud,\ncard_auth,bt-1,bank_a,maybe,', node.creds.adminKey, { 'content-type': 'text/csv' });
    expect(imp.body).toMatchObject({ imported: 30, rejected: 2 });
    expect(imp.body.errors.map((e: { line: number; path: string }) => [e.line, e.path])).toEqual([[32, 'eventId'], [33, 'label']]);
    const r = await node.json('POST', '/api/v1/backtests', { strategyId: 'card_auth_default', version: 1, from: at(-1), to: at(200), warmupDays: 0, positiveOutcomes: ['reject', 'review'] });
    const job = await finished(r.body.id);
    const flagged = new Set(decided.filter((d) => d.outcome === 'reject' || d.outcome === 'review').map((d) => d.eventId));
    let tp = 0, fp = 0, fn = 0, tn = 0;
    for (const d of decided) {
      const i = Number(d.eventId.slice(3));
      const fraud = i % 5 === 0 && (i / 5) % 2 === 1;
      if (fraud && flagged.has(d.eventId)) tp++;
      else if (fraud) fn++;
      else if (flagged.has(d.eventId)) fp++;
      else tn++;
    }
    expect(job.result.labels).toMatchObject({ labelled: 30, truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, caughtAmount: tp * 1000 });
    expect(job.result.labels.recall).toBe(tp + fn ? tp / (tp + fn) : null);
    expect(job.result.labels.falsePositiveRate).toBeCloseTo(fp / (fp + tn), 10);
    expect(job.result.alertsPerDay).toBeGreaterThan(0);
  });

  it('backtests an uploaded file against the live version, and compares runs side by side', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ eventType: 'card_auth', eventId: `up-${i}`, occurredAt: at(300 + (39 - i)), data: cardAuth({ card: '6222021234567890123', amount: 5000 + i, org: 'bank_a' }).data }));
    lines.push('{"eventType":"card_auth","eventId":"bad"', JSON.stringify({ eventType: 'card_auth', eventId: 'cvv', data: { ...cardAuth().data, cvv: '123' } }));
    const res = await node.json('POST', '/api/v1/backtests/upload?strategyId=card_auth_default&version=1&name=file', lines.join('\n'), node.creds.adminKey, { 'content-type': 'application/x-ndjson' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ accepted: 40, rejected: 2 });
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['INVALID_JSON', 'SENSITIVE_DATA_REFUSED']);
    const job = await finished(res.body.id);
    expect(job.result.events).toBe(40);
    // the file came newest first; it is replayed in event-time order, and nothing of the file reaches the log
    expect(job.result.from).toBe(at(300));
    expect((await node.json('GET', '/api/v1/decisions?limit=500')).body.items.some((d: { eventId: string }) => d.eventId.startsWith('up-'))).toBe(false);
    const first = (await node.json('GET', '/api/v1/backtests?strategyId=card_auth_default')).body.items;
    expect(first.length).toBeGreaterThanOrEqual(4);
    const cmp = await node.json('GET', `/api/v1/backtests/compare?ids=${first[0].id},${first[1].id}`);
    expect(cmp.body.runs.map((r: { id: string }) => r.id)).toEqual([first[0].id, first[1].id]);
    expect(cmp.body.metrics.events).toHaveLength(2);
  });

  it('runs in the background with progress, can be cancelled, and is scoped to the caller’s orgs', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ eventType: 'card_auth', eventId: `big-${i}`, occurredAt: at(1000 + i), data: cardAuth({ card: `6222021111${String(i % 500).padStart(9, '0')}`, amount: 10 + (i % 50), org: 'bank_a' }).data }));
    const res = await node.json('POST', '/api/v1/backtests/upload?strategyId=card_auth_default&version=1&name=big', many.join('\n'), node.creds.adminKey, { 'content-type': 'application/x-ndjson' });
    expect(res.status).toBe(202);
    const cancelled = await node.json('POST', `/api/v1/backtests/${res.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    await node.vigil.services.backtests.idle(res.body.id);
    const job = (await node.json('GET', `/api/v1/backtests/${res.body.id}`)).body;
    expect(job.status).toBe('cancelled');
    expect(job.progress.processed).toBeLessThan(20_000);
    expect(job.result).toBeNull();
    expect((await node.json('POST', `/api/v1/backtests/${res.body.id}/cancel`)).status).toBe(409);
    // another bank sees neither the job nor the union's runs
    const bankB = await orgAdminKey(node, 'bank_b');
    expect((await node.json('GET', `/api/v1/backtests/${res.body.id}`, undefined, bankB)).status).toBe(404);
    expect((await node.json('POST', `/api/v1/backtests/${res.body.id}/cancel`, undefined, bankB)).status).toBe(404);
    expect((await node.json('GET', '/api/v1/backtests', undefined, bankB)).body.items).toEqual([]);
    // a bank's backtest reads its own decisions only
    const own = await node.json('POST', '/api/v1/backtests', { strategyId: 'card_auth_default', version: 1, from: at(-1), to: at(200), warmupDays: 0 }, bankB);
    const ownJob = await finished(own.body.id);
    expect(ownJob.result.events).toBe(50);
    expect(ownJob.orgId).toBe('bank_b');
    expect((await node.json('POST', '/api/v1/backtests', { strategyId: 'card_auth_default', version: 1, from: at(-1), to: at(200), orgs: ['bank_a'] }, bankB)).status).toBe(404);
  });

  it('runs from the CLI: labels, an uploaded file, waiting for the report', async () => {
    const { runCli } = await import('../src/cli.ts');
    const { writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const events = path.join(node.dataDir, 'cli-events.ndjson');
    await writeFile(events, Array.from({ length: 10 }, (_, i) => JSON.stringify({ eventType: 'card_auth', eventId: `cli-${i}`, occurredAt: at(500 + i), data: cardAuth({ amount: 100 + i, org: 'bank_a' }).data })).join('\n'));
    const labels = path.join(node.dataDir, 'cli-labels.csv');
    await writeFile(labels, 'eventType,eventId,org,label\ncard_auth,cli-3,bank_a,fraud\n');
    const saved = { url: process.env.VIGIL_URL, key: process.env.VIGIL_ADMIN_KEY, cwd: process.env.INIT_CWD };
    Object.assign(process.env, { VIGIL_URL: node.baseUrl, VIGIL_ADMIN_KEY: node.creds.adminKey, INIT_CWD: node.dataDir });
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await runCli(['labels', 'import', 'cli-labels.csv'])).toBe(0);
      expect(await runCli(['backtest', 'upload', 'card_auth_default', '1', 'cli-events.ndjson', '--wait'])).toBe(0);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      for (const [k, v] of Object.entries({ VIGIL_URL: saved.url, VIGIL_ADMIN_KEY: saved.key, INIT_CWD: saved.cwd })) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(JSON.parse(out[0]!)).toMatchObject({ imported: 1 });
    const report = JSON.parse(out.at(-1)!);
    expect(report).toMatchObject({ status: 'done', result: { events: 10, labels: { labelled: 1 } } });
  });
});
