import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Services } from '../services.ts';
import { errorResponses, langOf } from './common.ts';

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
