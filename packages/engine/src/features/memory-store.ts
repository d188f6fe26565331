import { deserialize, serialize } from 'node:v8';
import { FeatureError } from './feature-error.ts';
import { hashString } from './hash-string.ts';
import { keyBytes, newState, remember, seenRecently, stateBytes, type KeyState } from './key-state.ts';
import { DEFAULT_LIMITS, OP, stateConfig, type StateConfig, type StoreLimits } from './state-config.ts';
import { checkObservation, includesCurrent, peekObservation, readState as read, tidyState as tidy, writeState as write } from './state-ops.ts';
import type { FeatureObservation, FeatureStore } from './store.ts';
import type { FeatureDefinition } from './types.ts';

/** A feature definition the store keeps states for, and its position in every entity's array. */
interface DefSlot {
  id: string;
  def: FeatureDefinition;
  cfg: StateConfig;
  index: number;
  /** Entities holding a state of this definition: the slot is released when none is left. */
  states: number;
}

/**
 * The states of one entity key, one per definition slot (`undefined` where the entity has none).
 * One Map lookup then serves every feature keyed by the same entity (a card's ten features), where
 * a Map per definition cost one lookup of a long key string per feature.
 */
type Entity = Array<KeyState | undefined>;

const SNAPSHOT_FORMAT = 'vigil.features';
/** Version 2 keeps the entity layout; version 1 (a Map per definition) is still restored. */
const SNAPSHOT_VERSION = 2;
const EVICTION_CHUNK = 10_000;
/** An entity's array and its slot pointers, beside its key (rough V8 costs, like {@link stateBytes}). */
const ENTITY_BYTES = 32;
const SLOT_BYTES = 8;
/** Entity records a batch remembers, so the features of one entity cost one Map lookup. */
const BATCH_KEYS = 8;
const BATCH_SLOTS = 64;

export type MemoryFeatureStoreOptions = Partial<StoreLimits>;

/**
 * The embedded feature store: incremental, bucketed state in process memory. Every operation is
 * synchronous work: {@link observeNow} answers directly, `observe` and `peek` wrap the same work
 * in a settled promise (about half a microsecond per observation).
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
 * States are kept per entity key, one slot per definition, so that the features of one entity
 * (every feature of a card) are found with one lookup.
 *
 * @example
 * const store = new MemoryFeatureStore();
 * const [n] = await store.observe([{def, defId: featureDefinitionId(def), entityKey: 'card-1', at: Date.now(), eventKey: 'card_auth:e1', read: true, write: true}]);
 */
export class MemoryFeatureStore implements FeatureStore {
  private slots = new Map<string, DefSlot>();
  private byIndex: Array<DefSlot | undefined> = [];
  private entities = new Map<string, Entity>();
  private keyCount = 0;
  private bytes = 0;
  private readonly limits: StoreLimits;
  // The features of one event arrive together with one event key: hash it once.
  private lastEventKey = '';
  private lastEventHash = hashString('');
  // The entity records of the batch being run (see BATCH_KEYS), reused between batches.
  private readonly batchKeys: string[] = new Array<string>(BATCH_KEYS).fill('');
  private readonly batchEntities: Array<Entity | undefined> = new Array<Entity | undefined>(BATCH_KEYS).fill(undefined);
  // The definition slots of a batch of up to BATCH_SLOTS (one event's features), reused: a run is
  // synchronous and never re-entered.
  private readonly batchSlots: DefSlot[] = [];

