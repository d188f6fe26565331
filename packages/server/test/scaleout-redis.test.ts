import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_STORE_UNAVAILABLE, featureDefinitionId, featureState, type FeatureObservation } from '@vigil/engine';
import { featureStoreContract, geo, obs, profile, velocity } from '@vigil/engine/testing';
import { connectRedis, type RedisConnection } from '../src/scaleout/redis-client.ts';
import { RedisFeatureStore } from '../src/scaleout/redis-feature-store.ts';
import { OwnServer } from './own-services.ts';

// These tests need the Redis of the machine at 127.0.0.1:6379: without it they fail, never skip.
const REDIS_URL = 'redis://127.0.0.1:6379';
const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const DAY = 86_400_000;

let shared: RedisConnection;
const prefixes: string[] = [];
const connections: RedisConnection[] = [];

function newPrefix(): string {
  const p = `vigil-test-${randomBytes(6).toString('hex')}`;
  prefixes.push(p);
  return p;
}

async function connect(url = REDIS_URL, more: { commandTimeoutMs?: number; connectTimeoutMs?: number; reconnectMaxDelayMs?: number } = {}): Promise<RedisConnection> {
  const c = await connectRedis({ url, commandTimeoutMs: more.commandTimeoutMs ?? 5_000, connectTimeoutMs: more.connectTimeoutMs ?? 2_000, reconnectMaxDelayMs: more.reconnectMaxDelayMs, name: 'vigil-test' });
  connections.push(c);
  return c;
}

/** Every key under a prefix (SCAN). */
async function keysOf(redis: RedisConnection, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.send<[string, string[]]>(['SCAN', cursor, 'MATCH', `${prefix}:*`, 'COUNT', '1000']);
    keys.push(...batch);
    cursor = String(next);
  } while (cursor !== '0');
  return [...new Set(keys)];
}

beforeAll(async () => {
  shared = await connect();
  if (!shared.isReady) throw new Error(`Redis at ${REDIS_URL} is not reachable: these tests need it running`);
});

afterAll(async () => {
  if (shared?.isReady) {
    for (const p of prefixes) for (const k of await keysOf(shared, p)) await shared.send(['UNLINK', k]);
  }
  await Promise.all(connections.map((c) => c.close()));
});

featureStoreContract('RedisFeatureStore', async () => new RedisFeatureStore(shared, { prefix: newPrefix() }));

describe('the byte form of one state', () => {
  it('round-trips every kind of state (Maps included) and encodes equal states equally', () => {
    const cases: Array<[ReturnType<typeof velocity> | ReturnType<typeof profile> | ReturnType<typeof geo>, unknown]> = [
      [velocity('distinct', '1h', { field: 'device' }), 'd1'],
      [velocity('last_value', '1h', { field: 'merchant' }), 'm1'],
      [velocity('min'), 5],
      [profile('share'), 'd1'],
      [geo(), { lat: 1, lon: 2 }],
    ];
    for (const [def, value] of cases) {
      const cfg = featureState.stateConfig(def);
      const build = () => {
        const st = featureState.newState(cfg);
        for (let i = 0; i < 5; i++) featureState.applyObservation(cfg, st, obs(def, T0 + i * MIN, value, { eventKey: `e${i}` }), featureState.hashString(`e${i}`), 64);
        return st;
      };
      const st = build();
      const bytes = featureState.encodeState(st);
      expect(featureState.decodeState(bytes)).toEqual(st);
      expect(featureState.encodeState(build()).equals(bytes)).toBe(true);
      const probe = obs(def, T0 + 6 * MIN, value, { write: false });
      expect(featureState.readState(cfg, featureState.decodeState(bytes), probe.at, probe.value)).toEqual(featureState.readState(cfg, st, probe.at, probe.value));
    }
    // Values a remote state must carry exactly: -0, lone surrogates, non-ASCII, objects.
    const odd: Array<[ReturnType<typeof velocity>, unknown[]]> = [
      [velocity('min'), [-0, 1.5, -(2 ** 60)]],
      [velocity('distinct', '1h', { field: 'device' }), ['\ud800x', 'é', '😀', 2 ** 60, true, 'x'.repeat(200)]],
      [velocity('last_value', '1h', { field: 'merchant' }), [{ a: [1, 'b'] }, new Date(T0), '\udfff']],
    ];
    for (const [def, values] of odd) {
      const cfg = featureState.stateConfig(def);
      const st = featureState.newState(cfg);
      values.forEach((v, i) => featureState.applyObservation(cfg, st, obs(def, T0 + i * MIN, v, { eventKey: `o${i}` }), featureState.hashString(`o${i}`), 64));
      const back = featureState.decodeState(featureState.encodeState(st));
      expect(back).toEqual(st);
      expect(Object.is(back.b[1], st.b[1])).toBe(true);
      const at = T0 + 10 * MIN;
      expect(featureState.readState(cfg, back, at, undefined)).toEqual(featureState.readState(cfg, st, at, undefined));
    }
    expect(() => featureState.decodeState(new Uint8Array([1, 2, 3]))).toThrow(expect.objectContaining({ code: 'FEATURE_STATE' }));
  });
});

