import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { createApiKey } from '../src/repos/api-keys.ts';
import { OrgData } from '../src/repos/scoped.ts';
import { recountByCard, setUpClusterWorkspace, sleep } from './cluster-harness.ts';
import { createPgDatabase, dropPgDatabase, startNode, type TestNode } from './harness.ts';
import { OwnServer } from './own-services.ts';
import { SCALE_OUT_URLS } from './scaleout-services.ts';

/** A node of the cluster workspace on PostgreSQL and the given scale-out services. */
async function clusterNode(env: Record<string, string>): Promise<{ node: TestNode; key: string; admin: string; dbUrl: string }> {
  const dbUrl = await createPgDatabase(SCALE_OUT_URLS.postgres);
  const node = await startNode({ databaseUrl: dbUrl, demo: false, env: { VIGIL_DURABILITY: 'sync', ...env } });
  const data = OrgData.system(node.vigil.database.db);
  const admin = (await createApiKey(data, { name: 'admin', kind: 'admin', orgId: 'root', eventTypes: [], rateLimitPerSec: 10_000 })).key;
  const checker = (await createApiKey(data, { name: 'checker', kind: 'admin', orgId: 'root', eventTypes: [], rateLimitPerSec: 10_000 })).key;
  const key = await setUpClusterWorkspace(node.baseUrl, admin, checker);
  return { node, key, admin, dbUrl };
}

const txn = (i: number, cards = 10) => ({ eventType: 'cluster_txn', eventId: `f-${i}`, data: { card: `card-${i % cards}`, amount: (i % 13) + 1, org: 'bank_a' } });

/** Each card's count and sum of amounts in the decision log. */
async function recount(node: TestNode): Promise<Map<string, { cnt: number; amt: number }>> {
  return recountByCard(await OrgData.system(node.vigil.database.db).selectFrom('decisions').select(['event']).where('event_type', '=', 'cluster_txn').execute());
}

describe('scale-out failure: Redis stopped and restarted under load', () => {
  const prefix = `r${Math.random().toString(36).slice(2, 8)}`;
  let redis: OwnServer;
  let ctx: Awaited<ReturnType<typeof clusterNode>>;

  beforeAll(async () => {
    redis = await OwnServer.create('redis');
    ctx = await clusterNode({ VIGIL_REDIS_URL: redis.url, VIGIL_CLUSTER_PREFIX: prefix });
  }, 120_000);
  afterAll(async () => {
    await ctx?.node.destroy();
    if (ctx) await dropPgDatabase(ctx.dbUrl);
    await redis?.destroy();
  }, 60_000);

  it('answers degraded within the budget while Redis is away, recovers without a restart, and the counters match the log again', async () => {
    const { node, key } = ctx;
    let i = 0;
    const send = async () => {
      const r = await node.json('POST', '/api/v1/decisions', txn(i++), key);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as { degraded: boolean; latencyMs: number; outcome: string; decisionId: string };
    };
    const batch = async (n: number) => {
      const out = [];
      for (let k = 0; k < n; k += 4) out.push(...(await Promise.all([send(), send(), send(), send()])));
      return out;
    };
    const before = await batch(80);
    expect(before.every((d) => !d.degraded)).toBe(true);

    await redis.stop();
    const during = await batch(80);
    // Every answer came, degraded, with the event type's fallback (review) at least, within the 200 ms budget.
    expect(during.every((d) => d.degraded && d.outcome === 'review')).toBe(true);
    expect(Math.max(...during.map((d) => d.latencyMs))).toBeLessThan(200);
    const detail = await node.json('GET', `/api/v1/decisions/${during[0]!.decisionId}`, undefined, ctx.admin);
    expect(detail.body.trace.degradations).toContain('features:unavailable');
    const kept = node.vigil.services.scaleOut.features!.pendingWrites;
    expect(kept).toBe(80 * 2); // two features per event, kept (bounded) for later
    expect((await node.json('GET', '/readyz')).body.scaleOut).toEqual({ redis: 'unavailable' });

    // Redis comes back empty (it keeps nothing on disk): the node rebuilds the state from the log.
    await redis.start();
    const until = Date.now() + 20_000;
    let recovered = false;
    while (Date.now() < until && !recovered) {
      await sleep(200);
      recovered = !(await send()).degraded && node.vigil.services.scaleOut.features!.pendingWrites === 0;
    }
    expect(recovered, `pending ${node.vigil.services.scaleOut.features!.pendingWrites}; ${node.logs.filter((l) => /feature|redis|Redis/.test(l)).slice(-8).join('')}`).toBe(true);
    const after = await batch(40);
    expect(after.every((d) => !d.degraded)).toBe(true);

    const counts = await recount(node);
    for (const [card, c] of counts) {
      const probe = await node.json('POST', '/api/v1/decisions', { eventType: 'cluster_txn', eventId: `probe-${card}`, data: { card, amount: 1, org: 'bank_a' } }, key);
      const d = await node.json('GET', `/api/v1/decisions/${probe.body.decisionId}`, undefined, ctx.admin);
      expect(d.body.trace.features, card).toEqual(c);
    }
  }, 180_000);
});

