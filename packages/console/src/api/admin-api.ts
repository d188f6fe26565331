import { http } from './client.ts';
import type { HttpClient } from './http-client.ts';
import type {
  ApiKeyCreateResult,
  ApiKeyListResponse,
  ApiKeyRevokeResult,
  AuditPageResponse,
  AuditVerifyResult,
  LoginOutcome,
  LoginPageResponse,
  Org,
  OrgParams,
  ParamValue,
  PasswordResetResult,
  Role,
  RoleListResponse,
  TotpResetResult,
  User,
  UserListResponse,
  Webhook,
  WebhookCreateResult,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookDeliveryStatus,
  WebhookListResponse,
} from './types.ts';

export interface I18nName {
  zh: string;
  en: string;
}
export type OrgKind = 'legal_entity' | 'branch' | 'sub_branch';

export interface NewOrg {
  id: string;
  parentId: string;
  kind: OrgKind;
  name: I18nName;
}
export interface NewUser {
  username: string;
  displayName: string;
  orgId: string;
  roles: string[];
  password: string;
}
export interface UserPatch {
  displayName?: string;
  roles?: string[];
  disabled?: boolean;
}
export interface NewRole {
  id: string;
  name: I18nName;
  orgId?: string;
  permissions: string[];
}
export interface NewApiKey {
  name: string;
  orgId?: string;
  eventTypes: string[];
  rateLimitPerSec: number;
}
export interface NewWebhook {
  name: string;
  url: string;
  events: string[];
  orgId?: string;
  enabled: boolean;
}
export type WebhookPatch = Partial<Omit<NewWebhook, 'orgId'>>;

/** Cursor pages of the logs: newest first, `cursor` from the previous page's `nextCursor`. */
export interface AuditQuery {
  cursor?: string;
  limit?: number;
  targetType?: string;
  targetId?: string;
}
export interface LoginQuery {
  cursor?: string;
  limit?: number;
  username?: string;
  outcome?: LoginOutcome;
}
export interface DeliveryQuery {
  cursor?: string;
  limit?: number;
  status?: WebhookDeliveryStatus;
}

const enc = encodeURIComponent;

/** The administration routes: orgs, parameters, users, roles, API keys, webhooks, audit and login logs. */
export function adminApi(h: HttpClient) {
  return {
    createOrg: (b: NewOrg) => h.post<Org>('/api/v1/orgs', b),
    renameOrg: (id: string, name: I18nName) => h.patch<Org>(`/api/v1/orgs/${enc(id)}`, { name }),
    params: (orgId: string) => h.get<OrgParams>(`/api/v1/orgs/${enc(orgId)}/params`),
    setParam: (orgId: string, key: string, value: ParamValue) => h.put<OrgParams>(`/api/v1/orgs/${enc(orgId)}/params/${enc(key)}`, { value }),
    removeParam: (orgId: string, key: string) => h.delete<void>(`/api/v1/orgs/${enc(orgId)}/params/${enc(key)}`),

    users: () => h.get<UserListResponse>('/api/v1/users'),
    createUser: (b: NewUser) => h.post<User>('/api/v1/users', b),
    updateUser: (id: string, b: UserPatch) => h.patch<User>(`/api/v1/users/${enc(id)}`, b),
    resetPassword: (id: string, password: string) => h.post<PasswordResetResult>(`/api/v1/users/${enc(id)}/password`, { password }),
    resetTotp: (id: string) => h.post<TotpResetResult>(`/api/v1/users/${enc(id)}/totp/reset`),

    roles: () => h.get<RoleListResponse>('/api/v1/roles'),
    createRole: (b: NewRole) => h.post<Role>('/api/v1/roles', b),
    replaceRole: (id: string, b: Pick<NewRole, 'name' | 'permissions'>) => h.put<Role>(`/api/v1/roles/${enc(id)}`, b),
    deleteRole: (id: string) => h.delete<void>(`/api/v1/roles/${enc(id)}`),

    apiKeys: () => h.get<ApiKeyListResponse>('/api/v1/api-keys'),
    createApiKey: (b: NewApiKey) => h.post<ApiKeyCreateResult>('/api/v1/api-keys', b),
    revokeApiKey: (id: string) => h.post<ApiKeyRevokeResult>(`/api/v1/api-keys/${enc(id)}/revoke`),

    webhooks: () => h.get<WebhookListResponse>('/api/v1/webhooks'),
    createWebhook: (b: NewWebhook) => h.post<WebhookCreateResult>('/api/v1/webhooks', b),
    updateWebhook: (id: string, b: WebhookPatch) => h.patch<Webhook>(`/api/v1/webhooks/${enc(id)}`, b),
    deleteWebhook: (id: string) => h.delete<void>(`/api/v1/webhooks/${enc(id)}`),
    testWebhook: (id: string) => h.post<WebhookDelivery>(`/api/v1/webhooks/${enc(id)}/test`),
    deliveries: (id: string, q: DeliveryQuery) => h.get<WebhookDeliveryPage>(`/api/v1/webhooks/${enc(id)}/deliveries`, { query: { ...q } }),
    retryDelivery: (deliveryId: string) => h.post<WebhookDelivery>(`/api/v1/webhooks/deliveries/${enc(deliveryId)}/retry`),

    audit: (q: AuditQuery) => h.get<AuditPageResponse>('/api/v1/audit', { query: { ...q } }),
    verifyAudit: () => h.get<AuditVerifyResult>('/api/v1/audit/verify'),
    logins: (q: LoginQuery) => h.get<LoginPageResponse>('/api/v1/login-log', { query: { ...q } }),
  };
}

export const adminApiClient = adminApi(http);
