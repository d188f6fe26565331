import { Type } from 'typebox';

// Response schemas of the decision log and the entity view. Imports nothing of the server: the
// console's types are derived from them (see ../api-types/decisions.ts).

/** Outcomes of a decision, mildest first. */
export const OutcomeSchema = Type.Union([Type.Literal('pass'), Type.Literal('review'), Type.Literal('challenge'), Type.Literal('reject')]);

/** Entity kinds the log can be searched by (the event types' entity fields of these kinds). */
export const EntityKindSchema = Type.Union([
  Type.Literal('card'),
  Type.Literal('customer'),
  Type.Literal('account'),
  Type.Literal('device'),
  Type.Literal('ip'),
  Type.Literal('phone'),
  Type.Literal('merchant'),
  Type.Literal('terminal'),
  Type.Literal('payee'),
]);

const StrategyRef = Type.Object({ id: Type.String(), version: Type.Union([Type.Integer(), Type.Null()]) });

/** One decision as listed by the search. */
export const DecisionSummarySchema = Type.Object({
  decisionId: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  direction: Type.String(),
  orgId: Type.String(),
  occurredAt: Type.String({ format: 'date-time' }),
  decidedAt: Type.String({ format: 'date-time' }),
  outcome: Type.String(),
  score: Type.Number(),
  riskLevel: Type.String(),
  strategyId: Type.Union([Type.String(), Type.Null()]),
  strategyVersion: Type.Union([Type.Integer(), Type.Null()]),
  latencyMs: Type.Number(),
  degraded: Type.Boolean(),
  /** Rule ids (and `list:<key>`) that fired, live rules only. */
  hits: Type.Array(Type.String()),
  /** Entity field → value (card numbers as tokens), masked by role. */
  entities: Type.Record(Type.String(), Type.String()),
});

export const DecisionPageSchema = Type.Object({
  items: Type.Array(DecisionSummarySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

/** The decision API's answer as it was sent. */
export const DecisionAnswerSchema = Type.Object(
  {
    decisionId: Type.String(),
    eventId: Type.String(),
    eventType: Type.String(),
    outcome: Type.String(),
    challenge: Type.Optional(Type.Array(Type.String())),
    score: Type.Number(),
    riskLevel: Type.String(),
    reasons: Type.Array(Type.Object({ code: Type.String(), text: Type.Unknown() }, { additionalProperties: true })),
    hits: Type.Array(Type.Object({ ruleId: Type.String(), outcome: Type.Optional(Type.String()), score: Type.Number(), reasonCode: Type.String() }, { additionalProperties: true })),
    strategy: Type.Union([StrategyRef, Type.Null()]),
    latencyMs: Type.Number(),
    degraded: Type.Boolean(),
  },
  { additionalProperties: true },
);

/** One stage of the flow as evaluated. */
export const StageTraceSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    outcome: Type.Optional(Type.String()),
    hits: Type.Array(Type.String()),
    output: Type.Optional(Type.Unknown()),
    errors: Type.Array(Type.Object({ ref: Type.String(), code: Type.String(), message: Type.String() }, { additionalProperties: true })),
    /** Time spent in the stage, microseconds. */
    micros: Type.Number(),
    skipped: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

/** The engine's trace of one decision. */
export const DecisionTraceSchema = Type.Object(
  {
    stages: Type.Array(StageTraceSchema),
    vars: Type.Record(Type.String(), Type.Unknown()),
    features: Type.Record(Type.String(), Type.Unknown()),
    models: Type.Record(Type.String(), Type.Unknown()),
    data: Type.Record(Type.String(), Type.Unknown()),
    /** Shadow-mode rules that would have fired (they never change the answer). */
    shadowHits: Type.Array(Type.String()),
    ruleErrors: Type.Number(),
    degradations: Type.Array(Type.String()),
    actions: Type.Array(Type.Unknown()),
    timedOut: Type.Optional(Type.Boolean()),
    /** `live` or `canary`: which deployment decided. */
    deployment: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** A challenger (shadow deployment) evaluated on the same event. */
export const ShadowResultSchema = Type.Object({
  strategy: Type.Object({ id: Type.String(), version: Type.Integer() }),
  outcome: Type.String(),
  score: Type.Number(),
  hits: Type.Array(Type.String()),
});

export const DecisionFeedbackSchema = Type.Object({
  id: Type.String(),
  challengeResult: Type.Union([Type.String(), Type.Null()]),
  businessStatus: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  actor: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
});

/** One decision with its stored event, answer, trace, challengers and feedback. */
export const DecisionDetailSchema = Type.Object({
  ...Type.Omit(DecisionSummarySchema, ['strategyId', 'strategyVersion']).properties,
  strategy: Type.Union([StrategyRef, Type.Null()]),
  /** Entity field → its kind (card, customer, …), from the event type: where the entity view opens. */
  entityKinds: Type.Record(Type.String(), Type.String()),
  /** `{data, masked, channel, org}` as stored: card numbers as tokens, personal data masked by role. */
  event: Type.Record(Type.String(), Type.Unknown()),
  response: DecisionAnswerSchema,
  trace: DecisionTraceSchema,
  shadows: Type.Array(ShadowResultSchema),
  feedback: Type.Array(DecisionFeedbackSchema),
});

/** A feature kept by this entity, as the live strategies define it, with its current value. */
export const EntityFeatureSchema = Type.Object({
  name: Type.String(),
  kind: Type.String(),
  /** e.g. `count`, `sum` (velocity) or `usualHour` (profile). */
  agg: Type.String(),
  field: Type.Union([Type.String(), Type.Null()]),
  window: Type.Union([Type.String(), Type.Null()]),
  /** `org`: kept per bank (then `org` says which); `global`: one state across the union. */
  scope: Type.Union([Type.Literal('org'), Type.Literal('global')]),
  org: Type.Union([Type.String(), Type.Null()]),
  eventTypes: Type.Array(Type.String()),
  filter: Type.Union([Type.String(), Type.Null()]),
  strategies: Type.Array(Type.String()),
  value: Type.Unknown(),
});

export const EntityListMembershipSchema = Type.Object({
  listId: Type.String(),
  listKey: Type.String(),
  listName: Type.Object({ zh: Type.String(), en: Type.String() }),
  kind: Type.String(),
  orgId: Type.String(),
  display: Type.String(),
  reason: Type.String(),
  source: Type.String(),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const EntityViewSchema = Type.Object({
  type: EntityKindSchema,
  /** The value the log and the lists hold: a card number is answered with its token. */
  value: Type.String(),
  /** How to show it: a card as its masked number (from the number given or its newest visible event), other values as given. */
  display: Type.String(),
  /** Event fields holding entities of this kind, by event type. */
  fields: Type.Array(Type.Object({ eventType: Type.String(), field: Type.String() })),
  summary: Type.Object({
    total: Type.Integer(),
    firstSeen: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastSeen: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    outcomes: Type.Record(Type.String(), Type.Integer()),
    orgs: Type.Array(Type.String()),
  }),
  features: Type.Array(EntityFeatureSchema),
  lists: Type.Array(EntityListMembershipSchema),
});
