import { sql, type Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import type { OrgData } from './scoped.ts';

/** Which decisions a monitoring query aggregates. */
export interface MonitoringFilter {
  from: Date;
  /** Exclusive. */
  to: Date;
  eventType?: string;
  /** Only decisions of these orgs (an org and its subtree); undefined: every org of the caller. */
  orgIds?: string[];
  /** Bucket width of the time series. */
  intervalSeconds: number;
}

const OUTCOME_NAMES = ['pass', 'review', 'challenge', 'reject'] as const;
type OutcomeName = (typeof OUTCOME_NAMES)[number];
export type OutcomeCountsRow = Record<OutcomeName, number>;

/** One group of the aggregate: the whole range, a bucket, an event type or an org. */
export interface MonitoringGroup {
  decisions: number;
  outcomes: OutcomeCountsRow;
  degraded: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  avgScore: number | null;
}

export interface MonitoringAggregate {
  totals: MonitoringGroup;
  /** Non-empty buckets only, keyed by their start in epoch seconds, in time order. */
  buckets: Array<MonitoringGroup & { at: number }>;
  eventTypes: Array<MonitoringGroup & { eventType: string }>;
  orgs: Array<MonitoringGroup & { org: string }>;
  rules: Array<{ ruleId: string; hits: number }>;
}

/**
 * The decisions of the range, within the caller's orgs. Every predicate is on a bare column, so the
 * planner can read the range from `decisions_time_idx` (or `decisions_org_time_idx` with the org
 * filter) instead of the whole log.
 */
function rangeOf(data: OrgData, f: MonitoringFilter) {
  let q = data.selectFrom('decisions').where('occurred_at', '>=', f.from).where('occurred_at', '<', f.to);
  if (f.eventType) q = q.where('event_type', '=', f.eventType);
  if (f.orgIds) q = q.where('org_id', 'in', f.orgIds.length ? f.orgIds : ['']);
  return q;
}

/**
 * The two statements of a dashboard: one scan of the range grouped four ways at once (whole range,
 * bucket, event type, org — `grouping sets`), and the rule hits of the same range. Exposed for the
 * tests that check their plans.
 */
export function monitoringQueries(data: OrgData, f: MonitoringFilter, topRules = 20) {
  // The width comes from a fixed list, so it is inlined: a parameter would make the grouped
  // expression differ from the selected one.
  const width = sql.lit(Math.trunc(f.intervalSeconds));
  const rows = rangeOf(data, f).select([
    // date_part is double precision on every PostgreSQL version; `extract` is numeric since 14, and twice as slow here.
    sql<number>`floor(date_part('epoch', occurred_at) / ${width})::bigint * ${width}`.as('bucket'),
    'event_type',
    'org_id',
    'outcome',
    'degraded',
    'latency_ms',
    'score',
  ]);
  const db = data.db as Kysely<DB>;
  const grouped = db
    .selectFrom(rows.as('d'))
    .select([
      sql<number>`grouping(bucket)`.as('g_bucket'),
      sql<number>`grouping(event_type)`.as('g_event_type'),
      sql<number>`grouping(org_id)`.as('g_org'),
      'bucket',
      'event_type',
      'org_id',
      sql<number>`count(*)`.as('n'),
      ...OUTCOME_NAMES.map((o) => sql<number>`count(*) filter (where outcome = ${sql.lit(o)})`.as(`o_${o}`)),
      sql<number>`count(*) filter (where degraded)`.as('degraded'),
      sql<number[] | null>`percentile_cont(array[0.5, 0.95, 0.99]::float8[]) within group (order by latency_ms)`.as('latency'),
      sql<number | null>`avg(score)`.as('avg_score'),
    ])
    .groupBy(sql`grouping sets ((bucket), (event_type), (org_id), ())`);
  const hits = db
    .selectFrom(rangeOf(data, f).select(sql<string>`jsonb_array_elements_text(hits)`.as('rule')).as('h'))
    .select(['rule', sql<number>`count(*)`.as('n')])
    .groupBy('rule')
    .orderBy('n', 'desc')
    .orderBy('rule')
    .limit(topRules);
  return { grouped, hits };
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Aggregates the decision log over a range for the monitoring dashboard. */
export async function aggregateDecisions(data: OrgData, f: MonitoringFilter, topRules = 20): Promise<MonitoringAggregate> {
  const { grouped, hits } = monitoringQueries(data, f, topRules);
  const [rows, rules] = await Promise.all([grouped.execute(), hits.execute()]);
  const out: MonitoringAggregate = { totals: emptyGroup(), buckets: [], eventTypes: [], orgs: [], rules: rules.map((r) => ({ ruleId: r.rule, hits: Number(r.n) })) };
  for (const r of rows) {
    const lat = (r.latency ?? null) as number[] | null;
    const g: MonitoringGroup = {
      decisions: Number(r.n),
      outcomes: { pass: Number(r.o_pass), review: Number(r.o_review), challenge: Number(r.o_challenge), reject: Number(r.o_reject) },
      degraded: Number(r.degraded),
      p50: num(lat?.[0]),
      p95: num(lat?.[1]),
      p99: num(lat?.[2]),
      avgScore: num(r.avg_score),
    };
    if (Number(r.g_bucket) === 0) out.buckets.push({ ...g, at: Number(r.bucket) });
    else if (Number(r.g_event_type) === 0) out.eventTypes.push({ ...g, eventType: r.event_type });
    else if (Number(r.g_org) === 0) out.orgs.push({ ...g, org: r.org_id });
    else if (g.decisions > 0) out.totals = g;
  }
  out.buckets.sort((a, b) => a.at - b.at);
  const busiest = <T extends MonitoringGroup & Record<K, string>, K extends string>(list: T[], key: K) => list.sort((a, b) => b.decisions - a.decisions || a[key].localeCompare(b[key]));
  busiest(out.eventTypes, 'eventType');
  busiest(out.orgs, 'org');
  return out;
}

function emptyGroup(): MonitoringGroup {
  return { decisions: 0, outcomes: { pass: 0, review: 0, challenge: 0, reject: 0 }, degraded: 0, p50: null, p95: null, p99: null, avgScore: null };
}

/** Per rule of the live log: hits, and against the events' labels, how many were fraud or genuine. */
export interface RuleQualityRow {
  ruleId: string;
  hits: number;
  fraudHits: number;
  genuineHits: number;
}

/**
 * Rule quality over a range of the decision log: each rule's hits joined with the labels of the
 * same events (by event type, org and event id), and the number of fraud events in the range — the
 * denominator of a rule's recall. Labels of events outside the caller's orgs are never joined (the
 * label shares the decision's org).
 */
export async function ruleQualityOf(data: OrgData, f: Omit<MonitoringFilter, 'intervalSeconds'>): Promise<{ rules: RuleQualityRow[]; fraudEvents: number; labelledEvents: number; decisions: number }> {
  const db = data.db as Kysely<DB>;
  // Qualified columns: the labels share event_type and org_id with the decisions.
  let range = data.selectFrom('decisions').where('decisions.occurred_at', '>=', f.from).where('decisions.occurred_at', '<', f.to);
  if (f.eventType) range = range.where('decisions.event_type', '=', f.eventType);
  if (f.orgIds) range = range.where('decisions.org_id', 'in', f.orgIds.length ? f.orgIds : ['']);
  const labelled = range
    // system-scope: a label is joined only to the decision of the same org, which the range already scopes.
    .leftJoin('event_labels as l', (j) => j.onRef('l.event_type', '=', 'decisions.event_type').onRef('l.org_id', '=', 'decisions.org_id').onRef('l.event_id', '=', 'decisions.event_id'))
    .select(['decisions.hits', 'l.fraud']);
  const rows = await db
    .selectFrom(labelled.as('d'))
    .select([sql<string>`jsonb_array_elements_text(d.hits)`.as('rule'), 'd.fraud'])
    .$call((q) =>
      db
        .selectFrom(q.as('h'))
        .select(['rule', sql<number>`count(*)`.as('n'), sql<number>`count(*) filter (where fraud)`.as('fraud'), sql<number>`count(*) filter (where not fraud)`.as('genuine')])
        .groupBy('rule')
        .orderBy('rule'),
    )
    .execute();
  const totals = await db
    .selectFrom(labelled.as('d'))
    .select([sql<number>`count(*)`.as('n'), sql<number>`count(*) filter (where fraud)`.as('fraud'), sql<number>`count(fraud)`.as('labelled')])
    .executeTakeFirstOrThrow();
  return {
    rules: rows.map((r) => ({ ruleId: r.rule, hits: Number(r.n), fraudHits: Number(r.fraud), genuineHits: Number(r.genuine) })),
    fraudEvents: Number(totals.fraud),
    labelledEvents: Number(totals.labelled),
    decisions: Number(totals.n),
  };
}
