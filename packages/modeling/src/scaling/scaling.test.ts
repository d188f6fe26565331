import { scoreModel, validateModel } from '@vigil/engine';
import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../regression/fit-logistic.ts';
import { predictLogit } from '../regression/predict-logistic.ts';
import type { Bin, VariableBinning } from '../types.ts';
import { characteristicInput } from './characteristic-input.ts';
import { reasonCodes } from './reason-codes.ts';
import { scaleScorecard } from './scale-scorecard.ts';
import { oddsAtScore, scalingParameters, scoreFromLogOdds } from './scaling-parameters.ts';
import { AMOUNT, CHANNEL, valueInBin } from './scorecard-fixture.ts';

describe('scalingParameters', () => {
  it('gives factor = PDO/ln 2 and offset = base − factor·ln(odds) (hand computed)', () => {
    // factor = 20 / 0.693147 = 28.853901; offset = 600 − 28.853901·ln 50 = 600 − 28.853901·3.912023 = 487.122876.
    const s = scalingParameters({ pdo: 20, baseScore: 600, baseOdds: 50 });
    expect(s.factor).toBeCloseTo(28.8539, 4);
    expect(s.offset).toBeCloseTo(487.123, 3);
    expect(s).toMatchObject({ pdo: 20, baseScore: 600, baseOdds: 50 });
    expect(scalingParameters()).toEqual(s);
    // ln(odds_good) = ln 100 → 487.123 + 28.854·4.605 = 620; odds 50 → 600; odds 25 → 580.
    expect(scoreFromLogOdds(-Math.log(100), s)).toBeCloseTo(620, 10);
    expect(scoreFromLogOdds(-Math.log(50), s)).toBeCloseTo(600, 10);
    expect(scoreFromLogOdds(-Math.log(25), s)).toBeCloseTo(580, 10);
    // Even odds score the offset; 640 points mean 200:1.
    expect(scoreFromLogOdds(0, s)).toBe(s.offset);
    expect(oddsAtScore(640, s)).toBeCloseTo(200, 9);
    expect(() => scalingParameters({ pdo: 0 })).toThrow(/pdo/);
    expect(() => scalingParameters({ baseOdds: -1 })).toThrow(/baseOdds/);
  });
});

