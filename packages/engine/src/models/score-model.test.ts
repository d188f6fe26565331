import { describe, expect, it } from 'vitest';
import { modelInputs, scoreModel } from './score-model.ts';
import type { LogisticModel, ScorecardModel } from './types.ts';
import { validateModel } from './validate-model.ts';

const scorecard: ScorecardModel = {
  kind: 'scorecard',
  id: 'card_auth_v1',
  baseScore: 600,
  characteristics: [
    {
      input: 'event.amount',
      bins: [
        { max: 100, points: 20 },
        { min: 100, max: 1000, points: 0, label: 'medium' },
        { min: 1000, points: -40 },
        { missing: true, points: -10 },
      ],
    },
    {
      input: 'event.channel',
      bins: [
        { values: ['POS', 'ATM'], points: 15 },
        { values: ['ECOM'], points: -25 },
      ],
      defaultPoints: -5,
    },
    { input: 'features.new_device', bins: [{ values: [true], points: -30 }, { values: [false], points: 10 }] },
  ],
};

describe('scoreModel: scorecard', () => {
  it('adds the points of each bin to the base score', () => {
    // 600 + 0 (250 in [100, 1000)) - 25 (ECOM) - 30 (new device)
    expect(scoreModel(scorecard, [250, 'ECOM', true])).toEqual({
      score: 545,
      contributions: [
        { input: 'event.amount', value: 250, points: 0, bin: 'medium' },
        { input: 'event.channel', value: 'ECOM', points: -25, bin: 'in {"ECOM"}' },
        { input: 'features.new_device', value: true, points: -30, bin: 'in {true}' },
      ],
      // Points lost against each characteristic's best bin: amount 20 (0 of 20), channel 40
      // (−25 of 15), new device 40 (−30 of 10); ties keep the model's order.
      reasons: ['event.channel', 'features.new_device', 'event.amount'],
    });
  });

  it('names the characteristics that cost the most points as reason codes, at most reasonCount', () => {
    const coded = { ...scorecard, reasonCount: 2, characteristics: scorecard.characteristics.map((c, i) => ({ ...c, reasonCode: ['AMT', 'CHN', 'DEV'][i] })) };
    expect(scoreModel(coded, [250, 'ECOM', true]).reasons).toEqual(['CHN', 'DEV']);
    // The best bin of every characteristic costs nothing: no reasons.
    expect(scoreModel(coded, [50, 'POS', false]).reasons).toEqual([]);
    expect(scoreModel({ ...coded, reasonCount: 0 }, [250, 'ECOM', true]).reasons).toEqual([]);
  });

  it('treats ranges as [min, max) and open ends as unbounded', () => {
    expect(scoreModel(scorecard, [99.99, 'POS', false]).score).toBe(600 + 20 + 15 + 10);
    expect(scoreModel(scorecard, [100, 'POS', false]).score).toBe(600 + 0 + 15 + 10);
    expect(scoreModel(scorecard, [1000, 'POS', false]).score).toBe(600 - 40 + 15 + 10);
    expect(scoreModel(scorecard, [-5, 'POS', false]).contributions[0]!.bin).toBe('[-∞, 100)');
    expect(scoreModel(scorecard, [10n, 'POS', false]).contributions[0]!.points).toBe(20);
  });

  it('scores a missing value with the missing bin, else defaultPoints, else 0', () => {
    // amount missing → missing bin (-10); channel missing → no missing bin → defaultPoints (-5);
    // new_device missing → neither → 0.
    const r = scoreModel(scorecard, [null, undefined, undefined]);
    expect(r.score).toBe(600 - 10 - 5 + 0);
    expect(r.contributions.map((c) => c.bin)).toEqual(['missing', 'default', 'default']);
    expect(scoreModel(scorecard, [Number.NaN, '  ', undefined]).score).toBe(585);
  });

  it('gives unmatched values the default points and never coerces types', () => {
    expect(scoreModel(scorecard, [50, 'WEB', 'true']).contributions.map((c) => c.points)).toEqual([20, -5, 0]);
    expect(scoreModel(scorecard, ['50', 'POS', false]).contributions[0]!.points).toBe(0);
  });

  it('refuses inputs that do not match the definition', () => {
    expect(() => scoreModel(scorecard, [1, 2])).toThrow(expect.objectContaining({ code: 'MODEL_INPUTS' }));
    expect(modelInputs(scorecard)).toEqual(['event.amount', 'event.channel', 'features.new_device']);
  });
});

const logistic: LogisticModel = {
  kind: 'logistic',
  id: 'fraud_lr',
  intercept: -3,
  coefficients: [
    { input: 'event.amount', weight: 0.5, transform: 'log1p' },
    { input: 'features.cards_per_device_1h', weight: 0.8, missingValue: 1 },
    {
      input: 'event.mcc_group',
      weight: 1,
      transform: 'woe',
      woe: [
        { values: ['gambling', 'crypto'], points: 1.2 },
        { values: ['grocery'], points: -0.7 },
        { missing: true, points: 0.3 },
      ],
    },
  ],
};

