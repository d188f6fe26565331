import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importDecisionTree, type NestedTreeNode } from './import/import-decision-tree.ts';
import { sigmoid } from './log-odds.ts';
import { scoreModel } from './score-model.ts';
import type { DecisionTreeModel, TreeEnsembleModel, TreeNodes } from './types.ts';

/**
 * amount < 100 (or <=)? ──yes── leaf 1
 *        └─no── mcc in {2, 7}? ──yes── leaf 3
 *                     └─no── leaf 5
 * Missing amount goes right (default), missing mcc left.
 */
const tree: TreeNodes = {
  feature: [0, -1, 1, -1, -1],
  threshold: [100, 0, 0, 0, 0],
  left: [1, -1, 3, -1, -1],
  right: [2, -1, 4, -1, -1],
  defaultLeft: [false, false, true, false, false],
  value: [0, -1, 0, 2, 0.5],
  categories: [{ node: 2, left: [2, 7] }],
  nodeValue: [0.25, -1, 1, 2, 0.5],
};
const dt: DecisionTreeModel = { kind: 'decision_tree', id: 'dt', inputs: ['event.amount', 'event.mcc'], comparison: '<', tree };

describe('scoreModel: trees', () => {
  it('routes by threshold, with < or <= as the model says', () => {
    expect(scoreModel(dt, [50, 2]).score).toBe(-1);
    expect(scoreModel(dt, [100, 2]).score).toBe(2);
    expect(scoreModel({ ...dt, comparison: '<=' }, [100, 2]).score).toBe(-1);
    expect(scoreModel(dt, [Infinity, 3]).score).toBe(0.5);
    expect(scoreModel(dt, [-Infinity, 3]).score).toBe(-1);
  });

  it('routes categories by set membership of the truncated code', () => {
    expect([7, 7.9, 3, -2, -0.5, 1e9, 2 ** 40].map((c) => scoreModel(dt, [500, c]).score)).toEqual([2, 2, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(scoreModel({ ...dt, categoryNames: [null, ['a', 'b', 'c']] }, [500, 'c']).score).toBe(2);
  });

  it('sends missing values the default way, and reads booleans and CEL ints as numbers', () => {
    expect(scoreModel(dt, [null, 2]).score).toBe(2);
    expect(scoreModel(dt, [undefined, null]).score).toBe(2);
    expect(scoreModel(dt, [Number.NaN, ' ']).score).toBe(2);
    // Text where a number belongs is unusable, hence missing.
    expect(scoreModel(dt, ['50', 2]).score).toBe(2);
    expect(scoreModel(dt, [true, 2]).score).toBe(-1);
    expect(scoreModel(dt, [500n, 7n]).score).toBe(2);
  });

  it("reads NaN as 0 at 'zero' and 'none' splits, 0 taking the default at 'zero'", () => {
    const m = (missing: 'nan' | 'zero' | 'none', defaultLeft: boolean): DecisionTreeModel => ({
      ...dt,
      comparison: '<=',
      tree: { ...tree, threshold: [-5, 0, 0, 0, 0], defaultLeft: [defaultLeft, false, true, false, false], missing: [missing, 'nan', 'nan', 'nan', 'nan'] },
    });
    // 0 <= -5 is false: compared, 0 and NaN go right; as missing, they follow the default.
    expect([null, 0, -10].map((x) => scoreModel(m('none', true), [x, 2]).score)).toEqual([2, 2, -1]);
    expect([null, 0, 1e-36, -10].map((x) => scoreModel(m('zero', true), [x, 2]).score)).toEqual([-1, -1, -1, -1]);
    expect([null, 0, 1e-30].map((x) => scoreModel(m('nan', true), [x, 2]).score)).toEqual([-1, 2, 2]);
  });

  it('compares in float32 when asked, as XGBoost does', () => {
    // The threshold as an XGBoost import holds it: the float32 nearest 0.1, 0.100000001490116….
    const t = Math.fround(0.1);
    const m: DecisionTreeModel = { ...dt, float32: true, tree: { ...tree, threshold: [t, 0, 0, 0, 0] } };
    // 0.1 as a double is below the float32 threshold, but rounds to it: not less, so right.
    expect(0.1 < t).toBe(true);
    expect(scoreModel(m, [0.1, 3]).score).toBe(0.5);
    expect(scoreModel({ ...m, float32: false }, [0.1, 3]).score).toBe(-1);
  });

  it('gives a probability, margin or scaled score, and attributes the path', () => {
    const ens: TreeEnsembleModel = { kind: 'tree_ensemble', id: 'e', inputs: dt.inputs, comparison: '<', trees: [tree, tree], baseMargin: -1, transform: 'sigmoid', sigmoidScale: 2 };
    // Both trees: amount 500 → mcc 7 → 2. Margin −1 + 4 = 3; p = σ(2·3).
    const r = scoreModel(ens, [500, 7]);
    expect(r.score).toBe(sigmoid(6));
    expect(r.probability).toBe(sigmoid(6));
    expect(scoreModel({ ...ens, output: 'margin' }, [500, 7]).score).toBe(3);
    const scaled = scoreModel({ ...ens, output: 'score', scoreScale: { base: 600, baseOdds: 50, pdo: 20 } }, [500, 7]).score;
    expect(scaled).toBeCloseTo(600 + (20 / Math.LN2) * (-6 - Math.log(50)), 9);
    // Per tree: root 0.25 → node 2 (1): amount +0.75; node 2 → leaf 2: mcc +1. Twice.
    expect(r.contributions).toEqual([
      { input: 'event.amount', value: 500, points: 1.5 },
      { input: 'event.mcc', value: 7, points: 2 },
    ]);
    expect(scoreModel({ ...dt, tree: { ...tree, nodeValue: undefined } }, [500, 7]).contributions).toEqual([]);
    // An identity model has no probability; 'score' then reads the margin itself as log-odds.
    expect(scoreModel(dt, [500, 7])).toEqual({ score: 2, contributions: expect.any(Array), reasons: expect.any(Array) });
  });

  it('refuses an unchecked model that is not a tree instead of looping', () => {
    const loop: DecisionTreeModel = { ...dt, tree: { ...tree, left: [1, -1, 0, -1, -1] } };
    expect(() => scoreModel(loop, [500, 3])).toThrow(expect.objectContaining({ code: 'MODEL_INVALID' }));
    expect(() => scoreModel(dt, [1])).toThrow(expect.objectContaining({ code: 'MODEL_INPUTS' }));
  });
});

/** A straightforward reading of a nested tree, independent of the flattened scorer. */
function reference(node: NestedTreeNode, x: Array<number | null>, le: boolean): number {
  if (!('feature' in node)) return node.value;
  const v = x[node.feature as number];
  let goLeft: boolean;
  if (v === null || v === undefined) goLeft = node.missing !== 'right';
  else if (node.categories) goLeft = v >= 0 && node.categories.includes(Math.trunc(v));
  else goLeft = le ? v <= node.threshold! : v < node.threshold!;
  return reference(goLeft ? node.left : node.right, x, le);
}

const FEATURES = 3;
const nested: fc.Arbitrary<NestedTreeNode> = fc.letrec<{ node: NestedTreeNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ value: fc.integer({ min: -8, max: 8 }) }),
    fc.record({
      feature: fc.nat(FEATURES - 1),
      threshold: fc.integer({ min: -3, max: 3 }),
      categories: fc.option(fc.uniqueArray(fc.nat(40), { maxLength: 5 }), { nil: undefined }),
      missing: fc.constantFrom('left', 'right') as fc.Arbitrary<'left' | 'right'>,
      value: fc.integer({ min: -8, max: 8 }),
      left: tie('node'),
      right: tie('node'),
    }),
  ),
})).node;
const row = fc.array(fc.oneof(fc.constant(null), fc.integer({ min: -4, max: 41 }), fc.double({ min: -4, max: 4, noNaN: true })), { minLength: FEATURES, maxLength: FEATURES });

describe('scoreModel: trees (properties)', () => {
  it('equals a recursive walk of the nested tree, and contributions telescope to leaf − root', () => {
    fc.assert(
      fc.property(nested, row, fc.boolean(), (root, x, le) => {
        const m = importDecisionTree({ root, featureNames: ['a', 'b', 'c'], comparison: le ? '<=' : '<' }, { id: 't' });
        const r = scoreModel(m, x);
        expect(r.score).toBe(reference(root, x, le));
        const rootValue = 'feature' in root ? root.value! : root.value;
        const sum = r.contributions.reduce((s, c) => s + c.points, 0);
        expect(sum).toBeCloseTo(r.score - rootValue, 9);
        // An ensemble of the one tree scores the same.
        expect(scoreModel({ ...m, kind: 'tree_ensemble', trees: [m.tree], tree: undefined } as unknown as TreeEnsembleModel, x).score).toBe(r.score);
      }),
      { numRuns: 400 },
    );
  });
});