describe('scale-out failure: NATS stopped and restarted under load', () => {
  const prefix = `n${Math.random().toString(36).slice(2, 8)}`;
  let nats: OwnServer;
  let ctx: Awaited<ReturnType<typeof clusterNode>>;

  beforeAll(async () => {
    nats = await OwnServer.create('nats');
    ctx = await clusterNode({ VIGIL_NATS_URL: nats.url, VIGIL_CLUSTER_PREFIX: prefix, VIGIL_NATS_TIMEOUT_MS: '500' });
  }, 120_000);
  afterAll(async () => {
    await ctx?.node.destroy();
    if (ctx) await dropPgDatabase(ctx.dbUrl);
    await nats?.destroy();
  }, 60_000);

  it('keeps deciding and accepting events while NATS is away, then resumes the stream and intake', async () => {
    const { node, key } = ctx;
    const db = OrgData.system(node.vigil.database.db);
    const postDecisions = async () => Number((await db.selectFrom('decisions').select((eb) => eb.fn.countAll<string>().as('n')).where('direction', '=', 'post').executeTakeFirstOrThrow()).n);
    const waitFor = async (what: () => Promise<boolean>, ms = 30_000) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (await what()) return true;
        await sleep(200);
      }
      return false;
    };
    let i = 0;
    const accept = async (n: number) => {
      for (let k = 0; k < n; k++) {
        const r = await node.json('POST', '/api/v1/events', txn(1000 + i++), key);
        expect(r.status, JSON.stringify(r.body)).toBe(202);
      }
    };
    const decide = async (n: number) => {
      const out = [];
      for (let k = 0; k < n; k++) out.push((await node.json('POST', '/api/v1/decisions', txn(i++), key)).body);
      return out;
    };
    await accept(30);
    expect(await waitFor(async () => (await postDecisions()) === 30)).toBe(true);
    await decide(20);

    await nats.stop();
    // Decisions do not depend on NATS; async events fall back to the database inbox.
    const during = await decide(20);
    expect(during.every((d) => d.degraded === false && typeof d.decisionId === 'string')).toBe(true);
    await accept(30);
    expect(await waitFor(async () => (await postDecisions()) === 60)).toBe(true);
    expect(node.vigil.services.scaleOut.decisionStream!.queued).toBeGreaterThan(0);
    expect((await node.json('GET', '/readyz')).body.scaleOut).toEqual({ nats: 'unavailable' });

    await nats.start();
    expect(await waitFor(async () => node.vigil.services.scaleOut.nats!.ready)).toBe(true);
    await accept(30);
    expect(await waitFor(async () => (await postDecisions()) === 90)).toBe(true);
    await decide(10);
    // Everything decided is in the decision stream once it is back (the queue drained).
    expect(await waitFor(async () => node.vigil.services.scaleOut.decisionStream!.queued === 0)).toBe(true);
    const total = Number((await db.selectFrom('decisions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const jsm = await jetstreamManager(node.vigil.services.scaleOut.nats!.connection!);
    const info = await jsm.streams.info(node.vigil.services.scaleOut.nats!.streams.decisions);
    expect(info.state.messages).toBe(total);
    // the 30 events accepted while NATS was away went to the database inbox
    expect((await node.vigil.services.metrics.intakeFallbacks.get()).values[0]?.value).toBe(30);
  }, 180_000);
});
