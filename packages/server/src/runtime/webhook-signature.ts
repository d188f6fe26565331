import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How far a signature's time may be from the receiver's clock before it is refused (replay window). */
export const SIGNATURE_TOLERANCE_SEC = 300;

/** A new signing secret: shown to the caller once, stored only sealed. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The `x-vigil-signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed
 * with the secret's UTF-8 bytes. Covering the time stops an old delivery from being replayed.
 *
 * @example signWebhook('whsec_…', '{"id":"1"}', 1795276980) // → 't=1795276980,v1=5c0d…'
 */
export function signWebhook(secret: string, body: string, unixSec: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSec}.${body}`).digest('hex');
  return `t=${unixSec},v1=${mac}`;
}

/**
 * What a receiver does: recompute the HMAC over the raw body and compare in constant time,
 * refusing signatures older or newer than the tolerance.
 */
export function verifyWebhookSignature(secret: string, header: string, body: string, nowSec = Math.floor(Date.now() / 1000), toleranceSec = SIGNATURE_TOLERANCE_SEC): boolean {
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(nowSec - t) > toleranceSec) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1]!, 'hex');
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