  constructor(options: MemoryFeatureStoreOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options };
  }

  observe(batch: FeatureObservation[]): Promise<unknown[]> {
    try {
      return Promise.resolve(this.run(batch, true));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** {@link observe} answered synchronously: throws what `observe` would reject with. */
  observeNow(batch: FeatureObservation[]): unknown[] {
    return this.run(batch, true);
  }

  peek(batch: FeatureObservation[]): Promise<unknown[]> {
    try {
      return Promise.resolve(this.run(batch, false));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private run(batch: FeatureObservation[], apply: boolean): unknown[] {
    const n = batch.length;
    const slots = n <= BATCH_SLOTS ? this.batchSlots : new Array<DefSlot>(n);
    // Validate the whole batch before touching any state: nothing is half-applied.
    for (let i = 0; i < n; i++) slots[i] = this.slotFor(batch[i]!);
    const out: unknown[] = new Array(n);
    let cached = 0;
    for (let i = 0; i < n; i++) {
      const o = batch[i]!;
      const slot = slots[i]!;
      // The entity record: from the batch's own few keys first, then the Map.
      const key = o.entityKey;
      let c = 0;
      while (c < cached && this.batchKeys[c] !== key) c++;
      let ent: Entity | undefined;
      if (c < cached) ent = this.batchEntities[c];
      else {
        ent = this.entities.get(key);
        if (cached < BATCH_KEYS) {
          c = cached++;
          this.batchKeys[c] = key;
          this.batchEntities[c] = ent;
        } else c = -1;
      }
      if (!apply) {
        out[i] = this.peekOne(slot, ent, o);
        continue;
      }
      const idx = slot.index;
      let st = ent !== undefined && idx < ent.length ? ent[idx] : undefined;
      const after = includesCurrent(o.def);
      let value: unknown;
      if (o.read && !after) value = read(slot.cfg, st, o.at, o.value);
      if (o.write) {
        const h = this.hashEvent(o.eventKey);
        if (!st) {
          if (!ent) {
            ent = [];
            this.entities.set(key, ent);
            this.bytes += keyBytes(key) + ENTITY_BYTES;
            if (c >= 0) this.batchEntities[c] = ent;
          }
          st = newState(slot.cfg);
          while (ent.length < idx) ent.push(undefined);
          ent[idx] = st;
          slot.states++;
          this.keyCount++;
          this.bytes += SLOT_BYTES + stateBytes(st);
        }
        if (!seenRecently(st, h)) {
          // stateBytes before and after, as a difference of what a write can change: the arrays'
          // lengths and `e` (only a last_value state's `x` is an array, see newState).
          const values = slot.cfg.op === OP.last_value ? (st.x as unknown[]) : null;
          const before = 8 * (st.b.length + st.d.length) + st.e + (values ? 16 * values.length : 0);
          remember(st, h, this.limits.dedupDepth);
          write(slot.cfg, st, o.at, o.value);
          this.bytes += 8 * (st.b.length + st.d.length) + st.e + (values ? 16 * values.length : 0) - before;
        }
      }
      if (o.read && after) value = read(slot.cfg, st, o.at, o.value);
      out[i] = o.read ? value : undefined;
    }
    // Drop the batch's references so that evicted records are not kept alive by the cache.
    for (let c = 0; c < cached; c++) this.batchEntities[c] = undefined;
    return out;
  }

  private slotFor(o: FeatureObservation): DefSlot {
    checkObservation(o);
    let slot = this.slots.get(o.defId);
    if (!slot) {
      const cfg = stateConfig(o.def, this.limits);
      // The lowest free position keeps every entity's array short.
      let index = 0;
      while (index < this.byIndex.length && this.byIndex[index] !== undefined) index++;
      slot = { id: o.defId, def: o.def, cfg, index, states: 0 };
      this.slots.set(o.defId, slot);
      this.byIndex[index] = slot;
    }
    return slot;
  }

  private peekOne(slot: DefSlot, ent: Entity | undefined, o: FeatureObservation): unknown {
    if (!o.read) return undefined;
    const st = ent !== undefined && slot.index < ent.length ? ent[slot.index] : undefined;
    // Including the current event without applying it applies it to a throw-away copy.
    return peekObservation(slot.cfg, st, o, o.write && includesCurrent(o.def) ? this.hashEvent(o.eventKey) : undefined);
  }

  private hashEvent(eventKey: string): number {
    if (eventKey !== this.lastEventKey) {
      this.lastEventKey = eventKey;
      this.lastEventHash = hashString(eventKey);
    }
    return this.lastEventHash;
  }

  /** Releases the slots of definitions no entity holds a state of any more. */
  private releaseEmptySlots(): void {
    for (const [id, slot] of this.slots) {
      if (slot.states > 0) continue;
      this.slots.delete(id);
      this.byIndex[slot.index] = undefined;
    }
    while (this.byIndex.length && this.byIndex[this.byIndex.length - 1] === undefined) this.byIndex.pop();
  }

  snapshot(): Promise<Uint8Array> {
    const defs = this.byIndex.map((s) => (s ? [s.id, s.def] : null));
    return Promise.resolve(new Uint8Array(serialize({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, defs, entities: this.entities })));
  }

  restore(state: Uint8Array): Promise<void> {
    try {
      let data: unknown;
      try {
        data = deserialize(state);
      } catch {
        throw new FeatureError('FEATURE_SNAPSHOT', 'not a feature store snapshot');
      }
      const snap = data as { format?: unknown; version?: unknown; defs?: unknown; entities?: unknown };
      if (snap?.format !== SNAPSHOT_FORMAT || !Array.isArray(snap.defs)) throw new FeatureError('FEATURE_SNAPSHOT', 'not a feature store snapshot');
      if (snap.version === 1) this.restoreV1(snap.defs as Array<[string, FeatureDefinition, Map<string, KeyState>]>);
      else if (snap.version === SNAPSHOT_VERSION && snap.entities instanceof Map) this.restoreV2(snap.defs as Array<[string, FeatureDefinition] | null>, snap.entities as Map<string, Entity>);
      else throw new FeatureError('FEATURE_SNAPSHOT', `not a version 1 or ${SNAPSHOT_VERSION} feature store snapshot`);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private restoreV2(defs: Array<[string, FeatureDefinition] | null>, entities: Map<string, Entity>): void {
    const slots = new Map<string, DefSlot>();
    const byIndex: Array<DefSlot | undefined> = [];
    defs.forEach((d, index) => {
      if (!d) return void (byIndex[index] = undefined);
      const [id, def] = d;
      const slot = { id, def, cfg: stateConfig(def, this.limits), index, states: 0 };
      slots.set(id, slot);
      byIndex[index] = slot;
    });
    let keyCount = 0;
    let bytes = 0;
    for (const [k, ent] of entities) {
      if (!Array.isArray(ent)) throw new FeatureError('FEATURE_SNAPSHOT', `malformed state for ${k}`);
      bytes += keyBytes(k) + ENTITY_BYTES;
      for (let i = 0; i < ent.length; i++) {
        const st = ent[i];
        if (st === undefined) continue;
        const slot = byIndex[i];
        if (!slot) throw new FeatureError('FEATURE_SNAPSHOT', `state of an unknown definition for ${k}`);
        slot.states++;
        keyCount++;
        bytes += SLOT_BYTES + stateBytes(st);
      }
    }
    this.install(slots, byIndex, entities, keyCount, bytes);
  }

  /** A snapshot written before states were grouped by entity: one Map per definition. */
  private restoreV1(defs: Array<[string, FeatureDefinition, Map<string, KeyState>]>): void {
    const slots = new Map<string, DefSlot>();
    const byIndex: Array<DefSlot | undefined> = [];
    const entities = new Map<string, Entity>();
    let keyCount = 0;
    let bytes = 0;
    for (const [id, def, keys] of defs) {
      if (!(keys instanceof Map)) throw new FeatureError('FEATURE_SNAPSHOT', `malformed state for ${id}`);
      const slot = { id, def, cfg: stateConfig(def, this.limits), index: byIndex.length, states: keys.size };
      slots.set(id, slot);
      byIndex.push(slot);
      for (const [k, st] of keys) {
        let ent = entities.get(k);
        if (!ent) {
          entities.set(k, (ent = []));
          bytes += keyBytes(k) + ENTITY_BYTES;
        }
        while (ent.length < slot.index) ent.push(undefined);
        ent[slot.index] = st;
        keyCount++;
        bytes += SLOT_BYTES + stateBytes(st);
      }
    }
    this.install(slots, byIndex, entities, keyCount, bytes);
  }

  private install(slots: Map<string, DefSlot>, byIndex: Array<DefSlot | undefined>, entities: Map<string, Entity>, keyCount: number, bytes: number): void {
    this.slots = slots;
    this.byIndex = byIndex;
    this.entities = entities;
    this.keyCount = keyCount;
    this.bytes = bytes;
    this.releaseEmptySlots();
  }

  /**
   * Sweeps every state, dropping expired ones (and entities left with none) and compacting the
   * rest. Yields to the event loop every {@link EVICTION_CHUNK} states (about 10 ms of work) so
   * that a sweep over millions of states never stalls decisions; writes that land in between are
   * simply seen or not by the sweep.
   */
  async evictExpired(now: number): Promise<number> {
    let removed = 0;
    let budget = EVICTION_CHUNK;
    const entities = this.entities;
    for (const [k, ent] of entities) {
      let last = -1;
      for (let i = 0; i < ent.length; i++) {
        const st = ent[i];
        if (st === undefined) continue;
        budget--;
        const slot = this.byIndex[i]!;
        const before = stateBytes(st);
        if (tidy(slot.cfg, st, now)) {
          ent[i] = undefined;
          slot.states--;
          removed++;
          this.keyCount--;
          this.bytes -= SLOT_BYTES + before;
        } else {
          this.bytes += stateBytes(st) - before;
          last = i;
        }
      }
      if (last < 0) {
        entities.delete(k);
        this.bytes -= keyBytes(k) + ENTITY_BYTES;
      } else if (last + 1 < ent.length) ent.length = last + 1;
      if (budget <= 0) {
        budget = EVICTION_CHUNK;
        await new Promise<void>((resolve) => setImmediate(resolve));
        // A restore in between replaced the whole state: this sweep has nothing left to do.
        if (this.entities !== entities) return removed;
      }
    }
    this.releaseEmptySlots();
    return removed;
  }

  stats(): { keys: number; approxBytes: number } {
    return { keys: this.keyCount, approxBytes: this.bytes };
  }
}
