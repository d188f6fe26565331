import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound, type ErrorDetail } from '../errors.ts';
import { OrgData } from '../repos/scoped.ts';
import { clearTotp, deleteRole, getCustomRole, getUser, getUserSecrets, insertRole, roleHolders, updateRole, insertUser, listCustomRoles, listUsers, setPassword, updateUser, usernameTaken } from '../repos/users.ts';
import { hashPassword, PASSWORD_HISTORY, passwordProblems, reusedPassword } from '../auth/password-policy.ts';
import { PERMISSIONS, type Permission, type Principal } from '../auth/principal.ts';
import { BUILT_IN_ROLES, builtInRole } from '../auth/roles.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses, I18nTextSchema, IdParam, requireVisibleOrg } from './common.ts';
import { PasswordResetResponse, RoleList, RoleSchema, TotpResetResponse, UserList, UserSchema } from './user-schema.ts';

const Username = Type.String({ pattern: '^[a-z][a-z0-9._-]{2,63}$' });
const Password = Type.String({ minLength: 1, maxLength: 256 });
const RoleIds = Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), { minItems: 1, maxItems: 20, uniqueItems: true });
const CreateUser = Type.Object({ username: Username, displayName: Type.String({ minLength: 1, maxLength: 128 }), orgId: Type.String({ maxLength: 64 }), roles: RoleIds, password: Password }, { additionalProperties: false });
const PatchUser = Type.Object({ displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })), roles: Type.Optional(RoleIds), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });
const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
const RolePermissions = Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 100, uniqueItems: true });
const CreateRole = Type.Object(
  { id: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), name: I18nTextSchema, orgId: Type.Optional(Type.String({ maxLength: 64 })), permissions: RolePermissions },
  { additionalProperties: false },
);
const ReplaceRole = Type.Object({ name: I18nTextSchema, permissions: RolePermissions }, { additionalProperties: false });

/** Permissions a role may carry: known ones, and only those the granting caller holds. */
function checkRolePermissions(p: Principal, permissions: string[]): void {
  const unknown = permissions.filter((x) => !(PERMISSIONS as readonly string[]).includes(x));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', `unknown permissions: ${unknown.join(', ')}`, { path: 'permissions' });
  const missing = permissions.filter((x) => !p.permissions.has(x as Permission));
  if (missing.length) throw new AppError('FORBIDDEN', `you do not hold: ${missing.join(', ')}`, { path: 'permissions' });
}

/**
 * The permissions the given roles grant. Unknown or invisible roles are reported with their path;
 * no one can grant a permission they do not hold themselves (no privilege escalation).
 */
async function checkRoles(data: OrgData, p: Principal, roles: string[], path: string): Promise<void> {
  const custom = await listCustomRoles(data);
  const details: ErrorDetail[] = [];
  roles.forEach((id, i) => {
    const role = builtInRole(id) ?? custom.find((r) => r.id === id);
    if (!role) return details.push({ path: `${path}[${i}]`, code: 'UNKNOWN_ROLE', message: `no role ${id}` });
    // An administrator assigns the bank's business roles; only system_admin, and custom roles,
    // must stay within what the granting user holds.
    if (role.builtIn && role.id !== 'system_admin' && p.permissions.has('user.manage')) return;
    const missing = role.permissions.filter((perm) => !p.permissions.has(perm as Permission));
    if (missing.length) details.push({ path: `${path}[${i}]`, code: 'ESCALATION', message: `granting ${id} needs permissions you do not hold: ${missing.join(', ')}` });
  });
  if (details.some((d) => d.code === 'ESCALATION')) throw new AppError('FORBIDDEN', 'a role grants more than you hold', { details });
  if (details.length) throw new AppError('VALIDATION_FAILED', 'unknown roles', { details });
}

function policy(password: string, username: string, path = 'password'): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw new AppError('VALIDATION_FAILED', `the password ${problems.join('; ')}`, { details: problems.map((m) => ({ path, code: 'PASSWORD_POLICY', message: m })) });
}

/**
 * Sets a new password after the policy and history checks, audits it, and ends the user's other
 * sessions (all of them when an administrator resets it).
 */
