import { describe, expect, it } from 'vitest';
import type { Org, Role } from '../src/api/types.ts';
import { assignableRoles, userMatches } from '../src/modules/admin/utils/assignable-roles.ts';
import { currentCursor, firstPage, nextPage, pageNumber, previousPage } from '../src/components/cursor-stack.ts';
import { initialPassword } from '../src/modules/admin/utils/initial-password.ts';
import { childKind, orgRows } from '../src/modules/admin/utils/org-rows.ts';
import { emptyParamInput, formatParamValue, paramInputOf, paramKind, paramRows, paramValueOf } from '../src/modules/admin/utils/param-value.ts';
import { groupPermissions, ungrantable } from '../src/modules/admin/utils/permission-groups.ts';

const org = (id: string, parentId: string | null, kind: string): Org => ({ id, parentId, kind, name: { zh: id, en: id } });

describe('the org tree rows', () => {
  const orgs = [org('bank_b', 'root', 'legal_entity'), org('root', null, 'union'), org('bank_a_hz', 'bank_a', 'branch'), org('bank_a', 'root', 'legal_entity')];

  it('nests banks under the union and branches under their bank, siblings by id', () => {
    const rows = orgRows(orgs);
    expect(rows.map((r) => r.key)).toEqual(['root']);
    expect(rows[0]!.children!.map((r) => r.key)).toEqual(['bank_a', 'bank_b']);
    expect(rows[0]!.children![0]!.children!.map((r) => [r.key, r.depth])).toEqual([['bank_a_hz', 2]]);
    // A leaf has no `children`, so the table shows no expander.
    expect(rows[0]!.children![1]!.children).toBeUndefined();
  });

  it('makes an org whose parent is invisible (a bank admin’s bank) a root', () => {
    expect(orgRows(orgs.filter((o) => o.id.startsWith('bank_a'))).map((r) => r.key)).toEqual(['bank_a']);
  });

  it('survives a cycle in hostile data', () => {
    expect(orgRows([org('x', 'y', 'branch'), org('y', 'x', 'branch')])).toEqual([]);
  });

  it('proposes the kind of a child org by its parent', () => {
    expect(childKind(org('root', null, 'union'))).toBe('legal_entity');
    expect(childKind(org('bank_a', 'root', 'legal_entity'))).toBe('branch');
    expect(childKind(org('hz', 'bank_a', 'branch'))).toBe('sub_branch');
  });
});

describe('parameter values', () => {
  it('tells the input kind of a stored value', () => {
    expect([paramKind(1), paramKind('a'), paramKind(true), paramKind(['x'])]).toEqual(['number', 'string', 'boolean', 'list']);
    expect(formatParamValue(['a', 'b'])).toBe('a, b');
    expect(formatParamValue(false)).toBe('false');
  });

  it('marks inherited values with the org they come from and own ones with this org', () => {
    const rows = paramRows({ own: { limit: 5 }, effective: { limit: 5, night: 0 }, sources: { limit: 'bank_a_hz', night: 'root' } }, 'bank_a_hz');
    expect(rows).toEqual([
      { key: 'limit', effective: 5, own: 5, hasOwn: true, source: 'bank_a_hz', inherited: false },
      { key: 'night', effective: 0, own: undefined, hasOwn: false, source: 'root', inherited: true },
    ]);
  });

  it('validates what is sent: finite numbers, bounded texts and lists, lists trimmed and deduplicated', () => {
    expect(paramValueOf({ kind: 'number', value: null })).toEqual({ ok: false, error: 'number' });
    expect(paramValueOf({ kind: 'number', value: Number.NaN })).toEqual({ ok: false, error: 'number' });
    expect(paramValueOf({ kind: 'number', value: 0 })).toEqual({ ok: true, value: 0 });
    expect(paramValueOf({ kind: 'string', value: 'x'.repeat(1001) })).toEqual({ ok: false, error: 'length' });
    expect(paramValueOf({ kind: 'boolean', value: false })).toEqual({ ok: true, value: false });
    expect(paramValueOf({ kind: 'list', value: [' a ', '', 'b', 'a'] })).toEqual({ ok: true, value: ['a', 'b'] });
    expect(paramValueOf({ kind: 'list', value: ['x'.repeat(257)] })).toEqual({ ok: false, error: 'list' });
  });

  it('edits an existing value with its own kind of input', () => {
    expect(paramInputOf(['a', 1])).toEqual({ kind: 'list', value: ['a', '1'] });
    expect(paramInputOf(3)).toEqual({ kind: 'number', value: 3 });
    expect(emptyParamInput('boolean')).toEqual({ kind: 'boolean', value: false });
  });
});

describe('the permission catalogue and roles', () => {
  it('groups permissions by object, in catalogue order', () => {
    expect(groupPermissions(['decision.read', 'strategy.read', 'decision.export', 'api_key.manage'])).toEqual([
      { group: 'decision', permissions: ['decision.read', 'decision.export'] },
      { group: 'strategy', permissions: ['strategy.read'] },
      { group: 'api_key', permissions: ['api_key.manage'] },
    ]);
    expect(ungrantable(['a.x', 'b.y'], new Set(['a.x']))).toEqual(['b.y']);
  });

  const role = (id: string, permissions: string[], builtIn: boolean): Role => ({ id, name: { zh: id, en: id }, orgId: builtIn ? null : 'bank_a', permissions, builtIn });
  it('offers the roles the server lets a user manager grant: business roles, and others only within what they hold', () => {
    const roles = [role('system_admin', ['user.manage', 'system.read'], true), role('alert_handler', ['alert.handle'], true), role('night_desk', ['alert.read'], false), role('power', ['system.read'], false)];
    const held = new Set(['user.manage', 'alert.read']);
    expect(assignableRoles(roles, held).map((r) => r.id)).toEqual(['alert_handler', 'night_desk']);
    expect(assignableRoles(roles, new Set(['alert.read'])).map((r) => r.id)).toEqual(['night_desk']);
  });

  it('filters users by username or display name, case-insensitively', () => {
    expect(userMatches({ username: 'a.admin', displayName: 'Alice' }, ' ALI ')).toBe(true);
    expect(userMatches({ username: 'a.admin', displayName: 'Alice' }, 'bob')).toBe(false);
    expect(userMatches({ username: 'a.admin', displayName: 'Alice' }, '')).toBe(true);
  });
});

describe('one-time passwords', () => {
  it('meet the server policy: 16 characters mixing all four classes', () => {
    for (let i = 0; i < 200; i++) {
      const p = initialPassword();
      expect(p).toHaveLength(16);
      for (const r of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(p).toMatch(r);
      expect(p).not.toMatch(/[0O1lI]/);
    }
  });

  it('are all different', () => {
    expect(new Set(Array.from({ length: 100 }, () => initialPassword())).size).toBe(100);
  });
});

describe('cursor pages', () => {
  it('goes forward with the server’s cursor and back without asking the server', () => {
    let s = firstPage();
    expect(currentCursor(s)).toBeUndefined();
    s = nextPage(s, '90');
    s = nextPage(s, '40');
    expect(currentCursor(s)).toBe('40');
    s = previousPage(s);
    expect(currentCursor(s)).toBe('90');
    // Forward again from an earlier page replaces what came after it.
    s = nextPage(s, '41');
    expect(s.cursors).toEqual([undefined, '90', '41']);
    expect(nextPage(s, null)).toBe(s);
    expect(pageNumber(previousPage(previousPage(previousPage(s))))).toBe(1);
  });
});
