import { describe, expect, it } from 'vitest';
import { chiMerge, chiSquare2x2, chiSquareThreshold } from './chi-merge.ts';

describe('chiSquare2x2', () => {
  it('is Pearson’s statistic of the two bins × good/bad table', () => {
    // Bins (40 good, 10 bad) and (20 good, 30 bad): expected counts 30, 20, 30, 20, so
    // χ² = 10²/30 + 10²/20 + 10²/30 + 10²/20 = 16.667.
    expect(chiSquare2x2(40, 10, 20, 30)).toBeCloseTo(50 / 3, 10);
    expect(chiSquare2x2(10, 5, 20, 10)).toBeCloseTo(0, 12);
    // No bads in either bin: the bad column adds nothing.
    expect(chiSquare2x2(10, 0, 20, 0)).toBe(0);
    expect(chiSquare2x2(0, 0, 0, 0)).toBe(0);
  });
});

describe('chiSquareThreshold', () => {
  it('is the 1-dof chi-square quantile at the confidence level', () => {
    expect(chiSquareThreshold(0.95)).toBeCloseTo(3.841459, 5);
    expect(chiSquareThreshold(0.9)).toBeCloseTo(2.705543, 5);
    expect(chiSquareThreshold(0.99)).toBeCloseTo(6.634897, 5);
    expect(chiSquareThreshold(0.999)).toBeCloseTo(10.827566, 4);
    expect(() => chiSquareThreshold(1)).toThrow(RangeError);
  });
});

describe('chiMerge', () => {
  it('merges pairs that do not differ significantly, then down to maxBins', () => {
    // (45g, 5b) and (44g, 6b) are alike (χ² ≈ 0.1); (20g, 30b) differs from their union.
    expect(chiMerge([50, 50, 50], [5, 6, 30], { maxBins: 8, threshold: 3.841, minCount: 0 })).toEqual([0, 2]);
    expect(chiMerge([50, 50, 50], [5, 6, 30], { maxBins: 1, threshold: 3.841, minCount: 0 })).toEqual([0]);
    // Everything significant and within maxBins: nothing merged.
    expect(chiMerge([100, 100, 100], [5, 30, 70], { maxBins: 8, threshold: 3.841, minCount: 0 })).toEqual([0, 1, 2]);
  });

  it('then merges small or pure groups into their closest neighbour', () => {
    // The middle group (50 rows) is too small; its bad rate 60 % is closer to the right's 67 %.
    expect(chiMerge([100, 50, 150], [5, 30, 100], { maxBins: 8, threshold: 3.841, minCount: 60 })).toEqual([0, 1]);
    expect(chiMerge([100, 10, 100], [5, 0, 70], { maxBins: 8, threshold: 0, minCount: 0 })).toEqual([0, 2]);
  });
});
