import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTemplateBody, MAX_TEMPLATE_BODY, TEMPLATE_VARIABLES as SERVER_VARIABLES } from '../../server/src/runtime/message-templates.ts';
import type { ActionChannel, AutoSendRule, MessageTemplate } from '../src/api/alert-actions-api.ts';
import type { AlertLevel } from '../src/api/types.ts';
import { hasMessage, translate, type MessageKey, type MessageParams } from '../src/i18n/translate.ts';
import {
  autoSendRule,
  autoSendSummary,
  bodyLength,
  canOverride,
  channelCreateBody,
  channelUpdateBody,
  channelValues,
  insertVariable,
  issueWording,
  newChannelValues,
  newTemplateValues,
  sortChannels,
  sortTemplates,
  TEMPLATE_BODY_MAX,
  TEMPLATE_FIELDS,
  TEMPLATE_VARIABLES,
  templateCreateBody,
  templateUpdateBody,
  templateValues,
  testResultText,
} from '../src/modules/alerts/utils/action-admin-forms.ts';
import { fieldOfIssue } from '../src/modules/alerts/utils/config-forms.ts';

const template = (over: Partial<MessageTemplate> = {}): MessageTemplate => ({
  id: 't1',
  orgId: 'root',
  key: 'txn_verify',
  name: 'Transaction check',
  channel: 'sms',
  locale: 'en-US',
  body: '[{{orgName}}] Card {{maskedCard}}: {{amount}}',
  variables: ['orgName', 'maskedCard', 'amount'],
  autoSend: { categories: ['card_testing'], minLevel: 'high' },
  enabled: true,
  inherited: true,
  createdBy: 'system',
  createdAt: '2026-03-10T10:00:00.000Z',
  updatedAt: '2026-03-10T10:00:00.000Z',
  ...over,
});
const channel = (over: Partial<ActionChannel> = {}): ActionChannel => ({
  id: 'c1',
  orgId: 'bank_a',
  name: 'SMS gateway',
  kind: 'webhook',
  actionTypes: ['sms'],
  url: 'https://sms.example.com/vigil',
  enabled: true,
  inherited: false,
  createdBy: 'user:a.admin',
  createdAt: '2026-03-10T10:00:00.000Z',
  updatedAt: '2026-03-10T10:00:00.000Z',
  ...over,
});
const tIn = (locale: 'en-US' | 'zh-CN') => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
const NAMES: Record<string, string> = { card_testing: 'Card testing', counterfeit_card: 'Counterfeit card' };
const categoryName = (k: string) => NAMES[k] ?? k;

describe('the template editor agrees with the server', () => {
  it('offers exactly the variables the renderer fills and counts against its limit, each described in both languages', () => {
    expect([...TEMPLATE_VARIABLES]).toEqual(Object.keys(SERVER_VARIABLES));
    expect(TEMPLATE_BODY_MAX).toBe(MAX_TEMPLATE_BODY);
    for (const v of TEMPLATE_VARIABLES) expect(hasMessage(`alerts.templates.var.${v}`), v).toBe(true);
  });

  it('counts characters as the server does: a character outside the BMP is one', () => {
    expect(bodyLength('卡号{{maskedCard}}')).toBe(16);
    expect(bodyLength('𠀀😀')).toBe(2);
    const long = '𠀀'.repeat(MAX_TEMPLATE_BODY);
    expect(bodyLength(long)).toBe(MAX_TEMPLATE_BODY);
    expect(checkTemplateBody(long).map((i) => i.code)).toEqual([]);
    expect(checkTemplateBody(`${long}x`).map((i) => i.code)).toEqual(['TOO_LONG']);
  });

  it('words every refusal the server places at the body in the console’s own text, naming the unknown variable', () => {
    for (const body of ['', 'Card {{amont}}', 'Card {{maskedCard}', 'x'.repeat(MAX_TEMPLATE_BODY + 1), 'Card 4111 1111 1111 1111']) {
      for (const issue of checkTemplateBody(body)) {
        const w = issueWording({ path: 'body', code: issue.code, message: issue.message });
        expect(hasMessage(`alerts.config.issue.${w.code}`), issue.code).toBe(true);
      }
    }
    const [unknown] = checkTemplateBody('Card {{maskedCard}} paid {{amont}}');
    const w = issueWording({ path: 'body', code: unknown!.code, message: unknown!.message });
    expect(w).toEqual({ code: 'UNKNOWN_VARIABLE', params: { name: '{{amont}}' } });
    expect(translate('en-US', 'alerts.config.issue.UNKNOWN_VARIABLE', w.params)).toBe('Unknown variable {{amont}}: use only the variables listed below');
    expect(translate('zh-CN', 'alerts.config.issue.UNKNOWN_VARIABLE', w.params)).toContain('{{amont}}');
    expect(issueWording({ path: 'key', code: 'CONFLICT', message: 'bank_a already has a template txn_verify in en-US' })).toEqual({ code: 'KEY_TAKEN', params: {} });
    expect(issueWording({ path: 'id', code: 'CONFLICT', message: 'x' }).code).toBe('CONFLICT');
  });

  it('places the server’s issues at the template’s fields', () => {
    expect(fieldOfIssue('body', TEMPLATE_FIELDS)).toEqual(['body']);
    expect(fieldOfIssue('/body', TEMPLATE_FIELDS)).toEqual(['body']);
    expect(fieldOfIssue('key', TEMPLATE_FIELDS)).toEqual(['key']);
    expect(fieldOfIssue('/autoSend/categories/1', TEMPLATE_FIELDS)).toEqual(['autoSend', 'categories']);
    expect(fieldOfIssue('autoSend.minLevel', TEMPLATE_FIELDS)).toEqual(['autoSend', 'minLevel']);
    expect(fieldOfIssue('orgId', TEMPLATE_FIELDS)).toBeUndefined();
  });
});

