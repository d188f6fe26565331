import { describe, expect, it } from 'vitest';
import { ConnectionGate } from './connection-gate.ts';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('ConnectionGate', () => {
  it('lets shared holders in together', async () => {
    const gate = new ConnectionGate();
    await gate.acquireShared();
    await gate.acquireShared();
    gate.release('shared');
    gate.release('shared');
    await gate.whenIdle();
  });

  it('makes an exclusive request wait for shared holders, and later shared requests wait for it', async () => {
    const gate = new ConnectionGate();
    const order: string[] = [];
    await gate.acquireShared();
    const exclusive = gate.acquireExclusive().then(() => order.push('exclusive'));
    const laterShared = gate.acquireShared().then(() => order.push('shared'));
    await settled();
    expect(order).toEqual([]);
    gate.release('shared');
    await exclusive;
    await settled();
    expect(order).toEqual(['exclusive']);
    gate.release('exclusive');
    await laterShared;
    expect(order).toEqual(['exclusive', 'shared']);
    gate.release('shared');
  });

  it('serves exclusive requests one at a time in arrival order', async () => {
    const gate = new ConnectionGate();
    const order: number[] = [];
    const all = [1, 2, 3].map((n) =>
      gate.acquireExclusive().then(async () => {
        order.push(n);
        await settled();
        gate.release('exclusive');
      }),
    );
    await Promise.all(all);
    expect(order).toEqual([1, 2, 3]);
  });

  it('whenIdle waits for holders and waiters', async () => {
    const gate = new ConnectionGate();
    await gate.acquireExclusive();
    const waiting = gate.acquireShared();
    let idle = false;
    const idlePromise = gate.whenIdle().then(() => (idle = true));
    gate.release('exclusive');
    await waiting;
    await settled();
    expect(idle).toBe(false);
    gate.release('shared');
    await idlePromise;
    expect(idle).toBe(true);
  });

  it('refuses a release without an acquire', () => {
    expect(() => new ConnectionGate().release('shared')).toThrow();
    expect(() => new ConnectionGate().release('exclusive')).toThrow();
  });
});
