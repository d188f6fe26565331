import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError, notFound } from '../errors.ts';
import { getDecision, queryDecisions, summaryFromRow } from '../repos/decisions.ts';
import type { Services } from '../services.ts';
import { IdParam } from './common.ts';
import { listValue } from './lists.ts';
import { maskEventData } from './pii.ts';

const Query = Type.Object(
  {
    eventType: Type.Optional(Type.String({ maxLength: 64 })),
    outcome: Type.Optional(Type.Union([Type.Literal('pass'), Type.Literal('review'), Type.Literal('challenge'), Type.Literal('reject')])),
    rule: Type.Optional(Type.String({ maxLength: 80, description: 'Rule id (or list:<key>) that fired' })),
    org: Type.Optional(Type.String({ maxLength: 64 })),
    entity: Type.Optional(Type.String({ maxLength: 64, description: 'Entity field name, e.g. card or customer_id' })),
    value: Type.Optional(Type.String({ maxLength: 256, description: 'Entity value; a card number is tokenised before the search' })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    degraded: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

export const decisionLogRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/decisions',
    { config: { permission: 'decision.read' }, schema: { tags: ['decision log'], summary: 'Search the decision log (newest first, cursor-paginated)', querystring: Query } },
    async (req) => {
      const q = req.query;
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
      const items = await queryDecisions(req.data, {
        eventType: q.eventType,
        outcome: q.outcome,
        rule: q.rule,
        org: q.org,
        entityField: q.entity,
        entityValue,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        degraded: q.degraded,
        before: q.cursor ? Number(q.cursor) : undefined,
        limit: q.limit,
      });
      const next = items.length === q.limit ? String(items[items.length - 1]!.seq) : null;
      return {
        items: items.map(({ seq: _seq, ...rest }) => ({ ...rest, entities: maskEventData(req.principal, s.registry.eventType(rest.eventType), rest.entities) })),
        nextCursor: next,
      };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/decisions/:id',
    { config: { permission: 'decision.read' }, schema: { tags: ['decision log'], summary: 'One decision with its full trace', params: IdParam } },
    async (req) => {
      const r = await getDecision(req.data, req.params.id);
      if (!r) throw notFound('decision', 'id');
      const feedback = await req.data.selectFrom('decision_feedback').select(['id', 'challenge_result', 'business_status', 'note', 'actor', 'received_at']).where('decision_id', '=', r.decision_id).orderBy('id').execute();
      const { seq: _seq, strategyId, strategyVersion, ...summary } = summaryFromRow(r);
      const et = s.registry.eventType(r.event_type);
      const stored = r.event as { data?: Record<string, unknown> };
      return {
        ...summary,
        entities: maskEventData(req.principal, et, summary.entities),
        strategy: strategyId ? { id: strategyId, version: strategyVersion } : null,
        event: stored.data ? { ...stored, data: maskEventData(req.principal, et, stored.data) } : stored,
        response: r.response,
        trace: r.trace,
        feedback: feedback.map((f) => ({ id: String(f.id), challengeResult: f.challenge_result, businessStatus: f.business_status, note: f.note, actor: f.actor, receivedAt: f.received_at })),
      };
    },
  );
};
