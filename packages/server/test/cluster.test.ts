import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '@vigil/storage';
import { createApiKey } from '../src/repos/api-keys.ts';
import { OrgData } from '../src/repos/scoped.ts';
import { freePort, NodeProcess, recountByCard, RoundRobinClient, setUpClusterWorkspace, sleep, type Answer } from './cluster-harness.ts';
import { createPgDatabase, dropPgDatabase } from './harness.ts';
import { dropClusterState, SCALE_OUT_URLS } from './scaleout-services.ts';

/**
 * Two engine processes on the machine's real PostgreSQL, Redis and NATS JetStream, behind a
 * round-robin client. One is killed (SIGKILL) mid-run and started again. Afterwards every accepted
 * event has exactly one decision, every answer for an event names that decision, and each card's
 * velocity counters equal a recount from the decision log.
 */
describe('cluster: two engine processes, one killed mid-run', () => {
  const prefix = `c${Math.random().toString(36).slice(2, 8)}`;
  let dbUrl: string;
  let database: Database;
  let a: NodeProcess;
  let b: NodeProcess;
  let channelKey: string;
  let adminKey: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    dbUrl = await createPgDatabase(SCALE_OUT_URLS.postgres);
    const env = {
      VIGIL_DATABASE_URL: dbUrl,
      VIGIL_REDIS_URL: SCALE_OUT_URLS.redis,
      VIGIL_NATS_URL: SCALE_OUT_URLS.nats,
      VIGIL_CLUSTER_PREFIX: prefix,
      VIGIL_PAN_KEY: 'cluster-test-pan-key-0123456789abcdef',
      VIGIL_DEMO: '0',
      VIGIL_DURABILITY: 'sync',
      VIGIL_NATS_ACK_WAIT_MS: '3000',
    };
    for (const n of ['a', 'b']) dirs.push(await mkdtemp(path.join(tmpdir(), `vigil-cluster-${n}-`)));
    a = new NodeProcess('a', dirs[0]!, await freePort(), env);
    b = new NodeProcess('b', dirs[1]!, await freePort(), env);
    await a.start();
    adminKey = (await a.readDataFile<{ adminKey: string }>('admin-credentials.json')).adminKey;
    database = await createDatabase({ databaseUrl: dbUrl, dataDir: dirs[0]! });
    const approver = await createApiKey(OrgData.system(database.db), { name: 'checker', kind: 'admin', orgId: 'root', eventTypes: [], rateLimitPerSec: 1000 });
    channelKey = await setUpClusterWorkspace(a.url, adminKey, approver.key);
    await b.start();
  }, 240_000);

  afterAll(async () => {
    await a?.kill();
    await b?.kill();
    await database?.close();
    await dropClusterState(prefix).catch(() => undefined);
    if (dbUrl) await dropPgDatabase(dbUrl);
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }, 60_000);

  it('keeps exactly one decision per accepted event and exact counters', async () => {
    const client = new RoundRobinClient(() => [a, b].map((n) => ({ name: n.name, url: n.url })), channelKey);
    const CARDS = 80;
    const SYNC = 2400;
    const ASYNC = 600;
    const event = (i: number) => ({ eventType: 'cluster_txn', eventId: `e-${i}`, data: { card: `card-${String(i % CARDS).padStart(3, '0')}`, amount: (i % 97) + 1, org: 'bank_a' } });
    const answers = new Map<string, Answer[]>();
    const accepted = new Set<string>();
    const answeredBy = new Set<string>();
    let restart: Promise<void> | null = null;
    const work: Array<() => Promise<void>> = [];
    for (let i = 0; i < SYNC + ASYNC; i++) {
      const e = event(i);
      if (i % 5 === 4) {
        // every fifth event goes to async intake (JetStream)
        work.push(async () => {
          const r = await client.send('POST', '/api/v1/events', e);
          expect(r.status, JSON.stringify(r.body)).toBe(202);
          accepted.add(e.eventId);
        });
        continue;
      }
      const copies = i % 10 === 3 ? 2 : 1; // concurrent duplicates, to consecutive nodes
      work.push(async () => {
        const rs = await Promise.all(Array.from({ length: copies }, () => client.send('POST', '/api/v1/decisions', e)));
        for (const r of rs) {
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          answeredBy.add(r.node);
        }
        answers.set(e.eventId, [...(answers.get(e.eventId) ?? []), ...rs]);
      });
    }
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < work.length) {
        const job = work[next++]!;
        await job();
        done++;
        if (done === Math.floor(work.length / 3) && !restart) {
          await a.kill('SIGKILL');
          restart = sleep(2000).then(() => a.start());
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    await restart;
    expect(answeredBy).toEqual(new Set(['a', 'b']));

    // Async intake drains: every accepted event gets its decision.
    const db = OrgData.system(database.db);
    const until = Date.now() + 120_000;
    let post = 0;
    while (Date.now() < until) {
      const r = await db.selectFrom('decisions').select((eb) => eb.fn.countAll<string>().as('n')).where('direction', '=', 'post').executeTakeFirstOrThrow();
      post = Number(r.n);
      if (post >= accepted.size) break;
      await sleep(500);
    }
    const rows = await db.selectFrom('decisions').select(['event_id', 'direction', 'decision_id', 'event']).where('event_type', '=', 'cluster_txn').execute();
    const byEvent = new Map<string, typeof rows>();
    for (const r of rows) byEvent.set(`${r.direction}/${r.event_id}`, [...(byEvent.get(`${r.direction}/${r.event_id}`) ?? []), r]);
    // exactly one decision per accepted event, and nothing else
    expect(rows.length).toBe(answers.size + accepted.size);
    for (const [id, rs] of answers) {
      const logged = byEvent.get(`in/${id}`) ?? [];
      expect(logged.length, id).toBe(1);
      for (const r of rs) expect(r.body.decisionId, id).toBe(logged[0]!.decision_id);
    }
    for (const id of accepted) expect((byEvent.get(`post/${id}`) ?? []).length, id).toBe(1);

    // Feature updates a node kept after a late Redis reply are applied within seconds.
    for (const n of [a, b]) {
      const until2 = Date.now() + 30_000;
      for (;;) {
        const text = await fetch(`${n.url}/metrics`).then((r) => r.text());
        const pending = Number(/^vigil_feature_writes_pending (\S+)$/m.exec(text)?.[1] ?? '0');
        if (pending === 0) break;
        if (Date.now() > until2) throw new Error(`${n.name} still holds ${pending} feature updates:\n${n.tail()}`);
        await sleep(250);
      }
    }

    // Counters: a probe per card reads its count and sum; the log is recounted.
    const recount = recountByCard(rows);
    expect(recount.size).toBe(CARDS);
    for (const [card, c] of recount) {
      const probe = await client.send('POST', '/api/v1/decisions', { eventType: 'cluster_txn', eventId: `probe-${card}`, data: { card, amount: 1, org: 'bank_a' } });
      expect(probe.status).toBe(200);
      const detail = await fetch(`${b.url}/api/v1/decisions/${probe.body.decisionId}`, { headers: { authorization: `Bearer ${adminKey}` } }).then((r) => r.json() as Promise<any>);
      expect(detail.trace.features, card).toEqual(c);
    }
    // the client really did retry around the killed node
    expect(client.retries).toBeGreaterThan(0);
  }, 420_000);

  it('carries a change made on one node to the other within a second, and elects one job runner that another replaces', async () => {
    const call = (n: NodeProcess, method: string, p: string, body?: unknown, key = adminKey) =>
      fetch(n.url + p, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const created = (await (await call(a, 'POST', '/api/v1/api-keys', { name: 'short-lived', eventTypes: ['cluster_txn'] })).json()) as { key: string; apiKey: { id: string } };
    const use = () => call(b, 'POST', '/api/v1/decisions', { eventType: 'cluster_txn', eventId: `k-${Math.random()}`, data: { card: 'card-k', amount: 1, org: 'bank_a' } }, created.key).then((r) => r.status);
    expect(await use()).toBe(200);
    expect((await call(a, 'POST', `/api/v1/api-keys/${created.apiKey.id}/revoke`, {})).status).toBe(200);
    const t0 = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - t0 < 5000) {
      status = await use();
      if (status === 200) await sleep(20);
    }
    expect(status).toBe(401);
    // through the NATS notification, not the database poll (every 5 s while NATS is up)
    expect(Date.now() - t0).toBeLessThan(1000);

    const leaders = async () => {
      const out: string[] = [];
      for (const n of [a, b]) if (n.running && ((await (await fetch(`${n.url}/readyz`)).json()) as { leader?: boolean }).leader) out.push(n.name);
      return out;
    };
    const current = await leaders();
    expect(current).toHaveLength(1);
    const leader = current[0] === 'a' ? a : b;
    const other = leader === a ? b : a;
    await leader.kill('SIGKILL');
    const t1 = Date.now();
    while (Date.now() - t1 < 15_000 && !(await leaders()).includes(other.name)) await sleep(200);
    expect(await leaders()).toEqual([other.name]);
    await leader.start();
    expect(await leaders()).toEqual([other.name]);
  }, 120_000);
});
