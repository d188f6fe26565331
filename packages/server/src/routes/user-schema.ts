import { Type } from 'typebox';

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
