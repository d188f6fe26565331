import type { StateConfig } from './state-config.ts';
import { OP } from './state-config.ts';

/**
 * The state of one (definition, entity) pair. Plain data so that `v8.serialize` snapshots it as is.
 * Buckets are sparse: only buckets holding events exist, so a card seen three times a month
 * costs three buckets, and a busy one at most `layout.slots`.
 */
export interface KeyState {
  /** Flat buckets in ascending index order: `[index, ...fields]` per bucket. */
  b: number[];
  /** Hashes of the most recently applied event keys: a ring once `limits.dedupDepth` long. */
  d: number[];
  /** Next position to overwrite in `d` once it is full. */
  p: number;
  /**
   * Kind-specific: last_value → values parallel to the buckets; distinct → Map value → index of
   * the value's latest bucket; isNew/seenCount/share → Map value → flat `[index, count]` pairs;
   * geo → the newest located point `{lat, lon, at}`; otherwise null.
   */
  x: unknown;
  /** Estimated bytes held by `x`, maintained by writes for {@link stateBytes}. */
  e: number;
}

export interface GeoMark {
  lat: number;
  lon: number;
  at: number;
}

/** Rough V8 costs (pointer compression): enough to size a store, not an exact heap account. */
const STATE_OVERHEAD = 136;
const MAP_ENTRY = 48;
const EMPTY_MAP = 200;

/** An empty state. Maps are created on first use: an empty Map alone costs about 200 bytes. */
export function newState(cfg: StateConfig): KeyState {
  return { b: [], d: [], p: 0, x: cfg.op === OP.last_value ? [] : null, e: 0 };
}

/** The value map of a distinct or profile state, created on first use. */
export function valueMap<V>(st: KeyState): Map<string | number | boolean, V> {
  if (st.x === null) {
    st.x = new Map();
    st.e += EMPTY_MAP;
  }
  return st.x as Map<string | number | boolean, V>;
}

export function stateBytes(st: KeyState): number {
  return STATE_OVERHEAD + 8 * (st.b.length + st.d.length) + st.e + (Array.isArray(st.x) ? 16 * st.x.length : 0);
}

/** Bytes of one remembered value in a Map, besides what it maps to. */
export function entryBytes(k: string | number | boolean): number {
  return typeof k === 'string' ? MAP_ENTRY + 16 + k.length : MAP_ENTRY;
}

/** Bytes a state's key costs in its definition's map. */
export function keyBytes(entityKey: string): number {
  return MAP_ENTRY + 16 + entityKey.length;
}

/** True when `h` is among the event keys recently applied to the state. */
export function seenRecently(st: KeyState, h: number): boolean {
  const d = st.d;
  for (let i = 0; i < d.length; i++) if (d[i] === h) return true;
  return false;
}

export function remember(st: KeyState, h: number, depth: number): void {
  if (st.d.length < depth) st.d.push(h);
  else {
    st.d[st.p] = h;
    st.p = (st.p + 1) % depth;
  }
}

export function cloneState(st: KeyState): KeyState {
  let x = st.x;
  if (Array.isArray(x)) x = x.slice();
  else if (x instanceof Map) x = new Map([...x].map(([k, v]) => [k, Array.isArray(v) ? v.slice() : v]));
  else if (x !== null && typeof x === 'object') x = { ...x };
  return { b: st.b.slice(), d: st.d.slice(), p: st.p, x, e: st.e };
}
