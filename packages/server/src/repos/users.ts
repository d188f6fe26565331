import { sql } from 'kysely';
import { json } from '@vigil/storage';
import { OrgData } from './scoped.ts';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  roles: string[];
  disabled: boolean;
  locked: boolean;
  passwordChangedAt: Date;
  /** The password was set by an administrator and must be replaced at the next sign-in. */
  mustChangePassword: boolean;
  /** A TOTP second factor is set up (the secret itself is never returned). */
  totpEnabled: boolean;
  createdAt: Date;
}

const COLS = ['id', 'username', 'display_name', 'org_id', 'roles', 'disabled', 'locked_until', 'password_changed_at', 'must_change_password', 'totp_secret', 'created_at'] as const;

function view(r: { id: string; username: string; display_name: string; org_id: string; roles: string[]; disabled: boolean; locked_until: Date | null; password_changed_at: Date; must_change_password: boolean; totp_secret: string | null; created_at: Date }): UserView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    orgId: r.org_id,
    roles: r.roles,
    disabled: r.disabled,
    locked: !!r.locked_until && r.locked_until > new Date(),
    passwordChangedAt: r.password_changed_at,
    mustChangePassword: r.must_change_password,
    totpEnabled: !!r.totp_secret && !r.totp_secret.startsWith('pending:'),
    createdAt: r.created_at,
  };
}

/** Users of the caller's orgs only: another bank's user is never listed nor found. */
export async function listUsers(data: OrgData): Promise<UserView[]> {
  return (await data.selectFrom('users').select(COLS).orderBy('username').execute()).map(view);
}

export async function getUser(data: OrgData, id: string): Promise<UserView | undefined> {
  const r = await data.selectFrom('users').select(COLS).where('id', '=', id).executeTakeFirst();
  return r && view(r);
}

export async function getUserSecrets(data: OrgData, id: string) {
  return data.selectFrom('users').select(['id', 'username', 'password_hash', 'password_history']).where('id', '=', id).executeTakeFirst();
}

/** Usernames are unique across the whole platform, so this looks beyond the caller's scope. */
export async function usernameTaken(data: OrgData, username: string): Promise<boolean> {
  return !!(await OrgData.system(data.db).selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export async function insertUser(data: OrgData, u: { id: string; username: string; displayName: string; orgId: string; roles: string[]; passwordHash: string; mustChangePassword: boolean }): Promise<void> {
  await data
    .insertInto('users', { id: u.id, username: u.username, display_name: u.displayName, org_id: u.orgId, roles: json(u.roles), password_hash: u.passwordHash, password_history: json([]), must_change_password: u.mustChangePassword })
    .execute();
}

export async function updateUser(data: OrgData, id: string, patch: { displayName?: string; roles?: string[]; disabled?: boolean }): Promise<void> {
  await data
    .updateTable('users')
    .set({
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.roles !== undefined ? { roles: json(patch.roles) } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Replaces the password; one chosen by an administrator must be changed by its owner. */
export async function setPassword(data: OrgData, id: string, passwordHash: string, history: string[], mustChange: boolean): Promise<void> {
  await data
    .updateTable('users')
    .set({ password_hash: passwordHash, password_history: json(history), password_changed_at: new Date(), must_change_password: mustChange, failed_attempts: 0, locked_until: null, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function listCustomRoles(data: OrgData) {
  return (await data.selectFrom('roles').selectAll().orderBy('id').execute()).map((r) => ({ id: r.id, name: { zh: r.name_zh, en: r.name_en }, orgId: r.org_id, permissions: r.permissions, builtIn: false }));
}

export async function insertRole(data: OrgData, r: { id: string; name: { zh: string; en: string }; orgId: string; permissions: string[] }): Promise<void> {
  await data.insertInto('roles', { id: r.id, name_zh: r.name.zh, name_en: r.name.en, org_id: r.orgId, permissions: json(r.permissions) }).execute();
}

export async function getCustomRole(data: OrgData, id: string) {
  const r = await data.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { id: r.id, name: { zh: r.name_zh, en: r.name_en }, orgId: r.org_id, permissions: r.permissions, builtIn: false };
}

export async function updateRole(data: OrgData, id: string, r: { name: { zh: string; en: string }; permissions: string[] }): Promise<void> {
  await data.updateTable('roles').set({ name_zh: r.name.zh, name_en: r.name.en, permissions: json(r.permissions) }).where('id', '=', id).execute();
}

export async function deleteRole(data: OrgData, id: string): Promise<void> {
  await data.deleteFrom('roles').where('id', '=', id).execute();
}

/** Users holding a role, wherever they are: a role in use cannot be deleted. */
export async function roleHolders(data: OrgData, id: string): Promise<number> {
  const r = await OrgData.system(data.db)
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(sql<boolean>`roles @> ${json([id])}`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Removes a user's second factor (a lost device): the next sign-in needs the password only. */
export async function clearTotp(data: OrgData, id: string): Promise<void> {
  await data.updateTable('users').set({ totp_secret: null, updated_at: new Date() }).where('id', '=', id).execute();
}
