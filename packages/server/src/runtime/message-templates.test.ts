import { describe, expect, it } from 'vitest';
import { autoSendMatches, checkTemplateBody, findCardNumber, formatShanghaiTime, MAX_TEMPLATE_BODY, renderTemplate, SAMPLE_VALUES, TEMPLATE_VARIABLES, templateVariables } from './message-templates.ts';

describe('message template bodies', () => {
  it('names the variables a body uses, once each, in order', () => {
    expect(templateVariables('{{maskedCard}} {{ amount }} {{maskedCard}} {{currency}}')).toEqual(['maskedCard', 'amount', 'currency']);
    expect(templateVariables('no placeholders')).toEqual([]);
  });

  it('accepts a body of known variables, in both languages', () => {
    expect(checkTemplateBody(SAMPLE_BODY_ZH)).toEqual([]);
    expect(checkTemplateBody('[{{orgName}}] Card {{maskedCard}}: {{amount}} {{currency}} at {{merchant}}, {{time}}. {{customerName}} {{alertId}}')).toEqual([]);
  });

  it('refuses unknown variables, naming them', () => {
    const issues = checkTemplateBody('Card {{maskedCard}} paid {{amont}} and {{cardNumber}}');
    expect(issues.map((i) => i.code)).toEqual(['UNKNOWN_VARIABLE', 'UNKNOWN_VARIABLE']);
    expect(issues[0]!.message).toContain('{{amont}}');
    expect(issues[1]!.message).toContain('{{cardNumber}}');
  });

  it('refuses a body that is too long (in characters, not bytes), empty, malformed or holds a card number', () => {
    expect(checkTemplateBody('字'.repeat(MAX_TEMPLATE_BODY))).toEqual([]);
    expect(checkTemplateBody('字'.repeat(MAX_TEMPLATE_BODY + 1)).map((i) => i.code)).toEqual(['TOO_LONG']);
    expect(checkTemplateBody('   ').map((i) => i.code)).toEqual(['EMPTY']);
    expect(checkTemplateBody('Card {{maskedCard} paid').map((i) => i.code)).toEqual(['MALFORMED_PLACEHOLDER']);
    expect(checkTemplateBody('Card {{ }} paid').map((i) => i.code)).toEqual(['MALFORMED_PLACEHOLDER']);
    expect(checkTemplateBody('Card 4111 1111 1111 1111 was used').map((i) => i.code)).toEqual(['CARD_NUMBER']);
  });

  it('fills placeholders, reports missing values and never expands a value again', () => {
    expect(renderTemplate('Card {{maskedCard}}: {{ amount }} {{currency}}', { maskedCard: '622202*********0123', amount: '120.50', currency: 'CNY' })).toEqual({ text: 'Card 622202*********0123: 120.50 CNY', missing: [] });
    expect(renderTemplate('{{merchant}} {{amount}} {{merchant}}', { amount: '1.00' })).toEqual({ text: ' 1.00 ', missing: ['merchant'] });
    expect(renderTemplate('{{customerName}}', { customerName: '{{alertId}}', alertId: 'x' }).text).toBe('{{alertId}}');
    expect(renderTemplate('{{amount}}', { amount: '' }).missing).toEqual(['amount']);
  });

  it('has a sample value for every variable in both languages', () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const r = renderTemplate(Object.keys(TEMPLATE_VARIABLES).map((v) => `{{${v}}}`).join(' '), SAMPLE_VALUES[locale]);
      expect(r.missing).toEqual([]);
    }
  });
});

const SAMPLE_BODY_ZH = '【{{orgName}}】您的银行卡{{maskedCard}}于{{time}}在{{merchant}}消费{{amount}}{{currency}}，如非本人操作请致电客服。';

describe('event time in messages', () => {
  it('is Asia/Shanghai time, across a UTC day boundary', () => {
    expect(formatShanghaiTime(new Date('2026-03-10T18:30:00Z'))).toBe('2026-03-11 02:30');
    expect(formatShanghaiTime(new Date('2026-07-01T00:05:59Z'))).toBe('2026-07-01 08:05');
  });
});

describe('card numbers in free text', () => {
  it('finds Luhn-valid runs of 13–19 digits, grouped or not, with their path', () => {
    expect(findCardNumber('4111111111111111')).toEqual({ path: '' });
    expect(findCardNumber({ reason: 'stolen 6222 0212 3456 7890 123' })).toBeNull(); // not Luhn-valid
    expect(findCardNumber({ reason: 'ok', params: { notes: ['x', 'card 4111-1111-1111-1111'] } })).toEqual({ path: 'params.notes[1]' });
    expect(findCardNumber({ phone: '+8613800138000', order: '1234567890123', amount: 4111111111111111 })).toBeNull();
  });

  it('does not take a part of a longer digit run for a card number', () => {
    // 20 digits whose first 16 are a valid card number: an account number, not a card.
    expect(findCardNumber('41111111111111110000')).toBeNull();
  });
});

describe('auto-send rules', () => {
  it('matches categories and a minimum level; null never sends', () => {
    expect(autoSendMatches(null, { category: 'card_testing', level: 'critical' })).toBe(false);
    expect(autoSendMatches({}, { category: 'anything', level: 'low' })).toBe(true);
    expect(autoSendMatches({ minLevel: 'high' }, { category: 'x', level: 'medium' })).toBe(false);
    expect(autoSendMatches({ minLevel: 'high' }, { category: 'x', level: 'critical' })).toBe(true);
    expect(autoSendMatches({ categories: ['card_testing'], minLevel: 'high' }, { category: 'account_takeover', level: 'high' })).toBe(false);
    expect(autoSendMatches({ categories: ['card_testing'] }, { category: 'card_testing', level: 'low' })).toBe(true);
  });
});
