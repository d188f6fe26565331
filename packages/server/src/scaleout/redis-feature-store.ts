import { randomBytes } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { FEATURE_STORE_UNAVAILABLE, FeatureError, featureState, type FeatureDefinition, type FeatureObservation, type FeatureStore } from '@vigil/engine';
import { luaScript, type RedisCommands } from './redis-client.ts';

type KeyState = featureState.KeyState;
type StateConfig = featureState.StateConfig;
type StoreLimits = featureState.StoreLimits;

const { applyObservation, checkObservation, decodeState, encodeState, hashString, peekObservation, stateConfig, tidyState, DEFAULT_LIMITS } = featureState;

export interface RedisFeatureStoreOptions {
  /** Prefix of every key (`<prefix>:f:{…}`, `<prefix>:defs`); several deployments may share a Redis. No `{` or `}`. */
  prefix: string;
  /** Same meaning and defaults as the embedded store's limits. */
  limits?: Partial<StoreLimits>;
  /** Compare-and-set attempts per entity and call before giving up under contention. Default 50. */
  maxRetries?: number;
}

/**
 * The feature store cannot be reached or cannot complete the call (Redis down, no reply within
 * the deadline, endless contention). `code` is `FEATURE_STORE_UNAVAILABLE`: the engine decides
 * with null features (degraded). An update may still have been applied when the reply was lost;
 * applying the same event again is harmless (de-duplication by event key).
 */
export class FeatureStoreUnavailableError extends Error {
  readonly code = FEATURE_STORE_UNAVAILABLE;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeatureStoreUnavailableError';
  }
}

/** Hash fields of the entity's version and of a starving writer's claim (a definition id never starts with `#`). */
const VERSION_FIELD = '#v';
const CLAIM_FIELD = '#q';
/** Losses in a row after which a writer claims the entity, and how long its claim holds the others off. */
const CLAIM_AFTER = 4;
const CLAIM_LEASE_MS = 50;
/** Refusals because of another writer's claim before giving up (each after a pause of about 1 ms). */
const MAX_CLAIM_WAITS = 500;
const DEFAULT_MAX_RETRIES = 50;
/** Added to every TTL: covers clock differences between nodes and a late write. */
const TTL_SLACK_MS = 60_000;
const SCAN_COUNT = 500;
/** Longest pause before the next cycle of an entity that just saw a concurrent writer. */
const CONTENDED_PAUSE_MS = 2;
/** Calls of one entity that one compare-and-set cycle takes at most. */
const MAX_JOBS_PER_CYCLE = 256;
/** Keys worked on at once by a sweep, snapshot or restore. */
const SCAN_CONCURRENCY = 32;
/** Definitions whose layout is cached; past it the cache starts over (definitions change rarely). */
const MAX_CONFIGS = 10_000;
/** Rough Redis memory of one key and of one hash field, besides their names and values. */
const KEY_BYTES = 96;
const FIELD_BYTES = 24;
const SNAPSHOT_FORMAT = 'vigil.features.redis';
const SNAPSHOT_VERSION = 1;
const BUFFERS = { buffers: true } as const;

/** The version and the asked fields of one entity: `HMGET key #v f1 f2 …`. */
const READ = luaScript(`return redis.call('HMGET', KEYS[1], unpack(ARGV))`);

/**
 * Compare-and-set of one entity. ARGV: expected version ('' = no key), new version, TTL in ms
 * (0 = leave it), number of fields to set, number to delete, claimant ('' = none), claim lease in
 * ms, the field/value pairs, the fields to delete, then the fields to send back when refused.
 *
 * Applies only if the version is unchanged and no other writer holds a live claim; then drops any
 * claim, bumps the version, extends (never shortens) the TTL, and deletes a hash left without
 * states. A writer that has lost several times in a row names itself claimant: when it loses
 * again, it takes the claim (field `#q`, "<claimant>|<until ms>") if none is live, so that the
 * others wait until it has written once — no writer starves on a busy entity.
 * Returns {1}; {0, {version, fields…}} when the version changed; {2, {…}} when someone else's
 * claim is live.
 */
