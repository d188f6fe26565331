import { Type } from 'typebox';
import { I18nTextSchema } from './shared-schemas.ts';

// Request and response schemas of the event-type and list routes, in a module that imports nothing
// of the server: the console's types (api-types/catalog.ts) are derived from them.

// ---- Event types ----

export const OutcomeSchema = Type.Union([Type.Literal('pass'), Type.Literal('review'), Type.Literal('challenge'), Type.Literal('reject')]);

/** One field of an event's `data`. */
export const FieldDefSchema = Type.Object(
  {
    type: Type.Union([
      Type.Literal('string'),
      Type.Literal('number'),
      Type.Literal('integer'),
      Type.Literal('boolean'),
      Type.Literal('timestamp'),
      Type.Literal('geo'),
      Type.Literal('enum'),
      Type.Literal('string_list'),
    ]),
    required: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    values: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096 })),
  },
  { additionalProperties: false },
);

/** An event type definition: the body of `POST`/`PUT /api/v1/event-types` and every answer about one. */
export const EventTypeSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 64 }),
    name: I18nTextSchema,
    scenario: Type.String({ minLength: 1, maxLength: 64 }),
    channels: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 50 }),
    fields: Type.Record(Type.String(), FieldDefSchema),
    entityFields: Type.Record(Type.String(), Type.String()),
    sensitiveFields: Type.Record(Type.String(), Type.String()),
    orgField: Type.Union([Type.Null(), Type.String()]),
    latencyBudgetMs: Type.Integer({ default: 50 }),
    fallbackOutcome: OutcomeSchema,
    outcomePrecedence: Type.Array(OutcomeSchema, { default: ['pass', 'review', 'challenge', 'reject'] }),
    revision: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

/** `GET /api/v1/event-types`. */
export const EventTypeListSchema = Type.Object({ items: Type.Array(EventTypeSchema) });

/** `GET /api/v1/event-types/{key}/usage`: what stands in the way of changing or deleting it. */
export const EventTypeUsageSchema = Type.Object({
  /** Strategies defined for this event type, live or not. */
  strategies: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      direction: Type.String(),
      liveVersion: Type.Union([Type.Integer(), Type.Null()]),
      latestVersion: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  /** Features of live strategies (of any event type) that count this event type. */
  features: Type.Array(Type.Object({ strategyId: Type.String(), version: Type.Integer(), feature: Type.String() })),
});

// ---- Lists ----

export const ListKindSchema = Type.Union([Type.Literal('black'), Type.Literal('white'), Type.Literal('grey')]);
export const ListDimensionSchema = Type.Union([
  Type.Literal('customer'),
  Type.Literal('account'),
  Type.Literal('card'),
  Type.Literal('phone'),
  Type.Literal('device'),
  Type.Literal('ip'),
  Type.Literal('cidr'),
  Type.Literal('merchant'),
  Type.Literal('terminal'),
  Type.Literal('name'),
  Type.Literal('text'),
]);

/** A list as the API shows it (`entryCount` only in the collection). */
export const ListSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: I18nTextSchema,
  kind: ListKindSchema,
  dimension: ListDimensionSchema,
  orgId: Type.String(),
  description: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  entryCount: Type.Optional(Type.Integer()),
});

export const ListsQuerySchema = Type.Object({
  org: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only lists of this org and the orgs below it' })),
});

/** `GET /api/v1/lists`. */
export const ListCollectionSchema = Type.Object({ items: Type.Array(ListSchema) });

export const CreateListSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'Name used in rules: inList("key", value)' }),
    name: I18nTextSchema,
    kind: ListKindSchema,
    dimension: ListDimensionSchema,
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    description: Type.String({ maxLength: 2000, default: '' }),
  },
  { additionalProperties: false },
);

export const PatchListSchema = Type.Object({ name: Type.Optional(I18nTextSchema), description: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

export const EntryInputSchema = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: 256 }),
    reason: Type.String({ maxLength: 500, default: '' }),
    source: Type.String({ maxLength: 64, default: 'manual' }),
    expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { additionalProperties: false },
);

/** `POST /api/v1/lists/{id}/entries`. */
export const AddEntriesSchema = Type.Object({ entries: Type.Array(EntryInputSchema, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
export const AddEntriesResultSchema = Type.Object({ added: Type.Integer() });

const EntryRef = Type.String({ minLength: 1, maxLength: 1024, description: 'the `ref` of an entry as listed' });

/** `POST /api/v1/lists/{id}/entries/delete`: by value (normalised like new entries) and/or by listed `ref`. */
export const RemoveEntriesSchema = Type.Object(
  {
    values: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { minItems: 1, maxItems: 1000 })),
    refs: Type.Optional(Type.Array(EntryRef, { minItems: 1, maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export const RemoveEntriesResultSchema = Type.Object({ removed: Type.Integer() });

/** `POST /api/v1/lists/{id}/entries/expire`: entries by listed `ref`. */
export const ExpireEntriesSchema = Type.Object({ refs: Type.Array(EntryRef, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
export const ExpireEntriesResultSchema = Type.Object({ expired: Type.Integer() });

export const EntriesQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  search: Type.Optional(Type.String({ maxLength: 64 })),
  includeExpired: Type.Boolean({ default: false }),
});

/** One entry as listed: `value` is what the caller may see (masked card numbers; phones and names masked without `pii.read`). */
export const ListEntrySchema = Type.Object({
  ref: Type.String({ description: 'opaque reference for expire/delete; never the stored value' }),
  value: Type.String(),
  reason: Type.String(),
  source: Type.String(),
  orgId: Type.String(),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  expired: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** `GET /api/v1/lists/{id}/entries`. */
export const ListEntryPageSchema = Type.Object({ items: Type.Array(ListEntrySchema), total: Type.Integer() });

export const ImportErrorSchema = Type.Object({
  line: Type.Integer(),
  field: Type.Optional(Type.String({ description: 'the CSV column at fault, when one is' })),
  code: Type.String(),
  message: Type.String(),
});

/** `POST /api/v1/lists/{id}/import`. */
export const ImportResultSchema = Type.Object({ imported: Type.Integer(), rejected: Type.Integer(), errors: Type.Array(ImportErrorSchema) });
