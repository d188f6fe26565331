import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPanShaped, PanTokenizer } from '../src/index.ts';

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
});