export async function replacePassword(
  s: Services,
  req: FastifyRequest,
  data: OrgData,
  user: { id: string; username: string; orgId: string },
  password: string,
  opts: { mustChange: boolean; action: string; keepSession?: string; path?: string },
): Promise<void> {
  const path = opts.path ?? 'password';
  policy(password, user.username, path);
  const secrets = (await getUserSecrets(data, user.id))!;
  const history = [secrets.password_hash, ...secrets.password_history].slice(0, PASSWORD_HISTORY);
  if (await reusedPassword(history, password)) throw new AppError('VALIDATION_FAILED', `the password must differ from the last ${PASSWORD_HISTORY}`, { path });
  const hashed = await hashPassword(password);
  await withTransaction(s.db, async (tx) => {
    await setPassword(data.in(tx), user.id, hashed, history, opts.mustChange);
    await s.sessions.endSessionsOf(tx, user.id, opts.keepSession);
    await audit(tx, req, { action: opts.action, targetType: 'user', targetId: user.id, orgId: user.orgId });
  });
}

export const userRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get('/api/v1/roles', { config: { permission: 'user.read' }, schema: { tags: ['users'], summary: 'Built-in and custom roles, and the permission catalogue', response: { 200: RoleList, ...errorResponses } } }, async (req) => ({
    permissions: PERMISSIONS,
    items: [...BUILT_IN_ROLES.map((r) => ({ ...r, orgId: null })), ...(await listCustomRoles(req.data))],
  }));

  app.post<{ Body: Static<typeof CreateRole> }>(
    '/api/v1/roles',
    { config: { permission: 'role.manage' }, schema: { tags: ['users'], summary: 'Create a custom role from the permission catalogue', body: CreateRole, response: { 201: RoleSchema, ...errorResponses } } },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      checkRolePermissions(req.principal, req.body.permissions);
      if (builtInRole(req.body.id)) throw new AppError('CONFLICT', 'a built-in role has this id', { path: 'id' });
      await withTransaction(s.db, async (tx) => {
        // Role ids are global (users name them), so the check looks beyond the caller's scope.
        if (await OrgData.system(tx).selectFrom('roles').select('id').where('id', '=', req.body.id).executeTakeFirst()) throw new AppError('CONFLICT', `role ${req.body.id} exists`, { path: 'id' });
        await insertRole(req.data.in(tx), { id: req.body.id, name: req.body.name, orgId, permissions: req.body.permissions });
        await audit(tx, req, { action: 'role.create', targetType: 'role', targetId: req.body.id, orgId, after: req.body });
      });
      reply.status(201).send({ id: req.body.id, name: req.body.name, orgId, permissions: req.body.permissions, builtIn: false });
    },
  );

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof ReplaceRole> }>(
    '/api/v1/roles/:id',
    { config: { permission: 'role.manage' }, schema: { tags: ['users'], summary: "Replace a custom role's name and permissions (effective on its holders' next request)", params: IdParam, body: ReplaceRole, response: { 200: RoleSchema, ...errorResponses } } },
    async (req) => {
      const before = await getCustomRole(req.data, req.params.id);
      if (!before) throw notFound('role', 'id');
      // Removing a permission needs none; adding or keeping one needs the caller to hold it.
      checkRolePermissions(req.principal, req.body.permissions);
      await withTransaction(s.db, async (tx) => {
        await updateRole(req.data.in(tx), before.id, req.body);
        await audit(tx, req, { action: 'role.update', targetType: 'role', targetId: before.id, orgId: before.orgId, before: { name: before.name, permissions: before.permissions }, after: req.body });
      });
      return { ...before, ...req.body };
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/api/v1/roles/:id',
    { config: { permission: 'role.manage' }, schema: { tags: ['users'], summary: 'Delete a custom role no user holds', params: IdParam, response: { ...errorResponses } } },
    async (req, reply) => {
      const before = await getCustomRole(req.data, req.params.id);
      if (!before) throw notFound('role', 'id');
      await withTransaction(s.db, async (tx) => {
        const holders = await roleHolders(req.data.in(tx), before.id);
        if (holders > 0) throw new AppError('CONFLICT', `${holders} user(s) hold this role; take it from them first`, { path: 'id' });
        await deleteRole(req.data.in(tx), before.id);
        await audit(tx, req, { action: 'role.delete', targetType: 'role', targetId: before.id, orgId: before.orgId, before: { name: before.name, permissions: before.permissions } });
      });
      reply.status(204).send();
    },
  );

  app.get('/api/v1/users', { config: { permission: 'user.read' }, schema: { tags: ['users'], summary: 'The users of the caller’s subtree', response: { 200: UserList, ...errorResponses } } }, async (req) => ({ items: await listUsers(req.data) }));

  app.get<{ Params: Static<typeof IdParam> }>('/api/v1/users/:id', { config: { permission: 'user.read' }, schema: { tags: ['users'], params: IdParam, response: { 200: UserSchema, ...errorResponses } } }, async (req) => {
    return (await getUser(req.data, req.params.id)) ?? Promise.reject(notFound('user', 'id'));
  });

  app.post<{ Body: Static<typeof CreateUser> }>(
    '/api/v1/users',
    { config: { permission: 'user.manage' }, schema: { tags: ['users'], summary: 'Create a user in an org of your subtree', body: CreateUser, response: { 201: UserSchema, ...errorResponses } } },
    async (req, reply) => {
      const b = req.body;
      requireVisibleOrg(s, req, b.orgId, 'orgId');
      policy(b.password, b.username);
      const id = randomUUID();
      const passwordHash = await hashPassword(b.password);
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        await checkRoles(data, req.principal, b.roles, 'roles');
        if (await usernameTaken(data, b.username)) throw new AppError('CONFLICT', 'this username is taken', { path: 'username' });
        await insertUser(data, { id, username: b.username, displayName: b.displayName, orgId: b.orgId, roles: b.roles, passwordHash, mustChangePassword: true });
        await audit(tx, req, { action: 'user.create', targetType: 'user', targetId: id, orgId: b.orgId, after: { username: b.username, displayName: b.displayName, roles: b.roles } });
      });
      reply.status(201).send(await getUser(req.data, id));
    },
  );

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof PatchUser> }>(
    '/api/v1/users/:id',
    { config: { permission: 'user.manage' }, schema: { tags: ['users'], summary: 'Change display name, roles or the disabled flag', params: IdParam, body: PatchUser, response: { 200: UserSchema, ...errorResponses } } },
    async (req) => {
      const before = await getUser(req.data, req.params.id);
      if (!before) throw notFound('user', 'id');
      if (req.body.roles && req.principal.kind === 'user' && req.principal.id === before.id) throw new AppError('FORBIDDEN', 'no one changes their own roles', { path: 'roles' });
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        if (req.body.roles) await checkRoles(data, req.principal, req.body.roles, 'roles');
        await updateUser(data, before.id, req.body);
        await audit(tx, req, { action: 'user.update', targetType: 'user', targetId: before.id, orgId: before.orgId, before: { displayName: before.displayName, roles: before.roles, disabled: before.disabled }, after: req.body });
      });
      return getUser(req.data, before.id);
    },
  );

  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/v1/users/:id/totp/reset',
    { config: { permission: 'user.manage' }, schema: { tags: ['users'], summary: "Remove a user's TOTP second factor (a lost device) and end their sessions; they can enrol again", params: IdParam, response: { 200: TotpResetResponse, ...errorResponses } } },
    async (req) => {
      const user = await getUser(req.data, req.params.id);
      if (!user) throw notFound('user', 'id');
      if (req.principal.kind === 'user' && req.principal.id === user.id) throw new AppError('FORBIDDEN', 'no one removes their own second factor', { path: 'id' });
      await withTransaction(s.db, async (tx) => {
        await clearTotp(req.data.in(tx), user.id);
        await s.sessions.endSessionsOf(tx, user.id);
        await audit(tx, req, { action: 'user.totp.reset', targetType: 'user', targetId: user.id, orgId: user.orgId });
      });
      return { reset: true };
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof PasswordBody> }>(
    '/api/v1/users/:id/password',
    { config: { permission: 'user.manage' }, schema: { tags: ['users'], summary: 'Set a new password (policy and history checked); unlocks the account', params: IdParam, body: PasswordBody, response: { 200: PasswordResetResponse, ...errorResponses } } },
    async (req) => {
      const user = await getUser(req.data, req.params.id);
      if (!user) throw notFound('user', 'id');
      // A password an administrator chose is one-time: its owner must replace it at sign-in.
      await replacePassword(s, req, req.data, user, req.body.password, { mustChange: true, action: 'user.password' });
      return { changed: true };
    },
  );
};
