import { createHash } from 'node:crypto';
import type { CanarySlice } from '../repos/strategies.ts';

/** Buckets of a percentage slice: 0.01 percentage points each. */
const BUCKETS = 10_000;

/**
 * The stable bucket (0–9999) of an entity value for a canary: the same value always falls in
 * the same bucket — across requests, nodes and restarts — and the salt (the strategy id) keeps
 * two canaries from slicing the same customers.
 */
export function canaryBucket(salt: string, value: string): number {
  const h = createHash('sha256').update(salt).update('\u0000').update(value).digest();
  return h.readUInt32BE(0) % BUCKETS;
}

/**
 * Whether an event belongs to a canary's slice: by legal entity (the event's org or one of its
 * ancestors is listed), or by the stable bucket of an entity field (events without that field
 * stay with the champion). Card numbers are tokens by now, so the slice never sees one.
 */
export function inCanarySlice(slice: CanarySlice, salt: string, event: { orgChain: readonly string[]; data: Record<string, unknown> }): boolean {
  if ('orgs' in slice) return slice.orgs.some((o) => event.orgChain.includes(o));
  const v = event.data[slice.key];
  if (v === undefined || v === null || v === '') return false;
  return canaryBucket(salt, String(v)) < Math.round(slice.percent * (BUCKETS / 100));
}
