import type { KeyState } from './key-state.ts';
import type { StateConfig } from './state-config.ts';

/**
 * Offset in `st.b` of the bucket with index `idx`, creating it if needed, or -1 when the bucket
 * is older than anything the state keeps (`slots` buckets back from the newest): such a late
 * event can no longer be seen by any read and is dropped. A new newest bucket first forgets the
 * buckets that fall out of reach, which is what bounds the state.
 */
export function locateBucket(cfg: StateConfig, st: KeyState, idx: number): number {
  const b = st.b;
  const S = cfg.stride;
  const len = b.length;
  const vals = Array.isArray(st.x) ? (st.x as unknown[]) : null;
  if (len === 0 || idx > b[len - S]!) {
    const cut = idx - cfg.layout.slots;
    let k = 0;
    while (k < len && b[k]! <= cut) k += S;
    if (k > 0) {
      b.splice(0, k);
      vals?.splice(0, k / S);
    }
    b.push(idx);
    for (let i = 0; i < cfg.init.length; i++) b.push(cfg.init[i]!);
    vals?.push(undefined);
    return len - k;
  }
  if (idx <= b[len - S]! - cfg.layout.slots) return -1;
  let o = len - S;
  while (o >= 0 && b[o]! > idx) o -= S;
  if (o >= 0 && b[o] === idx) return o;
  o += S;
  b.splice(o, 0, idx, ...cfg.init);
  vals?.splice(o / S, 0, undefined);
  return o;
}

/** Offset of the bucket with index `idx`, or -1. Scans from the newest, where writes land. */
export function findBucket(b: number[], stride: number, idx: number): number {
  for (let o = b.length - stride; o >= 0; o -= stride) {
    if (b[o] === idx) return o;
    if (b[o]! < idx) return -1;
  }
  return -1;
}

/** Index of the newest bucket, or -Infinity for an empty state. */
export function headIndex(b: number[], stride: number): number {
  return b.length ? b[b.length - stride]! : -Infinity;
}

/**
 * Copies the arrays of a state to exact size. `push` keeps spare capacity (a dozen slots on a
 * two-element array), which on millions of idle keys costs more than the data: the eviction sweep
 * compacts, the hot path stays allocation-free.
 */
export function compactState(st: KeyState): void {
  st.b = st.b.slice();
  st.d = st.d.slice();
  if (Array.isArray(st.x)) st.x = st.x.slice();
}

/**
 * Drops the buckets no read at or after `now` can see, for a state whose buckets carry `stride`
 * numbers each. Returns null when the whole state has expired, otherwise the bucket index at or
 * below which everything is gone and the number of array slots removed from `st.b`.
 */
export function dropExpiredBuckets(cfg: StateConfig, st: KeyState, now: number): { cut: number; removed: number } | null {
  const S = cfg.stride;
  const head = headIndex(st.b, S);
  if (head === -Infinity || head * cfg.layout.width <= now - cfg.layout.windowMs) return null;
  const cut = Math.max(Math.floor((now - cfg.layout.windowMs) / cfg.layout.width), head - cfg.layout.slots);
  let k = 0;
  while (k < st.b.length && st.b[k]! <= cut) k += S;
  if (k > 0) st.b.splice(0, k);
  return { cut, removed: k };
}
