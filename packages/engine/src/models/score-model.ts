import { describeBin, isMissing, matchBin } from './match-bin.ts';
import { ModelError } from './model-error.ts';
import type { LogisticModel, ModelContribution, ModelDefinition, ModelScore, ScorecardModel } from './types.ts';

/**
 * The input expressions of a model, in the order {@link scoreModel} expects their values.
 *
 * @example modelInputs(model) // ['event.amount', 'features.cards_per_device_1h']
 */
export function modelInputs(m: ModelDefinition): string[] {
  return m.kind === 'scorecard' ? m.characteristics.map((c) => c.input) : m.coefficients.map((c) => c.input);
}

/**
 * Scores a validated model on the values of its inputs (evaluated by the caller, in order).
 *
 * Scorecard: `baseScore` plus, per characteristic, the points of its bin. A missing value
 * (undefined, null, NaN, blank) takes the bin marked `missing: true`, else `defaultPoints`, else 0;
 * a value no bin takes gets `defaultPoints`, else 0.
 *
 * Logistic: z = intercept + Σ weight·x and p = 1 / (1 + e^-z); `score` is p, or the scaled score
 * for `output: 'score'`. x is the input (booleans as 1/0), log(1 + input), or the WOE of its bin;
 * a missing or unusable input (not a number, or ≤ -1 for log1p; no WOE bin) uses `missingValue`,
 * else 0, except that a missing input takes a WOE bin marked `missing` when there is one.
 *
 * @example scoreModel(scorecard, [250, 'ECOM']) // {score: 585, contributions: [...]}
 */
export function scoreModel(m: ModelDefinition, inputs: unknown[]): ModelScore {
  const n = m.kind === 'scorecard' ? m.characteristics.length : m.coefficients.length;
  if (!Array.isArray(inputs) || inputs.length !== n) {
    throw new ModelError('MODEL_INPUTS', `model ${m.id} takes ${n} inputs, got ${Array.isArray(inputs) ? inputs.length : 'none'}`);
  }
  return m.kind === 'scorecard' ? scoreScorecard(m, inputs) : scoreLogistic(m, inputs);
}

function scoreScorecard(m: ScorecardModel, inputs: unknown[]): ModelScore {
  let score = m.baseScore;
  const contributions: ModelContribution[] = m.characteristics.map((c, i) => {
    const value = inputs[i];
    const bin = matchBin(c.bins, value);
    const points = bin ? bin.points : (c.defaultPoints ?? 0);
    score += points;
    return { input: c.input, value, points, bin: bin ? describeBin(bin) : 'default' };
  });
  return { score, contributions };
}

function scoreLogistic(m: LogisticModel, inputs: unknown[]): ModelScore {
  let z = m.intercept;
  const contributions: ModelContribution[] = m.coefficients.map((c, i) => {
    const value = inputs[i];
    let x: number | null = null;
    let bin: string | undefined;
    if (c.transform === 'woe') {
      const b = matchBin(c.woe ?? [], value);
      if (b) {
        x = b.points;
        bin = describeBin(b);
      }
    } else if (!isMissing(value)) {
      const v = typeof value === 'boolean' ? Number(value) : typeof value === 'bigint' ? Number(value) : value;
      if (typeof v === 'number' && Number.isFinite(v)) {
        if (c.transform === 'log1p') {
          if (v > -1) x = Math.log1p(v);
        } else x = v;
      }
    }
    if (x === null) {
      x = c.missingValue ?? 0;
      bin = isMissing(value) ? 'missing' : 'unusable';
    }
    const points = c.weight * x;
    z += points;
    return bin === undefined ? { input: c.input, value, points } : { input: c.input, value, points, bin };
  });
  // Split by sign so that e^z never overflows.
  const probability = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  if (m.output === 'score' && m.scoreScale) {
    const { base, baseOdds, pdo } = m.scoreScale;
    // ln(odds_good) = ln((1 - p) / p) = -z, exact even where p rounds to 0 or 1.
    const score = base + (pdo / Math.LN2) * (-z - Math.log(baseOdds));
    return { score, probability, contributions };
  }
  return { score: probability, probability, contributions };
}
