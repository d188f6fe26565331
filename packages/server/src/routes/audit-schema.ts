import { Type } from 'typebox';

/** One entry of the hash-chained audit log. */
export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  orgId: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Type.String(),
  hash: Type.String(),
});
/** `GET /api/v1/audit`: newest first; `nextCursor` asks for the older page. */
export const AuditPage = Type.Object({ items: Type.Array(AuditEntrySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
/** `GET /api/v1/audit/verify`: the chain recomputed; the first broken entry when it is not intact. */
export const AuditVerifyResponse = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  brokenAt: Type.Optional(Type.Object({ id: Type.Integer(), problem: Type.String() })),
});
export const LoginOutcomeSchema = Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('locked'), Type.Literal('disabled'), Type.Literal('totp_required')]);
/** One sign-in attempt. */
export const LoginAttemptSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  username: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  orgId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.String(),
  outcome: Type.String(),
});
/** `GET /api/v1/login-log`: newest first; `nextCursor` asks for the older page. */
export const LoginPage = Type.Object({ items: Type.Array(LoginAttemptSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
