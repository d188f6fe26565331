import { describe, expect, it } from 'vitest';
import { initialLocale } from '../src/i18n/locale.ts';
import { errorText } from '../src/i18n/error-text.ts';
import { translate, type Translate } from '../src/i18n/translate.ts';
import { ApiError } from '../src/api/api-error.ts';
import { readCookie } from '../src/api/read-cookie.ts';
import { loginState } from '../src/modules/session/login-state.ts';
import { orgTree } from '../src/modules/org-scope/org-tree.ts';
import { NAV_ITEMS, navPages, pageOfPath, visibleNav, isNavGroup } from '../src/modules/shell/nav-items.ts';

describe('the navigation', () => {
  const keys = (perms: string[]) => visibleNav(NAV_ITEMS, new Set(perms)).flatMap((i) => (isNavGroup(i) ? [i.key, ...i.children.map((c) => c.key)] : [i.key]));

  it('shows only what the permissions open, and drops a group left empty', () => {
    // a.handler, the demo's alert handler
    expect(keys(['decision.read', 'list.read', 'alert.read', 'alert.handle', 'pii.read'])).toEqual(['home', 'monitoring', 'decisions', 'entity', 'lists', 'alerts']);
    expect(keys([])).toEqual(['home']);
    expect(keys(['audit.read'])).toEqual(['home', 'admin', 'admin.loginLog', 'admin.auditLog']);
  });

  it('has a unique key and path for every page, each under its group', () => {
    const pages = navPages();
    expect(new Set(pages.map((p) => p.key)).size).toBe(pages.length);
    expect(new Set(pages.map((p) => p.path)).size).toBe(pages.length);
    for (const g of NAV_ITEMS.filter(isNavGroup)) for (const c of g.children) expect(c.key.startsWith(`${g.key}.`)).toBe(true);
  });

  it('selects the page of a location by its longest path', () => {
    expect(pageOfPath('/')?.key).toBe('home');
    expect(pageOfPath('/alerts/42')?.key).toBe('alerts');
    expect(pageOfPath('/admin/users')?.key).toBe('admin.users');
    expect(pageOfPath('/alertsx')).toBeUndefined();
  });
});

describe('the language', () => {
  it('follows the remembered choice, else the browser, else English', () => {
    expect(initialLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(initialLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLocale(null, ['fr-FR', 'en-GB'])).toBe('en-US');
    expect(initialLocale('klingon', ['de'])).toBe('en-US');
  });

  it('fills placeholders and gives the error message of the code', () => {
    expect(translate('zh-CN', 'home.welcome', { name: 'a.handler' })).toBe('欢迎，a.handler');
    const t: Translate = (k, p) => translate('en-US', k, p);
    expect(errorText(t, new ApiError(403, { code: 'FORBIDDEN', message: 'permission x required' }))).toBe('You do not have permission to do this.');
    expect(errorText(t, new ApiError(500, { code: 'INTERNAL', message: 'internal error', requestId: 'r-9' }))).toContain('r-9');
    expect(errorText(t, new ApiError(418, { code: 'TEAPOT', message: 'short and stout' }))).toBe('Something went wrong: short and stout');
  });
});

describe('small pieces of the shell', () => {
  it('reads a cookie', () => {
    expect(readCookie('a=1; vigil_csrf=abc%3D; b=2', 'vigil_csrf')).toBe('abc=');
    expect(readCookie('vigil_csrf_x=1', 'vigil_csrf')).toBeUndefined();
  });

  it('returns after sign-in only to a path of the console', () => {
    expect(loginState({ reason: 'expired', from: '/alerts?x=1' })).toEqual({ reason: 'expired', from: '/alerts?x=1' });
    expect(loginState({ from: '//evil.example/x' }).from).toBeUndefined();
    expect(loginState({ from: 'https://evil.example' }).from).toBeUndefined();
    expect(loginState(null)).toEqual({});
  });

  it('builds the org tree, with an org whose parent is hidden as a root', () => {
    const name = (o: { id: string }) => o.id;
    const orgs = [
      { id: 'bank_a', parentId: 'root', kind: 'legal_entity', name: { zh: 'A', en: 'A' } },
      { id: 'bank_a_hz', parentId: 'bank_a', kind: 'branch', name: { zh: 'A杭州', en: 'A HZ' } },
    ];
    expect(orgTree(orgs, name)).toEqual([{ value: 'bank_a', title: 'bank_a', children: [{ value: 'bank_a_hz', title: 'bank_a_hz', children: [] }] }]);
  });
});
