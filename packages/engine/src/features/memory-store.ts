import { deserialize, serialize } from 'node:v8';
import { FeatureError } from './feature-error.ts';
import { geoExpired, readGeo, writeGeo } from './geo-state.ts';
import { hashString } from './hash-string.ts';
import { cloneState, keyBytes, newState, remember, seenRecently, stateBytes, type KeyState } from './key-state.ts';
import { emptyProfile, readProfile, tidyProfile, writeProfile } from './profile-state.ts';
import { DEFAULT_LIMITS, stateConfig, type StateConfig, type StoreLimits } from './state-config.ts';
import type { FeatureObservation, FeatureStore } from './store.ts';
import type { FeatureDefinition } from './types.ts';
import { emptyVelocity, readVelocity, tidyVelocity, writeVelocity } from './velocity-state.ts';

interface DefSlot {
  def: FeatureDefinition;
  cfg: StateConfig;
  keys: Map<string, KeyState>;
}

const SNAPSHOT_FORMAT = 'vigil.features';
const SNAPSHOT_VERSION = 1;
const EVICTION_CHUNK = 10_000;

export type MemoryFeatureStoreOptions = Partial<StoreLimits>;

/**
 * The embedded feature store: incremental, bucketed state in process memory. Every operation is
 * synchronous work wrapped in a settled promise (about half a microsecond per observation).
 *
 * Semantics shared with every adapter (the contract suite checks them):
 * - windows see whole buckets whose start lies in `(at - window, at]` (`bucketLayout`:
 *   window / 60 per bucket, at least 1 s; profiles window / 30);
 * - a late event lands in the bucket of its own time and reads the state as of that time; one
 *   older than the window of the key's newest event is dropped;
 * - an event key already applied to a state is not applied again (the last `dedupDepth` keys per
 *   state are remembered). A retry that reads sees the state that already includes it.
 *
 * Bounds per (definition, entity): at most `slots` buckets, the last `dedupDepth` event keys (64,
 * as 53-bit hashes), `distinctCap` values for distinct (1024: the count saturates there) and
 * `profileValueCap` values for profiles (256); long string values are kept as hashes. Arrays grow
 * with spare capacity on the hot path; {@link evictExpired} compacts them, so call it periodically.
 *
 * @example
 * const store = new MemoryFeatureStore();
 * const [n] = await store.observe([{def, defId: featureDefinitionId(def), entityKey: 'card-1', at: Date.now(), eventKey: 'card_auth:e1', read: true, write: true}]);
 */
export class MemoryFeatureStore implements FeatureStore {
  private defs = new Map<string, DefSlot>();
  private keyCount = 0;
  private bytes = 0;
  private readonly limits: StoreLimits;
  // The features of one event arrive together with one event key: hash it once.
  private lastEventKey = '';
  private lastEventHash = hashString('');