describe('scoreModel: logistic', () => {
  it('computes the probability from the linear predictor', () => {
    // z = -3 + 0.5·ln(1 + e² − 1) + 0.8·2 + 1.2 = -3 + 1 + 1.6 + 1.2 = 0.8
    const amount = Math.exp(2) - 1;
    const r = scoreModel(logistic, [amount, 2, 'crypto']);
    const p = 1 / (1 + Math.exp(-0.8));
    expect(r.probability).toBeCloseTo(p, 12);
    expect(r.score).toBeCloseTo(p, 12);
    expect(r.contributions.map((c) => c.points)).toEqual([expect.closeTo(1, 12), expect.closeTo(1.6, 12), 1.2]);
    expect(r.contributions[2]!.bin).toBe('in {"gambling", "crypto"}');
  });

  it('uses missingValue, then 0, for missing or unusable inputs, and the missing WOE bin', () => {
    // z = -3 + 0.5·0 (log1p of -2 unusable, no missingValue) + 0.8·1 (missing → missingValue) + 0.3
    const r = scoreModel(logistic, [-2, null, undefined]);
    expect(r.probability).toBeCloseTo(1 / (1 + Math.exp(-(-3 + 0.8 + 0.3))), 12);
    expect(r.contributions.map((c) => c.bin)).toEqual(['unusable', 'missing', 'missing']);
    // A category no WOE bin knows falls back to missingValue (0 here).
    expect(scoreModel(logistic, [0, 0, 'travel']).contributions[2]).toEqual({ input: 'event.mcc_group', value: 'travel', points: 0, bin: 'unusable' });
  });

  it('reads booleans as 1 and 0 and stays finite for extreme predictors', () => {
    const m: LogisticModel = { kind: 'logistic', id: 'b', intercept: 0, coefficients: [{ input: 'x', weight: 1000 }] };
    expect(scoreModel(m, [true]).probability).toBe(1);
    expect(scoreModel(m, [false]).probability).toBe(0.5);
    expect(scoreModel(m, [-1]).probability).toBe(0);
  });

  it('scales the score with base, base odds and points to double the odds', () => {
    // Standard scaling: factor = pdo / ln 2, offset = base − factor·ln(baseOdds),
    // score = offset + factor·ln(odds_good) with odds_good = (1 − p) / p = e^(−z).
    const scaled: LogisticModel = { ...logistic, output: 'score', scoreScale: { base: 600, baseOdds: 50, pdo: 20 } };
    // Choose inputs so that z = −ln 50: odds_good = 50 = baseOdds → score = base.
    const z0 = -Math.log(50);
    const m: LogisticModel = { ...scaled, intercept: z0, coefficients: [{ input: 'x', weight: 1 }] };
    expect(scoreModel(m, [0]).score).toBeCloseTo(600, 9);
    // Halving the odds of good (z up by ln 2) costs exactly pdo points.
    expect(scoreModel(m, [Math.LN2]).score).toBeCloseTo(580, 9);
    expect(scoreModel(m, [-Math.LN2]).score).toBeCloseTo(620, 9);
    // The worked example above: z = 0.8 → 600 + 20/ln2 · (−0.8 − ln 50).
    const r = scoreModel(scaled, [Math.exp(2) - 1, 2, 'crypto']);
    expect(r.score).toBeCloseTo(600 + (20 / Math.LN2) * (-0.8 - Math.log(50)), 9);
    expect(r.score).toBeCloseTo(464.04, 2);
    expect(r.probability).toBeCloseTo(0.68997, 5);
  });
});

describe('validateModel', () => {
  it('accepts the models above and returns clean copies', () => {
    const withExtra = { ...scorecard, trainedOn: '2024-01', characteristics: scorecard.characteristics.map((c) => ({ ...c, note: 'x' })) };
    const v = validateModel(withExtra);
    expect(v).toEqual({ ok: true, model: scorecard });
    expect(validateModel(logistic)).toEqual({ ok: true, model: logistic });
    expect(validateModel({ ...logistic, output: 'score', scoreScale: { base: 600, baseOdds: 50, pdo: 20 } }).ok).toBe(true);
  });

  it('reports every problem with its path', () => {
    const v = validateModel({
      kind: 'scorecard',
      id: '',
      baseScore: 'high',
      characteristics: [
        {
          input: '',
          bins: [{ min: 10, max: 5, points: 1 }, { points: 2 }, { values: [], points: 3 }, { min: 0, max: 20, points: Infinity }, { missing: true, points: 1 }, { missing: true, points: 2 }],
        },
        { input: 'x', bins: [{ values: ['a', 'b'], points: 1 }, { values: ['b'], points: 2 }, { max: 10, points: 0 }, { min: 5, points: 0 }], defaultPoints: 'no' },
      ],
    });
    expect(v.ok).toBe(false);
    const paths = v.ok ? [] : v.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'id',
        'baseScore',
        'characteristics[0].input',
        'characteristics[0].bins[0]',
        'characteristics[0].bins[1]',
        'characteristics[0].bins[2].values',
        'characteristics[0].bins[3].points',
        'characteristics[0].bins[3]',
        'characteristics[0].bins[5].missing',
        'characteristics[1].defaultPoints',
        'characteristics[1].bins[1].values',
        'characteristics[1].bins[3]',
      ]),
    );
  });

  it('checks logistic specifics', () => {
    const v = validateModel({
      kind: 'logistic',
      id: 'lr',
      intercept: 0,
      coefficients: [{ input: 'a', weight: 1, transform: 'woe' }, { input: 'b', weight: 'x', transform: 'sqrt', woe: [] }, 'c'],
      output: 'score',
    });
    expect(v.ok ? [] : v.errors.map((e) => e.path)).toEqual([
      'coefficients[0].woe',
      'coefficients[1].weight',
      'coefficients[1].transform',
      'coefficients[1].woe',
      'coefficients[2]',
      'scoreScale',
    ]);
    const bad = validateModel({ kind: 'logistic', id: 'lr', intercept: 0, coefficients: [{ input: 'a', weight: 1 }], scoreScale: { base: 600, baseOdds: 0, pdo: -1 } });
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['scoreScale.baseOdds', 'scoreScale.pdo']);
    expect(validateModel({ kind: 'tree', id: 't' })).toEqual({ ok: false, errors: [{ path: 'kind', message: "kind must be 'scorecard', 'logistic', 'decision_tree' or 'tree_ensemble'" }] });
    expect(validateModel(null).ok).toBe(false);
  });
});
