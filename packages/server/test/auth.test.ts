import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgAdminKey, startNode, type TestNode } from './harness.ts';

const PASSWORD = 'Correct-Horse-42-battery';
/** The one-time password an administrator gives a new account. */
const INITIAL = 'Initial-Given-2026-pass';

describe('console sign-in, sessions and CSRF', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode({ env: { VIGIL_LOGIN_RATE_PER_SEC: '1000' } });
    for (const [username, orgId, roles] of [
      ['analyst.a', 'bank_a', ['strategy_analyst']],
      ['admin.a', 'bank_a', ['org_admin']],
      ['victim', 'bank_b', ['auditor']],
      ['totp.user', 'bank_b', ['auditor']],
    ] as const) {
      const r = await node.json('POST', '/api/v1/users', { username, displayName: username, orgId, roles, password: INITIAL });
      expect(r.status).toBe(201);
      expect(r.body.mustChangePassword).toBe(true);
      // The owner replaces the administrator's password at the first sign-in.
      const first = await login(username, INITIAL);
      expect(first.body.passwordChangeRequired).toBe(true);
      expect((await call('POST', '/api/v1/auth/password', first.jar, { currentPassword: INITIAL, newPassword: PASSWORD }, first.body.csrfToken)).status).toBe(200);
    }
  });
  afterAll(() => node?.destroy());

  async function login(username: string, password = PASSWORD, totp?: string) {
    const res = await fetch(`${node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, ...(totp ? { totp } : {}) }) });
    const cookies = res.headers.getSetCookie();
    const body = (await res.json()) as { csrfToken?: string; passwordChangeRequired?: boolean; passwordExpired?: boolean; error?: { code: string } };
    const jar = cookies.map((c) => c.split(';')[0]).join('; ');
    return { status: res.status, body, cookies, jar };
  }
  const call = (method: string, url: string, jar: string, body?: unknown, csrf?: string) =>
    node.json(method, url, body, '', { cookie: jar, ...(csrf ? { 'x-csrf-token': csrf } : {}) });

  it('the demo seeds one user per built-in role, in the union and both banks', async () => {
    const { BUILT_IN_ROLES } = await import('../src/auth/roles.ts');
    const roles = new Set(node.creds.users.flatMap((u) => u.roles));
    for (const r of BUILT_IN_ROLES) expect(roles.has(r.id), r.id).toBe(true);
    expect(new Set(node.creds.users.map((u) => u.org))).toEqual(new Set(['root', 'bank_a', 'bank_a_hz', 'bank_b', 'bank_b_nb']));
    const reviewer = node.creds.users.find((u) => u.roles.includes('case_reviewer'))!;
    const s = await login(reviewer.username, reviewer.password);
    expect(s.status).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', s.jar)).body.user.orgId).toBe(reviewer.org);
  });

  it('masks phones and names for roles without pii.read, in decisions and lists', async () => {
    const d = await node.json('POST', '/api/v1/decisions', { eventType: 'transfer', eventId: 'pii-1', data: { customer_id: 'c-pii', from_account: 'a1', to_account: 'a2', amount: 10, channel: 'WEB', phone: '13800138000', payee_name: '张三丰', org: 'bank_b' } }, node.creds.apiKey);
    const id = d.body.decisionId;
    const auditor = node.creds.users.find((u) => u.roles.includes('auditor'))!;
    const investigator = node.creds.users.find((u) => u.roles.includes('investigator'))!;
    const a = await login(auditor.username, auditor.password);
    const i = await login(investigator.username, investigator.password);
    const seenByAuditor = await call('GET', `/api/v1/decisions/${id}`, a.jar);
    expect(seenByAuditor.body.event.data).toMatchObject({ phone: '138****8000', payee_name: '张**' });
    expect(seenByAuditor.body.entities.phone).toBe('138****8000');
    expect(JSON.stringify(seenByAuditor.body)).not.toContain('13800138000');
    const seenByInvestigator = await call('GET', `/api/v1/decisions/${id}`, i.jar);
    expect(seenByInvestigator.body.event.data).toMatchObject({ phone: '13800138000', payee_name: '张三丰' });
    const list = await node.json('POST', '/api/v1/lists', { key: 'phone_watch', name: { zh: '手机观察', en: 'Phone watch' }, kind: 'grey', dimension: 'phone', orgId: 'bank_b' });
    await node.json('POST', `/api/v1/lists/${list.body.id}/entries`, { entries: [{ value: '+86 138-0013-8000' }] });
    const entries = await call('GET', `/api/v1/lists/${list.body.id}/entries`, a.jar);
    expect(entries.body.items[0].value).not.toContain('00138000');
    const raw = await call('GET', `/api/v1/lists/${list.body.id}/entries`, i.jar);
    expect(raw.body.items[0].value).toContain('8613800138000');
  });

  it('signs in with an HTTP-only, secure, same-site session cookie and answers as that user', async () => {
    const s = await login('analyst.a');
    expect(s.status).toBe(200);
    const session = s.cookies.find((c) => c.startsWith('vigil_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Strict/);
    const me = await call('GET', '/api/v1/auth/me', s.jar);
    expect(me.body.user.username).toBe('analyst.a');
    expect(me.body.permissions).toContain('strategy.edit');
    // the analyst reads strategies but may not manage users or keys
    expect((await call('GET', '/api/v1/strategies', s.jar)).status).toBe(200);
    expect((await call('GET', '/api/v1/api-keys', s.jar)).status).toBe(403);
    // the session token is stored only as a hash
    const token = session.split(';')[0]!.split('=')[1]!;
    const rows = await node.vigil.database.db.selectFrom('sessions').select('id').execute();
    expect(rows.some((r) => r.id === token)).toBe(false);
  });

  it('requires the CSRF token for state changes made with the cookie', async () => {
    const s = await login('admin.a');
    const body = { username: 'new.user', displayName: 'N', orgId: 'bank_a_hz', roles: ['auditor'], password: PASSWORD };
    const without = await call('POST', '/api/v1/users', s.jar, body);
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('CSRF_FAILED');
    const wrong = await call('POST', '/api/v1/users', s.jar, body, 'forged');
    expect(wrong.status).toBe(403);
    const ok = await call('POST', '/api/v1/users', s.jar, body, s.body.csrfToken);
    expect(ok.status).toBe(201);
    // an org admin of bank A cannot reach bank B's users
    const users = await call('GET', '/api/v1/users', s.jar);
    expect(users.body.items.every((u: { orgId: string }) => u.orgId.startsWith('bank_a'))).toBe(true);
    const audit = await node.json('GET', '/api/v1/audit?targetType=user&limit=1');
    expect(audit.body.items[0].actor).toBe('user:admin.a');
    // an org admin assigns business roles, but not system_admin, and never their own roles
    const sys = await call('POST', '/api/v1/users', s.jar, { ...body, username: 'sneaky', roles: ['system_admin'] }, s.body.csrfToken);
    expect(sys.status).toBe(403);
    const me = (await call('GET', '/api/v1/auth/me', s.jar)).body.user;
    expect((await call('PATCH', `/api/v1/users/${me.id}`, s.jar, { roles: ['org_admin', 'strategy_approver'] }, s.body.csrfToken)).status).toBe(403);
  });

  it('locks an account after five wrong passwords and logs every attempt', async () => {
    for (let i = 0; i < 4; i++) expect((await login('victim', 'Wrong-password-123')).status).toBe(401);
    const fifth = await login('victim', 'Wrong-password-123');
    expect(fifth.body.error!.code).toBe('ACCOUNT_LOCKED');
    const right = await login('victim');
    expect(right.status).toBe(401);
    expect(right.body.error!.code).toBe('ACCOUNT_LOCKED');
    const log = await node.vigil.database.db.selectFrom('login_log').select('outcome').where('username', '=', 'victim').orderBy('id').execute();
    // (after the first sign-in and password change of the set-up)
    expect(log.slice(-6).map((l) => l.outcome)).toEqual(['failure', 'failure', 'failure', 'failure', 'locked', 'locked']);
    // an administrator setting a new password unlocks it
    const u = (await node.json('GET', '/api/v1/users')).body.items.find((x: { username: string }) => x.username === 'victim');
    expect(u.locked).toBe(true);
    await node.json('POST', `/api/v1/users/${u.id}/password`, { password: 'Brand-New-Pass-77' });
    expect((await login('victim', 'Brand-New-Pass-77')).status).toBe(200);
    expect((await login('nobody', PASSWORD)).body.error!.code).toBe('UNAUTHENTICATED');
  });

  it('enrols a TOTP second factor, after which sign-in needs a code', async () => {
    const { base32Decode, totpCode } = await import('../src/auth/totp.ts');
    const s = await login('totp.user');
    const enrol = await call('POST', '/api/v1/auth/totp/enroll', s.jar, {}, s.body.csrfToken);
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Vigil:totp\.user\?secret=/);
    const secret = base32Decode(enrol.body.secret);
    expect((await call('POST', '/api/v1/auth/totp/confirm', s.jar, { code: '000000' === totpCode(secret, Date.now()) ? '111111' : '000000' }, s.body.csrfToken)).status).toBe(400);
    expect((await call('POST', '/api/v1/auth/totp/confirm', s.jar, { code: totpCode(secret, Date.now()) }, s.body.csrfToken)).body).toEqual({ enabled: true });
    const stored = await node.vigil.database.db.selectFrom('users').select('totp_secret').where('username', '=', 'totp.user').executeTakeFirstOrThrow();
    expect(stored.totp_secret).not.toContain(enrol.body.secret);
    const noCode = await login('totp.user');
    expect(noCode.status).toBe(401);
    const code = totpCode(secret, Date.now());
    expect((await login('totp.user', PASSWORD, code === '123456' ? '654321' : '123456')).status).toBe(401);
    const withCode = await login('totp.user', PASSWORD, totpCode(secret, Date.now()));
    expect(withCode.status).toBe(200);
    // a lost device: an administrator removes the factor, which ends the user's sessions
    const u = (await node.json('GET', '/api/v1/users')).body.items.find((x: { username: string }) => x.username === 'totp.user');
    expect(u.totpEnabled).toBe(true);
    expect(JSON.stringify(u)).not.toContain('totp_secret');
    expect((await node.json('POST', `/api/v1/users/${u.id}/totp/reset`)).body).toEqual({ reset: true });
    expect((await call('GET', '/api/v1/auth/me', withCode.jar)).status).toBe(401);
    expect((await login('totp.user')).status).toBe(200);
    expect((await node.json('GET', `/api/v1/users/${u.id}`)).body.totpEnabled).toBe(false);
  });

  it('ends sessions on logout, after the idle timeout, and when the user is disabled', async () => {
    const a = await login('analyst.a');
    expect((await call('POST', '/api/v1/auth/logout', a.jar, undefined, a.body.csrfToken)).status).toBe(204);
    expect((await call('GET', '/api/v1/strategies', a.jar)).status).toBe(401);
    const b = await login('analyst.a');
    await node.vigil.database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).execute();
    expect((await call('GET', '/api/v1/strategies', b.jar)).status).toBe(401);
    // however busy, a session ends 12 hours after sign-in
    const busy = await login('analyst.a');
    expect((await call('GET', '/api/v1/strategies', busy.jar)).status).toBe(200);
    await node.vigil.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    expect((await call('GET', '/api/v1/strategies', busy.jar)).status).toBe(401);
    const c = await login('analyst.a');
    const id = (await node.json('GET', '/api/v1/users')).body.items.find((x: { username: string }) => x.username === 'analyst.a').id;
    await node.json('PATCH', `/api/v1/users/${id}`, { disabled: true });
    expect((await call('GET', '/api/v1/strategies', c.jar)).status).toBe(401);
    expect((await login('analyst.a')).status).toBe(401);
  });

  it('never writes passwords, session tokens or CSRF tokens to the log', async () => {
    const s = await login('admin.a');
    await call('GET', '/api/v1/auth/me', s.jar);
    await login('admin.a', 'Typo-Password-4242');
    const logs = node.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, INITIAL, 'Typo-Password-4242', s.jar.split('vigil_session=')[1]!.split(';')[0]!, s.body.csrfToken!]) expect(logs).not.toContain(secret);
  });

  it('makes a password set by an administrator one-time: nothing but a change answers until the owner picks one', async () => {
    expect((await node.json('POST', '/api/v1/users', { username: 'fresh.user', displayName: 'Fresh', orgId: 'bank_a', roles: ['auditor'], password: INITIAL })).status).toBe(201);
    const s = await login('fresh.user', INITIAL);
    expect(s.status).toBe(200);
    expect(s.body.passwordChangeRequired).toBe(true);
    const blocked = await call('GET', '/api/v1/decisions', s.jar);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await call('GET', '/api/v1/auth/me', s.jar)).body.passwordChangeRequired).toBe(true);
    // the change is a state change: CSRF applies; the current password is checked; policy and history apply
    expect((await call('POST', '/api/v1/auth/password', s.jar, { currentPassword: INITIAL, newPassword: PASSWORD })).status).toBe(403);
    const wrong = await call('POST', '/api/v1/auth/password', s.jar, { currentPassword: 'Not-the-right-one-1', newPassword: PASSWORD }, s.body.csrfToken);
    expect(wrong.body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'currentPassword' });
    const weak = await call('POST', '/api/v1/auth/password', s.jar, { currentPassword: INITIAL, newPassword: 'short' }, s.body.csrfToken);
    expect(weak.body.error.details[0]).toMatchObject({ path: 'newPassword', code: 'PASSWORD_POLICY' });
    const same = await call('POST', '/api/v1/auth/password', s.jar, { currentPassword: INITIAL, newPassword: INITIAL }, s.body.csrfToken);
    expect(same.status).toBe(400);
    const other = await login('fresh.user', INITIAL);
    expect((await call('POST', '/api/v1/auth/password', s.jar, { currentPassword: INITIAL, newPassword: PASSWORD }, s.body.csrfToken)).status).toBe(200);
    // this session goes on with full rights; the user's other session has ended
    expect((await call('GET', '/api/v1/decisions', s.jar)).status).toBe(200);
    expect((await call('GET', '/api/v1/decisions', other.jar)).status).toBe(401);
    const audit = await node.json('GET', '/api/v1/audit?targetType=user');
    expect(audit.body.items.some((e: { action: string; actor: string }) => e.action === 'user.password.self' && e.actor === 'user:fresh.user')).toBe(true);
    // an administrator's reset makes it one-time again and ends every session of the user
    const id = (await node.json('GET', '/api/v1/users')).body.items.find((x: { username: string }) => x.username === 'fresh.user').id;
    expect((await node.json('POST', `/api/v1/users/${id}/password`, { password: 'Reset-By-Admin-2026' })).status).toBe(200);
    expect((await call('GET', '/api/v1/decisions', s.jar)).status).toBe(401);
    const again = await login('fresh.user', 'Reset-By-Admin-2026');
    expect(again.body.passwordChangeRequired).toBe(true);
  });

  it('requires a new password once the current one is older than 90 days', async () => {
    expect((await node.json('POST', '/api/v1/users', { username: 'quarter.user', displayName: 'Q', orgId: 'bank_a', roles: ['auditor'], password: INITIAL })).status).toBe(201);
    const first = await login('quarter.user', INITIAL);
    await call('POST', '/api/v1/auth/password', first.jar, { currentPassword: INITIAL, newPassword: PASSWORD }, first.body.csrfToken);
    const s = await login('quarter.user');
    expect(s.body).toMatchObject({ passwordExpired: false, passwordChangeRequired: false });
    await node.vigil.database.db.updateTable('users').set({ password_changed_at: new Date(Date.now() - 91 * 86_400_000) }).where('username', '=', 'quarter.user').execute();
    const expired = await login('quarter.user');
    expect(expired.body).toMatchObject({ passwordExpired: true, passwordChangeRequired: true });
    // sessions already open are held to it too
    expect((await call('GET', '/api/v1/strategies', s.jar)).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await call('POST', '/api/v1/auth/password', expired.jar, { currentPassword: PASSWORD, newPassword: 'Fresh-Quarter-2027-pw' }, expired.body.csrfToken)).status).toBe(200);
    expect((await call('GET', '/api/v1/strategies', expired.jar)).status).toBe(200);
  });

  it('shows the login log to auditors, each bank only its own users', async () => {
    await login('victim', 'Wrong-password-999');
    await login('admin.a', 'Wrong-password-999');
    await login('no.such.person', 'Wrong-password-999');
    const union = await node.json('GET', '/api/v1/login-log?limit=500');
    expect(union.status).toBe(200);
    const names = new Set(union.body.items.map((e: { username: string }) => e.username));
    expect(names.has('victim') && names.has('admin.a') && names.has('no.such.person')).toBe(true);
    expect(union.body.items[0]).toMatchObject({ ip: '127.0.0.1' });
    const bAdmin = await orgAdminKey(node, 'bank_b');
    const bank = await node.json('GET', '/api/v1/login-log?limit=500', undefined, bAdmin);
    const seen = new Set(bank.body.items.map((e: { username: string }) => e.username));
    expect(seen.has('victim')).toBe(true);
    expect(seen.has('admin.a')).toBe(false);
    expect(seen.has('no.such.person')).toBe(false);
    const failures = await node.json('GET', '/api/v1/login-log?outcome=failure&username=admin.a');
    expect(failures.body.items.length).toBeGreaterThan(0);
    expect(failures.body.items.every((e: { outcome: string; username: string }) => e.outcome === 'failure' && e.username === 'admin.a')).toBe(true);
  });
});
