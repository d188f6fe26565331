import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

describe.skipIf(!HAVE_CHROMIUM)('the administration pages in headless Chromium', () => {
  let c: Console;
  let page: E2ePage;
  beforeAll(async () => {
    c = await startConsole();
    page = await c.newPage();
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  /** Opens an admin page from the address bar and waits for its table to finish loading. */
  const openPage = async (p: Page, pathname: string, table: string) => {
    await p.goto(`${c.node.baseUrl}${pathname}`);
    await p.getByTestId(table).waitFor();
    await p.locator(`[data-testid="${table}"] .ant-spin-spinning`).waitFor({ state: 'detached' });
  };
  const pickOption = async (p: Page, select: string, label: string) => {
    // Typed and chosen with Enter: a click can land while the list is still sliding open.
    await p.getByTestId(select).click();
    await p.keyboard.type(label);
    await p.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: label }).waitFor();
    await p.keyboard.press('Enter');
    await p.getByTestId(select).locator('.ant-select-selection-item', { hasText: label }).waitFor();
    // Close the list by clicking outside it, not with Escape (which would close the dialog too).
    await p.locator('.ant-modal-title:visible').click();
  };

  it('shows a bank administrator the tree of their own bank only', async () => {
    await c.open(page, '/admin/orgs', 'a.admin');
    await page.getByTestId('org-bank_a_hz').waitFor();
    expect(await page.getByTestId('page-title').textContent()).toBe('Organisations');
    expect(await page.getByTestId('org-bank_a').textContent()).toBe('Bank A');
    expect(await page.getByTestId('org-bank_b').count()).toBe(0);
    expect(await page.getByTestId('org-root').count()).toBe(0);
    await c.shot(page, 'admin-01-orgs');
  });

  it('creates a user and shows their one-time password once, a password that signs in', async () => {
    await openPage(page, '/admin/users', 'users-table');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-username').fill('a.e2e.analyst');
    await page.getByTestId('user-display-name').fill('E2E Analyst');
    await pickOption(page, 'user-roles', 'Strategy analyst');
    await page.getByTestId('user-save').click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    const password = (await secret.textContent())!.trim();
    expect(password).toHaveLength(16);
    await c.shot(page, 'admin-02-users-password-once');
    await page.getByTestId('secret-close').click();
    await secret.waitFor({ state: 'detached' });
    const row = page.getByTestId('user-row-a.e2e.analyst');
    await row.waitFor();
    expect(await row.textContent()).toContain('Bank A');
    expect(await row.textContent()).toContain('Must change password');
    // Shown once: nowhere on the page any more.
    expect(await page.content()).not.toContain(password);

    const login = await fetch(`${c.node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a.e2e.analyst', password }) });
    expect(login.status).toBe(200);
    await c.shot(page, 'admin-02-users');
    expect(page.errors).toEqual([]);
  });

  it('lists roles with the permission catalogue as a grouped checklist', async () => {
    await openPage(page, '/admin/roles', 'roles-table');
    await page.getByTestId('role-view-org_admin').click();
    await page.getByTestId('permission-checklist').waitFor();
    await page.waitForTimeout(400);
    expect(await page.getByTestId('perm-granted-user.manage').textContent()).toBe('Manage users');
    expect(await page.getByTestId('perm-granted-strategy.approve').count()).toBe(0);
    await c.shot(page, 'admin-03-roles');
    await page.keyboard.press('Escape');
    // The editor of a new role offers only what the bank administrator holds.
    await page.getByTestId('role-create').click();
    expect(await page.getByTestId('perm-user.manage').isDisabled()).toBe(false);
    expect(await page.getByTestId('perm-strategy.approve').isDisabled()).toBe(true);
    await page.getByTestId('role-id').fill('e2e_list_desk');
    await page.getByTestId('role-name-zh').fill('名单值班');
    await page.getByTestId('role-name-en').fill('List desk');
    await page.getByTestId('perm-list.read').check();
    await page.getByTestId('perm-list.write').check();
    await page.waitForTimeout(400);
    await c.shot(page, 'admin-03-roles-editor');
    await page.getByTestId('role-save').click();
    await page.getByTestId('role-delete-e2e_list_desk').waitFor();
    const created = (await c.node.json('GET', '/api/v1/roles')).body.items.find((r: { id: string }) => r.id === 'e2e_list_desk');
    expect(created).toMatchObject({ orgId: 'bank_a', permissions: ['list.read', 'list.write'], builtIn: false });
    await page.getByTestId('role-delete-e2e_list_desk').click();
    await page.locator('.ant-popconfirm:visible .ant-btn-dangerous').click();
    await page.getByTestId('role-delete-e2e_list_desk').waitFor({ state: 'detached' });
  });

  it('sets a parameter for the bank, shown as its own value over the inherited ones', async () => {
    await openPage(page, '/admin/params', 'params-table');
    // Inherited from the union, marked as such.
    expect(await page.getByTestId('param-row-night_start_hour').textContent()).toContain('Inherited from');
    await page.getByTestId('param-add').click();
    await page.getByTestId('param-key').fill('e2e_limit');
    await page.getByTestId('param-value-number').fill('1234');
    await page.getByTestId('param-save').click();
    await page.getByTestId('param-row-e2e_limit').waitFor();
    expect(await page.getByTestId('param-effective-e2e_limit').textContent()).toBe('1234');
    expect(await page.getByTestId('param-row-e2e_limit').textContent()).toContain('Set here');
    const api = await c.node.json('GET', '/api/v1/orgs/bank_a/params');
    expect(api.body.own.e2e_limit).toBe(1234);
    // A branch inherits it from the bank.
    expect(api.body.sources.e2e_limit).toBe('bank_a');
    expect((await c.node.json('GET', '/api/v1/orgs/bank_a_hz/params')).body.sources.e2e_limit).toBe('bank_a');
    await c.shot(page, 'admin-04-params');
  });

  it('creates a channel key whose secret is shown once, then revokes it', async () => {
    await openPage(page, '/admin/api-keys', 'api-keys-table');
    await page.getByTestId('api-key-create').click();
    await page.getByTestId('api-key-name').fill('E2E channel');
    await page.getByTestId('api-key-save').click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    const key = (await secret.textContent())!.trim();
    expect(key).toMatch(/^vgl_live_/);
    await c.shot(page, 'admin-05-api-keys-secret-once');
    await page.getByTestId('secret-close').click();
    await secret.waitFor({ state: 'detached' });
    const row = page.getByTestId('api-key-row-E2E channel');
    await row.waitFor();
    expect(await row.textContent()).toContain(key.slice(0, 14));
    expect(await page.content()).not.toContain(key);
    const listed = await c.node.json('GET', '/api/v1/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(key);

    // The key works until it is revoked.
    const me = async () => (await fetch(`${c.node.baseUrl}/api/v1/event-types`, { headers: { authorization: `Bearer ${key}` } })).status;
    expect(await me()).not.toBe(401);
    await c.shot(page, 'admin-05-api-keys');
    await page.getByTestId('api-key-revoke-E2E channel').click();
    await page.getByTestId('api-key-revoke-ok').click();
    await row.getByText('Revoked').waitFor();
    await expect.poll(me, { timeout: 10_000 }).toBe(401);
  });

  it('refuses a webhook to a loopback address, saying why in the dialog', async () => {
    await openPage(page, '/admin/webhooks', 'webhooks-table');
    await c.shot(page, 'admin-06-webhooks');
    await page.getByTestId('webhook-create').click();
    await page.getByTestId('webhook-name').fill('Internal probe');
    await page.getByTestId('webhook-url').fill('http://127.0.0.1:6379/');
    await page.getByTestId('webhook-save').click();
    const error = page.locator('.ant-modal:visible [data-testid="error-alert"]');
    await error.waitFor();
    await c.shot(page, 'admin-06-webhooks-refused');
    expect((await c.node.json('GET', '/api/v1/webhooks')).body.items).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('shows the bank administrator’s own sign-in in the login log', async () => {
    await openPage(page, '/admin/login-log', 'login-log-table');
    await page.getByTestId('login-log-username').locator('input').fill('a.admin');
    await page.getByTestId('login-log-username').locator('input').press('Enter');
    const rows = page.locator('[data-testid="login-log-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.first().textContent()).toContain('a.admin');
    expect(await rows.first().textContent()).toContain('Success');
    await c.shot(page, 'admin-07-login-log');
  });

  it('lists the audit log newest first and verifies its hash chain', async () => {
    await openPage(page, '/admin/audit-log', 'audit-table');
    const first = page.locator('[data-testid="audit-table"] tbody tr.ant-table-row').first();
    expect(await first.textContent()).toContain('api_key.revoke');
    expect(await page.locator('[data-testid="audit-table"]').textContent()).toContain('user.create');
    await page.getByTestId('audit-verify').click();
    const ok = page.getByTestId('audit-verify-ok');
    await ok.waitFor();
    expect(await ok.textContent()).toMatch(/intact: [\d,]+ entries verified/);
    await first.locator('.ant-table-row-expand-icon').click();
    await page.getByText('"name": "E2E channel"').first().waitFor();
    await c.shot(page, 'admin-08-audit-log');
    expect(page.errors).toEqual([]);
  });

  it('hides bank A’s users and keys from bank B’s administrator', async () => {
    const b = await c.newPage('zh-CN');
    await c.open(b, '/admin/users', 'b.admin');
    await b.locator('[data-testid="users-table"] tbody tr.ant-table-row').first().waitFor();
    expect(await b.getByTestId('page-title').textContent()).not.toBe('Users');
    await c.shot(b, 'admin-09-users-zh-CN');
    const users = await b.getByTestId('users-table').textContent();
    expect(users).toContain('b.investigator');
    expect(users).not.toContain('a.admin');
    expect(users).not.toContain('a.e2e.analyst');
    await openPage(b, '/admin/api-keys', 'api-keys-table');
    expect(await b.getByTestId('api-key-row-E2E channel').count()).toBe(0);
    // Bank A's parameters, asked for by address with B's session: as if bank_a did not exist.
    const status = await b.evaluate(async () => (await fetch('/api/v1/orgs/bank_a/params')).status);
    expect(status).toBe(404);
    expect(b.errors).toEqual([]);
  });
});