const WRITE = luaScript(`
local key = KEYS[1]
local nset = tonumber(ARGV[4])
local ndel = tonumber(ARGV[5])
local me = ARGV[6]
local first = 8 + 2 * nset + ndel
local h = redis.call('HMGET', key, '${VERSION_FIELD}', '${CLAIM_FIELD}')
local cur, claim = h[1], h[2]
local now = 0
local holder = false
if claim or me ~= '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
if claim then
  local sep = string.find(claim, '|', 1, true)
  if sep and tonumber(string.sub(claim, sep + 1)) > now then holder = string.sub(claim, 1, sep - 1) end
end
local status = false
if holder and holder ~= me then
  status = 2
elseif (cur or '') ~= ARGV[1] then
  status = 0
  if cur and me ~= '' and not holder then redis.call('HSET', key, '${CLAIM_FIELD}', me .. '|' .. (now + tonumber(ARGV[7]))) end
end
if status then
  local want = {'${VERSION_FIELD}'}
  for i = first, #ARGV do want[#want + 1] = ARGV[i] end
  return {status, redis.call('HMGET', key, unpack(want))}
end
if nset > 0 then redis.call('HSET', key, unpack(ARGV, 8, 7 + 2 * nset)) end
if ndel > 0 then redis.call('HDEL', key, unpack(ARGV, 8 + 2 * nset, first - 1)) end
if claim then redis.call('HDEL', key, '${CLAIM_FIELD}') end
if redis.call('HLEN', key) - (cur and 1 or 0) <= 0 then
  redis.call('DEL', key)
  return {1}
end
redis.call('HSET', key, '${VERSION_FIELD}', ARGV[2])
local ttl = tonumber(ARGV[3])
if ttl > 0 and redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
return {1}
`);

/** One entity whole, with its remaining TTL (-1: none). */
const DUMP = luaScript(`return {redis.call('PTTL', KEYS[1]), redis.call('HGETALL', KEYS[1])}`);

/** Replaces one entity: ARGV = TTL in ms (0 = none), then field/value pairs. */
const LOAD = luaScript(`
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
local ttl = tonumber(ARGV[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`);

interface Item {
  o: FeatureObservation;
  cfg: StateConfig;
  /** Position in the batch. */
  index: number;
  hash: number;
}

/** The observations of one entity in a batch, in batch order, and the state fields they need. */
interface Group {
  key: string;
  fields: string[];
  items: Item[];
}

/** One call's observations of one entity, waiting for or in a compare-and-set cycle. */
interface Job {
  g: Group;
  out: unknown[];
  resolve(): void;
  reject(e: unknown): void;
}

/** An entity's version and some of its fields (raw bytes, null where absent), as last read or written. */
interface Known {
  version: string;
  fields: Map<string, Buffer | null>;
  /** The cycle that learnt it had to wait for or lost to another writer. */
  contended?: boolean;
}

interface SnapshotV1 {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  defs: Array<[id: string, def: FeatureDefinition]>;
  /** Entity key, remaining TTL in ms (-1: none), then its states as definition id and bytes. */
  entities: Array<[entityKey: string, ttlMs: number, states: Array<[defId: string, bytes: Uint8Array]>]>;
}

