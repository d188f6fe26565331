import { expect } from 'vitest';
import type { VariableBinning } from '../types.ts';
import { binAssigner, type RawValue } from './assign-bin.ts';

/**
 * Checks what every binning must satisfy whatever its method: the bins partition the rows (counts
 * add up, and assigning every raw value again gives each bin exactly its counts), every WOE and IV
 * is finite, IV contributions are never negative and add up to the total IV.
 */
export function expectBinningInvariants(b: VariableBinning, values: ArrayLike<RawValue>, target: Uint8Array): void {
  const assign = binAssigner(b);
  const good = new Array<number>(b.bins.length).fill(0);
  const bad = new Array<number>(b.bins.length).fill(0);
  for (let i = 0; i < values.length; i++) {
    const k = assign(values[i]);
    expect(k).toBeGreaterThanOrEqual(0);
    if (target[i]) bad[k]!++;
    else good[k]!++;
  }
  expect(b.bins.map((x) => x.good)).toEqual(good);
  expect(b.bins.map((x) => x.bad)).toEqual(bad);
  expect(b.bins.reduce((s, x) => s + x.count, 0)).toBe(values.length);
  let iv = 0;
  for (const x of b.bins) {
    expect(x.count).toBe(x.good + x.bad);
    expect(Number.isFinite(x.woe)).toBe(true);
    expect(Number.isFinite(x.iv)).toBe(true);
    expect(x.iv).toBeGreaterThanOrEqual(0);
    iv += x.iv;
  }
  expect(b.iv).toBeCloseTo(iv, 10);
  expect(Number.isFinite(b.iv)).toBe(true);
}
