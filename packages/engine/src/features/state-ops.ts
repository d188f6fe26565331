/**
 * The operations on one (definition, entity) state that every feature store adapter shares, so
 * that an embedded store and a remote one (Redis) compute exactly the same values: what a read
 * sees, how an event is folded in, de-duplication by event key, eviction, and the byte form of a
 * state for stores that keep it outside the process.
 *
 * @module
 */
import { deserialize, serialize } from 'node:v8';
import { FeatureError } from './feature-error.ts';
import { geoExpired, readGeo, writeGeo } from './geo-state.ts';
import { hashString } from './hash-string.ts';
import { cloneState, newState, remember, seenRecently, type GeoMark, type KeyState } from './key-state.ts';
import { emptyProfile, readProfile, tidyProfile, writeProfile } from './profile-state.ts';
import type { StateConfig } from './state-config.ts';
import type { FeatureObservation, FeatureStore } from './store.ts';
import type { FeatureDefinition } from './types.ts';
import { emptyVelocity, readVelocity, tidyVelocity, writeVelocity } from './velocity-state.ts';

export { hashString };
export { cloneState, newState, remember, seenRecently, stateBytes, type GeoMark, type KeyState } from './key-state.ts';
export { DEFAULT_LIMITS, stateConfig, type StateConfig, type StoreLimits } from './state-config.ts';

/** True when the definition's value includes the current event (velocity `includeCurrent`). */
export function includesCurrent(def: FeatureDefinition): boolean {
  return def.kind === 'velocity' && def.includeCurrent === true;
}

/** The value a read at `at` (for an event carrying `value`) sees in the state; an absent state reads empty. */
export function readState(cfg: StateConfig, st: KeyState | undefined, at: number, value: unknown): unknown {
  switch (cfg.kind) {
    case 'velocity':
      return st ? readVelocity(cfg, st, at) : emptyVelocity(cfg);
    case 'profile':
      return st ? readProfile(cfg, st, at, value) : emptyProfile(cfg, value);
    case 'geo':
      return readGeo(cfg, st, at, value);
  }
}

/** Folds one event into the state. The caller has de-duplicated it ({@link seenRecently}, {@link remember}). */
export function writeState(cfg: StateConfig, st: KeyState, at: number, value: unknown): void {
  switch (cfg.kind) {
    case 'velocity':
      return writeVelocity(cfg, st, at, value);
    case 'profile':
      return writeProfile(cfg, st, at, value);
    case 'geo':
      return writeGeo(st, at, value);
  }
}

/** Prunes (and compacts) what no read at or after `now` can see; true when the whole state can go. */
export function tidyState(cfg: StateConfig, st: KeyState, now: number): boolean {
  switch (cfg.kind) {
    case 'velocity':
      return tidyVelocity(cfg, st, now);
    case 'profile':
      return tidyProfile(cfg, st, now);
    case 'geo':
      return geoExpired(cfg, st, now);
  }
}

/** Refuses an observation without a string entity key and event key and a finite time ({@link FeatureError} `FEATURE_OBSERVATION`). */
export function checkObservation(o: FeatureObservation): void {
  if (typeof o.entityKey !== 'string' || typeof o.eventKey !== 'string' || typeof o.at !== 'number' || !Number.isFinite(o.at)) {
    throw new FeatureError('FEATURE_OBSERVATION', `observation of ${o.defId} needs a string entityKey and eventKey and a finite time`);
  }
}

/** What {@link applyObservation} did to one state. */
export interface AppliedObservation {
  /** The value the observation reads; undefined when it does not read. */
  value: unknown;
  /** The state after the observation: a new one when the observation wrote into none, else the one given (changed in place). */
  state: KeyState | undefined;
  /** The event was folded in (it writes and its event key was not among the recently applied ones). */
  changed: boolean;
}

/**
 * Applies one observation to one state exactly as {@link FeatureStore.observe} does: read before
 * the event (or after it, for `includeCurrent`), and, when the observation writes and its event
 * key (hashed with {@link hashString} into `eventHash`) was not applied recently, remember the key
 * and fold the event in. The state is changed in place.
 *
 * @example
 * const r = applyObservation(cfg, st, o, hashString(o.eventKey), limits.dedupDepth);
 * if (r.changed) save(r.state);
 */
export function applyObservation(cfg: StateConfig, st: KeyState | undefined, o: FeatureObservation, eventHash: number, dedupDepth: number): AppliedObservation {
  const after = includesCurrent(o.def);
  let value: unknown;
  if (o.read && !after) value = readState(cfg, st, o.at, o.value);
  let changed = false;
  if (o.write) {
    if (!st) st = newState(cfg);
    if (!seenRecently(st, eventHash)) {
      remember(st, eventHash, dedupDepth);
      writeState(cfg, st, o.at, o.value);
      changed = true;
    }
  }
  if (o.read && after) value = readState(cfg, st, o.at, o.value);
  return { value, state: st, changed };
}

