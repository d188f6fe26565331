import { json } from '@vigil/storage';
import { sql, type Selectable } from 'kysely';
import type { DecisionTable } from '@vigil/storage';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';

/** One decision as written to the log. */
export interface DecisionRecord {
  decisionId: string;
  eventId: string;
  eventType: string;
  direction: string;
  orgId: string;
  occurredAt: Date;
  decidedAt: Date;
  outcome: string;
  score: number;
  riskLevel: string;
  strategyId: string | null;
  strategyVersion: number | null;
  latencyMs: number;
  degraded: boolean;
  payloadHash: string;
  entities: Record<string, string>;
  hits: string[];
  event: Record<string, unknown>;
  response: Record<string, unknown>;
  trace: Record<string, unknown>;
}

/**
 * One decision as a JSON row for `jsonb_to_recordset`. Serialised once, when the decision is
 * made, so a group commit only joins strings: the flush does no per-row work on the event loop.
 */
export function serialiseDecision(r: DecisionRecord): string {
  return JSON.stringify({
    decision_id: r.decisionId,
    event_id: r.eventId,
    event_type: r.eventType,
    direction: r.direction,
    org_id: r.orgId,
    occurred_at: r.occurredAt.toISOString(),
    decided_at: r.decidedAt.toISOString(),
    outcome: r.outcome,
    score: r.score,
    risk_level: r.riskLevel,
    strategy_id: r.strategyId,
    strategy_version: r.strategyVersion,
    latency_ms: r.latencyMs,
    degraded: r.degraded,
    payload_hash: r.payloadHash,
    entities: r.entities,
    hits: r.hits,
    event: r.event,
    response: r.response,
    trace: r.trace,
  });
}

/**
 * Writes a batch of serialised decisions in one statement with one parameter. Rows whose
 * (event type, direction, event id) already exist are skipped; the returned set names the
 * decision ids that were actually stored.
 */
