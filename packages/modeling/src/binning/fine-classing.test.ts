import { describe, expect, it } from 'vitest';
import { quantileCuts } from './quantile-cuts.ts';
import { treeCuts } from './tree-cuts.ts';

describe('quantileCuts', () => {
  it('cuts at equal row shares over distinct values', () => {
    expect(quantileCuts([2, 2, 2, 2], 4)).toEqual([1, 2, 3]);
    expect(quantileCuts(new Array(100).fill(1), 4)).toEqual([25, 50, 75]);
  });

  it('gives fewer bins under heavy ties and none for one value', () => {
    // 60 % of the rows share the first value: the 20, 40 and 60 % cuts collapse onto the next
    // value, leaving bins of 60, 20 and 20 rows.
    expect(quantileCuts([60, 10, 10, 10, 10], 5)).toEqual([1, 3]);
    expect(quantileCuts([5], 10)).toEqual([]);
    expect(quantileCuts([], 10)).toEqual([]);
  });
});

describe('treeCuts', () => {
  it('splits where the event rate changes', () => {
    expect(treeCuts([10, 10, 10, 10], [0, 0, 10, 10], 4, 5, 'gini')).toEqual([2]);
    expect(treeCuts([10, 10, 10, 10], [0, 0, 10, 10], 4, 5, 'entropy')).toEqual([2]);
    // Three regimes need two splits; a leaf limit of 2 keeps only the better one.
    const count = [10, 10, 10, 10, 10, 10];
    const bad = [0, 0, 5, 5, 10, 10];
    expect(treeCuts(count, bad, 8, 1, 'entropy')).toEqual([2, 4]);
    expect(treeCuts(count, bad, 2, 1, 'entropy')).toHaveLength(1);
  });

  it('respects the smallest leaf and never splits a pure range', () => {
    expect(treeCuts([10, 10, 10, 10], [0, 0, 10, 10], 4, 25, 'gini')).toEqual([]);
    expect(treeCuts([10, 10, 10], [3, 3, 3], 4, 1, 'gini')).toEqual([]);
    expect(treeCuts([], [], 4, 1, 'gini')).toEqual([]);
  });
});
