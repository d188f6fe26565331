import type { OrgScope } from '../repos/executor.ts';
import type { Permission } from './permissions.ts';

export { PERMISSIONS, type Permission } from './permissions.ts';

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