export async function insertDecisions(db: Executor, rows: string[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // system-scope: the decision service has already placed every decision in the caller's org.
  const result = await sql<{ decision_id: string }>`
    insert into decisions (decision_id, event_id, event_type, direction, org_id, occurred_at, decided_at, outcome, score,
      risk_level, strategy_id, strategy_version, latency_ms, degraded, payload_hash, entities, hits, event, response, trace)
    select decision_id, event_id, event_type, direction, org_id, occurred_at, decided_at, outcome, score,
      risk_level, strategy_id, strategy_version, latency_ms, degraded, payload_hash, entities, hits, event, response, trace
    from jsonb_to_recordset(${'[' + rows.join(',') + ']'}::jsonb) as r(decision_id text, event_id text, event_type text,
      direction text, org_id text, occurred_at timestamptz, decided_at timestamptz, outcome text, score double precision,
      risk_level text, strategy_id text, strategy_version integer, latency_ms double precision, degraded boolean,
      payload_hash text, entities jsonb, hits jsonb, event jsonb, response jsonb, trace jsonb)
    on conflict (event_type, direction, org_id, event_id) do nothing
    returning decision_id`.execute(db);
  return new Set(result.rows.map((r) => r.decision_id));
}

export interface StoredDecisionKey {
  eventType: string;
  direction: string;
  orgId: string;
  eventId: string;
  payloadHash: string;
  response: Record<string, unknown>;
}

export async function getDecisionByEvent(db: Executor, eventType: string, direction: string, orgId: string, eventId: string): Promise<StoredDecisionKey | undefined> {
  const r = await OrgData.system(db)
    .selectFrom('decisions')
    .select(['event_type', 'direction', 'org_id', 'event_id', 'payload_hash', 'response'])
    .where('event_type', '=', eventType)
    .where('direction', '=', direction)
    .where('org_id', '=', orgId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return r && { eventType: r.event_type, direction: r.direction, orgId: r.org_id, eventId: r.event_id, payloadHash: r.payload_hash, response: r.response };
}

/** The newest decisions' idempotency keys, to warm the in-memory cache on start. */
export async function recentDecisionKeys(db: Executor, limit: number): Promise<StoredDecisionKey[]> {
  const rows = await OrgData.system(db)
    .selectFrom('decisions')
    .select(['event_type', 'direction', 'org_id', 'event_id', 'payload_hash', 'response'])
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({ eventType: r.event_type, direction: r.direction, orgId: r.org_id, eventId: r.event_id, payloadHash: r.payload_hash, response: r.response }));
}

export interface DecisionQuery {
  eventType?: string;
  outcome?: string;
  rule?: string;
  org?: string;
  /** Entity field and value, e.g. `card` and a card token. */
  entityField?: string;
  entityValue?: string;
  from?: Date;
  to?: Date;
  degraded?: boolean;
  /** Opaque cursor: the `seq` of the last row of the previous page. */
  before?: number;
  limit: number;
}

/** A decision as listed: everything but the stored event, response and trace. */
export type DecisionSummary = Omit<DecisionRecord, 'payloadHash' | 'event' | 'response' | 'trace'> & { seq: number };

const SUMMARY_COLUMNS = ['seq', 'decision_id', 'event_id', 'event_type', 'direction', 'org_id', 'occurred_at', 'decided_at', 'outcome', 'score', 'risk_level', 'strategy_id', 'strategy_version', 'latency_ms', 'degraded', 'hits', 'entities'] as const;

type SummaryRow = Pick<Selectable<DecisionTable>, (typeof SUMMARY_COLUMNS)[number]>;

export function summaryFromRow(r: SummaryRow): DecisionSummary {
  return {
    seq: Number(r.seq),
    decisionId: r.decision_id,
    eventId: r.event_id,
    eventType: r.event_type,
    direction: r.direction,
    orgId: r.org_id,
    occurredAt: r.occurred_at,
    decidedAt: r.decided_at,
    outcome: r.outcome,
    score: r.score,
    riskLevel: r.risk_level,
    strategyId: r.strategy_id,
    strategyVersion: r.strategy_version,
    latencyMs: r.latency_ms,
    degraded: r.degraded,
    hits: r.hits,
    entities: r.entities,
  };
}

/** Newest first, keyset-paginated, always restricted to the caller's org scope. */
export async function queryDecisions(data: OrgData, q: DecisionQuery): Promise<DecisionSummary[]> {
  let query = data.selectFrom('decisions').select(SUMMARY_COLUMNS).orderBy('seq', 'desc').limit(q.limit);
  if (q.eventType) query = query.where('event_type', '=', q.eventType);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.org) query = query.where('org_id', '=', q.org);
  if (q.degraded !== undefined) query = query.where('degraded', '=', q.degraded);
  if (q.rule) query = query.where(sql<boolean>`hits @> ${json([q.rule])}`);
  if (q.entityField && q.entityValue) query = query.where(sql<boolean>`entities @> ${json({ [q.entityField]: q.entityValue })}`);
  if (q.from) query = query.where('occurred_at', '>=', q.from);
  if (q.to) query = query.where('occurred_at', '<', q.to);
  if (q.before !== undefined) query = query.where('seq', '<', q.before);
  const rows = await query.execute();
  return rows.map(summaryFromRow);
}

export async function getDecision(data: OrgData, decisionId: string) {
  return data.selectFrom('decisions').selectAll().where('decision_id', '=', decisionId).executeTakeFirst();
}

export async function maxDecisionSeq(db: Executor): Promise<number> {
  const r = await OrgData.system(db).selectFrom('decisions').select(sql<number>`coalesce(max(seq), 0)`.as('m')).executeTakeFirstOrThrow();
  return Number(r.m);
}

/** Decisions after a sequence number, in order, for replaying feature updates after a snapshot. */
export async function decisionsAfter(db: Executor, afterSeq: number, limit: number) {
  const rows = await OrgData.system(db)
    .selectFrom('decisions')
    .select(['seq', 'event_id', 'event_type', 'occurred_at', 'org_id', 'event'])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), eventId: r.event_id, eventType: r.event_type, occurredAt: r.occurred_at, orgId: r.org_id, event: r.event }));
}
