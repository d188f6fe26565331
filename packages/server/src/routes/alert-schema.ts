import { Type } from 'typebox';
import { I18nTextSchema } from './shared-schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AlertLevelSchema = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')]);
export const AlertStatusSchema = Type.Union([Type.Literal('open'), Type.Literal('assigned'), Type.Literal('closed')]);
export const DispositionSchema = Type.Union([
  Type.Literal('confirmed_fraud'),
  Type.Literal('false_positive'),
  Type.Literal('customer_confirmed_genuine'),
  Type.Literal('unreachable'),
  Type.Literal('escalated_to_case'),
]);
export const SlaStateSchema = Nullable(Type.Union([Type.Literal('ok'), Type.Literal('due_soon'), Type.Literal('breached')]));

/** An alert as listed and shown. */
export const AlertSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  legalEntityId: Nullable(Type.String()),
  category: Type.String(),
  level: AlertLevelSchema,
  status: AlertStatusSchema,
  subject: Type.Object({ type: Type.String(), key: Type.String(), display: Type.String() }),
  source: Type.String(),
  eventType: Nullable(Type.String()),
  eventCount: Type.Integer(),
  amount: Type.Number(),
  ruleIds: Type.Array(Type.String()),
  merging: Type.Boolean(),
  mergeUntil: Type.String(),
  firstEventAt: Type.String(),
  lastEventAt: Type.String(),
  queueId: Nullable(Type.String()),
  assignee: Nullable(Type.String()),
  assignedAt: Nullable(Type.String()),
  dueAt: Nullable(Type.String()),
  sla: SlaStateSchema,
  escalationLevel: Type.Integer(),
  escalatedAt: Nullable(Type.String()),
  disposition: Nullable(DispositionSchema),
  disposedBy: Nullable(Type.String()),
  disposedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** `GET /api/v1/alerts`: newest first (`nextCursor` asks for the page after) or most urgent first. */
export const AlertPage = Type.Object({ items: Type.Array(AlertSchema), nextCursor: Nullable(Type.String()) });

/** One entry of an alert's timeline: a contribution, a handling step or an action. */
export const AlertTimelineEntrySchema = Type.Object({
  at: Type.String(),
  kind: Type.String(),
  actor: Nullable(Type.String()),
  details: Type.Object({}, { additionalProperties: true }),
});

/** `GET /api/v1/alerts/{id}`: the alert, its timeline, the decisions behind it and what the caller may do. */
export const AlertDetailSchema = Type.Object({
  alert: AlertSchema,
  timeline: Type.Array(AlertTimelineEntrySchema),
  decisions: Type.Array(Type.Object({ decisionId: Type.String(), eventType: Type.String(), eventId: Type.String(), orgId: Type.String(), amount: Nullable(Type.Number()) })),
  queue: Nullable(Type.Object({ id: Type.String(), orgId: Type.String(), name: I18nTextSchema })),
  can: Type.Object({ claim: Type.Boolean(), assign: Type.Boolean(), release: Type.Boolean(), dispose: Type.Boolean(), reopen: Type.Boolean(), act: Type.Boolean() }),
});

/** The answer of a handling step: the alert as it is now. */
export const AlertChangedSchema = Type.Object({ alert: AlertSchema });
/** `POST /api/v1/alerts/{id}/disposition`: the closed alert, the labels written and the cases opened or linked. */
export const AlertDisposedSchema = Type.Object({ alert: AlertSchema, labelled: Type.Integer(), cases: Type.Array(Type.String()) });
/** `POST /api/v1/alerts`: the alert the report opened or joined. */
export const AlertReportedSchema = Type.Object({ alert: AlertSchema, opened: Type.Boolean() });

export const QueueFiltersSchema = Type.Object(
  {
    categories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true })),
    levels: Type.Optional(Type.Array(AlertLevelSchema, { maxItems: 4, uniqueItems: true })),
    eventTypes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true })),
    orgs: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export const SlaMinutesSchema = Type.Object(
  {
    low: Type.Optional(Type.Integer({ minimum: 1, maximum: 43_200 })),
    medium: Type.Optional(Type.Integer({ minimum: 1, maximum: 43_200 })),
    high: Type.Optional(Type.Integer({ minimum: 1, maximum: 43_200 })),
    critical: Type.Optional(Type.Integer({ minimum: 1, maximum: 43_200 })),
  },
  { additionalProperties: false },
);
export const AssignmentModeSchema = Type.Union([Type.Literal('manual'), Type.Literal('round_robin'), Type.Literal('least_loaded')]);

/** A queue as shown, with its live counts and whether the caller serves it. */
export const AlertQueueSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: I18nTextSchema,
  position: Type.Integer(),
  filters: QueueFiltersSchema,
  roles: Type.Array(Type.String()),
  assignment: AssignmentModeSchema,
  slaMinutes: SlaMinutesSchema,
  escalateTo: Nullable(Type.String()),
  enabled: Type.Boolean(),
  updatedBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** Defined by an org above the caller's: shown, not editable. */
  inherited: Type.Boolean(),
  serving: Type.Boolean(),
  counts: Type.Object({ open: Type.Integer(), assigned: Type.Integer(), breached: Type.Integer() }),
});
export const AlertQueueList = Type.Object({ items: Type.Array(AlertQueueSchema) });
/** `GET /api/v1/alert-queues/{id}/handlers`: who serves the queue and how many alerts each holds. */
export const QueueHandlerList = Type.Object({ items: Type.Array(Type.Object({ username: Type.String(), assigned: Type.Integer() })) });

/** A category's merge setting as it applies to the caller's org, and who defined it. */
export const AlertCategorySchema = Type.Object({
  key: Type.String(),
  orgId: Nullable(Type.String()),
  name: I18nTextSchema,
  description: Type.String(),
  mergeBy: Type.Array(Type.String()),
  windowMinutes: Type.Integer(),
  inherited: Type.Boolean(),
  /** Strategies raise alerts of this category (it may have no setting of its own: the default applies). */
  usedByStrategies: Type.Array(Type.String()),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
});
export const AlertCategoryList = Type.Object({
  items: Type.Array(AlertCategorySchema),
  defaults: Type.Object({ mergeBy: Type.Array(Type.String()), windowMinutes: Type.Integer() }),
  subjectKinds: Type.Array(Type.String()),
});
