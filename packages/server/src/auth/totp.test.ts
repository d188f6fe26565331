import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { base32Decode, base32Encode, openSecret, sealSecret, totpCode, verifyTotp } from './totp.ts';

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors (SHA-1)', () => {
    const secret = Buffer.from('12345678901234567890');
    // RFC 6238 appendix B, truncated to 6 digits.
    expect(totpCode(secret, 59_000)).toBe('287082');
    expect(totpCode(secret, 1_111_111_109_000)).toBe('081804');
    expect(totpCode(secret, 1_234_567_890_000)).toBe('005924');
    expect(totpCode(secret, 2_000_000_000_000)).toBe('279037');
  });

  it('accepts one step of drift either way and nothing else', () => {
    const secret = Buffer.from('12345678901234567890');
    const t = 1_234_567_890_000;
    expect(verifyTotp(secret, totpCode(secret, t - 30_000), t)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, t + 30_000), t)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, t + 90_000), t)).toBe(false);
    expect(verifyTotp(secret, '12345', t)).toBe(false);
  });

  it('base32 round-trips any bytes, and sealed secrets open only with their key', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (a) => base32Decode(base32Encode(Buffer.from(a))).equals(Buffer.from(a))));
    const key = randomBytes(32);
    const secret = randomBytes(20);
    const sealed = sealSecret(key, secret);
    expect(openSecret(key, sealed)).toEqual(secret);
    expect(() => openSecret(randomBytes(32), sealed)).toThrow();
  });
});
