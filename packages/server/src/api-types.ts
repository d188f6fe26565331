/**
 * Types of the HTTP API for clients written in TypeScript (the console), derived from the same
 * TypeBox schemas that validate requests and serialise responses: a client built on them cannot
 * drift from the server without failing `npm run typecheck`. Import with `import type`: nothing
 * here exists at run time, so no server code reaches a browser bundle.
 *
 * @example
 * import type { MeResponse } from '@vigil/server/api-types';
 * const me: MeResponse = await (await fetch('/api/v1/auth/me')).json();
 */
import type { Static } from 'typebox';
// Only schema modules that import nothing of the server themselves: the console type-checks this
// file and what it imports under its own (browser) compiler options.
import type { ChangePasswordBody, ChangePasswordResponse, CodeBody, LoginBody, LoginResponse as LoginResponseSchema, MeResponse as MeResponseSchema, TotpConfirmResponse, TotpEnrollResponse } from './routes/auth-schema.ts';
import type { ErrorSchema } from './routes/shared-schemas.ts';
import type { OrgList, OrgSchema } from './routes/org-schema.ts';
import type { UserSchema } from './routes/user-schema.ts';

export type { Permission } from './auth/permissions.ts';
export type { ErrorCode } from './errors.ts';

/** `{error: {code, message, requestId, path?, details?}}`: the body of every error answer. */
export type ErrorBody = Static<typeof ErrorSchema>;
export type User = Static<typeof UserSchema>;
export type Org = Static<typeof OrgSchema>;
export type OrgListResponse = Static<typeof OrgList>;

export type LoginRequest = Static<typeof LoginBody>;
export type LoginResponse = Static<typeof LoginResponseSchema>;
export type MeResponse = Static<typeof MeResponseSchema>;
export type ChangePasswordRequest = Static<typeof ChangePasswordBody>;
export type ChangePasswordResult = Static<typeof ChangePasswordResponse>;
export type TotpEnrollResult = Static<typeof TotpEnrollResponse>;
export type TotpConfirmRequest = Static<typeof CodeBody>;
export type TotpConfirmResult = Static<typeof TotpConfirmResponse>;

// Each area of the console has its own file of types; they are all part of this module.
export type * from './api-types/admin.ts';
export type * from './api-types/catalog.ts';
export type * from './api-types/strategies.ts';
export type * from './api-types/decisions.ts';
export type * from './api-types/monitoring.ts';
export type * from './api-types/alerts.ts';
export type * from './api-types/actions.ts';
export type * from './api-types/cases.ts';
export type * from './api-types/models.ts';
