// API types of the console's admin pages (see ../api-types.ts for the rules: type-only, from schema
// modules that import nothing of the server).
import type { Static } from 'typebox';
import type { ApiKeyCreated, ApiKeyList, ApiKeyRevoked, ApiKeySchema } from '../routes/api-key-schema.ts';
import type { AuditEntrySchema, AuditPage, AuditVerifyResponse, LoginAttemptSchema, LoginOutcomeSchema, LoginPage } from '../routes/audit-schema.ts';
import type { OrgParamsSchema, ParamValueSchema } from '../routes/org-schema.ts';
import type { PasswordResetResponse, RoleList, RoleSchema, TotpResetResponse, UserList } from '../routes/user-schema.ts';
import type { DeliveryPage, DeliverySchema, DeliveryStatusSchema, WebhookCreated, WebhookList, WebhookSchema } from '../routes/webhook-schema.ts';

/** A parameter value of an org: number, string, boolean or list of strings. */
export type ParamValue = Static<typeof ParamValueSchema>;
/** An org's own, effective and inherited-from parameters. */
export type OrgParams = Static<typeof OrgParamsSchema>;

export type UserListResponse = Static<typeof UserList>;
export type TotpResetResult = Static<typeof TotpResetResponse>;
export type PasswordResetResult = Static<typeof PasswordResetResponse>;
export type Role = Static<typeof RoleSchema>;
export type RoleListResponse = Static<typeof RoleList>;

export type ApiKey = Static<typeof ApiKeySchema>;
export type ApiKeyListResponse = Static<typeof ApiKeyList>;
export type ApiKeyCreateResult = Static<typeof ApiKeyCreated>;
export type ApiKeyRevokeResult = Static<typeof ApiKeyRevoked>;

export type Webhook = Static<typeof WebhookSchema>;
export type WebhookListResponse = Static<typeof WebhookList>;
export type WebhookCreateResult = Static<typeof WebhookCreated>;
export type WebhookDelivery = Static<typeof DeliverySchema>;
export type WebhookDeliveryStatus = Static<typeof DeliveryStatusSchema>;
export type WebhookDeliveryPage = Static<typeof DeliveryPage>;

export type AuditEntry = Static<typeof AuditEntrySchema>;
export type AuditPageResponse = Static<typeof AuditPage>;
export type AuditVerifyResult = Static<typeof AuditVerifyResponse>;
export type LoginOutcome = Static<typeof LoginOutcomeSchema>;
export type LoginAttempt = Static<typeof LoginAttemptSchema>;
export type LoginPageResponse = Static<typeof LoginPage>;
