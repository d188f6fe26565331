import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/api-error.ts';
import type { RiskList } from '../src/api/types.ts';
import { expiresAtOf } from '../src/modules/lists/utils/entry-expiry.ts';
import { definitionText, eventTypeTemplate, fieldRows, parseDefinition } from '../src/modules/lists/utils/event-type-model.ts';
import { filterLists } from '../src/modules/lists/utils/list-filter.ts';
import { issuesByEntry, serverIssues } from '../src/modules/lists/utils/server-issues.ts';

describe('entry expiry', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('is null for never, now + days for a duration, and the end of the chosen local day for a date', () => {
    expect(expiresAtOf({ mode: 'never' }, now)).toBeNull();
    expect(expiresAtOf({ mode: 'days', days: 30 }, now)).toBe('2026-01-31T00:00:00.000Z');
    const end = new Date(expiresAtOf({ mode: 'date', date: '2026-06-30' }, now)!);
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([2026, 5, 30, 23, 59]);
    expect(() => expiresAtOf({ mode: 'date', date: '30/06/2026' }, now)).toThrow();
  });
});

describe('the server problems of a refused change', () => {
  it('come from details, else from the one path, and group by entry index', () => {
    const e = new ApiError(400, { code: 'VALIDATION_FAILED', message: 'm', details: [
      { path: 'entries[0].value', code: 'INVALID_VALUE', message: 'must be a card number or a card token' },
      { path: 'entries[2].value', code: 'DUPLICATE', message: 'the same value as entries[0]' },
    ] });
    const byEntry = issuesByEntry(serverIssues(e));
    expect([...byEntry.keys()]).toEqual([0, 2]);
    expect(byEntry.get(2)![0]!.code).toBe('DUPLICATE');
    expect(serverIssues(new ApiError(409, { code: 'CONFLICT', message: 'in use', path: 'key' }))).toEqual([{ path: 'key', code: 'CONFLICT', message: 'in use' }]);
    expect(serverIssues(new Error('x'))).toEqual([]);
  });
});

describe('the event type model', () => {
  it('flags entity, sensitive and org fields in declaration order', () => {
    const def = { ...eventTypeTemplate(), fields: { card: { type: 'string' as const, required: true }, org: { type: 'string' as const } }, entityFields: { card: 'card' }, sensitiveFields: { card: 'pan' }, orgField: 'org' };
    expect(fieldRows(def).map((r) => [r.name, r.entity, r.sensitive, r.isOrgField])).toEqual([
      ['card', 'card', 'pan', false],
      ['org', undefined, undefined, true],
    ]);
  });

  it('edits the definition without its revision and reads it back', () => {
    const text = definitionText({ ...eventTypeTemplate(), revision: 4 });
    expect(text).not.toContain('revision');
    const parsed = parseDefinition(text);
    expect(parsed.ok && parsed.def.key).toBe('new_event');
    expect(parseDefinition('{"key": ').ok).toBe(false);
    expect(parseDefinition('[1]')).toEqual({ ok: false });
  });
});

describe('the list filter', () => {
  const list = (key: string, kind: RiskList['kind'], dimension: RiskList['dimension'], zh = key): RiskList => ({ id: key, key, name: { zh, en: key }, kind, dimension, orgId: 'bank_a', description: '', createdAt: '', updatedAt: '' });
  const lists = [list('card_blacklist', 'black', 'card', '银行卡黑名单'), list('vip_customers', 'white', 'customer'), list('ip_watch', 'grey', 'ip')];
  it('matches key or either name, and kind and value type', () => {
    expect(filterLists(lists, { text: '黑名单' }).map((l) => l.key)).toEqual(['card_blacklist']);
    expect(filterLists(lists, { text: 'VIP' }).map((l) => l.key)).toEqual(['vip_customers']);
    expect(filterLists(lists, { kind: 'grey' }).map((l) => l.key)).toEqual(['ip_watch']);
    expect(filterLists(lists, { dimension: 'card', kind: 'white' })).toEqual([]);
    expect(filterLists(lists, {})).toHaveLength(3);
  });
});
