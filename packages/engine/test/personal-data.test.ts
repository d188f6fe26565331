import { describe, expect, it } from 'vitest';
import { luhnValid, PanTokenizer, prepareEvent, type EventTypeDef } from '../src/index.ts';

const signup: EventTypeDef = {
  key: 'signup',
  name: { zh: '注册', en: 'Sign-up' },
  scenario: 'account',
  channels: ['WEB'],
  fields: { phone: { type: 'string', maxLength: 20 }, id_number: { type: 'string', maxLength: 32 }, note: { type: 'string' } },
  entityFields: { phone: 'phone', id_number: 'id_number' },
  sensitiveFields: { phone: 'phone', id_number: 'id_number' },
  orgField: null,
  latencyBudgetMs: 50,
  fallbackOutcome: 'pass',
  outcomePrecedence: ['pass', 'review', 'challenge', 'reject'],
};

describe('personal data fields', () => {
  it('keep a phone or identity number that happens to pass the Luhn check, while free text is still masked', () => {
    const phone = Array.from({ length: 100 }, (_, i) => `+86138001380${String(i).padStart(2, '0')}`).find((p) => luhnValid(p.slice(1)))!;
    const id = Array.from({ length: 100 }, (_, i) => `3301061990010100${String(i).padStart(2, '0')}`).find((x) => luhnValid(x))!;
    expect(phone).toBeDefined();
    const p = prepareEvent(signup, { phone, id_number: id, note: `called from ${phone.slice(1)}` }, new PanTokenizer(Buffer.alloc(32, 1)));
    expect(p.data.phone).toBe(phone);
    expect(p.data.id_number).toBe(id);
    expect(p.entities.phone).toBe(phone);
    expect(p.data.note).not.toContain(phone.slice(1));
  });
});
