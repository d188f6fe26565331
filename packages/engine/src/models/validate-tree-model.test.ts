import { describe, expect, it } from 'vitest';
import type { TreeEnsembleModel } from './types.ts';
import { validateModel } from './validate-model.ts';

const stump = { feature: [0, -1, -1], threshold: [1.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], defaultLeft: [true, false, false], value: [0, -0.5, 0.5] };
const model: TreeEnsembleModel = { kind: 'tree_ensemble', id: 'e', inputs: ['event.amount'], comparison: '<=', trees: [stump], transform: 'sigmoid', output: 'probability' };

const paths = (m: unknown) => {
  const v = validateModel(m);
  return v.ok ? [] : v.errors.map((e) => e.path);
};

describe('validateModel: trees', () => {
  it('accepts a well-formed ensemble and returns a clean copy', () => {
    expect(validateModel({ ...model, note: 'x', trees: [{ ...stump, gain: [1, 0, 0] }] })).toEqual({ ok: true, model });
    expect(validateModel({ kind: 'decision_tree', id: 't', inputs: ['x'], comparison: '<', tree: stump }).ok).toBe(true);
  });

  it('reports model-level problems at their paths', () => {
    expect(
      paths({ kind: 'tree_ensemble', id: 'e', inputs: ['', 'y'], comparison: '<<', trees: [], featureNames: ['a'], categoryNames: [null, ['a', 'a']], float32: 'yes', baseMargin: Infinity, transform: 'exp', sigmoidScale: 2, output: 'score' }),
    ).toEqual(['inputs[0]', 'trees', 'comparison', 'featureNames', 'categoryNames[1]', 'float32', 'baseMargin', 'transform', 'sigmoidScale', 'scoreScale']);
    expect(paths({ ...model, transform: 'identity' })).toEqual(['output']);
    expect(paths({ ...model, inputs: [] })).toEqual(['inputs', 'trees[0].feature[0]']);
  });

  it('reports array shapes, links, leaves and categories at their paths', () => {
    expect(paths({ ...model, trees: [{ ...stump, value: [0, 1] }, 'tree', { ...stump, missing: ['nan'] }] })).toEqual(['trees[0].value', 'trees[1]', 'trees[2].missing']);
    const bad = {
      feature: [0, 3, -1, -1, 0.5],
      threshold: [null, 0, 0, 0, 0],
      left: [0, 2, 7, -1, -1],
      right: [9, 3, -1, -1, -1],
      defaultLeft: [true, 1, false, false, false],
      value: [0, 0, Infinity, 1, 0],
      missing: ['nan', 'nan', 'nan', 'nan', 'maybe'],
      nodeValue: [0, 0, 0, 0, 'x'],
      categories: [{ node: 2, left: [1] }, { node: 0, left: [-1] }],
    };
    expect(paths({ ...model, trees: [bad] })).toEqual([
      'trees[0].left[0]',
      'trees[0].right[0]',
      'trees[0].threshold[0]',
      'trees[0].feature[1]',
      'trees[0].left[2]',
      'trees[0].value[2]',
      'trees[0].feature[4]',
      'trees[0].categories[0].node',
      'trees[0].categories[1].left',
    ]);
    expect(paths({ ...model, trees: [{ ...stump, defaultLeft: [1, false, false], missing: ['maybe', 'nan', 'nan'], nodeValue: [0, 'x', 0] }] })).toEqual([
      'trees[0].defaultLeft[0]',
      'trees[0].missing[0]',
      'trees[0].nodeValue[1]',
    ]);
  });

  it('refuses cycles and shared subtrees, but allows unreachable nodes', () => {
    const shared = { feature: [0, 0, -1], threshold: [1, 2, 0], left: [1, 2, -1], right: [2, 2, -1], defaultLeft: [true, true, false], value: [0, 0, 1] };
    expect(validateModel({ ...model, trees: [shared] })).toEqual({ ok: false, errors: [{ path: 'trees[0]', message: 'node 2 is reached twice: the nodes do not form a tree' }] });
    const cycle = { feature: [0, 0, -1], threshold: [1, 2, 0], left: [1, 0, -1], right: [2, 2, -1], defaultLeft: [true, true, false], value: [0, 0, 1] };
    expect(paths({ ...model, trees: [cycle] })).toEqual(['trees[0]']);
    const pruned = { ...stump, feature: [...stump.feature, -1], threshold: [...stump.threshold, 0], left: [...stump.left, -1], right: [...stump.right, -1], defaultLeft: [...stump.defaultLeft, false], value: [...stump.value, 7] };
    expect(validateModel({ ...model, trees: [pruned] }).ok).toBe(true);
  });

  it('lists at most twenty problems per tree', () => {
    const n = 50;
    const junk = { feature: Array(n).fill(9), threshold: Array(n).fill(0), left: Array(n).fill(-1), right: Array(n).fill(-1), defaultLeft: Array(n).fill(false), value: Array(n).fill(0) };
    const v = validateModel({ ...model, trees: [junk] });
    expect(v.ok ? 0 : v.errors.length).toBe(21);
  });
});
