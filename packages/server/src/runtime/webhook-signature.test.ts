import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './webhook-deliverer.ts';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './webhook-signature.ts';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = '{"id":"7","type":"ping","data":{}}';
  const now = 1_795_276_980;

  it('signs "<t>.<body>" with HMAC-SHA256 and verifies it, within the replay window only', () => {
    const header = signWebhook(secret, body, now);
    expect(header).toMatch(/^t=1795276980,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, now)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, now + 300)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, now + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body + ' ', now)).toBe(false);
    expect(verifyWebhookSignature(newWebhookSecret(), header, body, now)).toBe(false);
    // The time is covered: moving it breaks the signature.
    expect(verifyWebhookSignature(secret, header.replace('t=1795276980', 't=1795276981'), body, now)).toBe(false);
    for (const junk of ['', 't=1795276980', 'v1=abc', 't=x,v1=' + 'a'.repeat(64)]) expect(verifyWebhookSignature(secret, junk, body, now)).toBe(false);
  });

  it('gives every endpoint a fresh 256-bit secret', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(newWebhookSecret());
  });

  it('backs off exponentially from the base, at most an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20, 30_000)).toBe(3_600_000);
  });
});
