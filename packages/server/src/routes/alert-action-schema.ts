import { Type } from 'typebox';

// Schemas of the alert actions routes: they validate requests, serialise the answers (Fastify drops
// what is not declared), document them, and type the console. Nothing of the server is imported.

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const AnyObject = Type.Object({}, { additionalProperties: true });
const FreeText = Type.String({ minLength: 1, maxLength: 500 });

export const ActionTypeSchema = Type.Union([Type.Literal('sms'), Type.Literal('call'), Type.Literal('control'), Type.Literal('add_to_list')]);
export const ActionStatusSchema = Type.Union([Type.Literal('queued'), Type.Literal('sending'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled'), Type.Literal('awaiting_result')]);
export const CallOutcomeSchema = Type.Union([
  Type.Literal('answered_confirmed_genuine'),
  Type.Literal('answered_denied'),
  Type.Literal('no_answer'),
  Type.Literal('busy'),
  Type.Literal('invalid_number'),
  Type.Literal('voicemail'),
]);
export const TemplateLocaleSchema = Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')]);

/** `POST /api/v1/alerts/{id}/actions`: what to do (see docs/api.md, Alert actions, for which fields each type takes). */
export const ActionRequestBody = Type.Object(
  {
    type: ActionTypeSchema,
    kind: Type.Optional(Type.Union([Type.Literal('robot'), Type.Literal('manual'), Type.Literal('freeze_card'), Type.Literal('suspend_account'), Type.Literal('limit_channel')])),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$', description: 'SMS: the key of a template of the alert’s org or an org above it' })),
    locale: Type.Optional(TemplateLocaleSchema),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'SMS: a custom message (at most 500 characters; it may use the template variables)' })),
    list: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'add_to_list: the key of a list of the alert’s org or an org above it' })),
    value: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'add_to_list: the value to add instead of the alert’s subject' })),
    expiresIn: Type.Optional(Type.String({ maxLength: 16, description: 'add_to_list: how long the entry lasts, e.g. 30d (1m to 90d); forever when absent' })),
    reason: Type.Optional(FreeText),
    note: Type.Optional(FreeText),
    params: Type.Optional(
      Type.Object(
        {
          channel: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z][a-z0-9_]*$' })),
          limit: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
          currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
          durationHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 8760 })),
        },
        { additionalProperties: false, description: 'control limit_channel: the channel to limit and its limit (0 blocks it)' },
      ),
    ),
    simulate: Type.Optional(
      Type.Object(
        { failAttempts: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })), permanent: Type.Optional(Type.Boolean()) },
        { additionalProperties: false, description: 'The simulator channel fails the first failAttempts attempts, or every attempt for good' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** `POST /api/v1/actions/{id}/call-result`. */
export const CallResultBody = Type.Object({ outcome: CallOutcomeSchema, note: Type.Optional(FreeText) }, { additionalProperties: false });

/** One requested action. */
export const ActionSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  alertId: NullableString,
  caseId: NullableString,
  type: ActionTypeSchema,
  kind: NullableString,
  source: Type.Union([Type.Literal('manual'), Type.Literal('auto')]),
  params: AnyObject,
  context: AnyObject,
  channelId: NullableString,
  status: ActionStatusSchema,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  nextAttemptAt: NullableDateTime,
  result: Type.Union([AnyObject, Type.Null()]),
  lastError: NullableString,
  requestedBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  completedAt: NullableDateTime,
});

/** One attempt of the delivery log. */
export const ActionAttemptSchema = Type.Object({
  id: Type.String(),
  attempt: Type.Integer(),
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('retry'), Type.Literal('failed'), Type.Literal('recorded')]),
  request: AnyObject,
  status: Type.Union([Type.Integer(), Type.Null()]),
  response: NullableString,
  error: NullableString,
  durationMs: Type.Integer(),
  at: DateTime,
});

/** `GET /api/v1/actions/{id}`: the action and its delivery log. */
export const ActionDetailSchema = Type.Object({ action: ActionSchema, attempts: Type.Array(ActionAttemptSchema) });
/** `GET /api/v1/alerts/{id}/actions`: oldest first. */
export const ActionList = Type.Object({ items: Type.Array(ActionSchema) });
/** `GET /api/v1/actions`: newest first; `nextCursor` asks for the page after. */
export const ActionPage = Type.Object({ items: Type.Array(ActionSchema), nextCursor: NullableString });
/** `GET /api/v1/actions` query. */
export const ActionsQuery = Type.Object(
  {
    status: Type.Optional(ActionStatusSchema),
    type: Type.Optional(ActionTypeSchema),
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9a-f-]{36}$' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);