describe('RedisFeatureStore on a shared Redis', () => {
  it('never loses an update nor counts an event twice when several nodes write the same entities at once', async () => {
    const prefix = newPrefix();
    const nodes = 4;
    const perNode = 100;
    const conns = await Promise.all(Array.from({ length: nodes }, () => connect()));
    const stores = conns.map((c) => new RedisFeatureStore(c, { prefix, limits: { dedupDepth: 1024 } }));
    const count = velocity('count', '1h');
    const sum = velocity('sum', '1h');
    const entities = ['card-a', 'card-b'];
    // Every 4th event is delivered to every node (a retry landing on several nodes); the rest are
    // each node's own.
    const eventKey = (node: number, k: number) => (k % 4 === 0 ? `card_auth:shared-${k}` : `card_auth:n${node}-${k}`);
    await Promise.all(
      stores.map(async (store, node) => {
        let next = 0;
        const worker = async () => {
          while (next < perNode) {
            const k = next++;
            const at = T0 + k * 100;
            const batch = entities.flatMap((entityKey) => [
              obs(count, at, 1, { entityKey, eventKey: eventKey(node, k), read: false }),
              obs(sum, at, 1, { entityKey, eventKey: eventKey(node, k), read: false }),
            ]);
            await store.observe(batch);
          }
        };
        await Promise.all(Array.from({ length: 8 }, worker));
      }),
    );
    const distinct = perNode / 4 + nodes * ((perNode * 3) / 4);
    for (const entityKey of entities) {
      const probe = [obs(count, T0 + 30 * MIN, 1, { entityKey, write: false }), obs(sum, T0 + 30 * MIN, 1, { entityKey, write: false })];
      expect(await stores[0]!.peek(probe)).toEqual([distinct, distinct]);
    }
    // The writers did collide (and recomputed): the test exercised the compare-and-set.
    expect(stores.reduce((n, s) => n + s.contention, 0)).toBeGreaterThan(0);
  });

  it('keeps every state of an entity in one hash tagged by the entity, with a bounded TTL that only grows', async () => {
    const prefix = newPrefix();
    const store = new RedisFeatureStore(shared, { prefix });
    const short = velocity('count', '10m');
    const quarter = profile('isNew');
    const place = geo({ window: '1d' });
    const odd = 'card{7}%7B}x';
    for (const entityKey of [odd, 'card-2']) {
      await store.observe([obs(short, T0, 1, { entityKey }), obs(quarter, T0, 'd1', { entityKey }), obs(place, T0, { lat: 1, lon: 2 }, { entityKey })]);
    }
    // A late write of a short window must not shorten the TTL the 90-day profile set.
    await store.observe([obs(short, T0 + MIN, 1, { entityKey: odd })]);
    const keys = (await keysOf(shared, prefix)).filter((k) => k.startsWith(`${prefix}:f:`)).sort();
    expect(keys).toHaveLength(2);
    const tags = keys.map((k) => {
      // Redis Cluster hashes the part between the first { and the first } after it.
      const open = k.indexOf('{');
      const close = k.indexOf('}', open + 1);
      expect(close).toBe(k.length - 1);
      return k.slice(open + 1, close);
    });
    expect(tags.sort()).toEqual(['card%7B7%7D%257B%7Dx', 'card-2'].sort());
    expect(store.keyOf(odd)).toBe(`${prefix}:f:{card%7B7%7D%257B%7Dx}`);
    const longest = 90 * DAY + 3 * DAY + 60_000; // window + one bucket + slack
    for (const k of keys) {
      const fields = (await shared.send<string[]>(['HKEYS', k])).sort();
      expect(fields).toEqual(['#v', ...[short, quarter, place].map(featureDefinitionId)].sort());
      const ttl = await shared.send<number>(['PTTL', k]);
      expect(ttl).toBeGreaterThan(longest - 5 * MIN);
      expect(ttl).toBeLessThanOrEqual(longest);
    }
    // A short-window entity alone gets a short TTL.
    await store.observe([obs(short, T0, 1, { entityKey: 'card-short' })]);
    const ttl = await shared.send<number>(['PTTL', store.keyOf('card-short')]);
    expect(ttl).toBeGreaterThan(10 * MIN);
    expect(ttl).toBeLessThanOrEqual(10 * MIN + 10_000 + 60_000);
    // The definitions are registered for sweeps on other nodes.
    await expect.poll(() => shared.send<number>(['HLEN', `${prefix}:defs`])).toBe(3);
  });

  it('sweeps states registered by another node', async () => {
    const prefix = newPrefix();
    const writer = new RedisFeatureStore(shared, { prefix });
    const short = velocity('count', '10m');
    const long = velocity('count', '1d');
    await writer.observe([obs(short, T0, 1, { read: false }), obs(long, T0, 1, { read: false })]);
    await expect.poll(() => shared.send<number>(['HLEN', `${prefix}:defs`])).toBe(2);
    const sweeper = new RedisFeatureStore(shared, { prefix });
    expect(await sweeper.evictExpired(T0 + 20 * MIN)).toBe(1);
    expect(sweeper.stats().keys).toBe(1);
    expect(await writer.peek([obs(long, T0 + 30 * MIN, 1, { write: false })])).toEqual([1]);
    expect(await sweeper.evictExpired(T0 + 2 * DAY)).toBe(1);
    expect((await keysOf(shared, prefix)).filter((k) => k.includes(':f:'))).toEqual([]);
  });
});

