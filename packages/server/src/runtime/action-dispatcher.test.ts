import { describe, expect, it } from 'vitest';
import { actionRetryDelayMs, dispatchOutcome } from './action-dispatcher.ts';

describe('action retry backoff', () => {
  it('starts at the base, doubles after each failed attempt and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => actionRetryDelayMs(n, 10_000, 300_000))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(actionRetryDelayMs(0, 50, 1000)).toBe(50);
    expect(actionRetryDelayMs(1_000, 50, 1000)).toBe(1000);
    expect(Number.isFinite(actionRetryDelayMs(10_000, 3_600_000, 86_400_000))).toBe(true);
  });

  it('never waits less than the base nor more than the cap, and never less than before', () => {
    for (let base = 10; base < 5_000_000; base *= 7) {
      let prev = 0;
      for (let n = 1; n <= 60; n++) {
        const d = actionRetryDelayMs(n, base, 900_000);
        expect(d).toBeGreaterThanOrEqual(Math.min(base, 900_000));
        expect(d).toBeLessThanOrEqual(900_000);
        expect(d).toBeGreaterThanOrEqual(prev);
        prev = d;
      }
    }
  });
});

describe('what an adapter’s answer does to an action', () => {
  const delay = (n: number) => n * 100;
  it('succeeds with the answer as result', () => {
    expect(dispatchOutcome({ ok: true, result: { messageId: 'm1' } }, 1, 5, delay)).toEqual({ outcome: 'succeeded', result: { messageId: 'm1' } });
  });
  it('retries a retryable failure until the attempts run out, then fails', () => {
    expect(dispatchOutcome({ ok: false, retryable: true, error: 'HTTP 503', status: 503 }, 2, 5, delay)).toEqual({ outcome: 'retry', error: 'HTTP 503', retryInMs: 200 });
    expect(dispatchOutcome({ ok: false, retryable: true, error: 'HTTP 503', status: 503 }, 5, 5, delay)).toEqual({ outcome: 'failed', error: 'HTTP 503' });
  });
  it('fails a permanent failure at once', () => {
    expect(dispatchOutcome({ ok: false, retryable: false, error: 'HTTP 400', status: 400 }, 1, 5, delay)).toEqual({ outcome: 'failed', error: 'HTTP 400' });
  });
});
