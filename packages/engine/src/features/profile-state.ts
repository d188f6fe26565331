import { compactState, dropExpiredBuckets, headIndex, locateBucket } from './bucket-list.ts';
import { entryBytes, valueMap, type KeyState } from './key-state.ts';
import { localHour } from './local-hour.ts';
import { OP, type StateConfig } from './state-config.ts';
import { valueKey } from './value-key.ts';

type ValueMap = Map<string | number | boolean, number[]>;

/**
 * The instant whose local hour a usualHour profile uses: the field when it holds a timestamp
 * (epoch ms, ISO string or Date), else the event time.
 */
function instantOf(value: unknown, at: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.getTime();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    if (Number.isFinite(t)) return t;
  }
  return at;
}

/** Value of a profile for an entity never seen: everything is new, nothing usual. */
export function emptyProfile(cfg: StateConfig, value: unknown): unknown {
  if (cfg.op === OP.usualHour) return 0;
  if (valueKey(value) === null) return null;
  return cfg.op === OP.isNew ? true : 0;
}

/**
 * Folds one event into a profile. Per bucket: the entity's events (and, for usualHour, events per
 * local hour); per value: `[bucket, count]` pairs. Past `profileValueCap` values the least
 * recently seen value is forgotten, so a value last seen long ago may read as new again.
 */
export function writeProfile(cfg: StateConfig, st: KeyState, at: number, value: unknown): void {
  const idx = Math.floor(at / cfg.layout.width);
  const o = locateBucket(cfg, st, idx);
  if (o < 0) return;
  const b = st.b;
  b[o + 1]!++;
  if (cfg.op === OP.usualHour) {
    b[o + 2 + localHour(instantOf(value, at), cfg.tz)]!++;
    return;
  }
  const vk = valueKey(value);
  if (vk === null) return;
  const map = valueMap<number[]>(st);
  let pairs = map.get(vk);
  if (pairs) {
    // Re-inserting moves the value to the back of the Map's order: least recently seen first.
    map.delete(vk);
    st.e -= 8 * pairs.length;
    prunePairs(pairs, headIndex(b, cfg.stride) - cfg.layout.slots);
    addPair(pairs, idx);
  } else {
    if (map.size >= cfg.limits.profileValueCap) {
      const [oldKey, oldPairs] = map.entries().next().value as [string | number | boolean, number[]];
      map.delete(oldKey);
      st.e -= entryBytes(oldKey) + 8 * oldPairs.length;
    }
    pairs = [idx, 1];
    st.e += entryBytes(vk);
  }
  map.set(vk, pairs);
  st.e += 8 * pairs.length;
}

function addPair(pairs: number[], idx: number): void {
  let p = pairs.length - 2;
  while (p >= 0 && pairs[p]! > idx) p -= 2;
  if (p >= 0 && pairs[p] === idx) pairs[p + 1]!++;
  else pairs.splice(p + 2, 0, idx, 1);
}

/** Drops pairs of buckets at or before `cut`. */
function prunePairs(pairs: number[], cut: number): void {
  let k = 0;
  while (k < pairs.length && pairs[k]! <= cut) k += 2;
  if (k > 0) pairs.splice(0, k);
}

/** Value of the profile as of just before an event at `at` carrying `value`. */
export function readProfile(cfg: StateConfig, st: KeyState, at: number, value: unknown): unknown {
  const { width, windowMs, slots } = cfg.layout;
  const first = Math.floor((at - windowMs) / width) + 1;
  const last = Math.floor(at / width);
  const b = st.b;
  const S = cfg.stride;
  let total = 0;
  let hits = 0;
  const hour = cfg.op === OP.usualHour ? localHour(instantOf(value, at), cfg.tz) : -1;
  for (let o = 0; o < b.length; o += S) {
    const i = b[o]!;
    if (i < first || i > last) continue;
    total += b[o + 1]!;
    if (hour >= 0) hits += b[o + 2 + hour]!;
  }
  if (hour >= 0) return total > 0 ? hits / total : 0;
  const vk = valueKey(value);
  if (vk === null) return null;
  const pairs = (st.x as ValueMap | null)?.get(vk);
  if (pairs) {
    const lo = Math.max(first, headIndex(b, S) - slots + 1);
    for (let p = 0; p < pairs.length; p += 2) {
      const i = pairs[p]!;
      if (i >= lo && i <= last) hits += pairs[p + 1]!;
    }
  }
  if (cfg.op === OP.isNew) return hits === 0;
  if (cfg.op === OP.seenCount) return hits;
  return total > 0 ? hits / total : 0;
}

/** Forgets what no read at or after `now` can see; true when nothing is left. */
export function tidyProfile(cfg: StateConfig, st: KeyState, now: number): boolean {
  const dropped = dropExpiredBuckets(cfg, st, now);
  if (!dropped) return true;
  const { cut } = dropped;
  if (st.x instanceof Map) {
    for (const [v, pairs] of st.x as ValueMap) {
      st.e -= 8 * pairs.length;
      prunePairs(pairs, cut);
      if (pairs.length === 0) {
        st.x.delete(v);
        st.e -= entryBytes(v);
      } else st.e += 8 * pairs.length;
    }
  }
  compactState(st);
  return false;
}
