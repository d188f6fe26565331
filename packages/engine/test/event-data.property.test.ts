import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPanShaped, PanTokenizer, prepareEvent, prepareEventGeneral, toCelEvent, type EventTypeDef } from '../src/index.ts';
import { payment } from './fixtures.ts';
import { cardAuth, login } from './fixtures/demo-packages.ts';

/** The tokens of the definition: HMAC-SHA256 of the digits, base64url, first 32 characters. */
function reference(key: Buffer, pan: string): string {
  return 'tok_' + createHmac('sha256', key).update(pan.replace(/[\s-]/g, '')).digest('base64url').slice(0, 32);
}

describe('PanTokenizer', () => {
  it('gives exactly the HMAC-SHA256 token, for any key and input (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 100 }),
        fc.oneof(
          fc.stringMatching(/^[0-9]{12,19}$/),
          fc.stringMatching(/^[0-9]{4}([ -]?[0-9]{4}){3}$/),
          fc.string({ maxLength: 80 }),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
        ),
        (key, pan) => {
          const k = Buffer.from(key);
          const t = new PanTokenizer(k);
          expect(t.tokenize(pan)).toBe(reference(k, pan));
          // The buffers it reuses keep nothing of the previous input.
          expect(t.tokenize('6222021234567890123')).toBe(reference(k, '6222021234567890123'));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is stable for a known key and card number', () => {
    const key = 'bench-key-bench-key-bench-key';
    expect(new PanTokenizer(key).tokenize('6222 0212 3456 7890 123')).toBe(reference(Buffer.from(key), '6222021234567890123'));
    expect(() => new PanTokenizer('short')).toThrow();
  });

  it('isPanShaped accepts exactly what its two regular expressions accept (property)', () => {
    const regex = (v: string) => /^[0-9][0-9 -]{10,22}[0-9]$/.test(v) && /^[0-9]{12,19}$/.test(v.replace(/[\s-]/g, ''));
    const chars = fc.constantFrom('0', '1', '9', ' ', '-', '\t', 'a', '\u00a0', '٣');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: chars, maxLength: 30 }), fc.stringMatching(/^[0-9][0-9 -]{10,22}[0-9]$/), fc.string()), (v) => {
        expect(isPanShaped(v)).toBe(regex(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('toCelEvent converts exactly as a field-by-field copy does (property)', () => {
    // The previous implementation, as the reference.
    const reference = (data: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      for (const k in data) {
        const v = data[k];
        const t = payment.fields[k]?.type;
        if (t === 'integer' && typeof v === 'number' && Number.isSafeInteger(v)) out[k] = BigInt(v);
        else if (t === 'timestamp' && typeof v === 'string') out[k] = new Date(v);
        else out[k] = v;
      }
      return out;
    };
    const value = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constantFrom('2026-11-01T10:00:00.000Z', 'not a date', null), fc.boolean(), fc.record({ lat: fc.double(), lon: fc.double() }));
    const key = fc.constantFrom('card', 'amount', 'count', 'at', 'loc', 'channel', 'extra', 'toString', 'constructor');
    fc.assert(
      fc.property(fc.dictionary(key, value), (data) => {
        const got = toCelEvent(payment, data);
        const want = reference(data);
        expect(Object.keys(got)).toEqual(Object.keys(want));
        expect(got).toEqual(want);
      }),
      { numRuns: 1000 },
    );
  });

  it('prepareEvent answers exactly as its general path, for valid and invalid events (property)', () => {
    const profile: EventTypeDef = {
      ...payment,
      key: 'profile',
      fields: {
        ...payment.fields,
        phone: { type: 'string', maxLength: 20, required: true },
        tags: { type: 'string_list', maxLength: 3 },
        memo: { type: 'string' },
        cvv: { type: 'string' },
      },
      entityFields: { ...payment.entityFields, phone: 'phone', count: 'account' },
      sensitiveFields: { phone: 'phone', card: 'pan' },
    };
    const tokenizer = new PanTokenizer(Buffer.alloc(32, 3));
    const anyValue = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('6222021234567890123', '6222 0212 3456 7890', 'POS', 'ECOM', 'chip', '2026-11-01T10:00:00Z', 'memo 4111111111111111 x', 'x'.repeat(300), ''),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constantFrom(null, undefined),
      fc.record({ lat: fc.double({ min: -100, max: 100 }), lon: fc.double({ min: -200, max: 200 }) }),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
    );
    const run = (f: () => unknown) => {
      try {
        return { ok: JSON.stringify(f()) };
      } catch (e) {
        return { error: (e as Error).name, message: (e as Error).message, issues: JSON.stringify((e as { issues?: unknown }).issues) };
      }
    };
    for (const def of [cardAuth, login, payment, profile]) {
      const names = [...Object.keys(def.fields), 'unknown_field', 'pin', 'toString'];
      // Mostly well-formed events built from sample values, with random damage.
      const valid = fc.record(Object.fromEntries(Object.keys(def.fields).map((n) => [n, anyValue])), { requiredKeys: [] });
      fc.assert(
        fc.property(fc.oneof(valid, fc.dictionary(fc.constantFrom(...names), anyValue)), (data) => {
          const got = run(() => prepareEvent(def, data, tokenizer));
          expect(got).toEqual(run(() => prepareEventGeneral(def, data, tokenizer)));
        }),
        { numRuns: 1500 },
      );
      // And events that pass: the compiled path must actually be taken and agree.
      const sample = def === cardAuth ? { card: '6222021234567890123', customer_id: 'c1', amount: 12.5, channel: 'POS', org: 'bank_a', location: { lat: 30, lon: 120 }, device_id: undefined } : null;
      if (sample) expect(JSON.stringify(prepareEvent(def, sample, tokenizer))).toBe(JSON.stringify(prepareEventGeneral(def, sample, tokenizer)));
    }
  });
});