describe('template form ↔ API', () => {
  it('inserts a variable at the caret, else at the end', () => {
    expect(insertVariable('Card  paid', 'maskedCard', 5)).toEqual({ body: 'Card {{maskedCard}} paid', caret: 19 });
    expect(insertVariable('Card', 'amount')).toEqual({ body: 'Card{{amount}}', caret: 14 });
    expect(insertVariable('Card', 'amount', 99).body).toBe('Card{{amount}}');
  });

  it('sends no rule when automatic sending is off, and leaves out what takes everything', () => {
    expect(autoSendRule({ on: false, categories: ['card_testing'], minLevel: 'high' })).toBeNull();
    expect(autoSendRule(undefined)).toBeNull();
    expect(autoSendRule({ on: true, categories: [] })).toEqual({});
    expect(autoSendRule({ on: true, categories: ['a', 'a', 'b'], minLevel: null })).toEqual({ categories: ['a', 'b'] });
    expect(autoSendRule({ on: true, categories: [], minLevel: 'critical' })).toEqual({ minLevel: 'critical' });
  });

  it('creates with the org, the key and the language; updates only what the server lets change', () => {
    const v = { ...newTemplateValues('zh-CN'), key: ' bank_notice ', name: ' 提醒 ', body: '【{{orgName}}】{{amount}}', autoSend: { on: true, categories: ['card_testing'], minLevel: 'high' as const } };
    expect(templateCreateBody(v, 'bank_a')).toEqual({ orgId: 'bank_a', key: 'bank_notice', name: '提醒', locale: 'zh-CN', body: '【{{orgName}}】{{amount}}', autoSend: { categories: ['card_testing'], minLevel: 'high' }, enabled: true });
    expect(templateUpdateBody(v)).toEqual({ name: '提醒', body: '【{{orgName}}】{{amount}}', autoSend: { categories: ['card_testing'], minLevel: 'high' }, enabled: true });
    expect(templateCreateBody(newTemplateValues('en-US'), undefined)).not.toHaveProperty('orgId');
  });

  it('an override starts from the inherited template: same key, language, text and rule', () => {
    const t = template();
    const body = templateCreateBody(templateValues(t), 'bank_a');
    expect(body).toEqual({ orgId: 'bank_a', key: t.key, name: t.name, locale: t.locale, body: t.body, autoSend: t.autoSend, enabled: true });
  });

  it('round-trips any auto-send rule through the form', () => {
    const level = fc.constantFrom<AlertLevel>('low', 'medium', 'high', 'critical');
    const rule: fc.Arbitrary<AutoSendRule | null> = fc.option(
      fc.record({ categories: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z_]{0,10}$/), { minLength: 1, maxLength: 5 }), minLevel: level }, { requiredKeys: [] }),
      { nil: null },
    );
    fc.assert(
      fc.property(rule, (r) => {
        expect(autoSendRule(templateValues(template({ autoSend: r })).autoSend)).toEqual(r);
      }),
    );
  });
});