/**
 * The value {@link applyObservation} would return, without changing the state (a point-in-time
 * read): an `includeCurrent` observation that writes sees its event applied to a throw-away copy,
 * unless the state already holds it. `eventHash` is computed when needed and not given.
 */
export function peekObservation(cfg: StateConfig, st: KeyState | undefined, o: FeatureObservation, eventHash?: number): unknown {
  if (!o.read) return undefined;
  if (!(o.write && includesCurrent(o.def))) return readState(cfg, st, o.at, o.value);
  if (st && seenRecently(st, eventHash ?? hashString(o.eventKey))) return readState(cfg, st, o.at, o.value);
  const copy = st ? cloneState(st) : newState(cfg);
  writeState(cfg, copy, o.at, o.value);
  return readState(cfg, copy, o.at, o.value);
}

/** Version of the byte form written by {@link encodeState}. */
const STATE_FORMAT = 1;
/** Integers up to this magnitude are written as varints; other numbers as 8-byte doubles. */
const MAX_VARINT_INT = 2 ** 50;

/**
 * One state as bytes, for stores that keep states outside the process. A canonical binary form:
 * equal states give equal bytes, whatever V8's internal representation of their numbers. Integers
 * are varints (a bucket index costs 5 bytes, a count 1), other numbers (and -0, ±Infinity) 8-byte
 * doubles, event-key hashes unsigned varints, strings UTF-8; Maps keep their order (it is the
 * least-recently-seen order of distinct and profile states). A `last_value` value that is neither
 * a primitive nor null (an object field) is kept by structured clone.
 */
export function encodeState(st: KeyState): Buffer {
  const w = new ByteWriter(32 + 6 * st.b.length + 8 * st.d.length + (st.x instanceof Map ? 24 * st.x.size : Array.isArray(st.x) ? 16 * st.x.length : 0));
  w.byte(STATE_FORMAT);
  w.uint(st.b.length);
  for (let i = 0; i < st.b.length; i++) w.num(st.b[i]!);
  w.uint(st.d.length);
  for (let i = 0; i < st.d.length; i++) w.uint(st.d[i]!);
  w.uint(st.p);
  w.num(st.e);
  writeExtra(w, st.x);
  return w.bytes();
}

/** The state {@link encodeState} wrote. Throws {@link FeatureError} `FEATURE_STATE` for anything else. */
export function decodeState(bytes: Uint8Array): KeyState {
  const r = new ByteReader(bytes);
  if (r.byte() !== STATE_FORMAT) throw new FeatureError('FEATURE_STATE', `not a version ${STATE_FORMAT} feature state`);
  const b: number[] = new Array(r.count());
  for (let i = 0; i < b.length; i++) b[i] = r.num();
  const d: number[] = new Array(r.count());
  for (let i = 0; i < d.length; i++) d[i] = r.uint();
  const p = r.uint();
  const e = r.num();
  const x = readExtra(r);
  if (!r.done()) throw malformed();
  return { b, d, p, x, e };
}

