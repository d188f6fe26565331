import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { csvCell, maskCardNumbers } from '@vigil/engine';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { getDecision, queryDecisions, summaryFromRow, type DecisionQuery } from '../repos/decisions.ts';
import { audit } from './audit.ts';
import type { Services } from '../services.ts';
import { IdParam, orgFilter } from './common.ts';
import { listValue } from './lists.ts';
import { maskEventData } from './pii.ts';
import { errorResponses } from './shared-schemas.ts';
import { DecisionDetailSchema, DecisionPageSchema, EntityKindSchema, OutcomeSchema } from './decision-log-schema.ts';
import { entityLogValue, entityMatchers } from './entity-values.ts';

/** Decision-log exports: explicit limits on rows per file and rows per database round trip. */
export const EXPORT_MAX_ROWS = 100_000;
const EXPORT_PAGE = 1000;

const Query = Type.Object(
  {
    eventType: Type.Optional(Type.String({ maxLength: 64 })),
    outcome: Type.Optional(Type.Array(OutcomeSchema, { maxItems: 4, description: 'Any of these outcomes (repeat the parameter)' })),
    rule: Type.Optional(Type.String({ maxLength: 80, description: 'Rule id (or list:<key>) that fired' })),
    org: Type.Optional(Type.String({ maxLength: 64 })),
    entity: Type.Optional(Type.String({ maxLength: 64, description: 'Entity field name, e.g. card or customer_id' })),
    /** Entity kind (card, customer, device, …): `value` is searched in every event field of that kind. */
    entityType: Type.Optional(EntityKindSchema),
    value: Type.Optional(Type.String({ maxLength: 256, description: 'Entity value; a card number is tokenised before the search' })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    degraded: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

const ExportQuery = Type.Object(
  {
    ...Type.Omit(Query, ['cursor', 'limit']).properties,
    limit: Type.Integer({ minimum: 1, maximum: EXPORT_MAX_ROWS, default: 10_000, description: `Most recent rows to export (at most ${EXPORT_MAX_ROWS})` }),
  },
  { additionalProperties: false },
);

/** The log filters of a query, with a card number searched by its token and the org checked. */
function filters(s: Services, req: FastifyRequest, q: Static<typeof ExportQuery>): Omit<DecisionQuery, 'limit' | 'before'> {
  let entityValue = q.value;
  // Card numbers are stored only as tokens: search with the token of the number given.
  if (entityValue && q.entity) {
    for (const et of s.registry.current.eventTypes.values()) {
      if (et.sensitiveFields[q.entity] === 'pan' && !entityValue.startsWith('tok_')) {
        try {
          entityValue = listValue(s, 'card', entityValue).value;
        } catch (e) {
          throw new AppError('VALIDATION_FAILED', (e as Error).message, { path: 'value' });
        }
        break;
      }
    }
  }
  if (q.org) req.data.requireOrg(q.org, 'org');
  const orgIds = orgFilter(s, q.org);
  const entityAny = q.entityType && q.value !== undefined ? entityMatchers(s, q.entityType, entityLogValue(s, q.entityType, q.value, 'value').value) : undefined;
  return {
    entityAny,
    eventType: q.eventType,
    outcome: q.outcome,
    rule: q.rule,
    orgIds,
    entityField: q.entityType ? undefined : q.entity,
    entityValue: q.entityType ? undefined : entityValue,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    degraded: q.degraded,
  };
}

const EXPORT_COLUMNS = ['decision_id', 'event_id', 'event_type', 'org_id', 'occurred_at', 'decided_at', 'outcome', 'score', 'risk_level', 'strategy', 'latency_ms', 'degraded', 'hits', 'entities'];

export const decisionLogRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/decisions',
    { config: { permission: 'decision.read' }, schema: { tags: ['decision log'], summary: 'Search the decision log (newest first, cursor-paginated)', querystring: Query, response: { 200: DecisionPageSchema, ...errorResponses } } },
    async (req) => {
      const q = req.query;
      const items = await queryDecisions(req.data, { ...filters(s, req, { ...q, limit: q.limit }), before: q.cursor ? Number(q.cursor) : undefined, limit: q.limit });
      const next = items.length === q.limit ? String(items[items.length - 1]!.seq) : null;
      return {
        items: items.map(({ seq: _seq, ...rest }) => ({ ...rest, entities: maskEventData(req.principal, s.registry.eventType(rest.eventType), rest.entities) })),
        nextCursor: next,
      };
    },
  );

  app.get<{ Querystring: Static<typeof ExportQuery> }>(
    '/api/v1/decisions/export',
    {
      config: { permission: 'decision.export' },
      schema: { tags: ['decision log'], summary: 'Export the decisions matching the filters as CSV (newest first); personal data masked by role, audited', querystring: ExportQuery },
    },
    async (req, reply) => {
      const f = filters(s, req, req.query);
      const lines = [EXPORT_COLUMNS.join(',')];
      let before: number | undefined;
      let left = req.query.limit;
      while (left > 0) {
        const page = await queryDecisions(req.data, { ...f, before, limit: Math.min(EXPORT_PAGE, left) });
        for (const d of page) {
          const entities = maskEventData(req.principal, s.registry.eventType(d.eventType), d.entities);
          const row = [d.decisionId, d.eventId, d.eventType, d.orgId, d.occurredAt.toISOString(), d.decidedAt.toISOString(), d.outcome, String(d.score), d.riskLevel, d.strategyId ? `${d.strategyId}@${d.strategyVersion}` : '', String(d.latencyMs), String(d.degraded), d.hits.join('|'), JSON.stringify(entities)];
          lines.push(row.map((c) => csvCell(maskCardNumbers(c))).join(','));
        }
        left -= page.length;
        if (page.length < EXPORT_PAGE) break;
        before = page[page.length - 1]!.seq;
      }
      // The filters are recorded as given, except that a card number searched for is masked.
      const { limit: _limit, ...given } = req.query;
      const recorded = given.value === undefined ? given : { ...given, value: maskCardNumbers(given.value) };
      await withTransaction(s.db, (tx) => audit(tx, req, { action: 'decision.export', targetType: 'decision_log', targetId: 'export', orgId: req.query.org, after: { filters: recorded, rows: lines.length - 1 } }));
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="decisions-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(lines.join('\r\n') + '\r\n');
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/decisions/:id',
    { config: { permission: 'decision.read' }, schema: { tags: ['decision log'], summary: 'One decision with its full trace', params: IdParam, response: { 200: DecisionDetailSchema, ...errorResponses } } },
    async (req) => {
      const r = await getDecision(req.data, req.params.id);
      if (!r) throw notFound('decision', 'id');
      const shadows = await req.data
        .selectFrom('shadow_results')
        .select(['strategy_id', 'version', 'outcome', 'score', 'hits'])
        .where('decision_id', '=', r.decision_id)
        .orderBy('id')
        .execute();
      const feedback = await req.data.selectFrom('decision_feedback').select(['id', 'challenge_result', 'business_status', 'note', 'actor', 'received_at']).where('decision_id', '=', r.decision_id).orderBy('id').execute();
      const { seq: _seq, strategyId, strategyVersion, ...summary } = summaryFromRow(r);
      const et = s.registry.eventType(r.event_type);
      const stored = r.event as { data?: Record<string, unknown> };
      return {
        ...summary,
        entities: maskEventData(req.principal, et, summary.entities),
        entityKinds: Object.fromEntries(Object.keys(summary.entities).flatMap((f) => (et?.entityFields[f] ? [[f, et.entityFields[f]]] : []))),
        strategy: strategyId ? { id: strategyId, version: strategyVersion } : null,
        event: stored.data ? { ...stored, data: maskEventData(req.principal, et, stored.data) } : stored,
        response: r.response,
        // Every field the schema requires, even for a row whose trace was stored in another shape.
        trace: { stages: [], vars: {}, features: {}, models: {}, data: {}, shadowHits: [], ruleErrors: 0, degradations: [], actions: [], ...r.trace },
        shadows: shadows.map((x) => ({ strategy: { id: x.strategy_id, version: x.version }, outcome: x.outcome, score: x.score, hits: x.hits })),
        feedback: feedback.map((f) => ({ id: String(f.id), challengeResult: f.challenge_result, businessStatus: f.business_status, note: f.note, actor: f.actor, receivedAt: f.received_at })),
      };
    },
  );
};
