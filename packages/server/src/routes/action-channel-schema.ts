import { Type } from 'typebox';

// Schemas of the action channel routes (see alert-action-schema.ts for the rules).

export const ChannelActionTypeSchema = Type.Union([Type.Literal('sms'), Type.Literal('call'), Type.Literal('control')]);
export const ChannelKindSchema = Type.Union([Type.Literal('webhook'), Type.Literal('simulator')]);

/** A channel as shown: never its secret; `inherited` ones belong to an org above the caller's. */
export const ActionChannelSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  kind: ChannelKindSchema,
  actionTypes: Type.Array(ChannelActionTypeSchema),
  url: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  inherited: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const ActionChannelList = Type.Object({ items: Type.Array(ActionChannelSchema) });
/** `POST /api/v1/action-channels`: a webhook channel's signing secret, in this answer only. */
export const ActionChannelCreated = Type.Object({ secret: Type.Union([Type.String(), Type.Null()]), channel: ActionChannelSchema });

const Url = Type.String({ minLength: 1, maxLength: 2048, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', description: 'webhook: the http(s) URL actions are posted to' });
const ActionTypes = Type.Array(ChannelActionTypeSchema, { minItems: 1, maxItems: 3, uniqueItems: true });

export const CreateActionChannel = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    kind: ChannelKindSchema,
    actionTypes: ActionTypes,
    url: Type.Optional(Url),
    enabled: Type.Boolean({ default: true }),
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Owner org; default the caller’s. It carries the actions of this org and the orgs below it that have none of their own' })),
  },
  { additionalProperties: false },
);
/** `PUT /api/v1/action-channels/{id}`: the kind, org and secret stay. */
export const UpdateActionChannel = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 128 }), actionTypes: ActionTypes, url: Type.Optional(Url), enabled: Type.Boolean({ default: true }) },
  { additionalProperties: false },
);
/** `POST /api/v1/action-channels/{id}/test`: how a signed test call went. */
export const ActionChannelTestResult = Type.Object({
  ok: Type.Boolean(),
  status: Type.Union([Type.Integer(), Type.Null()]),
  durationMs: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
});
