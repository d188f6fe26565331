import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreModel } from '../score-model.ts';
import type { TreeEnsembleModel } from '../types.ts';
import { validateModel } from '../validate-model.ts';
import { importXgboostJson } from './import-xgboost-json.ts';

// Reference models and xgboost 1.7.4's own predictions: see test/fixtures/models/generate.py.
const dir = new URL('../../../test/fixtures/models/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, dir), 'utf8');

interface Expected {
  rows: Array<Array<number | null>>;
  margin: number[];
  prediction: number[];
  /** Per row: one per feature, then the bias. */
  contributions: number[][];
}
const expected = (name: string): Expected => JSON.parse(read(`xgb-${name}.expected.json`)) as Expected;

// xgboost predicts in float32; 1e-6 is a few float32 ulps at these magnitudes. Margins in fact
// agree to the bit: the scorer rounds inputs, thresholds and the running sum to float32 as xgboost does.
const TOL = 1e-6;

/** Every row scored, against xgboost's margin, prediction and Saabas contributions. */
function checkAgainstXgboost(m: TreeEnsembleModel, e: Expected) {
  e.rows.forEach((row, i) => {
    const margin = scoreModel({ ...m, output: 'margin' }, row);
    expect(Math.abs(margin.score - e.margin[i]!), `row ${i} margin`).toBeLessThanOrEqual(TOL);
    expect(Math.abs(scoreModel(m, row).score - e.prediction[i]!), `row ${i} prediction`).toBeLessThanOrEqual(TOL);
    const points = margin.contributions.map((c) => c.points);
    const xgb = e.contributions[i]!;
    points.forEach((p, j) => expect(Math.abs(p - xgb[j]!), `row ${i} contribution ${j}`).toBeLessThanOrEqual(TOL));
    // xgboost's bias column is the base margin plus the roots' expected values: the rest of the margin.
    expect(Math.abs(margin.score - points.reduce((a, b) => a + b, 0) - xgb[xgb.length - 1]!)).toBeLessThanOrEqual(TOL);
  });
}

const cases = [
  { name: 'binary', baseScore: 0.3, objective: 'binary:logistic' },
  { name: 'regression', baseScore: 2.5, objective: 'reg:squarederror' },
  { name: 'categorical', baseScore: 0.5, objective: 'binary:logistic' },
  { name: 'dart', baseScore: 0.5, objective: 'binary:logistic' },
];

describe('importXgboostJson: save_model JSON', () => {
  it.each(cases)('$name: scores as xgboost does', ({ name }) => {
    const m = importXgboostJson(read(`xgb-${name}.model.json`), { id: name });
    expect(validateModel(m)).toEqual({ ok: true, model: m });
    checkAgainstXgboost(m, expected(name));
  });

  it('reads objective, base score and feature names from the model', () => {
    const m = importXgboostJson(read('xgb-binary.model.json'), { id: 'b' });
    expect(m).toMatchObject({ kind: 'tree_ensemble', comparison: '<', float32: true, transform: 'sigmoid', objective: 'binary:logistic', featureNames: ['amount', 'velocity', 'risk', 'age'] });
    // base_score 0.3 is a probability: the margin is logit(0.3), in float32.
    expect(m.baseMargin).toBe(Math.fround(Math.log(0.3 / 0.7)));
    expect(m.trees).toHaveLength(5);
    expect(m.inputs).toEqual(m.featureNames);
    const r = importXgboostJson(read('xgb-regression.model.json'), { id: 'r' });
    expect(r).toMatchObject({ transform: 'identity', baseMargin: 2.5, featureNames: ['f0', 'f1', 'f2'] });
  });

  it('turns categorical splits around: xgboost sends the listed categories right', () => {
    const m = importXgboostJson(read('xgb-categorical.model.json'), { id: 'c' });
    const raw = JSON.parse(read('xgb-categorical.model.json').replace(/NaN/g, 'null')).learner.gradient_booster.model.trees[0];
    const node = raw.categories_nodes[0] as number;
    const t = m.trees[0]!;
    expect(t.categories![0]).toEqual({ node, left: [0, 2, 3, 5] });
    expect([t.left[node], t.right[node], t.defaultLeft[node]]).toEqual([raw.right_children[node], raw.left_children[node], !raw.default_left[node]]);
  });

  it('maps string categories through categoryNames, unknown names going where unlisted codes go', () => {
    const names = ['grocery', 'gambling', 'travel', 'crypto', 'fuel', 'games'];
    const m = importXgboostJson(read('xgb-categorical.model.json'), { id: 'c', categoryNames: { mcc: names, channel: ['POS', 'ECOM', 'ATM'] } });
    const byCode = scoreModel(m, [0.4, 3, 2]).score;
    expect(scoreModel(m, [0.4, 'crypto', 'ATM']).score).toBe(byCode);
    expect(scoreModel(m, [0.4, 'unheard-of', 'ATM']).score).toBe(scoreModel(m, [0.4, 99, 2]).score);
    expect(scoreModel(m, [0.4, 'unheard-of', 'ATM']).contributions[1]!.bin).toBe('unknown category');
  });

  it('needs float32 comparisons to agree with xgboost at a split', () => {
    const m = importXgboostJson(read('xgb-binary.model.json'), { id: 'b' });
    const e = expected('binary');
    // The generator's probes sit on tree 0's root split t: row 31 is the double just below t,
    // which xgboost rounds up to t and so sends right; compared as a double it would go left.
    const probe = e.rows.length - 4;
    const asDouble = validateModel({ ...m, float32: false });
    expect(asDouble.ok).toBe(true);
    const wrong = scoreModel((asDouble as { model: TreeEnsembleModel }).model, e.rows[probe]!);
    expect(Math.abs(wrong.probability! - e.prediction[probe]!)).toBeGreaterThan(1e-3);
    expect(Math.abs(scoreModel(m, e.rows[probe]!).probability! - e.prediction[probe]!)).toBeLessThanOrEqual(TOL);
  });

  it('takes inputs by feature name, and leaves out features no tree uses', () => {
    const m = importXgboostJson(read('xgb-binary.model.json'), { id: 'b', inputs: { amount: 'event.amount', velocity: 'features.tx_1h', risk: 'event.risk', age: 'event.age' } });
    expect(m.inputs).toEqual(['event.amount', 'features.tx_1h', 'event.risk', 'event.age']);
    expect(() => importXgboostJson(read('xgb-binary.model.json'), { id: 'b', inputs: { amount: 'event.amount' } })).toThrow(/no input for feature velocity/);
    expect(() => importXgboostJson(read('xgb-binary.model.json'), { id: 'b', inputs: { amuont: 'x' } })).toThrow(/no feature named amuont/);
    expect(() => importXgboostJson(read('xgb-binary.model.json'), { id: 'b', inputs: ['a', 'b'] })).toThrow(/4 features, 2 inputs/);
  });

  it('refuses what it cannot score exactly', () => {
    const doc = () => JSON.parse(read('xgb-binary.model.json'));
    const multi = doc();
    multi.learner.learner_model_param.num_class = '3';
    expect(() => importXgboostJson(multi, { id: 'x' })).toThrow(expect.objectContaining({ code: 'MODEL_IMPORT', message: expect.stringMatching(/multi-class/) }));
    const poisson = doc();
    poisson.learner.objective.name = 'count:poisson';
    expect(() => importXgboostJson(poisson, { id: 'x' })).toThrow(/count:poisson is not supported/);
    const linear = doc();
    linear.learner.gradient_booster = { name: 'gblinear', model: {} };
    expect(() => importXgboostJson(linear, { id: 'x' })).toThrow(/gblinear is not supported/);
    expect(() => importXgboostJson('{"not": "xgboost"}', { id: 'x' })).toThrow(/neither an XGBoost JSON model/);
    expect(() => importXgboostJson('{oops', { id: 'x' })).toThrow(/not JSON/);
    const broken = doc();
    broken.learner.gradient_booster.model.trees[2].left_children[0] = 0;
    expect(() => importXgboostJson(broken, { id: 'x' })).toThrow(/trees\[2\]/);
  });
});

describe('importXgboostJson: JSON dump', () => {
  // A dump loses dart's tree weights, so the dart model is only imported from save_model JSON.
  it.each(cases.filter((c) => c.name !== 'dart'))('$name: scores as xgboost does', ({ name, objective, baseScore }) => {
    const featureNames = name === 'regression' ? undefined : importXgboostJson(read(`xgb-${name}.model.json`), { id: name }).featureNames;
    const m = importXgboostJson(read(`xgb-${name}.dump.json`), { id: name, objective, baseScore, ...(featureNames && { featureNames }) });
    checkAgainstXgboost(m, expected(name));
  });

  it('gives the same trees as the model format, up to node order', () => {
    const fromModel = importXgboostJson(read('xgb-regression.model.json'), { id: 'r' });
    const fromDump = importXgboostJson(read('xgb-regression.dump.json'), { id: 'r', objective: 'reg:squarederror', baseScore: 2.5 });
    const leaves = (m: TreeEnsembleModel) => m.trees.map((t) => t.value.filter((_, i) => t.feature[i] === -1).sort((a, b) => a - b));
    expect(leaves(fromDump)).toEqual(leaves(fromModel));
    expect(fromDump.baseMargin).toBe(fromModel.baseMargin);
  });

  it('needs the objective and base score, and names for named features', () => {
    const dump = read('xgb-binary.dump.json');
    expect(() => importXgboostJson(dump, { id: 'x' })).toThrow(/neither objective nor base_score/);
    expect(() => importXgboostJson(dump, { id: 'x', objective: 'binary:logistic', baseScore: 0.3 })).toThrow(/pass featureNames/);
    expect(() => importXgboostJson(dump, { id: 'x', objective: 'binary:logistic', baseScore: 1.3, featureNames: ['amount', 'velocity', 'risk', 'age'] })).toThrow(/must lie in \(0, 1\)/);
    // get_dump's list of strings works as well as the dump file.
    const strings = (JSON.parse(dump) as unknown[]).map((t) => JSON.stringify(t));
    const m = importXgboostJson(strings, { id: 'x', objective: 'binary:logistic', baseScore: 0.3, inputs: { amount: 'event.amount', velocity: 'v', risk: 'r', age: 'a' } });
    expect(m.featureNames).toEqual(['amount', 'velocity', 'risk', 'age']);
    // Without with_stats there are no covers, hence no node values and no contributions.
    const bare = JSON.parse(dump, (k, v) => (k === 'cover' || k === 'gain' ? undefined : v)) as unknown[];
    const plain = importXgboostJson(bare, { id: 'x', objective: 'binary:logistic', baseScore: 0.3, featureNames: ['amount', 'velocity', 'risk', 'age'] });
    expect(plain.trees.every((t) => t.nodeValue === undefined)).toBe(true);
    expect(scoreModel(plain, [1, 2, 3, 4])).toEqual({ score: scoreModel(m, [1, 2, 3, 4]).score, probability: expect.any(Number), contributions: [], reasons: [] });
  });
});
