import { Type } from 'typebox';

/** An API key as listed: never its secret or hash, only the first characters to recognise it. */
export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  kind: Type.String(),
  orgId: Type.String(),
  eventTypes: Type.Array(Type.String()),
  rateLimitPerSec: Type.Integer(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
/** `GET /api/v1/api-keys`. */
export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeySchema) });
/** `POST /api/v1/api-keys`: the secret, in this answer only. */
export const ApiKeyCreated = Type.Object({ key: Type.String(), apiKey: ApiKeySchema });
/** `POST /api/v1/api-keys/{id}/revoke`. */
export const ApiKeyRevoked = Type.Object({ revoked: Type.Boolean() });
