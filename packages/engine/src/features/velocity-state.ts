import { compactState, dropExpiredBuckets, findBucket, locateBucket } from './bucket-list.ts';
import { entryBytes, valueMap, type KeyState } from './key-state.ts';
import { OP, type StateConfig } from './state-config.ts';
import { valueKey } from './value-key.ts';

/** Numeric aggregations take finite numbers only; any other value leaves them unchanged. */
function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Value of a velocity feature with no events in its window. */
export function emptyVelocity(cfg: StateConfig): unknown {
  return cfg.op === OP.count || cfg.op === OP.sum || cfg.op === OP.distinct ? 0 : null;
}

/** Folds one event into the state (the caller has de-duplicated it). */
export function writeVelocity(cfg: StateConfig, st: KeyState, at: number, value: unknown): void {
  const idx = Math.floor(at / cfg.layout.width);
  switch (cfg.op) {
    case OP.count: {
      const o = locateBucket(cfg, st, idx);
      if (o >= 0) st.b[o + 1]!++;
      return;
    }
    case OP.sum: {
      if (!isNum(value)) return;
      const o = locateBucket(cfg, st, idx);
      if (o >= 0) st.b[o + 1]! += value;
      return;
    }
    case OP.avg: {
      if (!isNum(value)) return;
      const o = locateBucket(cfg, st, idx);
      if (o < 0) return;
      st.b[o + 1]!++;
      st.b[o + 2]! += value;
      return;
    }
    case OP.min: {
      if (!isNum(value)) return;
      const o = locateBucket(cfg, st, idx);
      if (o >= 0 && value < st.b[o + 1]!) st.b[o + 1] = value;
      return;
    }
    case OP.max: {
      if (!isNum(value)) return;
      const o = locateBucket(cfg, st, idx);
      if (o >= 0 && value > st.b[o + 1]!) st.b[o + 1] = value;
      return;
    }
    case OP.stddev: {
      if (!isNum(value)) return;
      const o = locateBucket(cfg, st, idx);
      if (o < 0) return;
      const b = st.b;
      // Welford per bucket, combined across buckets at read time: stable where sum/sumsq is not.
      const n = ++b[o + 1]!;
      const d = value - b[o + 2]!;
      b[o + 2]! += d / n;
      b[o + 3]! += d * (value - b[o + 2]!);
      return;
    }
    case OP.first_seen: {
      const o = locateBucket(cfg, st, idx);
      if (o >= 0 && at < st.b[o + 1]!) st.b[o + 1] = at;
      return;
    }
    case OP.last_value: {
      if (value === undefined || value === null) return;
      const o = locateBucket(cfg, st, idx);
      // Ties go to the later arrival: a corrected resend of the same instant wins.
      if (o >= 0 && at >= st.b[o + 1]!) {
        st.b[o + 1] = at;
        (st.x as unknown[])[o / cfg.stride] = value;
      }
      return;
    }
    case OP.distinct:
      writeDistinct(cfg, st, idx, value);
      return;
  }
}

/**
 * Distinct keeps, per value, the index of its latest bucket, and per bucket how many values have
 * their latest occurrence there; the count in a window is then a sum over buckets. This is exact
 * for reads at or after the newest event; a read for a late event does not count values whose
 * latest occurrence is after it. Past `distinctCap` values the least recently seen is forgotten,
 * so the count saturates at the cap (exactly min(true count, cap) for in-order reads).
 */
function writeDistinct(cfg: StateConfig, st: KeyState, idx: number, value: unknown): void {
  const vk = valueKey(value);
  if (vk === null) return;
  const map = valueMap<number>(st);
  const prev = map.get(vk);
  if (prev !== undefined && prev >= idx) return;
  const o = locateBucket(cfg, st, idx);
  if (o < 0) return;
  const b = st.b;
  const S = cfg.stride;
  if (prev !== undefined) {
    const po = findBucket(b, S, prev);
    if (po >= 0) b[po + 1]!--;
    map.delete(vk);
  } else {
    st.e += entryBytes(vk);
    if (map.size >= cfg.limits.distinctCap) {
      const [oldKey, oldIdx] = map.entries().next().value as [string | number | boolean, number];
      const oo = findBucket(b, S, oldIdx);
      if (oo >= 0) b[oo + 1]!--;
      map.delete(oldKey);
      st.e -= entryBytes(oldKey);
    }
  }
  map.set(vk, idx);
  b[o + 1]!++;
}

/** Value of the feature as seen by a read at `at`. */
export function readVelocity(cfg: StateConfig, st: KeyState, at: number): unknown {
  const { width, windowMs } = cfg.layout;
  const first = Math.floor((at - windowMs) / width) + 1;
  const last = Math.floor(at / width);
  const b = st.b;
  const S = cfg.stride;
  const len = b.length;
  switch (cfg.op) {
    case OP.count:
    case OP.sum:
    case OP.distinct: {
      let s = 0;
      for (let o = 0; o < len; o += S) {
        const i = b[o]!;
        if (i >= first && i <= last) s += b[o + 1]!;
      }
      return s;
    }
    case OP.avg: {
      let n = 0;
      let s = 0;
      for (let o = 0; o < len; o += S) {
        const i = b[o]!;
        if (i >= first && i <= last) {
          n += b[o + 1]!;
          s += b[o + 2]!;
        }
      }
      return n > 0 ? s / n : null;
    }
    case OP.min:
    case OP.first_seen: {
      let m = Infinity;
      for (let o = 0; o < len; o += S) {
        const i = b[o]!;
        if (i >= first && i <= last && b[o + 1]! < m) m = b[o + 1]!;
      }
      return m === Infinity ? null : m;
    }
    case OP.max: {
      let m = -Infinity;
      for (let o = 0; o < len; o += S) {
        const i = b[o]!;
        if (i >= first && i <= last && b[o + 1]! > m) m = b[o + 1]!;
      }
      return m === -Infinity ? null : m;
    }
    case OP.stddev: {
      // Chan et al.'s pairwise combination of per-bucket (n, mean, M2); population stddev.
      let n = 0;
      let mean = 0;
      let m2 = 0;
      for (let o = 0; o < len; o += S) {
        const i = b[o]!;
        const nb = b[o + 1]!;
        if (i < first || i > last || nb === 0) continue;
        const tot = n + nb;
        const d = b[o + 2]! - mean;
        mean += (d * nb) / tot;
        m2 += b[o + 3]! + (d * d * n * nb) / tot;
        n = tot;
      }
      return n > 0 ? Math.sqrt(Math.max(0, m2 / n)) : null;
    }
    case OP.last_value: {
      for (let o = len - S; o >= 0; o -= S) {
        const i = b[o]!;
        if (i <= last && i >= first && b[o + 1]! > -Infinity) return (st.x as unknown[])[o / S];
        if (i < first) break;
      }
      return null;
    }
  }
  return null;
}

/** Forgets what no read at or after `now` can see; true when nothing is left. */
export function tidyVelocity(cfg: StateConfig, st: KeyState, now: number): boolean {
  const dropped = dropExpiredBuckets(cfg, st, now);
  if (!dropped) return true;
  const { cut, removed } = dropped;
  if (removed > 0 && Array.isArray(st.x)) st.x.splice(0, removed / cfg.stride);
  if (st.x instanceof Map) {
    for (const [v, i] of st.x as Map<string | number | boolean, number>) {
      if (i <= cut) {
        st.x.delete(v);
        st.e -= entryBytes(v);
      }
    }
  }
  compactState(st);
  return false;
}
