import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LoginResponse, MeResponse } from '../../server/src/routes/auth-schema.ts';
import { OrgList } from '../../server/src/routes/org-schema.ts';
import { startNode, type TestNode } from '../../server/test/harness.ts';
import { authApi } from '../src/api/auth-api.ts';
import { createHttpClient, type HttpClientOptions } from '../src/api/http-client.ts';
import { orgsApi } from '../src/api/orgs-api.ts';
import { cookieJar } from './cookie-jar.ts';

function client(node: TestNode, opts: Partial<HttpClientOptions> = {}) {
  const jar = cookieJar();
  const http = createHttpClient({ baseUrl: node.baseUrl, fetch: jar.fetch, csrfToken: () => jar.get('vigil_csrf'), ...opts });
  return { jar, auth: authApi(http), orgs: orgsApi(http) };
}

describe('the API client against a real node', () => {
  let node: TestNode;
  const user = (name: string) => node.creds.users.find((u) => u.username === name)!;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(() => node?.destroy());

  it('signs in, gets answers of the shape its types promise, is refused without the CSRF token, and signs out', async () => {
    const expired = vi.fn();
    const c = client(node, { onSessionExpired: expired });
    // Nobody signed in yet: an answer, not an expiry.
    await expect(c.auth.me()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    await expect(c.auth.login({ username: 'admin', password: 'wrong-password-1A' })).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(expired).not.toHaveBeenCalled();

    const login = await c.auth.login({ username: 'admin', password: user('admin').password });
    expect(Value.Errors(LoginResponse, login)).toEqual([]);
    expect(login.csrfToken).toBe(c.jar.get('vigil_csrf'));
    const me = await c.auth.me();
    expect(Value.Errors(MeResponse, me)).toEqual([]);
    expect(me.user.username).toBe('admin');
    expect(me.permissions).toContain('org.read');
    const orgs = await c.orgs.list();
    expect(Value.Errors(OrgList, orgs)).toEqual([]);
    expect(orgs.items.map((o) => o.id)).toEqual(expect.arrayContaining(['root', 'bank_a', 'bank_b']));

    // The same session without the CSRF header cannot change anything.
    const noCsrf = createHttpClient({ baseUrl: node.baseUrl, fetch: c.jar.fetch });
    await expect(authApi(noCsrf).logout()).rejects.toMatchObject({ status: 403, code: 'CSRF_FAILED' });

    await c.auth.logout();
    await expect(c.orgs.list()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('sees a bank user only its own orgs, and a missing permission as FORBIDDEN', async () => {
    const bank = client(node);
    await bank.auth.login({ username: 'a.admin', password: user('a.admin').password });
    expect((await bank.orgs.list()).items.every((o) => o.id.startsWith('bank_a'))).toBe(true);
    const handler = client(node);
    await handler.auth.login({ username: 'a.handler', password: user('a.handler').password });
    await expect(handler.orgs.list()).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('takes a user with a one-time password through the forced change', async () => {
    const created = await node.json('POST', '/api/v1/users', { username: 'new.analyst', displayName: 'New analyst', orgId: 'bank_a', roles: ['strategy_analyst'], password: 'Temporary-Pass-2026' });
    expect(created.status).toBe(201);
    const changeRequired = vi.fn();
    const c = client(node, { onPasswordChangeRequired: changeRequired });
    const login = await c.auth.login({ username: 'new.analyst', password: 'Temporary-Pass-2026' });
    expect(login.passwordChangeRequired).toBe(true);
    expect((await c.auth.me()).passwordChangeRequired).toBe(true);
    await expect(c.orgs.list()).rejects.toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    expect(changeRequired).toHaveBeenCalledTimes(1);
    await expect(c.auth.changePassword({ currentPassword: 'Temporary-Pass-2026', newPassword: 'short' })).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED', path: 'newPassword' });
    expect(await c.auth.changePassword({ currentPassword: 'Temporary-Pass-2026', newPassword: 'A-much-better-Secret-42' })).toEqual({ changed: true });
    expect((await c.auth.me()).passwordChangeRequired).toBe(false);
    expect((await c.orgs.list()).items.length).toBeGreaterThan(0);
  });
});