/**
 * Feature state in Redis, shared by every node of a deployment, with exactly the semantics of the
 * embedded store (the same per-state operations, `featureState`, and the same contract suite).
 *
 * Layout: all states of one entity key live in one hash, `<prefix>:f:{<entity>}`, whose hash tag
 * is the entity key (with `%`, `{` and `}` percent-escaped), so Redis Cluster keeps an entity on
 * one shard. Each field is a definition id holding one encoded state (`featureState.encodeState`);
 * field `#v` is the entity's version for optimistic concurrency, and `#q`, for a moment, the claim
 * of a writer that kept losing. `<prefix>:defs` maps definition ids to definitions, so a sweep on
 * any node can read states it has not observed itself.
 *
 * Each call is atomic per entity: the adapter reads the entity's version and the fields a batch
 * needs (one Lua script), computes values and new states in process, then writes the changed
 * fields in a second script only if the version is unchanged; otherwise the script returns the
 * current fields and the adapter computes again (up to `maxRetries` losses in a row). Writers on
 * different nodes therefore never lose an update, and an event key already applied to a state is
 * never applied twice. The entities of a batch are worked on in parallel; a batch that fails
 * validation applies nothing. Within one process, calls for an entity that arrive while its cycle
 * is under way go together in the next cycle, which tries its write on the state it just wrote
 * (no read); a writer that keeps losing to other nodes briefly claims the entity, so none starves.
 * A call that only reads costs one round trip, one that writes two.
 *
 * Memory: each state is bounded as in the embedded store; each hash also expires one longest
 * window (plus one bucket and a minute) after its last write, measured from now, or from the
 * newest event's time when that lies in the future. Replayed or back-filled events (older than
 * now) therefore live one window from when they are written. Every write only extends the TTL.
 *
 * `stats()` is a local estimate: the figures of the last full scan (`evictExpired`, `snapshot`,
 * `restore`) plus the states this instance has created since; bytes are the encoded states plus a
 * rough per-key and per-field Redis overhead.
 *
 * Failure: every Redis call is bounded by the connection's deadline; when Redis is down or slow,
 * `observe` and `peek` reject at once with {@link FeatureStoreUnavailableError}. `evictExpired`,
 * `snapshot` and `restore` SCAN a single Redis node (with Redis Cluster, run them per master).
 * Needs Redis 6.2 or later (SCAN … TYPE, scripts calling TIME).
 *
 * @example
 * const store = new RedisFeatureStore(await connectRedis({ url, commandTimeoutMs: 50 }), { prefix: 'vigil' });
 */
export class RedisFeatureStore implements FeatureStore {
  private readonly limits: StoreLimits;
  private readonly maxRetries: number;
  private readonly prefix: string;
  private readonly defsKey: string;
  private readonly configs = new Map<string, { def: FeatureDefinition; cfg: StateConfig }>();
  /** Definition ids this instance has written to `<prefix>:defs`. */
  private readonly registered = new Set<string>();
  /** Per entity key with a cycle under way in this instance: the calls waiting for the next one. */
  private readonly queues = new Map<string, Job[]>();
  private readonly token = randomBytes(6).toString('base64url');
  private versions = 0;
  private keyCount = 0;
  private bytes = 0;
  private retries = 0;
  private discarded = 0;
  private lastEventKey = '';
  private lastEventHash = hashString('');

  constructor(
    private readonly redis: RedisCommands,
    options: RedisFeatureStoreOptions,
  ) {
    if (typeof options.prefix !== 'string' || options.prefix === '' || /[{}]/.test(options.prefix)) {
      throw new Error('RedisFeatureStore: prefix must be a non-empty string without { or }');
    }
    this.prefix = options.prefix;
    this.defsKey = `${options.prefix}:defs`;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.maxRetries = Math.max(1, options.maxRetries ?? DEFAULT_MAX_RETRIES);
  }

  /** Compare-and-set rounds lost to a concurrent writer so far (each was recomputed). */
  get contention(): number {
    return this.retries;
  }

  /** States found unreadable in Redis (written by something else): read as empty and overwritten. */
  get discardedStates(): number {
    return this.discarded;
  }

  /** The Redis key of an entity's states. */
  keyOf(entityKey: string): string {
    return `${this.prefix}:f:{${entityKey.replace(/[%{}]/g, escapeChar)}}`;
  }

