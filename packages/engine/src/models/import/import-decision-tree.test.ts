import { describe, expect, it } from 'vitest';
import { scoreModel } from '../score-model.ts';
import { validateModel } from '../validate-model.ts';
import { importDecisionTree } from './import-decision-tree.ts';

describe('importDecisionTree', () => {
  it('builds a tree from nested nodes, splitting on CEL inputs directly', () => {
    const m = importDecisionTree(
      {
        feature: 'event.amount',
        threshold: 500,
        missing: 'right',
        value: 0.05,
        left: { value: 0.01 },
        right: { feature: 'features.cards_per_device_1h', threshold: 3, value: 0.15, left: { value: 0.08 }, right: { value: 0.4 } },
      },
      { id: 'amount_tree' },
    );
    expect(validateModel(m)).toEqual({ ok: true, model: m });
    expect(m).toMatchObject({ kind: 'decision_tree', comparison: '<=', inputs: ['event.amount', 'features.cards_per_device_1h'] });
    expect(m.tree).toEqual({
      feature: [0, -1, 1, -1, -1],
      threshold: [500, 0, 3, 0, 0],
      left: [1, -1, 3, -1, -1],
      right: [2, -1, 4, -1, -1],
      defaultLeft: [false, false, true, false, false],
      value: [0, 0.01, 0, 0.08, 0.4],
      nodeValue: [0.05, 0.01, 0.15, 0.08, 0.4],
    });
    expect(scoreModel(m, [500, 9]).score).toBe(0.01);
    expect(scoreModel(m, [null, 3]).score).toBe(0.08);
    // Missing goes left unless the node says otherwise.
    const r = scoreModel(m, [900, null]);
    expect(r.score).toBe(0.08);
    expect(r.contributions).toEqual([
      { input: 'event.amount', value: 900, points: expect.closeTo(0.1, 12) },
      { input: 'features.cards_per_device_1h', value: null, points: expect.closeTo(-0.07, 12), bin: 'missing' },
    ]);
  });

  it('takes a document with feature names, comparison, transform and categories', () => {
    const m = importDecisionTree(
      JSON.stringify({
        featureNames: ['amount', 'mcc'],
        comparison: '<',
        transform: 'sigmoid',
        baseMargin: -2,
        root: { feature: 'mcc', categories: [4, 9], left: { value: 3 }, right: { feature: 0, threshold: 100, left: { value: -1 }, right: { value: 1 } } },
      }),
      { id: 'mcc_tree', inputs: { amount: 'event.amount', mcc: 'event.mcc_code' }, categoryNames: { mcc: ['a', 'b', 'c', 'd', 'gambling'] } },
    );
    expect(m).toMatchObject({ inputs: ['event.amount', 'event.mcc_code'], featureNames: ['amount', 'mcc'], comparison: '<', transform: 'sigmoid', baseMargin: -2 });
    expect(m.tree.nodeValue).toBeUndefined();
    expect(scoreModel({ ...m, output: 'margin' }, [0, 'gambling']).score).toBe(1);
    expect(scoreModel({ ...m, output: 'margin' }, [100, 2]).score).toBe(-1);
    expect(scoreModel(m, [100, 2]).contributions).toEqual([]);
  });

  it('says what is wrong with a node, at its path', () => {
    expect(() => importDecisionTree({ root: { feature: 'x', threshold: 1, left: { value: 1 }, right: { value: 'high' } } }, { id: 't' })).toThrow(/root\.right\.value: a leaf needs a numeric value/);
    expect(() => importDecisionTree({ feature: 'x', left: { value: 1 }, right: { value: 2 } }, { id: 't' })).toThrow(/tree\.threshold/);
    expect(() => importDecisionTree({ root: { feature: 'y', threshold: 1, left: { value: 1 }, right: { value: 2 } }, featureNames: ['x'] }, { id: 't' })).toThrow(/feature y is not among/);
    expect(() => importDecisionTree({ feature: 'x', threshold: 1, missing: 'up', left: { value: 1 }, right: { value: 2 } }, { id: 't' })).toThrow(/missing must be/);
    expect(() => importDecisionTree({ root: { value: 1 }, comparison: '>' }, { id: 't' })).toThrow(/comparison must be/);
    const leaf = { value: 1 };
    expect(() => importDecisionTree({ feature: 'x', threshold: 1, left: leaf, right: leaf }, { id: 't' })).toThrow(/appears twice/);
    expect(() => importDecisionTree({ root: { feature: 5, threshold: 1, left: leaf, right: { value: 2 } }, featureNames: ['x'] }, { id: 't' })).toThrow(/tree\.feature\[0\]/);
  });
});
