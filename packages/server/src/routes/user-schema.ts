import { Type } from 'typebox';
import { I18nTextSchema } from './shared-schemas.ts';

/** A user as every route shows one: never a hash or a secret. */
export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  orgId: Type.String(),
  roles: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  locked: Type.Boolean(),
  passwordChangedAt: Type.String({ format: 'date-time' }),
  mustChangePassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
/** `GET /api/v1/users`: the users of the caller's subtree. */
export const UserList = Type.Object({ items: Type.Array(UserSchema) });
/** `POST /api/v1/users/{id}/totp/reset`. */
export const TotpResetResponse = Type.Object({ reset: Type.Boolean() });
/** `POST /api/v1/users/{id}/password`. */
export const PasswordResetResponse = Type.Object({ changed: Type.Boolean() });

/** A built-in role (orgId null) or a custom role of an org. */
export const RoleSchema = Type.Object({
  id: Type.String(),
  name: I18nTextSchema,
  orgId: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
  builtIn: Type.Boolean(),
});
/** `GET /api/v1/roles`: every role the caller may see and the permission catalogue. */
export const RoleList = Type.Object({ permissions: Type.Array(Type.String()), items: Type.Array(RoleSchema) });