  async observe(batch: FeatureObservation[]): Promise<unknown[]> {
    const groups = this.prepare(batch);
    const out: unknown[] = new Array(batch.length);
    this.register(batch);
    try {
      await Promise.all(groups.map((g) => this.updateEntity(g, out)));
    } catch (e) {
      throw unavailable(e);
    }
    return out;
  }

  async peek(batch: FeatureObservation[]): Promise<unknown[]> {
    const groups = this.prepare(batch);
    const out: unknown[] = new Array(batch.length);
    try {
      await Promise.all(
        groups.map(async (g) => {
          const reply = await this.redis.evalScript<unknown[]>(READ, [g.key], [VERSION_FIELD, ...g.fields], BUFFERS);
          const states = this.decodeFields(g.fields, reply);
          for (const it of g.items) out[it.index] = peekObservation(it.cfg, states.get(it.o.defId), it.o, it.hash);
        }),
      );
    } catch (e) {
      throw unavailable(e);
    }
    return out;
  }

  /** Validates the whole batch (nothing is applied if any observation is refused) and groups it by entity. */
  private prepare(batch: FeatureObservation[]): Group[] {
    const items: Item[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const o = batch[i]!;
      checkObservation(o);
      if (typeof o.defId !== 'string' || o.defId === '' || o.defId.startsWith('#')) {
        throw new FeatureError('FEATURE_OBSERVATION', `observation needs a definition id not starting with #, got ${JSON.stringify(o.defId)}`);
      }
      items[i] = { o, cfg: this.configFor(o.defId, o.def), index: i, hash: this.hashEvent(o.eventKey) };
    }
    const groups = new Map<string, Group>();
    for (const it of items) {
      let g = groups.get(it.o.entityKey);
      if (!g) groups.set(it.o.entityKey, (g = { key: this.keyOf(it.o.entityKey), fields: [], items: [] }));
      if (!g.fields.includes(it.o.defId)) g.fields.push(it.o.defId);
      g.items.push(it);
    }
    return [...groups.values()];
  }

  private configFor(defId: string, def: FeatureDefinition): StateConfig {
    let c = this.configs.get(defId);
    if (!c) {
      const cfg = stateConfig(def, this.limits);
      if (this.configs.size >= MAX_CONFIGS) this.configs.clear();
      this.configs.set(defId, (c = { def, cfg }));
    }
    return c.cfg;
  }

  private hashEvent(eventKey: string): number {
    if (eventKey !== this.lastEventKey) {
      this.lastEventKey = eventKey;
      this.lastEventHash = hashString(eventKey);
    }
    return this.lastEventHash;
  }

  /** Records the definitions this batch writes in `<prefix>:defs`, once per instance, in the background. */
  private register(batch: FeatureObservation[]): void {
    for (const o of batch) {
      if (!o.write || this.registered.has(o.defId)) continue;
      if (this.registered.size >= MAX_CONFIGS) this.registered.clear();
      this.registered.add(o.defId);
      this.redis.send(['HSET', this.defsKey, o.defId, JSON.stringify(o.def)]).catch(() => this.registered.delete(o.defId));
    }
  }

