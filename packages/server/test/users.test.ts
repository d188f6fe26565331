import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/password-policy.ts';
import { orgAdminKey, startNode, type TestNode } from './harness.ts';

describe('users and roles', () => {
  let node: TestNode;
  let bankAdmin: string;
  beforeAll(async () => {
    node = await startNode();
    bankAdmin = await orgAdminKey(node, 'bank_a');
  });
  afterAll(() => node?.destroy());

  const good = 'Correct-Horse-42-battery';

  it('lists the built-in roles and the permission catalogue', async () => {
    const r = await node.json('GET', '/api/v1/roles');
    expect(r.body.items.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining(['system_admin', 'org_admin', 'strategy_analyst', 'strategy_approver', 'model_developer', 'alert_handler', 'investigator', 'case_reviewer', 'auditor', 'channel_system']),
    );
    expect(r.body.permissions).toEqual(expect.arrayContaining(['strategy.edit', 'strategy.approve', 'strategy.deploy', 'list.write', 'alert.handle', 'case.review', 'report.read', 'user.manage']));
  });

  it('creates users under the password policy, never showing a hash', async () => {
    const weak = await node.json('POST', '/api/v1/users', { username: 'li.wei', displayName: 'Li Wei', orgId: 'bank_a', roles: ['strategy_analyst'], password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0]).toMatchObject({ path: 'password', code: 'PASSWORD_POLICY' });
    const named = await node.json('POST', '/api/v1/users', { username: 'li.wei', displayName: 'Li Wei', orgId: 'bank_a', roles: ['strategy_analyst'], password: 'Li.Wei-2026-secret' });
    expect(named.status).toBe(400);
    const ok = await node.json('POST', '/api/v1/users', { username: 'li.wei', displayName: 'Li Wei', orgId: 'bank_a_hz', roles: ['strategy_analyst'], password: good });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ username: 'li.wei', orgId: 'bank_a_hz', roles: ['strategy_analyst'], disabled: false, locked: false });
    expect(JSON.stringify(ok.body)).not.toMatch(/argon2|password_hash/);
    expect((await node.json('POST', '/api/v1/users', { username: 'li.wei', displayName: 'x', orgId: 'bank_a', roles: ['auditor'], password: good })).status).toBe(409);
    expect((await node.json('POST', '/api/v1/users', { username: 'ghost', displayName: 'x', orgId: 'bank_a', roles: ['no_such_role'], password: good })).status).toBe(400);
    const stored = await node.vigil.database.db.selectFrom('users').select('password_hash').where('username', '=', 'li.wei').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.password_hash, good)).toBe(true);
  });

  it('refuses a recently used password and keeps a history of hashes', async () => {
    const user = (await node.json('GET', '/api/v1/users')).body.items.find((u: { username: string }) => u.username === 'li.wei');
    expect((await node.json('POST', `/api/v1/users/${user.id}/password`, { password: good })).status).toBe(400);
    expect((await node.json('POST', `/api/v1/users/${user.id}/password`, { password: 'Another-Good-99-pass' })).status).toBe(200);
    expect((await node.json('POST', `/api/v1/users/${user.id}/password`, { password: good })).status).toBe(400);
    const audit = await node.json('GET', `/api/v1/audit?targetType=user&targetId=${user.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['user.password', 'user.create']);
  });

  it('org admins manage only their subtree; another bank’s users and orgs are not found', async () => {
    const other = await node.json('POST', '/api/v1/users', { username: 'wang.fang', displayName: 'Wang Fang', orgId: 'bank_b', roles: ['alert_handler'], password: good });
    expect(other.status).toBe(201);
    const mine = await node.json('GET', '/api/v1/users', undefined, bankAdmin);
    expect(mine.body.items.map((u: { username: string }) => u.username)).toContain('li.wei');
    expect(mine.body.items.every((u: { orgId: string }) => u.orgId.startsWith('bank_a'))).toBe(true);
    expect((await node.json('GET', `/api/v1/users/${other.body.id}`, undefined, bankAdmin)).status).toBe(404);
    expect((await node.json('PATCH', `/api/v1/users/${other.body.id}`, { disabled: true }, bankAdmin)).status).toBe(404);
    expect((await node.json('POST', `/api/v1/users/${other.body.id}/password`, { password: 'Xy-1234567890-z' }, bankAdmin)).status).toBe(404);
    expect((await node.json('POST', '/api/v1/users', { username: 'intruder', displayName: 'x', orgId: 'bank_b', roles: ['auditor'], password: good }, bankAdmin)).status).toBe(404);
    // mass assignment of server-owned fields is refused
    const mass = await node.json('POST', '/api/v1/users', { username: 'mass', displayName: 'x', orgId: 'bank_a', roles: ['auditor'], password: good, disabled: false, id: 'chosen' }, bankAdmin);
    expect(mass.status).toBe(400);
    const li = mine.body.items.find((u: { username: string }) => u.username === 'li.wei');
    const patched = await node.json('PATCH', `/api/v1/users/${li.id}`, { roles: ['strategy_analyst', 'auditor'], disabled: true }, bankAdmin);
    expect(patched.body).toMatchObject({ roles: ['strategy_analyst', 'auditor'], disabled: true });
  });

  it('custom roles are built from the catalogue, within the caller’s own permissions', async () => {
    const r = await node.json('POST', '/api/v1/roles', { id: 'list_keeper', name: { zh: '名单维护', en: 'List keeper' }, permissions: ['list.read', 'list.write'] }, bankAdmin);
    expect(r.status).toBe(201);
    expect(r.body.orgId).toBe('bank_a');
    expect((await node.json('POST', '/api/v1/roles', { id: 'bad', name: { zh: 'x', en: 'x' }, permissions: ['nope.do'] })).status).toBe(400);
    expect((await node.json('POST', '/api/v1/roles', { id: 'org_admin', name: { zh: 'x', en: 'x' }, permissions: ['list.read'] })).status).toBe(409);
    const user = await node.json('POST', '/api/v1/users', { username: 'keeper', displayName: 'K', orgId: 'bank_a', roles: ['list_keeper'], password: good }, bankAdmin);
    expect(user.status).toBe(201);
    // bank_b cannot see or use bank_a's custom role
    const bAdmin = await orgAdminKey(node, 'bank_b');
    const roles = await node.json('GET', '/api/v1/roles', undefined, bAdmin);
    expect(roles.body.items.some((x: { id: string }) => x.id === 'list_keeper')).toBe(false);
    expect((await node.json('POST', '/api/v1/users', { username: 'b.user', displayName: 'B', orgId: 'bank_b', roles: ['list_keeper'], password: good }, bAdmin)).status).toBe(400);
    // replacing and deleting: within the caller's permissions, and never while someone holds it
    expect((await node.json('PUT', '/api/v1/roles/list_keeper', { name: { zh: '名单', en: 'Keeper' }, permissions: ['list.read', 'user.manage'] }, bAdmin)).status).toBe(404);
    const narrowed = await node.json('PUT', '/api/v1/roles/list_keeper', { name: { zh: '名单只读', en: 'List reader' }, permissions: ['list.read'] }, bankAdmin);
    expect(narrowed.body).toMatchObject({ id: 'list_keeper', orgId: 'bank_a', permissions: ['list.read'] });
    const roleAfter = (await node.json('GET', '/api/v1/roles', undefined, bankAdmin)).body.items.find((x: { id: string }) => x.id === 'list_keeper');
    expect(roleAfter.name.en).toBe('List reader');
    expect((await node.json('DELETE', '/api/v1/roles/list_keeper', undefined, bankAdmin)).status).toBe(409);
    await node.json('PATCH', `/api/v1/users/${user.body.id}`, { roles: ['auditor'] }, bankAdmin);
    expect((await node.json('DELETE', '/api/v1/roles/list_keeper', undefined, bankAdmin)).status).toBe(204);
    expect((await node.json('GET', '/api/v1/roles', undefined, bankAdmin)).body.items.some((x: { id: string }) => x.id === 'list_keeper')).toBe(false);
    const trail = (await node.json('GET', '/api/v1/audit?targetType=role')).body.items.map((e: { action: string }) => e.action);
    expect(trail.slice(0, 3)).toEqual(['role.delete', 'role.update', 'role.create']);
  });
});
