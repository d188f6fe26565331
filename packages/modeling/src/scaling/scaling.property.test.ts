import { scoreModel, type LogisticModel } from '@vigil/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleScorecard } from './scale-scorecard.ts';
import { AMOUNT, CHANNEL, valueInBin } from './scorecard-fixture.ts';

const BINNINGS = [AMOUNT, CHANNEL];

const caseArb = fc.record({
  intercept: fc.double({ min: -3, max: 3, noNaN: true }),
  coefficients: fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })),
  pdo: fc.double({ min: 5, max: 100, noNaN: true }),
  baseScore: fc.double({ min: 100, max: 1000, noNaN: true }),
  baseOdds: fc.double({ min: 0.5, max: 200, noNaN: true }),
  rows: fc.array(fc.tuple(fc.nat(AMOUNT.bins.length - 1), fc.nat(CHANNEL.bins.length - 1)), { minLength: 1, maxLength: 20 }),
});

describe('scorecard scaling properties', () => {
  it('the scorecard total equals offset + factor·ln(odds good) of the logistic fit, for random rows', () => {
    fc.assert(
      fc.property(caseArb, ({ intercept, coefficients, pdo, baseScore, baseOdds, rows }) => {
        const card = scaleScorecard(BINNINGS, { intercept, coefficients }, { pdo, baseScore, baseOdds });
        const { factor, offset } = card.scaling;
        // The engine's own logistic model scores the same fit on WOE inputs with output 'score'.
        const logistic: LogisticModel = {
          kind: 'logistic',
          id: 'lr',
          intercept,
          coefficients: card.model.characteristics.map((c, j) => ({ input: c.input, weight: coefficients[j]!, transform: 'woe' as const, woe: c.bins.map((b) => ({ ...b, points: woeOf(j, b.label!) })) })),
          output: 'score',
          scoreScale: { base: baseScore, baseOdds, pdo },
        };
        for (const [i, k] of rows) {
          const binA = AMOUNT.bins[i]!;
          const binC = CHANNEL.bins[k]!;
          const logOddsBad = intercept + coefficients[0] * binA.woe + coefficients[1] * binC.woe;
          const expected = offset + factor * -logOddsBad;
          const tol = 1e-9 * Math.max(1, Math.abs(expected));
          const inputs = [valueInBin(binA), valueInBin(binC)];
          // Separate base (the engine model) and spread base give the same total.
          const engineTotal = scoreModel(card.model, inputs).score;
          expect(Math.abs(engineTotal - expected)).toBeLessThan(tol);
          const rowsOf = (v: string, label: string) => card.table.find((r) => r.variable === v && r.label === label)!;
          const spread = rowsOf('amount', binA.label).pointsSpread + rowsOf('channel', binC.label).pointsSpread;
          expect(Math.abs(spread - expected)).toBeLessThan(tol);
          expect(Math.abs(scoreModel(logistic, inputs).score - expected)).toBeLessThan(tol);
        }
        // Integer rounding moves a total by at most (n + 1)/2 points.
        const rounded = scaleScorecard(BINNINGS, { intercept, coefficients }, { pdo, baseScore, baseOdds, rounding: 'integer' });
        for (const [i, k] of rows) {
          const inputs = [valueInBin(AMOUNT.bins[i]!), valueInBin(CHANNEL.bins[k]!)];
          expect(Math.abs(scoreModel(rounded.model, inputs).score - scoreModel(card.model, inputs).score)).toBeLessThanOrEqual(1.5);
        }
      }),
      { numRuns: 200 },
    );
  });
});

function woeOf(j: number, label: string): number {
  return BINNINGS[j]!.bins.find((b) => b.label === label)!.woe;
}