  /**
   * Queues the observations of one entity. While a compare-and-set cycle of the entity is under
   * way in this instance, later calls wait and then go together in the next cycle (group commit):
   * the calls of one process never make each other retry, and a busy entity costs one cycle per
   * round trip rather than one per call.
   */
  private updateEntity(g: Group, out: unknown[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const job: Job = { g, out, resolve, reject };
      const waiting = this.queues.get(g.key);
      if (waiting) waiting.push(job);
      else {
        this.queues.set(g.key, []);
        void this.drain(g.key, [job]);
      }
    });
  }

  private async drain(key: string, jobs: Job[]): Promise<void> {
    let known: Known | null = null;
    for (;;) {
      try {
        known = await this.cycle(key, jobs, known);
        for (const j of jobs) j.resolve();
      } catch (e) {
        known = null;
        for (const j of jobs) j.reject(e);
      }
      const waiting = this.queues.get(key)!;
      if (waiting.length === 0) {
        this.queues.delete(key);
        return;
      }
      // A contended entity: let the writers that just lost to this one go first, or the node
      // that wins once keeps winning (its reply comes first) and the others starve.
      if (known === null || known.contended) await pause(Math.random() * CONTENDED_PAUSE_MS);
      jobs = waiting.splice(0, MAX_JOBS_PER_CYCLE);
    }
  }

  /**
   * One compare-and-set cycle of an entity for `jobs`, in order; fills their outputs. `known` is
   * what the previous cycle of this drain left in Redis: when it covers the fields needed, the
   * cycle tries its write without reading first (the version check catches a stale guess; a cycle
   * that writes nothing always reads). Returns what the entity now holds, as far as it knows.
   */
  private async cycle(key: string, jobs: Job[], known: Known | null): Promise<Known> {
    const fields: string[] = [];
    for (const j of jobs) for (const f of j.g.fields) if (!fields.includes(f)) fields.push(f);
    let cur: Known | null = known && fields.every((f) => known.fields.has(f)) ? known : null;
    let guessed = cur !== null;
    cur ??= toKnown(fields, await this.redis.evalScript<unknown[]>(READ, [key], [VERSION_FIELD, ...fields], BUFFERS));
    let losses = 0;
    let waits = 0;
    for (;;) {
      const states = new Map<string, KeyState | undefined>();
      for (const f of fields) states.set(f, this.decode(cur.fields.get(f) ?? null));
      const changed = new Set<string>();
      let reach = 0;
      let newest = -Infinity;
      for (const j of jobs) {
        for (const it of j.g.items) {
          const r = applyObservation(it.cfg, states.get(it.o.defId), it.o, it.hash, this.limits.dedupDepth);
          states.set(it.o.defId, r.state);
          if (r.changed) {
            changed.add(it.o.defId);
            reach = Math.max(reach, it.cfg.layout.windowMs + it.cfg.layout.width);
            newest = Math.max(newest, it.o.at);
          }
          j.out[it.index] = it.o.read ? r.value : undefined;
        }
      }
      if (changed.size === 0) {
        if (!guessed) return { ...cur, contended: losses + waits > 0 };
        // Values read from a guess are not answers: read what the entity holds, then compute again.
        guessed = false;
        cur = toKnown(fields, await this.redis.evalScript<unknown[]>(READ, [key], [VERSION_FIELD, ...fields], BUFFERS));
        continue;
      }
      const ttl = Math.ceil(reach + TTL_SLACK_MS + Math.max(0, newest - Date.now()));
      const version = this.nextVersion();
      const claimant = losses >= CLAIM_AFTER ? this.token : '';
      const args: Array<string | Buffer> = [cur.version, version, String(ttl), String(changed.size), '0', claimant, String(CLAIM_LEASE_MS)];
      const written = new Map<string, Buffer>();
      for (const f of changed) {
        const enc = encodeState(states.get(f)!);
        written.set(f, enc);
        args.push(f, enc);
      }
      args.push(...fields);
      const res = await this.redis.evalScript<unknown[]>(WRITE, [key], args, BUFFERS);
      if (Number(res[0]) === 1) {
        if (cur.version === '') this.bytes += KEY_BYTES + key.length;
        for (const [f, enc] of written) {
          const before = cur.fields.get(f);
          if (before) this.bytes += enc.length - before.length;
          else {
            this.keyCount++;
            this.bytes += FIELD_BYTES + f.length + enc.length;
          }
        }
        const after = new Map(cur.fields);
        for (const [f, enc] of written) after.set(f, enc);
        return { version, fields: after, contended: losses + waits > 0 };
      }
      guessed = false;
      cur = toKnown(fields, res[1] as unknown[]);
      if (Number(res[0]) === 2) {
        // A writer that lost too often holds the entity for a moment: wait for it to write.
        if (++waits > MAX_CLAIM_WAITS) throw new FeatureStoreUnavailableError('feature state of one entity held by another writer for too long; gave up');
        await pause(0.5 + Math.random());
        continue;
      }
      // Another writer changed the entity since it was read: compute again on what it holds now
      // (the script sent it back). No pause: holding the current fields already puts this writer
      // ahead of one that must read them first.
      this.retries++;
      if (++losses >= this.maxRetries) {
        throw new FeatureStoreUnavailableError(`feature state of one entity changed concurrently ${losses} times in a row; gave up`);
      }
    }
  }

  /** The states of `fields` from a reply `[version, field values…]`; absent or unreadable ones are undefined. */
  private decodeFields(fields: string[], reply: unknown[]): Map<string, KeyState | undefined> {
    const states = new Map<string, KeyState | undefined>();
    for (let j = 0; j < fields.length; j++) states.set(fields[j]!, this.decode(bytesOf(reply[j + 1])));
    return states;
  }

  private decode(b: Buffer | null): KeyState | undefined {
    if (!b) return undefined;
    try {
      return decodeState(b);
    } catch {
      this.discarded++;
      return undefined;
    }
  }

  private nextVersion(): string {
    return `${this.token}.${(this.versions++).toString(36)}`;
  }

  /**
   * Every entity under the prefix, with its remaining TTL, and the definitions registry, as one
   * versioned document. Refreshes {@link stats}. Not a point-in-time copy when nodes write meanwhile.
   */
  async snapshot(): Promise<Uint8Array> {
    try {
      const defs = await this.loadDefs();
      const entities = new Map<string, SnapshotV1['entities'][number]>();
      let keys = 0;
      let bytes = 0;
      await this.scan(async (key) => {
        const [pttl, flat] = await this.redis.evalScript<[number, unknown[]]>(DUMP, [key], [], BUFFERS);
        const states: Array<[string, Uint8Array]> = [];
        for (let i = 0; i + 1 < flat.length; i += 2) {
          const field = String(text(flat[i]));
          const value = bytesOf(flat[i + 1]);
          if (field.startsWith('#') || !value) continue;
          states.push([field, new Uint8Array(value)]);
        }
        const entityKey = this.entityOf(key);
        if (!states.length || entityKey === null || entities.has(entityKey)) return;
        entities.set(entityKey, [entityKey, Number(pttl), states]);
        keys += states.length;
        bytes += KEY_BYTES + key.length + states.reduce((s, [f, v]) => s + FIELD_BYTES + f.length + v.length, 0);
      });
      this.keyCount = keys;
      this.bytes = bytes;
      const snap: SnapshotV1 = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, defs: [...defs], entities: [...entities.values()] };
      return new Uint8Array(serialize(snap));
    } catch (e) {
      throw unavailable(e);
    }
  }

  /**
   * Replaces everything under the prefix with a {@link snapshot}: the snapshot is checked whole
   * first (`FEATURE_SNAPSHOT`, nothing changed), then the prefix is emptied and the entities
   * written back with the TTL they had left. Meant for a start or a recovery, not while other
   * nodes write.
   */
  async restore(state: Uint8Array): Promise<void> {
    const snap = parseSnapshot(state);
    try {
      await this.scan((key) => this.redis.send(['UNLINK', key]));
      await this.redis.send(['UNLINK', this.defsKey]);
      this.registered.clear();
      if (snap.defs.length) await this.redis.send(['HSET', this.defsKey, ...snap.defs.flatMap(([id, def]) => [id, JSON.stringify(def)])]);
      for (const [id, def] of snap.defs) {
        try {
          this.configFor(id, def);
          this.registered.add(id);
        } catch {
          // A definition this version refuses: its states are kept, not swept.
        }
      }
      let keys = 0;
      let bytes = 0;
      await forEachLimit(snap.entities, SCAN_CONCURRENCY, async ([entityKey, ttl, states]) => {
        if (!states.length) return;
        const key = this.keyOf(entityKey);
        const args: Array<string | Buffer> = [String(ttl > 0 ? ttl : 0), VERSION_FIELD, this.nextVersion()];
        for (const [f, v] of states) args.push(f, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
        await this.redis.evalScript(LOAD, [key], args);
        keys += states.length;
        bytes += KEY_BYTES + key.length + states.reduce((s, [f, v]) => s + FIELD_BYTES + f.length + v.byteLength, 0);
      });
      this.keyCount = keys;
      this.bytes = bytes;
    } catch (e) {
      throw unavailable(e);
    }
  }

  /**
   * Sweeps every entity under the prefix: drops the states no read at or after `now` can see
   * (deleting a hash left empty), compacts the others, and refreshes {@link stats}. Most expired
   * state is already gone by TTL; this removes the short-window states of long-lived entities.
   * States of definitions no node has registered are left alone. A write racing the sweep wins:
   * that entity is left for the next sweep. Returns the number of states removed.
   */
  async evictExpired(now: number): Promise<number> {
    let removed = 0;
    let keys = 0;
    let bytes = 0;
    try {
      await this.learnDefs();
      await this.scan(async (key) => {
        for (let attempt = 0; attempt < 3; attempt++) {
          const [, flat] = await this.redis.evalScript<[number, unknown[]]>(DUMP, [key], [], BUFFERS);
          let version = '';
          const sets: Array<string | Buffer> = [];
          const dels: string[] = [];
          let k = 0;
          let b = 0;
          for (let i = 0; i + 1 < flat.length; i += 2) {
            const field = String(text(flat[i]));
            const value = bytesOf(flat[i + 1]);
            if (field === VERSION_FIELD) version = text(flat[i + 1]);
            if (field.startsWith('#')) continue;
            if (!value) continue;
            const cfg = this.configs.get(field)?.cfg;
            const st = cfg ? this.decode(value) : undefined;
            if (!cfg) {
              k++;
              b += FIELD_BYTES + field.length + value.length;
            } else if (!st || tidyState(cfg, st, now)) dels.push(field);
            else {
              const enc = encodeState(st);
              if (!enc.equals(value)) sets.push(field, enc);
              k++;
              b += FIELD_BYTES + field.length + enc.length;
            }
          }
          if (sets.length || dels.length) {
            const args = [version, this.nextVersion(), '0', String(sets.length / 2), String(dels.length), '', '0', ...sets, ...dels];
            const res = await this.redis.evalScript<unknown[]>(WRITE, [key], args, BUFFERS);
            if (Number(res[0]) !== 1) continue;
            removed += dels.length;
          }
          keys += k;
          if (k) bytes += KEY_BYTES + key.length + b;
          return;
        }
      });
    } catch (e) {
      throw unavailable(e);
    }
    this.keyCount = keys;
    this.bytes = bytes;
    return removed;
  }

  /** See the class description: a local estimate, exact after a full scan when no other node writes. */
  stats(): { keys: number; approxBytes: number } {
    return { keys: Math.max(0, this.keyCount), approxBytes: Math.max(0, this.bytes) };
  }

  /** Loads into the layout cache the registered definitions this instance has not seen. */
  private async learnDefs(): Promise<void> {
    for (const [id, def] of await this.loadDefs()) {
      if (this.configs.has(id)) continue;
      try {
        this.configFor(id, def);
      } catch {
        // Refused by this version: its states are left alone.
      }
    }
  }

  private async loadDefs(): Promise<Map<string, FeatureDefinition>> {
    const flat = await this.redis.send<unknown[]>(['HGETALL', this.defsKey], BUFFERS).then(flatten);
    const defs = new Map<string, FeatureDefinition>();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      try {
        defs.set(text(flat[i]), JSON.parse(text(flat[i + 1])) as FeatureDefinition);
      } catch {
        // not a definition: ignored
      }
    }
    return defs;
  }

  /** Calls `fn` for every entity key under the prefix (SCAN; a key may come twice), a few at a time. */
  private async scan(fn: (key: string) => Promise<unknown>): Promise<void> {
    const pattern = `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}:f:*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.send<[unknown, unknown[]]>(['SCAN', cursor, 'MATCH', pattern, 'COUNT', String(SCAN_COUNT), 'TYPE', 'hash']);
      await forEachLimit(keys.map(text), SCAN_CONCURRENCY, fn);
      cursor = text(next);
    } while (cursor !== '0');
  }

  /** The entity key of a Redis key of this store, or null. */
  private entityOf(key: string): string | null {
    const head = `${this.prefix}:f:{`;
    if (!key.startsWith(head) || !key.endsWith('}')) return null;
    return key.slice(head.length, -1).replace(/%(25|7B|7D)/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

function escapeChar(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
}

function parseSnapshot(state: Uint8Array): SnapshotV1 {
  let v: unknown;
  try {
    v = deserialize(state);
  } catch {
    throw new FeatureError('FEATURE_SNAPSHOT', 'not a feature store snapshot');
  }
  const snap = v as Partial<SnapshotV1> | null;
  if (snap?.format !== SNAPSHOT_FORMAT) throw new FeatureError('FEATURE_SNAPSHOT', 'not a Redis feature store snapshot');
  if (snap.version !== SNAPSHOT_VERSION || !Array.isArray(snap.defs) || !Array.isArray(snap.entities)) {
    throw new FeatureError('FEATURE_SNAPSHOT', `not a version ${SNAPSHOT_VERSION} Redis feature store snapshot`);
  }
  for (const d of snap.defs) {
    if (!Array.isArray(d) || typeof d[0] !== 'string' || d[1] === null || typeof d[1] !== 'object') throw new FeatureError('FEATURE_SNAPSHOT', 'malformed definition');
  }
  for (const e of snap.entities) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'number' || !Array.isArray(e[2])) throw new FeatureError('FEATURE_SNAPSHOT', 'malformed entity');
    for (const s of e[2]) {
      if (!Array.isArray(s) || typeof s[0] !== 'string' || s[0].startsWith('#') || !(s[1] instanceof Uint8Array)) throw new FeatureError('FEATURE_SNAPSHOT', `malformed state for ${e[0]}`);
      try {
        decodeState(s[1]);
      } catch {
        throw new FeatureError('FEATURE_SNAPSHOT', `unreadable state for ${e[0]}`);
      }
    }
  }
  return snap as SnapshotV1;
}

/** A Redis failure as the engine expects it; refusals of the input ({@link FeatureError}) pass through. */
function unavailable(e: unknown): Error {
  if (e instanceof FeatureError || e instanceof FeatureStoreUnavailableError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new FeatureStoreUnavailableError(`feature store unavailable: ${message}`, { cause: e });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A reply `[version, field values…]` of the fields asked. */
function toKnown(fields: string[], reply: unknown[]): Known {
  const m = new Map<string, Buffer | null>();
  for (let j = 0; j < fields.length; j++) m.set(fields[j]!, bytesOf(reply[j + 1]));
  return { version: text(reply[0]), fields: m };
}

/** A bulk reply as text ('' for none). */
function text(v: unknown): string {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return '';
}

/** A bulk reply as bytes, or null for a missing field (nil or false, by RESP version). */
function bytesOf(v: unknown): Buffer | null {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v, 'latin1');
  return null;
}

/** HGETALL answers a map in RESP3 and a flat array in RESP2: always the flat array. */
function flatten(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Map) return [...v].flat();
  if (v !== null && typeof v === 'object') return Object.entries(v).flat();
  return [];
}

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