const X_NULL = 0;
const X_ARRAY = 1;
const X_MAP = 2;
const X_GEO = 3;
const X_OTHER = 4;
const V_UNDEFINED = 0;
const V_NULL = 1;
const V_FALSE = 2;
const V_TRUE = 3;
const V_NUMBER = 4;
const V_STRING = 5;
const V_STRING16 = 6;
const V_OTHER = 7;
/** In a `u` regular expression a surrogate pair is one code point: only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;

function writeExtra(w: ByteWriter, x: unknown): void {
  if (x === null) return w.byte(X_NULL);
  if (Array.isArray(x)) {
    w.byte(X_ARRAY);
    w.uint(x.length);
    for (const v of x) writeValue(w, v);
    return;
  }
  if (x instanceof Map) {
    w.byte(X_MAP);
    w.uint(x.size);
    for (const [k, v] of x as Map<unknown, unknown>) {
      writeValue(w, k);
      if (Array.isArray(v)) {
        w.byte(1);
        w.uint(v.length);
        for (const n of v as number[]) w.num(n);
      } else {
        w.byte(0);
        w.num(v as number);
      }
    }
    return;
  }
  const g = x as GeoMark;
  if (typeof x === 'object' && Object.keys(x as object).length === 3 && typeof g.lat === 'number' && typeof g.lon === 'number' && typeof g.at === 'number') {
    w.byte(X_GEO);
    w.num(g.lat);
    w.num(g.lon);
    w.num(g.at);
    return;
  }
  w.byte(X_OTHER);
  w.blob(serialize(x));
}

function readExtra(r: ByteReader): unknown {
  switch (r.byte()) {
    case X_NULL:
      return null;
    case X_ARRAY: {
      const a: unknown[] = new Array(r.count());
      for (let i = 0; i < a.length; i++) a[i] = readValue(r);
      return a;
    }
    case X_MAP: {
      const m = new Map<unknown, unknown>();
      for (let n = r.count(); n > 0; n--) {
        const k = readValue(r);
        const kind = r.byte();
        if (kind === 1) {
          const v: number[] = new Array(r.count());
          for (let i = 0; i < v.length; i++) v[i] = r.num();
          m.set(k, v);
        } else if (kind === 0) m.set(k, r.num());
        else throw malformed();
      }
      return m;
    }
    case X_GEO:
      return { lat: r.num(), lon: r.num(), at: r.num() };
    case X_OTHER:
      return r.cloned();
    default:
      throw malformed();
  }
}

function writeValue(w: ByteWriter, v: unknown): void {
  switch (typeof v) {
    case 'undefined':
      return w.byte(V_UNDEFINED);
    case 'boolean':
      return w.byte(v ? V_TRUE : V_FALSE);
    case 'number':
      w.byte(V_NUMBER);
      return w.num(v);
    case 'string':
      // UTF-8 unless the string holds a lone surrogate, which UTF-8 cannot carry.
      if (!LONE_SURROGATE.test(v)) {
        w.byte(V_STRING);
        return w.text(v, 'utf8');
      }
      w.byte(V_STRING16);
      return w.text(v, 'utf16le');
    default:
      if (v === null) return w.byte(V_NULL);
      w.byte(V_OTHER);
      return w.blob(serialize(v));
  }
}

function readValue(r: ByteReader): unknown {
  switch (r.byte()) {
    case V_UNDEFINED:
      return undefined;
    case V_NULL:
      return null;
    case V_FALSE:
      return false;
    case V_TRUE:
      return true;
    case V_NUMBER:
      return r.num();
    case V_STRING:
      return r.text('utf8');
    case V_STRING16:
      return r.text('utf16le');
    case V_OTHER:
      return r.cloned();
    default:
      throw malformed();
  }
}

function malformed(): FeatureError {
  return new FeatureError('FEATURE_STATE', 'malformed feature state');
}

class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }

  /** A non-negative safe integer, 7 bits a byte (at most 8 bytes). */
  uint(v: number): void {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  /** An integer as zig-zag varint shifted left once (an even varint); anything else as 1 then a double. */
  num(v: number): void {
    if (Number.isInteger(v) && v <= MAX_VARINT_INT && v >= -MAX_VARINT_INT && !Object.is(v, -0)) {
      this.uint(v >= 0 ? v * 4 : -v * 4 - 2);
      return;
    }
    this.room(9);
    this.buf[this.pos++] = 1;
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  blob(b: Uint8Array): void {
    this.uint(b.length);
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  text(v: string, encoding: 'utf8' | 'utf16le'): void {
    // Short ASCII strings (most remembered values) byte by byte: cheaper than a native call.
    if (encoding === 'utf8' && v.length < 0x80) {
      const start = this.pos;
      this.room(1 + v.length);
      this.buf[this.pos++] = v.length;
      let i = 0;
      for (; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c >= 0x80) break;
        this.buf[this.pos++] = c;
      }
      if (i === v.length) return;
      this.pos = start;
    }
    const n = Buffer.byteLength(v, encoding);
    this.uint(n);
    this.room(n);
    this.pos += this.buf.write(v, this.pos, n, encoding);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

class ByteReader {
  private readonly buf: Buffer;
  private pos = 0;

  constructor(bytes: Uint8Array) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  done(): boolean {
    return this.pos === this.buf.length;
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw malformed();
    return this.buf[this.pos++]!;
  }

  uint(): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const c = this.byte();
      v += (c & 0x7f) * scale;
      if (c < 0x80) return v;
      scale *= 0x80;
    }
    throw malformed();
  }

  /** A length, checked against what is left (every element takes at least a byte). */
  count(): number {
    const n = this.uint();
    if (n > this.buf.length - this.pos) throw malformed();
    return n;
  }

  num(): number {
    const u = this.uint();
    if (u === 1) {
      if (this.pos + 8 > this.buf.length) throw malformed();
      const v = this.buf.readDoubleLE(this.pos);
      this.pos += 8;
      return v;
    }
    if (u % 2 !== 0) throw malformed();
    const z = u / 2;
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  text(encoding: 'utf8' | 'utf16le'): string {
    const n = this.count();
    const s = this.buf.toString(encoding, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  cloned(): unknown {
    const n = this.count();
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    try {
      return deserialize(v);
    } catch {
      throw malformed();
    }
  }
}
