import { Type } from 'typebox';
import { TemplateLocaleSchema } from './alert-action-schema.ts';

// Schemas of the message template routes (see alert-action-schema.ts for the rules).

const LevelSchema = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')]);

/** Sent automatically when an alert opens: any of `categories` (every category when absent), at `minLevel` or above. */
export const AutoSendSchema = Type.Object(
  {
    categories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50, uniqueItems: true })),
    minLevel: Type.Optional(LevelSchema),
  },
  { additionalProperties: false },
);

/** A template as shown; `inherited` ones belong to an org above the caller's and are read-only for it. */
export const MessageTemplateSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  key: Type.String(),
  name: Type.String(),
  channel: Type.Literal('sms'),
  locale: TemplateLocaleSchema,
  body: Type.String(),
  variables: Type.Array(Type.String()),
  autoSend: Type.Union([AutoSendSchema, Type.Null()]),
  enabled: Type.Boolean(),
  inherited: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const MessageTemplateList = Type.Object({ items: Type.Array(MessageTemplateSchema), variables: Type.Record(Type.String(), Type.String()) });

const Body = Type.String({ minLength: 1, maxLength: 2000, description: 'Text with {{variable}} placeholders, at most 500 characters' });

export const CreateMessageTemplate = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$' }),
    name: Type.String({ minLength: 1, maxLength: 128 }),
    channel: Type.Optional(Type.Literal('sms')),
    locale: TemplateLocaleSchema,
    body: Body,
    autoSend: Type.Optional(Type.Union([AutoSendSchema, Type.Null()])),
    enabled: Type.Boolean({ default: true }),
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Owner org; default the caller’s. Its branches use it unless they have their own of the same key' })),
  },
  { additionalProperties: false },
);

/** `PUT /api/v1/message-templates/{id}`: the key, locale and org stay. */
export const UpdateMessageTemplate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 128 }), body: Body, autoSend: Type.Optional(Type.Union([AutoSendSchema, Type.Null()])), enabled: Type.Boolean({ default: true }) },
  { additionalProperties: false },
);

export const PreviewMessageTemplate = Type.Object(
  { alertId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$', description: 'Render with this alert’s values; sample values when absent' })) },
  { additionalProperties: false },
);
export const MessageTemplatePreview = Type.Object({
  text: Type.String(),
  /** Characters of the rendered text. */
  length: Type.Integer(),
  /** Variables the alert has no value for (their place is empty; such a message is not sent). */
  missing: Type.Array(Type.String()),
  sample: Type.Boolean(),
});
