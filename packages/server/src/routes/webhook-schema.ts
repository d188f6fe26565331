import { Type } from 'typebox';

/** A webhook endpoint as shown: never its signing secret. */
export const WebhookSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const DeliveryStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]);
/** One delivery of an event to an endpoint, with its attempts. */
export const DeliverySchema = Type.Object({
  id: Type.String(),
  webhookId: Type.String(),
  orgId: Type.String(),
  event: Type.String(),
  payload: Type.Object({}, { additionalProperties: true }),
  status: DeliveryStatusSchema,
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
});
/** `GET /api/v1/webhooks`. */
export const WebhookList = Type.Object({ items: Type.Array(WebhookSchema) });
/** `POST /api/v1/webhooks`: the signing secret, in this answer only. */
export const WebhookCreated = Type.Object({ secret: Type.String(), webhook: WebhookSchema });
/** `GET /api/v1/webhooks/{id}/deliveries`: newest first; `nextCursor` asks for the page after. */
export const DeliveryPage = Type.Object({ items: Type.Array(DeliverySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
