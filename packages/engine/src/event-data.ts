import { createHash, createHmac, hash } from 'node:crypto';
import { maskCardNumbers } from './lists/index.ts';
import { ValidationError, type Issue } from './validation-error.ts';
import type { EventTypeDef, FieldDef } from './types.ts';

/** Field names that carry data a bank must never receive or keep: CVV, PIN, track data. */
const FORBIDDEN_FIELD = /^(cvv2?|cvc2?|cav2|cid|csc|pin|pin_?block|pvv|icvv|track_?[123]?(_?data)?|mag_?stripe)$/i;
const DEFAULT_STRING_MAX = 256;
const DEFAULT_LIST_MAX = 64;

/** SHA-256 block size, and the longest input the precomputed HMAC buffers take (card numbers are 19 digits at most). */
const BLOCK = 64;
const MAX_FAST_INPUT = 64;

/** Turns card numbers into stable tokens with a keyed HMAC, so features and lists can key on them. */
export class PanTokenizer {
  private readonly key: Buffer;
  /** `key ⊕ ipad` followed by room for the input, and `key ⊕ opad` followed by the inner digest. */
  private readonly inner = Buffer.alloc(BLOCK + MAX_FAST_INPUT);
  private readonly outer = Buffer.alloc(BLOCK + 32);

  constructor(key: string | Buffer) {
    this.key = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    if (this.key.length < 16) throw new Error('PAN tokenisation key must be at least 16 bytes');
    // HMAC (RFC 2104) spelled out: the padded keys are worked out once, and each token is then two
    // one-shot hashes, without the Hmac object and key setup createHmac costs per call.
    const k = this.key.length > BLOCK ? createHash('sha256').update(this.key).digest() : this.key;
    for (let i = 0; i < BLOCK; i++) {
      const b = i < k.length ? k[i]! : 0;
      this.inner[i] = b ^ 0x36;
      this.outer[i] = b ^ 0x5c;
    }
  }

  /** `tok_` + 32 base64url characters of HMAC-SHA256 over the digits. */
  tokenize(pan: string): string {
    const digits = pan.replace(/[\s-]/g, '');
    const n = Buffer.byteLength(digits, 'utf8');
    if (n > MAX_FAST_INPUT) return 'tok_' + createHmac('sha256', this.key).update(digits).digest('base64url').slice(0, 32);
    this.inner.write(digits, BLOCK, n, 'utf8');
    hash('sha256', this.inner.subarray(0, BLOCK + n), 'buffer').copy(this.outer, BLOCK);
    return 'tok_' + hash('sha256', this.outer, 'base64url').slice(0, 32);
  }
}

/** First 6 and last 4 digits visible, the rest masked. */
export function maskPan(pan: string): string {
  const d = pan.replace(/[\s-]/g, '');
  if (d.length < 11) return '*'.repeat(d.length);
  return d.slice(0, 6) + '*'.repeat(d.length - 10) + d.slice(-4);
}

const DIGIT_RUN = /\b(?:\d[ -]?){12,18}\d\b/g;

/**
 * Masks every run of 13 to 19 digits (spaces and dashes allowed) in free text: notes, reasons and
 * logs, where a card number may be typed whether or not it passes the Luhn check.
 *
 * @example maskDigitRuns('card 6222 0212 3456 7890 123 stolen') // 'card 622202*********0123 stolen'
 */
export function maskDigitRuns(text: string): string {
  return text.replace(DIGIT_RUN, (m) => {
    const d = m.replace(/[ -]/g, '');
    return d.length < 13 || d.length > 19 ? m : maskPan(d);
  });
}

/**
 * Masks personal data for people whose role does not need it: phones keep the first 3 and last 4
 * digits, identity numbers the first 6 and last 4 characters, names their first character.
 *
 * @example maskPersonal('phone', '13800138000') // '138****8000'
 */
export function maskPersonal(kind: 'phone' | 'id_number' | 'name', value: string): string {
  const keep = (head: number, tail: number) => (value.length <= head + tail ? '*'.repeat(value.length) : value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail));
  if (kind === 'phone') return keep(3, 4);
  if (kind === 'id_number') return keep(6, 4);
  const chars = [...value];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

export function isPanShaped(value: string): boolean {
  // 12 to 24 characters, digits at both ends, digits, spaces and dashes between, 12 to 19 digits
  // in all: /^[0-9][0-9 -]{10,22}[0-9]$/ and then 12 to 19 digits once spaces and dashes are
  // removed, in one pass (it runs on every card field of every event).
  const v = typeof value === 'string' ? value : String(value);
  const n = v.length;
  if (n < 12 || n > 24) return false;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c !== 32 && c !== 45) || i === 0 || i === n - 1) return false;
  }
  return digits >= 12 && digits <= 19;
}

