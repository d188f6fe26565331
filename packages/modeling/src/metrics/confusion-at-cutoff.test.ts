import { describe, expect, it } from 'vitest';
import { confusionAtCutoff } from './confusion-at-cutoff.ts';

describe('confusionAtCutoff', () => {
  it('classes points below the cut-off as bad and costs the errors 5:1 (hand computed)', () => {
    // Approve at ≥ 600: 620 good → tn; 580 bad → tp; 610 bad → fn (accepted bad); 590 good → fp.
    const c = confusionAtCutoff(Float64Array.of(620, 580, 610, 590), Uint8Array.of(0, 1, 1, 0), 600, { higherIsRiskier: false });
    expect(c).toMatchObject({ cutoff: 600, tp: 1, fp: 1, tn: 1, fn: 1, accuracy: 0.5, precision: 0.5, recall: 0.5, specificity: 0.5, falsePositiveRate: 0.5 });
    // cost = 5·fn + 1·fp = 6, per row 1.5.
    expect(c.cost).toBe(6);
    expect(c.averageCost).toBe(1.5);
    expect(c.costMatrix).toEqual({ fn: 5, fp: 1 });
  });

  it('classes probabilities at or above the cut-off as bad, with a custom cost matrix', () => {
    // p ≥ 0.5 classed bad: 0.7 bad → tp, 0.5 good → fp, 0.2 bad → fn, 0.1 good → tn, 0.9 bad → tp.
    const c = confusionAtCutoff(Float64Array.of(0.7, 0.5, 0.2, 0.1, 0.9), Uint8Array.of(1, 0, 1, 0, 1), 0.5, { costMatrix: { fn: 10, fp: 2 } });
    expect(c).toMatchObject({ tp: 2, fp: 1, tn: 1, fn: 1, cost: 12 });
    expect(c.precision).toBeCloseTo(2 / 3, 15);
    expect(c.recall).toBeCloseTo(2 / 3, 15);
  });

  it('reports 0 rather than NaN for empty denominators', () => {
    const c = confusionAtCutoff(Float64Array.of(0.1, 0.2), Uint8Array.of(0, 0), 0.5);
    expect(c).toMatchObject({ tp: 0, fp: 0, tn: 2, fn: 0, precision: 0, recall: 0, specificity: 1, cost: 0 });
  });
});
