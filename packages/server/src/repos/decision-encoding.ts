/**
 * How a decision is laid out in the `decisions` table (migration 0013): one COPY text-format line
 * per decision, with the event, the answer and the trace as JSON text rather than JSONB (nothing
 * queries inside them; parsing them into JSONB was most of the cost of a write).
 *
 * The answer and the trace are stored compactly, and decode to exactly what was written:
 * - answer: `[1, rest]`, where `rest` is the answer without the fields the row's own columns
 *   already hold (decision id, event id and type, outcome, score, risk level, strategy, latency,
 *   degraded), which are put back from those columns when read;
 * - trace: `[1, rest, stages]`, where `rest` is the trace without `stages` and without the fields
 *   that have their default value (no data-source answers, no shadow hits, no rule errors, …),
 *   and each stage drops its `hits` and `errors` when they are empty.
 * A value that does not have the expected shape (never the case for what the decision service
 * writes) is stored whole, as a JSON object. So are rows written before 0013, which the migration
 * turned into text as they were: every decoder reads both forms.
 */
import { copyField, type DecisionTable } from '@vigil/storage';
import type { DecisionRecord } from './decisions.ts';

/** Columns of a COPY line, in order. */
export const DECISION_COLUMNS = [
  'decision_id',
  'event_id',
  'event_type',
  'direction',
  'org_id',
  'occurred_at',
  'decided_at',
  'outcome',
  'score',
  'risk_level',
  'strategy_id',
  'strategy_version',
  'latency_ms',
  'degraded',
  'payload_hash',
  'entities',
  'hits',
  'event',
  'response',
  'trace',
  'alert_pending',
] as const;

/** SQL types of {@link DECISION_COLUMNS}, for statements that read the lines back as text. */
export const DECISION_COLUMN_TYPES: Record<(typeof DECISION_COLUMNS)[number], string> = {
  decision_id: 'text',
  event_id: 'text',
  event_type: 'text',
  direction: 'text',
  org_id: 'text',
  occurred_at: 'timestamptz',
  decided_at: 'timestamptz',
  outcome: 'text',
  score: 'double precision',
  risk_level: 'text',
  strategy_id: 'text',
  strategy_version: 'integer',
  latency_ms: 'double precision',
  degraded: 'boolean',
  payload_hash: 'text',
  entities: 'jsonb',
  hits: 'jsonb',
  event: 'text',
  response: 'text',
  trace: 'text',
  alert_pending: 'boolean',
};

/**
 * One decision as a line of COPY text (newline included), built once when the decision is made
 * so that a group commit only joins strings.
 */
export function decisionCopyLine(r: DecisionRecord): string {
  return (
    copyField(r.decisionId) +
    '\t' +
    copyField(r.eventId) +
    '\t' +
    copyField(r.eventType) +
    '\t' +
    copyField(r.direction) +
    '\t' +
    copyField(r.orgId) +
    '\t' +
    r.occurredAt.toISOString() +
    '\t' +
    r.decidedAt.toISOString() +
    '\t' +
    copyField(r.outcome) +
    '\t' +
    copyField(r.score) +
    '\t' +
    copyField(r.riskLevel) +
    '\t' +
    copyField(r.strategyId) +
    '\t' +
    copyField(r.strategyVersion) +
    '\t' +
    copyField(r.latencyMs) +
    '\t' +
    copyField(r.degraded) +
    '\t' +
    copyField(r.payloadHash) +
    '\t' +
    jsonField(JSON.stringify(r.entities)) +
    '\t' +
    jsonField(JSON.stringify(r.hits)) +
    '\t' +
    jsonField(JSON.stringify(r.event)) +
    '\t' +
    jsonField(encodeResponse(r)) +
    '\t' +
    jsonField(encodeTrace(r.trace)) +
    '\t' +
    (raisesAlert(r.trace) ? 't' : 'f') +
    '\n'
  );
}

/** The decision carries an alert action (a rule's or its outcome's): the alert feed files it. */
export function raisesAlert(trace: Record<string, unknown>): boolean {
  const actions = trace.actions;
  return Array.isArray(actions) && actions.some((a) => (a as { type?: unknown } | null)?.type === 'alert');
}

/**
 * A COPY field holding JSON text. JSON.stringify never emits a raw tab, newline, carriage return,
 * NUL or lone surrogate (it escapes them), so only backslashes need escaping: cheaper than
 * {@link copyField}'s checks over a few kilobytes per decision.
 */