  constructor(options: MemoryFeatureStoreOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options };
  }

  observe(batch: FeatureObservation[]): Promise<unknown[]> {
    return this.run(batch, true);
  }

  peek(batch: FeatureObservation[]): Promise<unknown[]> {
    return this.run(batch, false);
  }

  private run(batch: FeatureObservation[], apply: boolean): Promise<unknown[]> {
    const slots: DefSlot[] = new Array(batch.length);
    try {
      // Validate the whole batch before touching any state: nothing is half-applied.
      for (let i = 0; i < batch.length; i++) slots[i] = this.slotFor(batch[i]!);
    } catch (e) {
      return Promise.reject(e);
    }
    const out: unknown[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) out[i] = apply ? this.observeOne(slots[i]!, batch[i]!) : this.peekOne(slots[i]!, batch[i]!);
    return Promise.resolve(out);
  }

  private slotFor(o: FeatureObservation): DefSlot {
    if (typeof o.entityKey !== 'string' || typeof o.eventKey !== 'string' || typeof o.at !== 'number' || !Number.isFinite(o.at)) {
      throw new FeatureError('FEATURE_OBSERVATION', `observation of ${o.defId} needs a string entityKey and eventKey and a finite time`);
    }
    let slot = this.defs.get(o.defId);
    if (!slot) {
      slot = { def: o.def, cfg: stateConfig(o.def, this.limits), keys: new Map() };
      this.defs.set(o.defId, slot);
    }
    return slot;
  }

  private observeOne(slot: DefSlot, o: FeatureObservation): unknown {
    let st = slot.keys.get(o.entityKey);
    const after = includesCurrent(o.def);
    let value: unknown;
    if (o.read && !after) value = read(slot.cfg, st, o.at, o.value);
    if (o.write) {
      const h = this.hashEvent(o.eventKey);
      if (!st) {
        st = newState(slot.cfg);
        slot.keys.set(o.entityKey, st);
        this.keyCount++;
        this.bytes += keyBytes(o.entityKey) + stateBytes(st);
      }
      if (!seenRecently(st, h)) {
        const before = stateBytes(st);
        remember(st, h, this.limits.dedupDepth);
        write(slot.cfg, st, o.at, o.value);
        this.bytes += stateBytes(st) - before;
      }
    }
    if (o.read && after) value = read(slot.cfg, st, o.at, o.value);
    return o.read ? value : undefined;
  }

  private peekOne(slot: DefSlot, o: FeatureObservation): unknown {
    if (!o.read) return undefined;
    const st = slot.keys.get(o.entityKey);
    if (!(o.write && includesCurrent(o.def)) || (st && seenRecently(st, this.hashEvent(o.eventKey)))) {
      return read(slot.cfg, st, o.at, o.value);
    }
    // Including the current event without applying it: apply it to a throw-away copy.
    const copy = st ? cloneState(st) : newState(slot.cfg);
    write(slot.cfg, copy, o.at, o.value);
    return read(slot.cfg, copy, o.at, o.value);
  }

  private hashEvent(eventKey: string): number {
    if (eventKey !== this.lastEventKey) {
      this.lastEventKey = eventKey;
      this.lastEventHash = hashString(eventKey);
    }
    return this.lastEventHash;
  }

  snapshot(): Promise<Uint8Array> {
    const defs: Array<[string, FeatureDefinition, Map<string, KeyState>]> = [];
    for (const [id, s] of this.defs) defs.push([id, s.def, s.keys]);
    return Promise.resolve(new Uint8Array(serialize({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, defs })));
  }

  restore(state: Uint8Array): Promise<void> {
    try {
      let data: unknown;
      try {
        data = deserialize(state);
      } catch {
        throw new FeatureError('FEATURE_SNAPSHOT', 'not a feature store snapshot');
      }
      const snap = data as { format?: unknown; version?: unknown; defs?: unknown };
      if (snap?.format !== SNAPSHOT_FORMAT || snap.version !== SNAPSHOT_VERSION || !Array.isArray(snap.defs)) {
        throw new FeatureError('FEATURE_SNAPSHOT', `not a version ${SNAPSHOT_VERSION} feature store snapshot`);
      }
      const defs = new Map<string, DefSlot>();
      let keyCount = 0;
      let bytes = 0;
      for (const [id, def, keys] of snap.defs as Array<[string, FeatureDefinition, Map<string, KeyState>]>) {
        if (!(keys instanceof Map)) throw new FeatureError('FEATURE_SNAPSHOT', `malformed state for ${id}`);
        defs.set(id, { def, cfg: stateConfig(def, this.limits), keys });
        keyCount += keys.size;
        for (const [k, st] of keys) bytes += keyBytes(k) + stateBytes(st);
      }
      this.defs = defs;
      this.keyCount = keyCount;
      this.bytes = bytes;
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Sweeps every key, dropping expired ones and compacting the rest. Yields to the event loop
   * every {@link EVICTION_CHUNK} keys (about 10 ms of work) so that a sweep over millions of keys
   * never stalls decisions; writes that land in between are simply seen or not by the sweep.
   */
  async evictExpired(now: number): Promise<number> {
    let removed = 0;
    let budget = EVICTION_CHUNK;
    const defs = this.defs;
    for (const [id, slot] of defs) {
      for (const [k, st] of slot.keys) {
        const before = stateBytes(st);
        if (tidy(slot.cfg, st, now)) {
          slot.keys.delete(k);
          removed++;
          this.keyCount--;
          this.bytes -= keyBytes(k) + before;
        } else this.bytes += stateBytes(st) - before;
        if (--budget === 0) {
          budget = EVICTION_CHUNK;
          await new Promise<void>((resolve) => setImmediate(resolve));
          // A restore in between replaced the whole state: this sweep has nothing left to do.
          if (this.defs !== defs) return removed;
        }
      }
      if (slot.keys.size === 0) defs.delete(id);
    }
    return removed;
  }

  stats(): { keys: number; approxBytes: number } {
    return { keys: this.keyCount, approxBytes: this.bytes };
  }
}

function includesCurrent(def: FeatureDefinition): boolean {
  return def.kind === 'velocity' && def.includeCurrent === true;
}

function read(cfg: StateConfig, st: KeyState | undefined, at: number, value: unknown): unknown {
  switch (cfg.kind) {
    case 'velocity':
      return st ? readVelocity(cfg, st, at) : emptyVelocity(cfg);
    case 'profile':
      return st ? readProfile(cfg, st, at, value) : emptyProfile(cfg, value);
    case 'geo':
      return readGeo(cfg, st, at, value);
  }
}

function write(cfg: StateConfig, st: KeyState, at: number, value: unknown): void {
  switch (cfg.kind) {
    case 'velocity':
      return writeVelocity(cfg, st, at, value);
    case 'profile':
      return writeProfile(cfg, st, at, value);
    case 'geo':
      return writeGeo(st, at, value);
  }
}

/** Prunes what no read at or after `now` can see; true when the whole key can go. */
function tidy(cfg: StateConfig, st: KeyState, now: number): boolean {
  switch (cfg.kind) {
    case 'velocity':
      return tidyVelocity(cfg, st, now);
    case 'profile':
      return tidyProfile(cfg, st, now);
    case 'geo':
      return geoExpired(cfg, st, now);
  }
}
