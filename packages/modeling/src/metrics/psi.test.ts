import { describe, expect, it } from 'vitest';
import type { VariableBinning } from '../types.ts';
import { csi } from './csi.ts';
import { psi, psiFromSamples, stabilityBand } from './psi.ts';

describe('psi', () => {
  it('sums (a − e)·ln(a/e) over bins (hand computed)', () => {
    // Shares e = .1 .2 .3 .4, a = .2 .2 .2 .4:
    // (.2 − .1)·ln 2 + 0 + (.2 − .3)·ln(2/3) + 0 = .0693147 + .0405465 = .1098612.
    const r = psi([10, 20, 30, 40], [20, 20, 20, 40]);
    expect(r.psi).toBeCloseTo(0.1 * Math.log(2) + 0.1 * Math.log(1.5), 15);
    expect(r.psi).toBeCloseTo(0.1098612, 7);
    expect(r.stability).toBe('moderate');
    expect(r.bins[0]).toMatchObject({ label: 'bin 1', expectedCount: 10, actualCount: 20, expectedShare: 0.1, actualShare: 0.2 });
    expect(r.bins[1]!.contribution).toBe(0);
  });

  it('replaces a zero share by epsilon = 1e-4 (documented), keeping the term finite', () => {
    // e = 0 → 1e-4, .5, .5; a = .1, .45, .45:
    // (.1 − .0001)·ln(1000) + 2·(.45 − .5)·ln(.9) = .6900847 + .0105361 = .7006208.
    const r = psi([0, 50, 50], [10, 45, 45]);
    expect(r.psi).toBeCloseTo(0.0999 * Math.log(1000) + 0.1 * Math.log(1 / 0.9), 12);
    expect(r.bins[0]!.expectedShare).toBe(0);
    expect(r.stability).toBe('significant');
    // Empty on both sides: no contribution.
    expect(psi([0, 10], [0, 10]).psi).toBe(0);
    expect(psi([0, 50, 50], [10, 45, 45], { epsilon: 1e-3 }).psi).toBeCloseTo(0.099 * Math.log(100) + 0.1 * Math.log(1 / 0.9), 12);
  });

  it('reads the usual thresholds and refuses bad counts', () => {
    expect([0.05, 0.1, 0.25, 0.26].map(stabilityBand)).toEqual(['stable', 'moderate', 'moderate', 'significant']);
    expect(() => psi([1, 2], [1])).toThrow(/2 expected counts but 1 actual/);
    expect(() => psi([0, 0], [1, 1])).toThrow(/all zero/);
    expect(() => psi([-1, 2], [1, 1])).toThrow(/non-negative/);
  });
});

describe('psiFromSamples', () => {
  it('bins by quantiles of the expected sample, closed below', () => {
    // Expected 1…10, 2 bins: cut at the value of rank ⌊10/2⌋ = 6 → (−∞, 6) holds 5, [6, ∞) holds 5.
    // Actual 1 2 3 7 8 9 10 11: 3 and 5 → shares .375/.625 vs .5/.5.
    const e = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    const a = Float64Array.of(1, 2, 3, 7, 8, 9, 10, 11);
    const r = psiFromSamples(e, a, { bins: 2 });
    expect(r.breaks).toEqual([6]);
    expect(r.bins.map((b) => [b.label, b.expectedCount, b.actualCount])).toEqual([
      ['< 6', 5, 3],
      ['>= 6', 5, 5],
    ]);
    expect(r.psi).toBeCloseTo(-0.125 * Math.log(0.75) + 0.125 * Math.log(1.25), 15);
    expect(psiFromSamples(e, e).psi).toBe(0);
    expect(psiFromSamples(e, e).breaks).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('takes explicit breaks and puts NaN in a Missing bin', () => {
    const r = psiFromSamples(Float64Array.of(1, 5, 9, NaN), Float64Array.of(1, 1, 9, 9), { breaks: [3, 7] });
    expect(r.bins.map((b) => [b.label, b.expectedCount, b.actualCount])).toEqual([
      ['< 3', 1, 2],
      ['[3, 7)', 1, 0],
      ['>= 7', 1, 2],
      ['Missing', 1, 0],
    ]);
  });

  it('merges duplicate quantiles of a lumpy sample', () => {
    // Ranks ⌊2j⌋ = 2, 4, 6, 8 of the sorted values hold 0, 0, 0, 2: zeros make no cut, so one break.
    const e = Float64Array.of(0, 0, 0, 0, 0, 0, 0, 1, 2, 3);
    expect(psiFromSamples(e, e, { bins: 5 }).breaks).toEqual([2]);
  });
});

describe('csi', () => {
  it('is the PSI of a characteristic with its points shift (hand computed)', () => {
    // Development 40/60 in bins worth 10 and 30 points, recent 50/50:
    // CSI = .1·ln(.5/.4) − .1·ln(.5/.6) = .0223144 + .0182322 = .0405465;
    // shift = (.5 − .4)·10 + (.5 − .6)·30 = 1 − 3 = −2 points.
    const r = csi({ name: 'age', bins: [{ label: '< 30', count: 40, points: 10 }, { label: '>= 30', count: 60, points: 30 }] }, [50, 50]);
    expect(r.variable).toBe('age');
    expect(r.csi).toBeCloseTo(0.1 * Math.log(1.25) + 0.1 * Math.log(1.2), 15);
    expect(r.pointsShift).toBeCloseTo(-2, 12);
    expect(r.bins.map((b) => b.pointsShift)).toEqual([expect.closeTo(1, 12), expect.closeTo(-3, 12)]);
    expect(r.stability).toBe('stable');
  });

  it('takes a VariableBinning with points given separately, or none', () => {
    const bin = (label: string, count: number, bad: number) => ({ label, kind: 'range' as const, count, bad, good: count - bad, eventRate: bad / count, woe: 0, iv: 0 });
    const binning: VariableBinning = { name: 'income', type: 'numeric', bins: [bin('< 1000', 30, 9), bin('>= 1000', 60, 6), { ...bin('Missing', 10, 5), kind: 'missing' }], iv: 0, ivBand: 'useless', method: 'manual' };
    // Shares .3/.6/.1 → .2/.6/.2: CSI = −.1·ln(2/3) + 0 + .1·ln 2 = .1098612; shift = −.1·(−20) + .1·(−40) = −2.
    const r = csi(binning, [20, 60, 20], { points: [-20, 15, -40] });
    expect(r.csi).toBeCloseTo(0.1 * Math.log(1.5) + 0.1 * Math.log(2), 15);
    expect(r.pointsShift).toBeCloseTo(2 - 4, 12);
    expect(r.bins.map((b) => b.label)).toEqual(['< 1000', '>= 1000', 'Missing']);
    expect(csi(binning, [20, 60, 20]).pointsShift).toBeUndefined();
    expect(() => csi(binning, [1, 2])).toThrow(/3 bins but 2 actual counts/);
  });
});
