import { copyFrom, isDatabaseError, json, parseCopyRow } from '@vigil/storage';
import { sql, type Selectable } from 'kysely';
import type { DecisionTable } from '@vigil/storage';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';
import { DECISION_COLUMN_TYPES, DECISION_COLUMNS, decisionCopyLine, decodeEvent, decodeResponse, decodeTrace } from './decision-encoding.ts';

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

/** A decision ready for the log: its COPY line (see {@link decisionCopyLine}) and id. */
export interface EncodedDecision {
  decisionId: string;
  line: string;
}

/** Encodes a decision for {@link insertDecisions}, once, when it is made. */
export function encodeDecision(r: DecisionRecord): EncodedDecision {
  return { decisionId: r.decisionId, line: decisionCopyLine(r) };
}

/**
 * Writes a batch of decisions. Rows whose (event type, direction, org, event id) already exist are
 * skipped; the returned set names the decision ids that were actually stored. The batch goes in
 * with one COPY (all or nothing, and far cheaper per row than an INSERT); only when that meets an
 * existing event, which is rare, is it written again with an INSERT that skips those rows.
 */
export async function insertDecisions(db: Executor, rows: readonly EncodedDecision[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // Inside a transaction a failed COPY would abort it, leaving no way to retry: INSERT right away.
  if (db.isTransaction) return insertDecisionsSkippingLogged(db, rows);
  try {
    // system-scope: the decision service has already placed every decision in the caller's org.
    await copyFrom(db, 'decisions', DECISION_COLUMNS, rows.length === 1 ? rows[0]!.line : rows.map((r) => r.line).join(''));
    return new Set(rows.map((r) => r.decisionId));
  } catch (e) {
    if (!isDatabaseError(e) || e.code !== '23505') throw e;
  }
  return insertDecisionsSkippingLogged(db, rows);
}

/** The INSERT form of {@link insertDecisions}: one statement, the lines' fields as text arrays. */
async function insertDecisionsSkippingLogged(db: Executor, rows: readonly EncodedDecision[]): Promise<Set<string>> {
  const fields = rows.map((r) => parseCopyRow(r.line.slice(0, -1)));
  const arrays = DECISION_COLUMNS.map((_, i) => sql`${fields.map((f) => f[i] ?? null)}::text[]`);
  const names = sql.raw(DECISION_COLUMNS.join(', '));
  const casts = sql.raw(DECISION_COLUMNS.map((c, i) => (DECISION_COLUMN_TYPES[c] === 'text' ? `c${i}` : `c${i}::${DECISION_COLUMN_TYPES[c]}`)).join(', '));
  const aliases = sql.raw(DECISION_COLUMNS.map((_, i) => `c${i}`).join(', '));
  // system-scope: as above.
  const result = await sql<{ decision_id: string }>`
    insert into decisions (${names})
    select ${casts} from unnest(${sql.join(arrays)}) as r(${aliases})
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

/** What a stored answer is read from: its text and the columns it is completed with. */
const KEY_COLUMNS = ['event_type', 'direction', 'org_id', 'event_id', 'payload_hash', 'response', 'decision_id', 'outcome', 'score', 'risk_level', 'strategy_id', 'strategy_version', 'latency_ms', 'degraded'] as const;

type KeyRow = Pick<Selectable<DecisionTable>, (typeof KEY_COLUMNS)[number]>;

function storedKey(r: KeyRow): StoredDecisionKey {
  return { eventType: r.event_type, direction: r.direction, orgId: r.org_id, eventId: r.event_id, payloadHash: r.payload_hash, response: decodeResponse(r.response, r) };
}

export async function getDecisionByEvent(db: Executor, eventType: string, direction: string, orgId: string, eventId: string): Promise<StoredDecisionKey | undefined> {
  const r = await OrgData.system(db)
    .selectFrom('decisions')
    .select(KEY_COLUMNS)
    .where('event_type', '=', eventType)
    .where('direction', '=', direction)
    .where('org_id', '=', orgId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return r && storedKey(r);
}

/** The newest decisions' idempotency keys, to warm the in-memory cache on start. */
export async function recentDecisionKeys(db: Executor, limit: number): Promise<StoredDecisionKey[]> {
  const rows = await OrgData.system(db)
    .selectFrom('decisions')
    .select(KEY_COLUMNS)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map(storedKey);
}

export interface DecisionQuery {
  eventType?: string;
  /** Any of these outcomes. */
  outcome?: string | readonly string[];
  rule?: string;
  /** Any of these orgs (within the caller's scope anyway). */
  orgIds?: readonly string[];
  /** Entity field and value, e.g. `card` and a card token. */
  entityField?: string;
  entityValue?: string;
  /** Decisions whose entities hold any of these field/value pairs (an entity of one kind in every event type). */
  entityAny?: ReadonlyArray<{ field: string; value: string }>;
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
  if (typeof q.outcome === 'string') query = query.where('outcome', '=', q.outcome);
  else if (q.outcome?.length) query = query.where('outcome', 'in', q.outcome);
  if (q.orgIds) query = query.where('org_id', 'in', q.orgIds);
  if (q.degraded !== undefined) query = query.where('degraded', '=', q.degraded);
  if (q.rule) query = query.where(sql<boolean>`hits @> ${json([q.rule])}`);
  if (q.entityField && q.entityValue) query = query.where(sql<boolean>`entities @> ${json({ [q.entityField]: q.entityValue })}`);
  if (q.entityAny) {
    const any = q.entityAny;
    // No field of that kind anywhere: nothing can match.
    query = any.length ? query.where(sql<boolean>`(${sql.join(any.map((e) => sql`entities @> ${json({ [e.field]: e.value })}`), sql` or `)})`) : query.where(sql<boolean>`false`);
  }
  if (q.from) query = query.where('occurred_at', '>=', q.from);
  if (q.to) query = query.where('occurred_at', '<', q.to);
  if (q.before !== undefined) query = query.where('seq', '<', q.before);
  const rows = await query.execute();
  return rows.map(summaryFromRow);
}

/** One decision with its event, answer and trace decoded. */
export async function getDecision(data: OrgData, decisionId: string) {
  const r = await data.selectFrom('decisions').selectAll().where('decision_id', '=', decisionId).executeTakeFirst();
  return r && { ...r, event: decodeEvent(r.event), response: decodeResponse(r.response, r), trace: decodeTrace(r.trace) };
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
  return rows.map((r) => ({ seq: Number(r.seq), eventId: r.event_id, eventType: r.event_type, occurredAt: r.occurred_at, orgId: r.org_id, event: decodeEvent(r.event) }));
}

/** How many decisions of an entity the caller may see: per outcome and org, with the first and last time. */
export async function entityDecisionSummary(data: OrgData, any: ReadonlyArray<{ field: string; value: string }>, orgIds?: readonly string[]) {
  if (!any.length) return { total: 0, firstSeen: null as Date | null, lastSeen: null as Date | null, outcomes: {} as Record<string, number>, orgs: [] as string[] };
  let q = data
    .selectFrom('decisions')
    .select(['outcome', 'org_id', sql<string>`count(*)`.as('n'), sql<Date>`min(occurred_at)`.as('first'), sql<Date>`max(occurred_at)`.as('last')])
    .where(sql<boolean>`(${sql.join(any.map((e) => sql`entities @> ${json({ [e.field]: e.value })}`), sql` or `)})`)
    .groupBy(['outcome', 'org_id']);
  if (orgIds) q = q.where('org_id', 'in', orgIds);
  const rows = await q.execute();
  const outcomes: Record<string, number> = {};
  const orgs = new Set<string>();
  let total = 0;
  let firstSeen: Date | null = null;
  let lastSeen: Date | null = null;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + n;
    orgs.add(r.org_id);
    const f = new Date(r.first);
    const l = new Date(r.last);
    if (!firstSeen || f < firstSeen) firstSeen = f;
    if (!lastSeen || l > lastSeen) lastSeen = l;
  }
  return { total, firstSeen, lastSeen, outcomes, orgs: [...orgs].sort() };
}

/** The stored event (`{data, masked, …}`) of an entity's newest decision the caller may see. */
export async function latestEntityEvent(data: OrgData, any: ReadonlyArray<{ field: string; value: string }>, orgIds?: readonly string[]): Promise<Record<string, unknown> | undefined> {
  if (!any.length) return undefined;
  let q = data
    .selectFrom('decisions')
    .select('event')
    .where(sql<boolean>`(${sql.join(any.map((e) => sql`entities @> ${json({ [e.field]: e.value })}`), sql` or `)})`)
    .orderBy('seq', 'desc')
    .limit(1);
  if (orgIds) q = q.where('org_id', 'in', orgIds);
  const r = await q.executeTakeFirst();
  return r && decodeEvent(r.event);
}
