import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { AppError } from '../errors.ts';
import { ruleQuality } from '@vigil/engine';
import { aggregateDecisions, ruleQualityOf, type MonitoringGroup } from '../repos/decision-monitoring.ts';
import type { Services } from '../services.ts';
import { errorResponses, orgFilter, requireVisibleOrg } from './common.ts';
import {
  MONITORING_DEFAULT_RANGE_MS,
  MONITORING_INTERVALS,
  MONITORING_MAX_BUCKETS,
  MONITORING_MAX_GROUPS,
  MONITORING_MAX_RANGE_DAYS,
  MONITORING_TOP_RULES,
  MonitoringDecisionsQuery,
  MonitoringDecisionsResponse,
  RuleQualityQuery,
  RuleQualityResponse,
  type MonitoringInterval,
} from './monitoring-schema.ts';

/** Buckets of `seconds` (aligned to the epoch, in UTC) that a range touches. */
export function bucketCount(from: Date, to: Date, seconds: number): number {
  const first = Math.floor(from.getTime() / 1000 / seconds) * seconds;
  return Math.ceil((to.getTime() / 1000 - first) / seconds);
}

/** The narrowest interval that draws the range in at most 200 buckets. */
export function autoInterval(from: Date, to: Date): MonitoringInterval {
  const all = Object.entries(MONITORING_INTERVALS) as Array<[MonitoringInterval, number]>;
  return (all.find(([, s]) => bucketCount(from, to, s) <= 200) ?? all[all.length - 1]!)[0];
}

/** The range, interval and filters of a request, or 400 with the field at fault. */
export function resolveRange(q: Static<typeof MonitoringDecisionsQuery>, now = new Date()) {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - MONITORING_DEFAULT_RANGE_MS);
  if (to.getTime() <= from.getTime()) throw new AppError('VALIDATION_FAILED', 'to must be after from', { path: q.to ? 'to' : 'from' });
  if (to.getTime() - from.getTime() > MONITORING_MAX_RANGE_DAYS * 86_400_000) {
    throw new AppError('VALIDATION_FAILED', `the range may cover at most ${MONITORING_MAX_RANGE_DAYS} days`, { path: 'from' });
  }
  const interval = q.interval ?? autoInterval(from, to);
  const seconds = MONITORING_INTERVALS[interval];
  if (bucketCount(from, to, seconds) > MONITORING_MAX_BUCKETS) {
    throw new AppError('VALIDATION_FAILED', `interval ${interval} gives more than ${MONITORING_MAX_BUCKETS} buckets over this range; choose a wider one`, { path: 'interval' });
  }
  return { from, to, interval, seconds };
}

export const monitoringRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get<{ Querystring: Static<typeof RuleQualityQuery> }>(
    '/api/v1/monitoring/rule-quality',
    {
      config: { permission: 'decision.read' },
      schema: {
        tags: ['monitoring'],
        summary: 'Per rule of the live log: hits, fraud and genuine hits against the events’ labels, precision and recall over a range',
        querystring: RuleQualityQuery,
        response: { 200: RuleQualityResponse, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const to = q.to ? new Date(q.to) : new Date();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * 86_400_000);
      if (to.getTime() <= from.getTime()) throw new AppError('VALIDATION_FAILED', 'to must be after from', { path: q.to ? 'to' : 'from' });
      if (to.getTime() - from.getTime() > MONITORING_MAX_RANGE_DAYS * 86_400_000) throw new AppError('VALIDATION_FAILED', `the range may cover at most ${MONITORING_MAX_RANGE_DAYS} days`, { path: 'from' });
      if (q.org) requireVisibleOrg(s, req, q.org, 'org');
      const r = await ruleQualityOf(req.data, { from, to, eventType: q.eventType, orgIds: orgFilter(s, q.org) });
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        decisions: r.decisions,
        labelledEvents: r.labelledEvents,
        fraudEvents: r.fraudEvents,
        rules: r.rules.map((x) => ({ ruleId: x.ruleId, ...ruleQuality(x.hits, x.fraudHits, x.genuineHits, r.fraudEvents) })),
      };
    },
  );

  app.get<{ Querystring: Static<typeof MonitoringDecisionsQuery> }>(
    '/api/v1/monitoring/decisions',
    {
      config: { permission: 'decision.read' },
      schema: {
        tags: ['monitoring'],
        summary: 'Decision volumes, outcomes, latency percentiles, top rules, by event type and org, over a time range in buckets',
        querystring: MonitoringDecisionsQuery,
        response: { 200: MonitoringDecisionsResponse, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const { from, to, interval, seconds } = resolveRange(q);
      if (q.org) requireVisibleOrg(s, req, q.org, 'org');
      const orgIds = orgFilter(s, q.org);
      const agg = await aggregateDecisions(req.data, { from, to, eventType: q.eventType, orgIds, intervalSeconds: seconds }, MONITORING_TOP_RULES);

      // A dense series: every bucket of the range, the empty ones with zeros.
      const byStart = new Map(agg.buckets.map((b) => [b.at, b]));
      const series = [];
      const first = Math.floor(from.getTime() / 1000 / seconds) * seconds;
      for (let at = first; at < to.getTime() / 1000; at += seconds) {
        const b = byStart.get(at);
        series.push({
          at: new Date(at * 1000).toISOString(),
          decisions: b?.decisions ?? 0,
          outcomes: b?.outcomes ?? { pass: 0, review: 0, challenge: 0, reject: 0 },
          degraded: b?.degraded ?? 0,
          latencyP50: b?.p50 ?? null,
          latencyP99: b?.p99 ?? null,
        });
      }
      const total = agg.totals.decisions;
      const counts = (g: MonitoringGroup) => ({ decisions: g.decisions, outcomes: g.outcomes });
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        interval,
        intervalSeconds: seconds,
        eventType: q.eventType ?? null,
        org: q.org ?? null,
        totals: {
          ...counts(agg.totals),
          degraded: agg.totals.degraded,
          latencyMs: { p50: agg.totals.p50, p95: agg.totals.p95, p99: agg.totals.p99 },
          avgScore: agg.totals.avgScore,
        },
        series,
        topRules: agg.rules.map((r) => ({ ...r, share: total ? r.hits / total : 0 })),
        eventTypes: agg.eventTypes.slice(0, MONITORING_MAX_GROUPS).map((g) => ({ eventType: g.eventType, ...counts(g), latencyP99: g.p99 })),
        orgs: agg.orgs.slice(0, MONITORING_MAX_GROUPS).map((g) => ({ org: g.org, ...counts(g) })),
      };
    },
  );
};
