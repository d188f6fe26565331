import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is a version 7, RFC 4122 variant UUID carrying the time in its first 48 bits', () => {
    const now = Date.parse('2026-11-21T10:00:00.123Z');
    const id = uuidv7(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('never repeats, across many refills of the random pool, and sorts by time', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => uuidv7(1_800_000_000_000 + i));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The random part differs even within one millisecond.
    const same = Array.from({ length: 600 }, () => uuidv7(1_800_000_000_000).slice(15));
    expect(new Set(same).size).toBe(same.length);
  });
});
