import type { OrgScope } from '../repos/executor.ts';

/** Permissions of the catalogue that exist so far; the identity model adds users and roles on top. */
export const PERMISSIONS = [
  'decision.create',
  'decision.read',
  'decision.export',
  'decision.feedback',
  'event.ingest',
  'event_type.read',
  'event_type.write',
  'strategy.read',
  'strategy.edit',
  'strategy.approve',
  'strategy.deploy',
  'backtest.run',
  'label.write',
  'list.read',
  'list.write',
  'list.export',
  'api_key.manage',
  'webhook.manage',
  'org.read',
  'org.manage',
  'param.read',
  'param.write',
  'audit.read',
  'user.read',
  'user.manage',
  'role.manage',
  'alert.read',
  'alert.handle',
  'case.read',
  'case.investigate',
  'case.review',
  'report.read',
  'model.read',
  'model.edit',
  'pii.read',
  'system.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const CHANNEL_PERMISSIONS: Permission[] = ['decision.create', 'decision.feedback', 'event.ingest'];

/** Who is calling, resolved once per request by the authentication hook. */
export interface Principal {
  kind: 'api_key' | 'user';
  id: string;
  name: string;
  orgId: string;
  /** Event types a channel key may submit; empty means all. */
  eventTypes: string[];
  permissions: ReadonlySet<Permission>;
  scope: OrgScope;
  rateLimitPerSec: number;
  /** Console sessions: the stored id (hash) of this session. */
  sessionId?: string;
  /**
   * The user signed in with a password that is expired or was set by an administrator: until
   * they choose a new one, only their own account routes answer.
   */
  passwordChangeRequired?: boolean;
}

export function can(p: Principal, perm: Permission): boolean {
  return p.permissions.has(perm);
}

export function mayUseEventType(p: Principal, eventType: string): boolean {
  return p.eventTypes.length === 0 || p.eventTypes.includes(eventType);
}