function jsonField(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/** The stored event (`{data, masked, channel, org}`), as written. */
export function decodeEvent(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

/** The columns a stored answer is completed from. */
export type ResponseColumns = Pick<DecisionTable, 'decision_id' | 'event_id' | 'event_type' | 'outcome' | 'score' | 'risk_level' | 'strategy_id' | 'strategy_version' | 'latency_ms' | 'degraded'>;

type Derived = (c: ResponseColumns) => unknown;
/** Answer fields the row's columns hold, in the answer's own order (others go where they were). */
const FROM_COLUMNS: Array<[string, Derived]> = [
  ['decisionId', (c) => c.decision_id],
  ['eventId', (c) => c.event_id],
  ['eventType', (c) => c.event_type],
  ['outcome', (c) => c.outcome],
  ['score', (c) => c.score],
  ['riskLevel', (c) => c.risk_level],
  ['strategy', (c) => (c.strategy_id === null ? null : { id: c.strategy_id, version: c.strategy_version })],
  ['latencyMs', (c) => c.latency_ms],
  ['degraded', (c) => c.degraded],
];
const DERIVE = new Map(FROM_COLUMNS);
/** The answer's field order, so a decoded answer serialises as it was sent. */
const RESPONSE_ORDER = ['decisionId', 'eventId', 'eventType', 'outcome', 'challenge', 'score', 'riskLevel', 'reasons', 'hits', 'strategy', 'latencyMs', 'degraded'];

/** The answer without what the row's columns hold; the whole answer if any such field is missing or differs. */
export function encodeResponse(r: DecisionRecord): string {
  const x = r.response;
  // Strict equality with the (always defined) column values also proves each field is present.
  const strategy = x.strategy as { id?: unknown; version?: unknown } | null | undefined;
  const sameStrategy = r.strategyId === null ? strategy === null : typeof strategy === 'object' && strategy !== null && Object.keys(strategy).length === 2 && strategy.id === r.strategyId && strategy.version === r.strategyVersion;
  if (
    !sameStrategy ||
    x.decisionId !== r.decisionId ||
    x.eventId !== r.eventId ||
    x.eventType !== r.eventType ||
    x.outcome !== r.outcome ||
    x.score !== r.score ||
    x.riskLevel !== r.riskLevel ||
    x.latencyMs !== r.latencyMs ||
    x.degraded !== r.degraded
  ) {
    return JSON.stringify(x);
  }
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(x)) if (!DERIVE.has(k)) rest[k] = x[k];
  return '[1,' + JSON.stringify(rest) + ']';
}

/** The answer as it was sent, from its stored form and the row's columns. */
export function decodeResponse(text: string, columns: ResponseColumns): Record<string, unknown> {
  const stored = JSON.parse(text) as unknown;
  if (!Array.isArray(stored)) return stored as Record<string, unknown>;
  const rest = stored[1] as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of RESPONSE_ORDER) {
    if (Object.hasOwn(rest, k)) out[k] = rest[k];
    else {
      const derive = DERIVE.get(k);
      if (derive) out[k] = derive(columns);
    }
  }
  for (const k of Object.keys(rest)) if (!Object.hasOwn(out, k)) out[k] = rest[k];
  return out;
}

const emptyObject = { make: () => ({}), is: (v: unknown) => isPlainObject(v) && Object.keys(v).length === 0 };
const emptyArray = { make: () => [], is: (v: unknown) => Array.isArray(v) && v.length === 0 };
const constant = (c: unknown) => ({ make: () => c, is: (v: unknown) => v === c });
/** Trace fields and the value they usually have, in the engine's order. */
const TRACE_DEFAULTS = new Map<string, { make(): unknown; is(v: unknown): boolean }>([
  ['vars', emptyObject],
  ['features', emptyObject],
  ['models', emptyObject],
  ['data', emptyObject],
  ['shadowHits', emptyArray],
  ['ruleErrors', constant(0)],
  ['degradations', emptyArray],
  ['actions', emptyArray],
  ['timedOut', constant(false)],
  ['deployment', constant('live')],
]);

/** The trace without default-valued fields and empty stage hits and errors; whole if it is not shaped as expected. */
export function encodeTrace(trace: Record<string, unknown>): string {
  const stages = trace.stages;
  if (!Array.isArray(stages)) return JSON.stringify(trace);
  for (const k of TRACE_DEFAULTS.keys()) if (!Object.hasOwn(trace, k)) return JSON.stringify(trace);
  const packed: unknown[] = [];
  for (const s of stages) {
    if (!isPlainObject(s) || !Object.hasOwn(s, 'id') || !Object.hasOwn(s, 'type') || !Array.isArray(s.hits) || !Array.isArray(s.errors)) return JSON.stringify(trace);
    if (s.hits.length && s.errors.length) packed.push(s);
    else {
      const c: Record<string, unknown> = {};
      for (const k of Object.keys(s)) if (!((k === 'hits' || k === 'errors') && (s[k] as unknown[]).length === 0)) c[k] = s[k];
      packed.push(c);
    }
  }
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(trace)) {
    if (k !== 'stages' && !TRACE_DEFAULTS.get(k)?.is(trace[k])) rest[k] = trace[k];
  }
  return '[1,' + JSON.stringify(rest) + ',' + JSON.stringify(packed) + ']';
}

/** The trace as the engine produced it. */
export function decodeTrace(text: string): Record<string, unknown> {
  const stored = JSON.parse(text) as unknown;
  if (!Array.isArray(stored)) return stored as Record<string, unknown>;
  const rest = stored[1] as Record<string, unknown>;
  const stages = (stored[2] as Array<Record<string, unknown>>).map((s) => {
    if (Object.hasOwn(s, 'hits') && Object.hasOwn(s, 'errors')) return s;
    const out: Record<string, unknown> = { id: s.id, type: s.type, hits: s.hits ?? [], errors: s.errors ?? [] };
    for (const k of Object.keys(s)) if (!Object.hasOwn(out, k)) out[k] = s[k];
    return out;
  });
  const out: Record<string, unknown> = { stages };
  for (const [k, d] of TRACE_DEFAULTS) out[k] = Object.hasOwn(rest, k) ? rest[k] : d.make();
  for (const k of Object.keys(rest)) if (!Object.hasOwn(out, k)) out[k] = rest[k];
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