describe('the auto-send summary', () => {
  it('says in each language which categories and levels send a template by itself', () => {
    const en = tIn('en-US');
    const zh = tIn('zh-CN');
    expect(autoSendSummary(null, en, categoryName)).toBe('Sent by hand only');
    expect(autoSendSummary({}, en, categoryName)).toBe('Every category · any level');
    expect(autoSendSummary({ categories: ['card_testing', 'counterfeit_card'], minLevel: 'high' }, en, categoryName)).toBe('Card testing, Counterfeit card · High and above');
    expect(autoSendSummary({ minLevel: 'critical' }, en, categoryName)).toBe('Every category · Critical');
    expect(autoSendSummary({ categories: ['atm_reject'] }, en, categoryName)).toBe('atm_reject · any level');
    expect(autoSendSummary(null, zh, categoryName)).toBe('仅手动发送');
    expect(autoSendSummary({ categories: ['a', 'b'], minLevel: 'medium' }, zh, (k) => k.toUpperCase())).toBe('A、B · 中及以上');
  });
});

describe('templates as an org sees them', () => {
  const union = template({ id: 'u-en' });
  const unionZh = template({ id: 'u-zh', locale: 'zh-CN', name: '交易核实' });
  const own = template({ id: 'a-en', orgId: 'bank_a', inherited: false });
  const other = template({ id: 'p', key: 'account_protected' });

  it('lists its own first, then by key and language', () => {
    expect(sortTemplates([other, union, own, unionZh], 'bank_a').map((t) => t.id)).toEqual(['a-en', 'p', 'u-zh', 'u-en']);
  });

  it('overrides a template of an org above only while it has none of that key and language', () => {
    const items = [union, unionZh, own, other];
    expect(canOverride(union, items, 'bank_a')).toBe(false);
    expect(canOverride(unionZh, items, 'bank_a')).toBe(true);
    expect(canOverride(other, items, 'bank_a')).toBe(true);
    expect(canOverride(own, items, 'bank_a')).toBe(false);
    // A branch may override its bank's template.
    expect(canOverride(own, items, 'bank_a_hz')).toBe(true);
    expect(canOverride(union, items, undefined)).toBe(false);
  });
});

describe('channel form ↔ API', () => {
  it('a simulator carries no URL; a webhook’s is trimmed; types go in their usual order', () => {
    const sim = { ...newChannelValues(), name: ' Sandbox ', kind: 'simulator' as const, actionTypes: ['control' as const, 'sms' as const], url: 'https://left.over' };
    expect(channelCreateBody(sim, 'bank_a')).toEqual({ orgId: 'bank_a', name: 'Sandbox', kind: 'simulator', actionTypes: ['sms', 'control'], enabled: true });
    const hook = { ...newChannelValues(), name: 'Gateway', url: ' https://sms.example.com/hook ' };
    expect(channelCreateBody(hook, undefined)).toEqual({ name: 'Gateway', kind: 'webhook', actionTypes: ['sms'], url: 'https://sms.example.com/hook', enabled: true });
  });

  it('an edit keeps the kind: the URL only for a webhook', () => {
    const c = channel();
    expect(channelUpdateBody({ ...channelValues(c), actionTypes: ['call', 'sms'] }, c.kind)).toEqual({ name: 'SMS gateway', actionTypes: ['sms', 'call'], url: 'https://sms.example.com/vigil', enabled: true });
    const sim = channel({ kind: 'simulator', url: null });
    expect(channelValues(sim).url).toBe('');
    expect(channelUpdateBody(channelValues(sim), 'simulator')).not.toHaveProperty('url');
  });

  it('lists one’s own channels before the inherited ones', () => {
    const items = [channel({ id: 'u', orgId: 'root', name: 'Simulator', inherited: true }), channel({ id: 'b', name: 'b' }), channel({ id: 'a', name: 'a' })];
    expect(sortChannels(items).map((c) => c.id)).toEqual(['a', 'b', 'u']);
  });

  it('shows the receiver’s answer to a test when it gave one', () => {
    expect(testResultText({ ok: true, status: null, durationMs: 1, error: null, result: { pong: true } })).toBe('{"pong":true}');
    expect(testResultText({ ok: true, status: 200, durationMs: 3, error: null, result: {} })).toBeNull();
    expect(testResultText({ ok: false, status: 500, durationMs: 3, error: 'HTTP 500', result: null })).toBeNull();
  });
});