/** An event's data after validation: card numbers replaced by tokens, their masked forms kept aside. */
export interface PreparedEvent {
  data: Record<string, unknown>;
  masked: Record<string, string>;
  /** `<field>` → value of each entity field present (tokens for cards). */
  entities: Record<string, string>;
  org: string | null;
}

/**
 * Validates `data` against the event type's schema and protects sensitive fields.
 * Nothing is coerced silently: every problem is reported with its field path.
 *
 * @example prepareEvent(cardAuth, {card: '6228480000000000001', amount: 12.5}, tokenizer)
 *   // → {data: {card: 'tok_…', amount: 12.5}, masked: {card: '622848*********0001'}, …}
 */
export function prepareEvent(def: EventTypeDef, data: unknown, tokenizer: PanTokenizer, basePath = 'data'): PreparedEvent {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError('INVALID_EVENT', [{ path: basePath, code: 'TYPE', message: 'must be an object' }]);
  }
  const input = data as Record<string, unknown>;
  const known = schemaOf(def);
  // A valid event takes the schema's compiled path; anything it does not accept as is (and every
  // invalid event) goes through the general one below, which reports the problems.
  // Compiled once the type has been seen a few times: a caller building a fresh definition per
  // event should not pay a compilation per event.
  if (known.fast === undefined && ++known.uses >= COMPILE_AFTER) known.fast = compileFastPrepare(def, known.fields, known.forbidden, known.entityFields);
  const fast = known.fast?.(input, tokenizer, known.fields, FAST_HELPERS);
  return fast ?? prepareEventGeneral(def, input, tokenizer, basePath);
}

/**
 * The general path of {@link prepareEvent}: every field checked through the same loop, every
 * problem reported. prepareEvent answers valid events from the schema's compiled path and falls
 * back to this; exported so that tests can hold the two to the same answers.
 */
export function prepareEventGeneral(def: EventTypeDef, data: unknown, tokenizer: PanTokenizer, basePath = 'data'): PreparedEvent {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError('INVALID_EVENT', [{ path: basePath, code: 'TYPE', message: 'must be an object' }]);
  }
  const input = data as Record<string, unknown>;
  const known = schemaOf(def);
  const issues: Issue[] = [];
  const out: Record<string, unknown> = {};
  const masked: Record<string, string> = {};
  for (const key of Object.keys(input)) {
    // Schema fields were checked against FORBIDDEN_FIELD once; other keys are checked here.
    const forbidden = known.forbidden.get(key);
    if (forbidden === false) continue;
    if (forbidden === true || FORBIDDEN_FIELD.test(key)) {
      throw new ValidationError('SENSITIVE_DATA_REFUSED', [
        { path: `${basePath}.${key}`, code: 'SENSITIVE_DATA_REFUSED', message: 'CVV, PIN and track data must never be sent' },
      ]);
    }
    if (!Object.hasOwn(def.fields, key)) {
      issues.push({ path: `${basePath}.${key}`, code: 'UNKNOWN_FIELD', message: `field is not in the schema of event type ${def.key}` });
    }
  }
  for (const [name, field, pan] of known.fields) {
    const raw = Object.hasOwn(input, name) ? input[name] : undefined;
    if (raw === undefined || raw === null) {
      if (field.required) issues.push({ path: `${basePath}.${name}`, code: 'REQUIRED', message: 'is required' });
      continue;
    }
    if (pan) {
      if (typeof raw !== 'string' || !isPanShaped(raw)) {
        issues.push({ path: `${basePath}.${name}`, code: 'INVALID_PAN', message: 'must be a card number of 12 to 19 digits' });
        continue;
      }
      out[name] = tokenizer.tokenize(raw);
      masked[name] = maskPan(raw);
      continue;
    }
    const checked = checkField(field, raw, basePath, name, issues);
    // A phone or identity number is personal data, masked by role where it is shown, never a card
    // number: a Luhn-valid digit run in it (one phone number in ten) must stay as sent, or it
    // would no longer match itself as an entity or a list value.
    if (checked !== undefined) out[name] = personalData(def, name) ? checked : maskStray(checked);
  }
  if (issues.length > 0) throw new ValidationError('INVALID_EVENT', issues);
  const entities: Record<string, string> = {};
  for (const name of known.entityFields) {
    const v = out[name];
    if (typeof v === 'string' && v !== '') entities[name] = v;
    else if (typeof v === 'number') entities[name] = String(v);
  }
  const org = def.orgField && typeof out[def.orgField] === 'string' ? (out[def.orgField] as string) : null;
  return { data: out, masked, entities, org };
}

