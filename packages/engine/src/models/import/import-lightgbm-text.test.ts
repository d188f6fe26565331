import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sigmoid } from '../log-odds.ts';
import { scoreModel } from '../score-model.ts';
import { validateModel } from '../validate-model.ts';
import { importLightgbmText } from './import-lightgbm-text.ts';

// LightGBM does not install here, so these models are written by hand in LightGBM's text format
// (test/fixtures/models/lgb-*.txt) and every expected output is worked out below from the
// routing rules of LightGBM's Tree::NumericalDecision and Tree::CategoricalDecision.
const dir = new URL('../../../test/fixtures/models/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, dir), 'utf8');
const TOL = 1e-12;

/*
 * lgb-binary.txt, objective binary sigmoid:1, features amount, velocity, age.
 *
 * Tree 0   node 0: amount <= 100.5  decision_type 10 = NaN missing (2<<2) | default left (2)
 *            ├ node 1: velocity <= 3.5  decision_type 6 = Zero missing (1<<2) | default left
 *            │   ├ leaf 0: -0.5
 *            │   └ leaf 2:  0.75
 *            └ node 2: age <= 30.5  decision_type 2 = None missing | default-left bit (unused)
 *                ├ leaf 1:  0.25
 *                └ leaf 3: -0.125
 * Tree 1   node 0: velocity <= 5.5  decision_type 8 = NaN missing, default right
 *            ├ leaf 0: 0.2
 *            └ node 1: amount <= 1000  decision_type 4 = Zero missing, default right
 *                ├ leaf 1: -0.3
 *                └ leaf 2:  0.4
 * Tree 2   a single leaf: 0.0625
 */
const binaryCases: Array<[string, Array<number | null>, number]> = [
  // T0: 50 <= 100.5, 2 <= 3.5 → -0.5; T1: 2 <= 5.5 → 0.2; T2 0.0625.
  ['plain values', [50, 2, 25], -0.5 + 0.2 + 0.0625],
  // T0: amount NaN, type NaN → default left; 4 > 3.5 → 0.75. T1: 4 <= 5.5 → 0.2.
  ['NaN at a NaN-type split takes the default', [null, 4, 40], 0.75 + 0.2 + 0.0625],
  // T0: 200 > 100.5; age NaN at a None split reads 0 <= 30.5 → 0.25. T1: velocity NaN → default
  // right; 200 is not zero, 200 <= 1000 → -0.3.
  ['NaN at a None-type split reads 0', [200, null, null], 0.25 - 0.3 + 0.0625],
  // T0: 0 <= 100.5 (0 is not missing at a NaN split); velocity NaN at a Zero split reads 0, which
  // takes the default (left) → -0.5. T1: NaN → right; amount 0 at a Zero split → default right → 0.4.
  ['NaN and 0 at Zero-type splits take the default', [0, null, 45], -0.5 + 0.4 + 0.0625],
  // Thresholds are inclusive: 100.5 <= 100.5 → node 1; 3.5 <= 3.5 → -0.5. T1: 3.5 <= 5.5 → 0.2.
  ['x equal to the threshold goes left', [100.5, 3.5, 30.5], -0.5 + 0.2 + 0.0625],
  // The next double above 100.5 goes right: 30.5 <= 30.5 → 0.25. T1 → 0.2.
  ['just above the threshold goes right', [100.50000000000001, 3.5, 30.5], 0.25 + 0.2 + 0.0625],
  // T0: → node 2, 60 > 30.5 → -0.125. T1: 10 > 5.5; 5000 > 1000 → 0.4.
  ['large values', [5000, 10, 60], -0.125 + 0.4 + 0.0625],
  // |1e-36| <= kZeroThreshold (1e-35f) is zero: T1's Zero split sends it right (0.4); 1e-34 is a
  // number, <= 1000 → -0.3. T0: 6 > 3.5 → 0.75 both times.
  ['within 1e-35 of zero is zero', [1e-36, 6, 20], 0.75 + 0.4 + 0.0625],
  ['a tiny non-zero value is compared', [1e-34, 6, 20], 0.75 - 0.3 + 0.0625],
  ['negative tiny values are zero too', [-1e-36, 6, 20], 0.75 + 0.4 + 0.0625],
  // T0: NaN → left; velocity NaN → 0 → zero → left → -0.5. T1: NaN → right; amount NaN at a
  // Zero split reads 0 → default right → 0.4.
  ['everything missing', [null, null, null], -0.5 + 0.4 + 0.0625],
];

describe('importLightgbmText', () => {
  const m = importLightgbmText(read('lgb-binary.txt'), { id: 'lgb' });

  it('reads the header and flattens the trees, leaves after the splits', () => {
    expect(validateModel(m)).toEqual({ ok: true, model: m });
    expect(m).toMatchObject({ kind: 'tree_ensemble', comparison: '<=', transform: 'sigmoid', sigmoidScale: 1, baseMargin: 0, objective: 'binary sigmoid:1', featureNames: ['amount', 'velocity', 'age'] });
    expect(m.float32).toBeUndefined();
    expect(m.trees[0]).toEqual({
      feature: [0, 1, 2, -1, -1, -1, -1],
      threshold: [100.5, 3.5, 30.5, 0, 0, 0, 0],
      left: [1, 3, 4, -1, -1, -1, -1],
      right: [2, 5, 6, -1, -1, -1, -1],
      defaultLeft: [true, true, true, false, false, false, false],
      value: [0, 0, 0, -0.5, 0.25, 0.75, -0.125],
      missing: ['nan', 'zero', 'none', 'nan', 'nan', 'nan', 'nan'],
      nodeValue: [0.1, -0.2, 0.3, -0.5, 0.25, 0.75, -0.125],
    });
    expect(m.trees[2]).toMatchObject({ feature: [-1], value: [0.0625] });
  });

  it.each(binaryCases)('%s', (_, row, margin) => {
    const r = scoreModel(m, row);
    expect(Math.abs(scoreModel({ ...m, output: 'margin' }, row).score - margin)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(r.score - sigmoid(margin))).toBeLessThanOrEqual(TOL);
    expect(r.probability).toBe(r.score);
  });

  it('attributes the margin along the path with internal_value (Saabas)', () => {
    // [50, 2, 25]: T0 root 0.1 → node 1 (-0.2): amount −0.3; node 1 → leaf -0.5: velocity −0.3.
    // T1 root 0.05 → leaf 0.2: velocity +0.15. T2 has no split.
    const r = scoreModel(m, [50, 2, 25]);
    expect(r.contributions.map((c) => c.points)).toEqual([expect.closeTo(-0.3, 12), expect.closeTo(-0.15, 12), 0]);
    expect(r.contributions.map((c) => c.input)).toEqual(['amount', 'velocity', 'age']);
    expect(scoreModel(m, [null, 'fast', 25]).contributions.map((c) => c.bin)).toEqual(['missing', 'unusable', undefined]);
  });

  /*
   * lgb-categorical.txt, objective binary sigmoid:0.8, features amount, mcc, channel.
   *
   * Tree 0   node 0: mcc in {1, 3, 33}  (decision_type 9: categorical, NaN missing; cat_threshold
   *                    words 10 = bits 1, 3 and 2 = bit 33 − 32)
   *            ├ node 1: amount <= 250 (NaN missing, default right)
   *            │   ├ leaf 0: 0.4
   *            │   └ leaf 2: 1.1
   *            └ leaf 1: -0.6
   * Tree 1   node 0: channel in {0}  (decision_type 1: categorical, None missing; word 1)
   *            ├ leaf 0: -0.2
   *            └ node 1: mcc in {2, 5}  (decision_type 5; word 36 = bits 2 and 5)
   *                ├ leaf 1: 0.3
   *                └ leaf 2: 0.1
   */
  const cat = importLightgbmText(read('lgb-categorical.txt'), { id: 'lgb_cat', categoryNames: { channel: ['POS', 'ECOM', 'ATM'] } });
  const catCases: Array<[string, Array<number | string | null>, number]> = [
    ['categories in both sets', [100, 3, 0], 0.4 - 0.2],
    ['a category from the second bitset word', [100, 33, 1], 0.4 + 0.1],
    ['categories in neither first set', [300, 2, 2], -0.6 + 0.3],
    // NaN is never a category: right at every categorical split, whatever the missing type.
    ['missing categories go right', [null, null, null], -0.6 + 0.1],
    // 3.9 truncates to 3; 300 > 250 → 1.1.
    ['a fractional code truncates', [300, 3.9, 0], 1.1 - 0.2],
    ['a negative code is no category', [100, -1, 0], -0.6 - 0.2],
    // 64 lies past the two words of the first set and the one of the second.
    ['a code beyond the bitset is no category', [100, 64, 5], -0.6 + 0.1],
    ['category names map to codes', [100, 3, 'POS'], 0.4 - 0.2],
    ['an unknown name is no category', [100, 3, 'CARRIER_PIGEON'], 0.4 + 0.1],
  ];

  it('decodes category bitsets', () => {
    expect(cat.trees[0]!.categories).toEqual([{ node: 0, left: [1, 3, 33] }]);
    expect(cat.trees[1]!.categories).toEqual([
      { node: 0, left: [0] },
      { node: 1, left: [2, 5] },
    ]);
    expect(cat.categoryNames).toEqual([null, null, ['POS', 'ECOM', 'ATM']]);
  });

  it.each(catCases)('%s', (_, row, margin) => {
    const r = scoreModel(cat, row);
    expect(Math.abs(scoreModel({ ...cat, output: 'margin' }, row).score - margin)).toBeLessThanOrEqual(TOL);
    // sigmoid:0.8 scales the margin before the sigmoid.
    expect(Math.abs(r.probability! - sigmoid(0.8 * margin))).toBeLessThanOrEqual(TOL);
  });

  it('scales the score from sigmoid·margin as log-odds', () => {
    const scaled = importLightgbmText(read('lgb-categorical.txt'), { id: 's', output: 'score', scoreScale: { base: 600, baseOdds: 50, pdo: 20 } });
    const z = 0.8 * (0.4 - 0.2);
    expect(scoreModel(scaled, [100, 3, 0]).score).toBeCloseTo(600 + (20 / Math.LN2) * (-z - Math.log(50)), 9);
  });

  /*
   * lgb-rf-regression.txt, objective regression, average_output (a random forest): the mean of
   *   Tree 0: x <= 1.5 → 10, else 20          (None missing: NaN reads 0)
   *   Tree 1: y <= 1e-35 → 12, else 16        (None missing, default-left bit unused)
   */
  it('averages the trees of a random forest', () => {
    const rf = importLightgbmText(read('lgb-rf-regression.txt'), { id: 'rf' });
    expect(rf).toMatchObject({ transform: 'identity', objective: 'regression' });
    expect(scoreModel(rf, [1, 5]).score).toBe((10 + 16) / 2);
    expect(scoreModel(rf, [2, -1]).score).toBe((20 + 12) / 2);
    expect(scoreModel(rf, [null, null]).score).toBe((10 + 12) / 2);
    expect(scoreModel(rf, [1, 5]).probability).toBeUndefined();
    // Node values are averaged like the leaves, so contributions still sum to margin − roots.
    const r = scoreModel(rf, [2, 5]);
    expect(r.contributions.map((c) => c.points)).toEqual([3, 1]);
  });

  it('refuses what it cannot score exactly', () => {
    const text = read('lgb-binary.txt');
    expect(() => importLightgbmText(text.replace('num_class=1', 'num_class=3'), { id: 'x' })).toThrow(/multi-class/);
    expect(() => importLightgbmText(text.replace('objective=binary sigmoid:1', 'objective=poisson'), { id: 'x' })).toThrow(/poisson is not supported/);
    expect(() => importLightgbmText(text.replace('objective=binary sigmoid:1', 'objective=regression sqrt'), { id: 'x' })).toThrow(/not supported/);
    expect(() => importLightgbmText(text.replace('is_linear=0', 'is_linear=1'), { id: 'x' })).toThrow(/linear trees/);
    expect(() => importLightgbmText(text.replace('threshold=100.5 3.5 30.5', 'threshold=100.5 3.5'), { id: 'x' })).toThrow(/Tree=0 threshold: expected 3 numbers/);
    expect(() => importLightgbmText(text.replace('left_child=1 -1 -2', 'left_child=0 -1 -2'), { id: 'x' })).toThrow(/trees\[0\]\.left\[0\]/);
    expect(() => importLightgbmText('hello', { id: 'x' })).toThrow(/max_feature_idx/);
  });
});