describe('scaleScorecard', () => {
  // β0 = −0.8, β_amount = −0.9, β_channel = −0.6 (negative, as WOE = ln(%good/%bad) implies).
  const fit = { intercept: -0.8, coefficients: [-0.9, -0.6] };

  it('computes base points, bin points and spread points (hand computed)', () => {
    const card = scaleScorecard([AMOUNT, CHANNEL], fit);
    const { factor, offset } = card.scaling;
    // basePoints = offset − factor·β0 = 487.1229 + 28.8539·0.8 = 510.2060.
    expect(card.basePoints).toBeCloseTo(offset + 0.8 * factor, 12);
    expect(card.basePoints).toBeCloseTo(510.206, 3);
    const first = card.table[0]!;
    // First amount bin, WOE w: points = −factor·β·w = 28.8539·0.9·w.
    expect(first.points).toBeCloseTo(factor * 0.9 * first.woe, 12);
    // Spread: offset/2 − factor·(β·w + β0/2) = 243.5614 + 28.8539·(0.9·w + 0.4).
    expect(first.pointsSpread).toBeCloseTo(offset / 2 + factor * (0.9 * first.woe + 0.4), 12);
    expect(first).toMatchObject({ variable: 'amount', label: '< 1000', kind: 'range', max: 1000, coefficient: -0.9, count: AMOUNT.bins[0]!.count });
    // A bin of WOE 0 (average risk) scores 0 in the separate-base form.
    expect(scaleScorecard([{ ...CHANNEL, bins: CHANNEL.bins.map((b) => ({ ...b, woe: 0 })) }], { intercept: -0.8, coefficients: [-0.6] }).table.every((r) => r.points === 0)).toBe(true);
  });

  it('builds a valid engine ScorecardModel: special bins first, missing last, labels kept', () => {
    const card = scaleScorecard([AMOUNT, CHANNEL], fit, { id: 'card_v1', name: 'Application card', inputs: { channel: 'event.context.channel' } });
    const check = validateModel(card.model);
    expect(check.ok).toBe(true);
    expect(card.model).toMatchObject({ kind: 'scorecard', id: 'card_v1', name: 'Application card', baseScore: card.basePoints });
    const [amount, channel] = card.model.characteristics;
    expect(amount!.input).toBe('event.amount');
    expect(channel!.input).toBe('event.context.channel');
    expect(amount!.bins.map((b) => b.label)).toEqual(['Special: -1', '< 1000', '[1000, 5000)', '>= 5000', 'Missing']);
    expect(amount!.bins[0]).toMatchObject({ values: [-1] });
    expect(amount!.bins[2]).toMatchObject({ min: 1000, max: 5000 });
    expect(amount!.bins[3]).toEqual({ min: 5000, points: expect.any(Number), label: '>= 5000' });
    expect(amount!.bins[4]).toMatchObject({ missing: true });
    expect(channel!.bins[0]).toMatchObject({ values: ['POS', 'ATM'] });
    expect(amount!.defaultPoints).toBe(0);
  });

  it('scores every row of a fitted WOE model at offset + factor·ln(odds good) of that fit', () => {
    // 600 rows spread over the bins in proportion to their counts, labels from the bins' bad rates.
    let seed = 3;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const n = 600;
    const pick = (b: VariableBinning) => {
      let u = rand() * b.bins.reduce((s, x) => s + x.count, 0);
      return b.bins.findIndex((x) => (u -= x.count) < 0);
    };
    const binA = Int32Array.from({ length: n }, () => pick(AMOUNT));
    const binC = Int32Array.from({ length: n }, () => pick(CHANNEL));
    const y = Uint8Array.from(binA, (a, i) => (rand() < (AMOUNT.bins[a]!.eventRate + CHANNEL.bins[binC[i]!]!.eventRate) / 2 ? 1 : 0));
    const X = [Float64Array.from(binA, (a) => AMOUNT.bins[a]!.woe), Float64Array.from(binC, (c) => CHANNEL.bins[c]!.woe)];
    const lr = fitLogistic(X, y, { names: ['amount', 'channel'] });
    expect(lr.converged).toBe(true);
    const card = scaleScorecard([AMOUNT, CHANNEL], lr);
    const eta = predictLogit(lr, X);
    for (let i = 0; i < n; i++) {
      const total = scoreModel(card.model, [valueInBin(AMOUNT.bins[binA[i]!]!), valueInBin(CHANNEL.bins[binC[i]!]!)]).score;
      expect(total).toBeCloseTo(card.scaling.offset - card.scaling.factor * eta[i]!, 9);
    }
  });

  it('rounds every term to integers on request', () => {
    const exact = scaleScorecard([AMOUNT, CHANNEL], fit);
    const card = scaleScorecard([AMOUNT, CHANNEL], fit, { rounding: 'integer' });
    expect(card.basePoints).toBe(510);
    card.table.forEach((r, i) => {
      expect(Number.isInteger(r.points)).toBe(true);
      expect(r.points).toBe(Math.round(exact.table[i]!.points) + 0);
      expect(Object.is(r.points, -0)).toBe(false);
    });
  });

  it('matches coefficients by name when the fit carries names', () => {
    const byName = scaleScorecard([AMOUNT, CHANNEL], { intercept: -0.8, coefficients: [-0.6, -0.9], names: ['channel', 'amount'] });
    expect(byName.table.map((r) => r.points)).toEqual(scaleScorecard([AMOUNT, CHANNEL], fit).table.map((r) => r.points));
    expect(() => scaleScorecard([AMOUNT, CHANNEL], { intercept: 0, coefficients: [1] })).toThrow(/1 coefficients for 2 binnings/);
  });

  it('maps a range bin open at both ends to defaultPoints', () => {
    const bin = (over: Partial<Bin>): Bin => ({ label: 'All', kind: 'range', count: 10, bad: 2, good: 8, eventRate: 0.2, woe: 0.2, iv: 0, ...over });
    const b: VariableBinning = { name: 'flat', type: 'numeric', bins: [bin({}), bin({ label: 'Missing', kind: 'missing', woe: -0.5 })], iv: 0, ivBand: 'useless', method: 'manual' };
    const card = scaleScorecard([b], { intercept: 0, coefficients: [-1] });
    expect(card.model.characteristics[0]!.bins).toEqual([{ missing: true, points: expect.any(Number), label: 'Missing' }]);
    expect(card.model.characteristics[0]!.defaultPoints).toBeCloseTo(card.scaling.factor * 0.2, 12);
  });

  it('scores unseen categories like woeTransform: the other group, and missing at WOE 0', () => {
    const bin = (over: Partial<Bin>): Bin => ({ label: 'x', kind: 'categories', count: 10, bad: 2, good: 8, eventRate: 0.2, woe: 0, iv: 0, ...over });
    const b: VariableBinning = {
      name: 'purpose',
      type: 'categorical',
      bins: [bin({ label: 'car', values: ['car'], woe: 0.4 }), bin({ label: 'Other', values: ['boat', 'plane'], other: true, woe: -0.3 })],
      iv: 0,
      ivBand: 'weak',
      method: 'categorical',
    };
    const card = scaleScorecard([b], { intercept: 0, coefficients: [-1] });
    const c = card.model.characteristics[0]!;
    const otherPoints = card.table[1]!.points;
    expect(c.defaultPoints).toBe(otherPoints);
    // No missing bin in the binning: an explicit 0-point one keeps missing values at WOE 0.
    expect(c.bins[2]).toEqual({ missing: true, points: 0, label: 'Missing' });
    expect(scoreModel(card.model, ['submarine']).score).toBeCloseTo(card.basePoints + otherPoints, 12);
    expect(scoreModel(card.model, [null]).score).toBe(card.basePoints);
    expect(validateModel(card.model).ok).toBe(true);
  });
});