/**
 * A card number can arrive in a field nobody declared sensitive (an account field holding a card
 * number, a memo): it is masked there too, so no raw card number is ever stored or shown.
 */
function personalData(def: EventTypeDef, name: string): boolean {
  const kind = def.sensitiveFields[name];
  return kind === 'phone' || kind === 'id_number';
}

function maskStray(v: unknown): unknown {
  if (typeof v === 'string') return v.length >= 13 ? maskCardNumbers(v) : v;
  if (Array.isArray(v)) return v.map(maskStray);
  return v;
}

/** What prepareEvent needs of a schema, worked out once per event type definition. */
interface Schema {
  /** Fields as [name, definition, is a card number]. */
  fields: Array<[string, FieldDef, boolean]>;
  /** Schema field name → whether it is a name that must never be sent. */
  forbidden: Map<string, boolean>;
  entityFields: string[];
  /** The valid-event path compiled for this schema (see {@link compileFastPrepare}); null when it has none, undefined until compiled. */
  fast: FastPrepare | null | undefined;
  /** Events prepared before the path was compiled. */
  uses: number;
}

const COMPILE_AFTER = 8;

type FastPrepare = (input: Record<string, unknown>, tokenizer: PanTokenizer, fields: Schema['fields'], h: typeof FAST_HELPERS) => PreparedEvent | null;

const schemaCache = new WeakMap<EventTypeDef, Schema>();
function schemaOf(def: EventTypeDef): Schema {
  let f = schemaCache.get(def);
  if (!f) {
    const fields = Object.entries(def.fields).map(([n, d]): [string, FieldDef, boolean] => [n, d, def.sensitiveFields[n] === 'pan']);
    const forbidden = new Map(fields.map(([n]) => [n, FORBIDDEN_FIELD.test(n)]));
    const entityFields = Object.keys(def.entityFields);
    f = { fields, forbidden, entityFields, fast: undefined, uses: 0 };
    schemaCache.set(def, f);
  }
  return f;
}

/** What the compiled paths call: the general path's own checks, so both accept the same values. */
const FAST_HELPERS = { hasOwn: Object.hasOwn, checkField, maskStray, isPanShaped, maskPan };

/**
 * The valid-event path of prepareEvent for one schema, as straight-line JavaScript: the general
 * path reads and writes every field through a variable name (a megamorphic keyed access per field,
 * the bulk of its cost); here every field name is a literal (JSON.stringify'd), so each access is
 * a plain property access and every prepared object of the type gets the same shape. It returns
 * null at the first thing that is not plainly valid — an unknown or forbidden key, a missing
 * required field, any value checkField refuses — and the general path then runs from scratch and
 * reports every problem exactly as before. Same checks (the same functions), same field order.
 */
function compileFastPrepare(def: EventTypeDef, fields: Schema['fields'], forbidden: Map<string, boolean>, entityFields: string[]): FastPrepare | null {
  const names = [...fields.map(([n]) => n), ...entityFields, ...(def.orgField ? [def.orgField] : [])];
  // A name that JavaScript treats specially as a literal key stays on the general path.
  if (names.some((n) => n === '__proto__')) return null;
  const q = (n: string) => JSON.stringify(n);
  const lines: string[] = [
    'for (const k of Object.keys(input)) if (!known.has(k)) return null;',
    'const out = {};',
    'const masked = {};',
    'const issues = [];',
    'let v, c;',
  ];
  fields.forEach(([name, field, pan], i) => {
    lines.push(`v = h.hasOwn(input, ${q(name)}) ? input[${q(name)}] : undefined;`);
    lines.push(`if (v === undefined || v === null) { ${field.required ? 'return null;' : ''} }`);
    if (pan) {
      lines.push(`else { if (typeof v !== 'string' || !h.isPanShaped(v)) return null; out[${q(name)}] = tokenizer.tokenize(v); masked[${q(name)}] = h.maskPan(v); }`);
    } else {
      const keep = personalData(def, name);
      lines.push(`else { c = h.checkField(fields[${i}][1], v, 'data', ${q(name)}, issues); if (issues.length) return null; if (c !== undefined) out[${q(name)}] = ${keep ? 'c' : 'h.maskStray(c)'}; }`);
    }
  });
  lines.push('const entities = {};');
  for (const name of entityFields) {
    lines.push(`v = out[${q(name)}]; if (typeof v === 'string' && v !== '') entities[${q(name)}] = v; else if (typeof v === 'number') entities[${q(name)}] = String(v);`);
  }
  lines.push(def.orgField ? `v = out[${q(def.orgField)}]; const org = typeof v === 'string' ? v : null;` : 'const org = null;');
  lines.push('return { data: out, masked, entities, org };');
  // Keys an event may carry as they are: schema fields whose names are not forbidden.
  const known = new Set(fields.filter(([n]) => !forbidden.get(n)).map(([n]) => n));
  const factory = new Function('known', `"use strict";\nreturn function fastPrepare(input, tokenizer, fields, h) {\n${lines.join('\n')}\n};`) as (known: Set<string>) => FastPrepare;
  return factory(known);
}

