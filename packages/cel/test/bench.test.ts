import { describe, expect, it } from 'vitest';
import { benchmarkCel } from '../src/bench.ts';

describe('benchmarkCel', () => {
  it('runs the rule set both ways and reports figures', () => {
    const result = benchmarkCel(200);
    expect(result.rules).toBe(50);
    expect(result.compiledNsPerEval).toBeGreaterThan(0);
    expect(result.interpretedNsPerEval).toBeGreaterThan(0);
    // Timing on a shared CI machine is noisy; the real target (>= 20x) is checked by `npm run bench`.
    expect(result.speedup).toBeGreaterThan(2);
  });
});
