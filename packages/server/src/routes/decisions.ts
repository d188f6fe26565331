import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { FeedbackEvent, Services } from '../services.ts';
import { maskDigitRuns } from '@vigil/engine';
import { AppError, notFound } from '../errors.ts';
import { getDecision } from '../repos/decisions.ts';
import { feedbackObservations } from '../runtime/feature-persistence.ts';
import { mayUseEventType } from '../auth/principal.ts';
import { errorResponses, IdParam, langOf } from './common.ts';

const DecisionBody = Type.Object(
  {
    eventType: Type.String({ minLength: 1, maxLength: 64, description: 'Registered event type key, e.g. card_auth' }),
    eventId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:\\-]+$', description: 'Idempotency key: unique per event type' }),
    occurredAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the event happened; defaults to receipt time' })),
    data: Type.Object({}, { additionalProperties: true, description: 'Event fields as declared by the event type schema' }),
  },
  { additionalProperties: false },
);

export const DecisionResponseSchema = Type.Object({
  decisionId: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  outcome: Type.Union([Type.Literal('pass'), Type.Literal('review'), Type.Literal('challenge'), Type.Literal('reject')]),
  challenge: Type.Optional(Type.Array(Type.String())),
  score: Type.Number(),
  riskLevel: Type.String(),
  reasons: Type.Array(Type.Object({ code: Type.String(), text: Type.String() })),
  hits: Type.Array(Type.Object({ ruleId: Type.String(), outcome: Type.Optional(Type.String()), score: Type.Number(), reasonCode: Type.String() })),
  strategy: Type.Union([Type.Object({ id: Type.String(), version: Type.Integer() }), Type.Null()]),
  latencyMs: Type.Number(),
  degraded: Type.Boolean(),
});

export const decisionRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Body: Static<typeof DecisionBody> }>(
    '/api/v1/decisions',
    {
      config: { permission: 'decision.create' },
      schema: {
        tags: ['decisions'],
        summary: 'Decide on an event in real time',
        description: 'Idempotent by eventId: a retry with the same payload returns the stored decision; a different payload is a 409.',
        body: DecisionBody,
        response: { 200: DecisionResponseSchema, ...errorResponses },
      },
    },
    async (req) => s.decisions.decide(req.principal, req.body, langOf(req)),
  );
};

const FeedbackBody = Type.Object(
  {
    challengeResult: Type.Optional(Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('abandoned')], { description: 'Result of the step-up the decision asked for' })),
    businessStatus: Type.Optional(
      Type.Union([Type.Literal('approved'), Type.Literal('declined'), Type.Literal('reversed'), Type.Literal('refunded'), Type.Literal('chargeback')], { description: 'What finally happened to the transaction' }),
    ),
    note: Type.String({ maxLength: 500, default: '' }),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Channels report what happened after a decision; the report is stored and announced on the bus. */
export const feedbackRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof FeedbackBody> }>(
    '/api/v1/decisions/:id/feedback',
    {
      config: { permission: 'decision.feedback' },
      schema: {
        tags: ['decisions'],
        summary: 'Report the challenge result or the final business status of a decision',
        params: IdParam,
        body: FeedbackBody,
        response: { 201: Type.Object({ feedbackId: Type.String(), decisionId: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!req.body.challengeResult && !req.body.businessStatus) throw new AppError('VALIDATION_FAILED', 'give challengeResult or businessStatus', { path: 'challengeResult' });
      const decision = await getDecision(req.data, req.params.id);
      if (!decision) throw notFound('decision', 'id');
      if (!mayUseEventType(req.principal, decision.event_type)) throw new AppError('FORBIDDEN', `this API key may not report on ${decision.event_type} decisions`, { path: 'id' });
      const note = maskDigitRuns(req.body.note);
      const row = await req.data
        .insertInto('decision_feedback', { decision_id: decision.decision_id, org_id: decision.org_id, challenge_result: req.body.challengeResult ?? null, business_status: req.body.businessStatus ?? null, note, actor: req.principal.name })
        .returning(['id', 'received_at'])
        .executeTakeFirstOrThrow();
      // The report is stored: counting it in features is best effort here, and replay after a
      // restart counts it in any case.
      try {
        const batch = feedbackObservations(s.registry, { ...row, challenge_result: req.body.challengeResult ?? null, business_status: req.body.businessStatus ?? null, event_type: decision.event_type, event_id: decision.event_id, org_id: decision.org_id, event: decision.event });
        if (batch.length) await s.features.observe(batch);
      } catch (e) {
        req.log.error({ err: e, decisionId: decision.decision_id }, 'feedback could not update features');
      }
      s.bus.emit('feedback', {
        feedbackId: String(row.id),
        decisionId: decision.decision_id,
        eventType: decision.event_type,
        orgId: decision.org_id,
        entities: decision.entities,
        challengeResult: req.body.challengeResult,
        businessStatus: req.body.businessStatus,
        note,
        receivedAt: row.received_at,
      } satisfies FeedbackEvent);
      reply.status(201).send({ feedbackId: String(row.id), decisionId: decision.decision_id });
    },
  );
};