function fail(issues: Issue[], base: string, name: string, code: string, message: string): undefined {
  issues.push({ path: `${base}.${name}`, code, message });
  return undefined;
}

function checkField(field: FieldDef, raw: unknown, base: string, name: string, issues: Issue[]): unknown {
  switch (field.type) {
    case 'string': {
      if (typeof raw !== 'string') return fail(issues, base, name, 'TYPE', 'must be a string');
      const max = field.maxLength ?? DEFAULT_STRING_MAX;
      if (raw.length > max) return fail(issues, base, name, 'TOO_LONG', `must be at most ${max} characters`);
      return raw;
    }
    case 'enum':
      if (typeof raw !== 'string') return fail(issues, base, name, 'TYPE', 'must be a string');
      if (!field.values?.includes(raw)) return fail(issues, base, name, 'ENUM', `must be one of ${(field.values ?? []).join(', ')}`);
      return raw;
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(issues, base, name, 'TYPE', 'must be a finite number');
      return raw;
    case 'integer':
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) return fail(issues, base, name, 'TYPE', 'must be an integer');
      return raw;
    case 'boolean':
      if (typeof raw !== 'boolean') return fail(issues, base, name, 'TYPE', 'must be true or false');
      return raw;
    case 'timestamp': {
      const ms = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.length <= 40 ? Date.parse(raw) : NaN;
      // ±8.64e15 ms is the range a JavaScript Date can represent.
      if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return fail(issues, base, name, 'TYPE', 'must be an ISO 8601 timestamp or epoch milliseconds');
      return new Date(ms).toISOString();
    }
    case 'geo': {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail(issues, base, name, 'TYPE', 'must be {lat, lon}');
      const { lat, lon } = raw as Record<string, unknown>;
      if (typeof lat !== 'number' || lat < -90 || lat > 90) return fail(issues, base, name, 'GEO', 'lat must be a number in [-90, 90]');
      if (typeof lon !== 'number' || lon < -180 || lon > 180) return fail(issues, base, name, 'GEO', 'lon must be a number in [-180, 180]');
      if (Object.keys(raw).length !== 2) return fail(issues, base, name, 'GEO', 'must have only lat and lon');
      return { lat, lon };
    }
    case 'string_list': {
      if (!Array.isArray(raw)) return fail(issues, base, name, 'TYPE', 'must be a list of strings');
      const max = field.maxLength ?? DEFAULT_LIST_MAX;
      if (raw.length > max) return fail(issues, base, name, 'TOO_LONG', `must have at most ${max} items`);
      if (!raw.every((x) => typeof x === 'string' && x.length <= DEFAULT_STRING_MAX)) return fail(issues, base, name, 'TYPE', 'must be a list of strings');
      return [...raw];
    }
  }
}

/** Converts prepared data into CEL values: integers to int (BigInt), timestamps to Date. */
export function toCelEvent(def: EventTypeDef, data: Record<string, unknown>): Record<string, unknown> {
  // A copy of the data, then only the fields whose CEL form differs: a loop copying field by
  // field costs a megamorphic keyed load and store per field, and most fields need no change.
  const out: Record<string, unknown> = { ...data };
  for (const [k, t] of convertedFieldsOf(def)) {
    if (!Object.hasOwn(out, k)) continue;
    const v = out[k];
    // A stored event from before a schema change may hold a fraction in what is now an integer
    // field: it stays a double rather than failing the conversion.
    if (t === 'integer' && typeof v === 'number' && Number.isSafeInteger(v)) out[k] = BigInt(v);
    else if (t === 'timestamp' && typeof v === 'string') out[k] = new Date(v);
  }
  return out;
}

/** The integer and timestamp fields of a schema, the only ones toCelEvent changes. */
const convertedCache = new WeakMap<EventTypeDef, Array<[string, 'integer' | 'timestamp']>>();
function convertedFieldsOf(def: EventTypeDef): Array<[string, 'integer' | 'timestamp']> {
  let f = convertedCache.get(def);
  if (!f) {
    f = [];
    for (const [name, field] of Object.entries(def.fields)) if (field.type === 'integer' || field.type === 'timestamp') f.push([name, field.type]);
    convertedCache.set(def, f);
  }
  return f;
}