describe('characteristicInput', () => {
  it('uses event.<name>, quoting names that are not identifiers, unless mapped', () => {
    expect(characteristicInput('duration')).toBe('event.duration');
    expect(characteristicInput('credit amount')).toBe('event["credit amount"]');
    expect(characteristicInput('x', { x: 'features.x_7d' })).toBe('features.x_7d');
  });
});

describe('reasonCodes', () => {
  const table = [
    { variable: 'duration', points: 30 },
    { variable: 'duration', points: 10 },
    { variable: 'duration', points: -5 },
    { variable: 'age', points: 25 },
    { variable: 'age', points: 5 },
    { variable: 'channel', points: 12 },
    { variable: 'channel', points: 0 },
  ];

  it('ranks characteristics by points lost below their maximum (hand computed)', () => {
    // duration −5 of max 30 → 35 lost; age 5 of 25 → 20; channel 12 of 12 → none.
    expect(reasonCodes(table, [-5, 5, 12], 3)).toEqual([
      { variable: 'duration', points: -5, maxPoints: 30, pointsLost: 35 },
      { variable: 'age', points: 5, maxPoints: 25, pointsLost: 20 },
    ]);
    expect(reasonCodes(table, { duration: -5, age: 5, channel: 0 }, 1)).toEqual([{ variable: 'duration', points: -5, maxPoints: 30, pointsLost: 35 }]);
    // Equal losses keep the characteristic order.
    expect(reasonCodes(table, [10, 5, 0], 2).map((r) => r.variable)).toEqual(['duration', 'age']);
    expect(() => reasonCodes(table, [1, 2])).toThrow(/2 points for 3 characteristics/);
    expect(() => reasonCodes(table, { duration: 1 })).toThrow(/no points given for age/);
  });

  it('works on a scaled scorecard table', () => {
    const card = scaleScorecard([AMOUNT, CHANNEL], { intercept: -0.8, coefficients: [-0.9, -0.6] });
    const worstAmount = Math.min(...card.table.filter((r) => r.variable === 'amount').map((r) => r.points));
    const bestChannel = Math.max(...card.table.filter((r) => r.variable === 'channel').map((r) => r.points));
    const codes = reasonCodes(card.table, [worstAmount, bestChannel], 2);
    expect(codes).toHaveLength(1);
    expect(codes[0]!.variable).toBe('amount');
  });
});
