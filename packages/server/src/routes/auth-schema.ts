import { Type } from 'typebox';
import { PERMISSIONS, type Permission } from '../auth/permissions.ts';
import { UserSchema } from './user-schema.ts';

// Request and response schemas of the console's account routes (routes/auth.ts).

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 128 }), password: Type.String({ minLength: 1, maxLength: 256 }), totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })) },
  { additionalProperties: false },
);
export const ChangePasswordBody = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
export const CodeBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
/** One permission of the catalogue. */
export const PermissionSchema = Type.Unsafe<Permission>(Type.Union(PERMISSIONS.map((p) => Type.Literal(p))));
export const LoginResponse = Type.Object({ user: UserSchema, csrfToken: Type.String(), passwordExpired: Type.Boolean(), passwordChangeRequired: Type.Boolean() });
export const MeResponse = Type.Object({ user: UserSchema, permissions: Type.Array(PermissionSchema), passwordChangeRequired: Type.Boolean() });
export const ChangePasswordResponse = Type.Object({ changed: Type.Boolean() });
export const TotpEnrollResponse = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() });
export const TotpConfirmResponse = Type.Object({ enabled: Type.Boolean() });
