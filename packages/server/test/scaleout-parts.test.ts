import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { createDatabase, type Database } from '@vigil/storage';
import { MemoryFeatureStore, featureDefinitionId, type FeatureObservation, type FeatureStore, type VelocityFeature } from '@vigil/engine';
import { Leadership } from '../src/scaleout/leadership.ts';
import { RedisIdempotency, type RedisKv } from '../src/scaleout/redis-idempotency.ts';
import { ResilientFeatureStore } from '../src/scaleout/resilient-feature-store.ts';
import { sleep } from './cluster-harness.ts';
import { createPgDatabase, dropPgDatabase } from './harness.ts';
import { dropClusterState, SCALE_OUT_URLS } from './scaleout-services.ts';

const quiet = { info() {}, warn() {} };

describe('RedisIdempotency (the machine’s Redis)', () => {
  const prefix = `i${Math.random().toString(36).slice(2, 8)}`;
  const redis = createClient({ url: SCALE_OUT_URLS.redis });
  redis.on('error', () => undefined);
  afterAll(async () => {
    await dropClusterState(prefix).catch(() => undefined);
    if (redis.isOpen) await redis.quit();
  });

  it('lets one node claim an event, shows the claim to the others, then the answer; only the owner releases', async () => {
    await redis.connect();
    const kv = redis as unknown as RedisKv;
    const nodeA = new RedisIdempotency(kv, { prefix, answerTtlMs: 60_000, claimTtlMs: 5000 });
    const nodeB = new RedisIdempotency(kv, { prefix, answerTtlMs: 60_000, claimTtlMs: 5000 });
    const k = 'card_auth/in/bank_a/e-1';
    expect(await nodeA.claim(k, 'h1')).toEqual({ kind: 'mine' });
    expect(await nodeB.claim(k, 'h1')).toEqual({ kind: 'pending', payloadHash: 'h1' });
    expect(await nodeB.claim(k, 'h2')).toEqual({ kind: 'pending', payloadHash: 'h1' });
    // a release by another node changes nothing
    await nodeB.release(k);
    expect(await nodeB.peek(k)).toEqual({ kind: 'pending', payloadHash: 'h1' });
    await nodeA.answer(k, 'h1', { decisionId: 'd-1', outcome: 'pass', reasons: [{ code: 'X', text: { zh: '好', en: 'ok' } }] });
    expect(await nodeB.claim(k, 'h1')).toEqual({ kind: 'answered', payloadHash: 'h1', response: { decisionId: 'd-1', outcome: 'pass', reasons: [{ code: 'X', text: { zh: '好', en: 'ok' } }] } });
    const ttl = await redis.pTTL(`${prefix}:i:{${k}}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // the owner's release frees a claim (a failed decision) for anyone to take
    const k2 = 'card_auth/in/bank_a/e-2';
    expect(await nodeA.claim(k2, 'h')).toEqual({ kind: 'mine' });
    await nodeA.release(k2);
    expect(await nodeB.claim(k2, 'h')).toEqual({ kind: 'mine' });
    // braces in an event id cannot break the cluster hash tag
    expect(await nodeA.claim('t/in/o/{x}', 'h')).toEqual({ kind: 'mine' });
    expect(await redis.exists(`${prefix}:i:{t/in/o/_x_}`)).toBe(1);
  });
});

describe('ResilientFeatureStore', () => {
  const def: VelocityFeature = { kind: 'velocity', name: 'n', agg: 'count', by: ['card'], window: '1h', eventTypes: ['t'] };
  const at = Date.UTC(2026, 0, 1);
  const obs = (i: number): FeatureObservation => ({ def, defId: featureDefinitionId(def), entityKey: 'card-1', at: at + i, eventKey: `t:${i}`, read: true, write: true });
  /** An in-memory store behind a switch: the switch plays the network. */
  const flaky = () => {
    const real = new MemoryFeatureStore();
    let up = true;
    const store: FeatureStore = {
      observe: (b) => (up ? real.observe(b) : Promise.reject(Object.assign(new Error('down'), { code: 'FEATURE_STORE_UNAVAILABLE' }))),
      peek: (b) => real.peek(b),
      snapshot: () => real.snapshot(),
      restore: (s) => real.restore(s),
      evictExpired: (n) => real.evictExpired(n),
      stats: () => real.stats(),
    };
    return { store, real, set: (v: boolean) => (up = v) };
  };

  it('keeps the updates of events decided while the store is away and applies them once, when it is back', async () => {
    const f = flaky();
    const s = new ResilientFeatureStore(f.store, { maxPending: 100, retryMs: 50, log: quiet });
    // nothing to apply: the run ends at once and later runs still happen
    expect(await s.catchUp()).toBe(0);
    await s.observe([obs(1)]);
    f.set(false);
    for (let i = 2; i <= 4; i++) await expect(s.observe([obs(i)])).rejects.toMatchObject({ code: 'FEATURE_STORE_UNAVAILABLE' });
    expect(s.pendingWrites).toBe(3);
    expect(await s.catchUp()).toBe(0);
    f.set(true);
    // the scheduled retry applies them without being asked
    for (let i = 0; i < 40 && s.pendingWrites > 0; i++) await sleep(25);
    expect(s.pendingWrites).toBe(0);
    // an update that did reach the store before the failure is not counted twice
    await s.observe([obs(4)]);
    expect((await f.real.peek([{ ...obs(5), write: false }]))[0]).toBe(4);
    s.close();
  });

  it('is bounded: past maxPending the oldest updates are dropped and counted', async () => {
    const f = flaky();
    let dropped = 0;
    const s = new ResilientFeatureStore(f.store, { maxPending: 5, retryMs: 10_000, onDropped: (n) => (dropped += n) });
    f.set(false);
    for (let i = 0; i < 8; i++) await s.observe([obs(i), { ...obs(i), write: false }]).catch(() => undefined);
    expect(s.pendingWrites).toBe(5);
    expect(dropped).toBe(3);
    f.set(true);
    expect(await s.catchUp()).toBe(5);
    expect((await f.real.peek([{ ...obs(100), write: false }]))[0]).toBe(5);
    s.close();
  });
});

describe('Leadership (PostgreSQL advisory lock)', () => {
  it('elects one job runner among nodes, and another takes over when it stops', async () => {
    const url = await createPgDatabase(SCALE_OUT_URLS.postgres);
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-lead-'));
    const dbs: Database[] = [];
    try {
      for (let i = 0; i < 3; i++) dbs.push(await createDatabase({ databaseUrl: url, dataDir: dir }));
      const lockKey = BigInt(Math.floor(Math.random() * 1e12));
      const nodes = dbs.map((d) => new Leadership({ db: d.db, dbKind: 'postgres', intervalMs: 100, log: quiet, lockKey }));
      await Promise.all(nodes.map((n) => n.start()));
      await sleep(300);
      expect(nodes.filter((n) => n.isLeader)).toHaveLength(1);
      const first = nodes.findIndex((n) => n.isLeader);
      await nodes[first]!.stop();
      expect(nodes[first]!.isLeader).toBe(false);
      await sleep(500);
      const now = nodes.filter((n) => n.isLeader);
      expect(now).toHaveLength(1);
      expect(now[0]).not.toBe(nodes[first]);
      await Promise.all(nodes.map((n) => n.stop()));
      // with PGlite the process is alone and always leads
      expect(new Leadership({ db: dbs[0]!.db, dbKind: 'pglite', log: quiet }).isLeader).toBe(true);
    } finally {
      for (const d of dbs) await d.close();
      await dropPgDatabase(url);
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
