import type { Role } from '../../../api/types.ts';

/**
 * The roles a user manager may hand out, as the server decides (no privilege escalation): the
 * bank's built-in business roles with `user.manage`; `system_admin` and custom roles only when
 * the manager holds every permission they grant.
 */
export function assignableRoles(roles: readonly Role[], held: ReadonlySet<string>): Role[] {
  return roles.filter((r) => (r.builtIn && r.id !== 'system_admin' && held.has('user.manage')) || r.permissions.every((p) => held.has(p)));
}

/** A user's text for the table filter: username and display name. */
export function userMatches(u: { username: string; displayName: string }, search: string): boolean {
  const q = search.trim().toLowerCase();
  return !q || u.username.toLowerCase().includes(q) || u.displayName.toLowerCase().includes(q);
}