async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('RedisFeatureStore when Redis goes away', () => {
  // A Redis of the test's own, so that stopping it touches nothing else; not started yet.
  let own: OwnServer;
  beforeAll(async () => {
    own = await OwnServer.create('redis', { start: false });
  });
  afterAll(async () => {
    own.signal('SIGCONT');
    await own.destroy();
  });

  const count = velocity('count', '1h', { includeCurrent: true });
  const one = (eventKey: string): FeatureObservation[] => [obs(count, T0, 1, { eventKey }), obs(count, T0, 1, { eventKey, entityKey: 'card-2' })];
  const failsFast = async (p: Promise<unknown>) => {
    const t = performance.now();
    await expect(p).rejects.toMatchObject({ code: FEATURE_STORE_UNAVAILABLE });
    return performance.now() - t;
  };

  it('starts while Redis is down, fails fast while it is away, and recovers on the same instance', async () => {
    const url = `redis://127.0.0.1:${own.port}`;
    // Nothing listens yet: the start does not fail, the connection keeps trying.
    const redis = await connect(url, { commandTimeoutMs: 200, connectTimeoutMs: 200, reconnectMaxDelayMs: 100 });
    expect(redis.isReady).toBe(false);
    const store = new RedisFeatureStore(redis, { prefix: 'vigil-own' });
    expect(await failsFast(store.observe(one('card_auth:e0')))).toBeLessThan(100);
    expect(await failsFast(store.peek(one('card_auth:e0')))).toBeLessThan(100);

    const readies: Array<number | null> = [];
    redis.onReady(({ downForMs }) => readies.push(downForMs));
    await own.start();
    expect(await redis.whenReady(5_000)).toBe(true);
    expect(await store.observe(one('card_auth:e1'))).toEqual([1, 1]);

    await own.stop('SIGKILL');
    await waitFor(() => !redis.isReady, 5_000, 'the client to notice the loss');
    // While it is down every call fails at once, and nothing waits in memory for its return.
    const t = performance.now();
    const calls = Array.from({ length: 1_000 }, (_, i) => store.observe(one(`card_auth:down-${i}`)));
    const settled = await Promise.allSettled(calls);
    expect(performance.now() - t).toBeLessThan(500);
    expect(settled.every((s) => s.status === 'rejected' && (s.reason as { code?: string }).code === FEATURE_STORE_UNAVAILABLE)).toBe(true);
    expect(await failsFast(store.observe(one('card_auth:e2')))).toBeLessThan(100);
    expect(redis.pending).toBe(0);

    // Back on the same port (empty: no persistence): the same store works again.
    await own.start();
    expect(await redis.whenReady(5_000)).toBe(true);
    expect(await store.observe(one('card_auth:e3'))).toEqual([1, 1]);
    expect(await store.observe(one('card_auth:e4'))).toEqual([2, 2]);
    expect(readies).toHaveLength(2);
    expect(readies[0]).toBeNull();
    expect(readies[1]).toBeGreaterThan(0);
  });

  it('puts a deadline on a Redis that stops answering; its late replies change nothing', async () => {
    const url = `redis://127.0.0.1:${own.port}`;
    const redis = await connect(url, { commandTimeoutMs: 100, reconnectMaxDelayMs: 100 });
    expect(redis.isReady).toBe(true);
    const store = new RedisFeatureStore(redis, { prefix: 'vigil-hang' });
    expect(await store.observe(one('card_auth:h1'))).toEqual([1, 1]);
    own.signal('SIGSTOP');
    try {
      const took = await failsFast(store.observe(one('card_auth:h2')));
      expect(took).toBeGreaterThanOrEqual(90);
      expect(took).toBeLessThan(400);
      // Also the raw client's commands carry the deadline.
      await expect(redis.client.get('vigil-hang:x')).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
      expect(redis.pending).toBeGreaterThan(0);
    } finally {
      own.signal('SIGCONT');
    }
    // The late replies arrive and are dropped; the retried event counts once.
    await waitFor(() => redis.pending === 0, 5_000, 'the late replies');
    expect(await store.observe(one('card_auth:h2'))).toEqual([2, 2]);
    expect(await store.observe(one('card_auth:h2'))).toEqual([2, 2]);
  });
});
