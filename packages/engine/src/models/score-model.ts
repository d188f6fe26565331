import { sigmoid, scoreFromLogOdds } from './log-odds.ts';
import { describeBin, isMissing, matchBin } from './match-bin.ts';
import { ModelError } from './model-error.ts';
import { scoreTrees } from './score-trees.ts';
import type { LogisticModel, ModelContribution, ModelDefinition, ModelScore, ScorecardModel } from './types.ts';

/**
 * The input expressions of a model, in the order {@link scoreModel} expects their values.
 *
 * @example modelInputs(model) // ['event.amount', 'features.cards_per_device_1h']
 */
export function modelInputs(m: ModelDefinition): string[] {
  switch (m.kind) {
    case 'scorecard':
      return m.characteristics.map((c) => c.input);
    case 'logistic':
      return m.coefficients.map((c) => c.input);
    default:
      return [...m.inputs];
  }
}

/**
 * Where input `j` of a model sits in its definition, for error paths.
 *
 * @example modelInputPath(logistic, 1) // 'coefficients[1].input'
 */
export function modelInputPath(m: ModelDefinition, j: number): string {
  switch (m.kind) {
    case 'scorecard':
      return `characteristics[${j}].input`;
    case 'logistic':
      return `coefficients[${j}].input`;
    default:
      return `inputs[${j}]`;
  }
}

function inputCount(m: ModelDefinition): number {
  switch (m.kind) {
    case 'scorecard':
      return m.characteristics.length;
    case 'logistic':
      return m.coefficients.length;
    default:
      return m.inputs.length;
  }
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
 * Trees (`decision_tree`, `tree_ensemble`): the margin is `baseMargin` plus each tree's leaf,
 * routing missing values as the source library does; see {@link scoreTrees}.
 *
 * @example scoreModel(scorecard, [250, 'ECOM']) // {score: 585, contributions: [...]}
 */
export function scoreModel(m: ModelDefinition, inputs: unknown[]): ModelScore {
  const n = inputCount(m);
  if (!Array.isArray(inputs) || inputs.length !== n) {
    throw new ModelError('MODEL_INPUTS', `model ${m.id} takes ${n} inputs, got ${Array.isArray(inputs) ? inputs.length : 'none'}`);
  }
  let r: Omit<ModelScore, 'reasons'>;
  switch (m.kind) {
    case 'scorecard':
      r = scoreScorecard(m, inputs);
      break;
    case 'logistic':
      r = scoreLogistic(m, inputs);
      break;
    default:
      r = scoreTrees(m, inputs);
  }
  const scored = r as ModelScore;
  scored.reasons = reasonCodes(m, r.contributions);
  return scored;
}

/** Each characteristic's best points (its most favourable bin), computed once per model. */
const BEST_POINTS = new WeakMap<ScorecardModel, Float64Array>();

function bestPoints(m: ScorecardModel): Float64Array {
  let best = BEST_POINTS.get(m);
  if (!best) {
    best = Float64Array.from(m.characteristics, (c) => Math.max(...c.bins.map((b) => b.points), c.defaultPoints ?? 0));
    BEST_POINTS.set(m, best);
  }
  return best;
}

const DEFAULT_REASON_COUNT = 3;

/**
 * The reason codes of a score. A scorecard's are the characteristics that lost the most points
 * against their best bin (the "points below maximum" method of adverse-action notices); a
 * logistic model's and a tree model's the inputs whose contribution pushed the most towards bad.
 * Ties keep the model's order; nothing that cost nothing is named.
 */
function reasonCodes(m: ModelDefinition, contributions: ModelContribution[]): string[] {
  const k = m.reasonCount ?? DEFAULT_REASON_COUNT;
  if (k === 0 || contributions.length === 0) return [];
  const loss: Array<[number, number]> = [];
  if (m.kind === 'scorecard') {
    const best = bestPoints(m);
    contributions.forEach((c, i) => {
      const lost = best[i]! - c.points;
      if (lost > 1e-9) loss.push([i, lost]);
    });
  } else {
    // Logistic and tree contributions are in log-odds of bad (or margin): positive is riskier,
    // except for a tree regression, where "riskier" has no meaning and the largest still lead.
    contributions.forEach((c, i) => {
      if (c.points > 1e-12) loss.push([i, c.points]);
    });
  }
  loss.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return loss.slice(0, k).map(([i]) => reasonOf(m, i));
}

function reasonOf(m: ModelDefinition, i: number): string {
  switch (m.kind) {
    case 'scorecard':
      return m.characteristics[i]!.reasonCode ?? m.characteristics[i]!.input;
    case 'logistic':
      return m.coefficients[i]!.reasonCode ?? m.coefficients[i]!.input;
    default:
      return m.featureNames?.[i] ?? m.inputs[i]!;
  }
}

function scoreScorecard(m: ScorecardModel, inputs: unknown[]): Omit<ModelScore, 'reasons'> {
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

function scoreLogistic(m: LogisticModel, inputs: unknown[]): Omit<ModelScore, 'reasons'> {
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
  const probability = sigmoid(z);
  if (m.output === 'score' && m.scoreScale) return { score: scoreFromLogOdds(z, m.scoreScale), probability, contributions };
  return { score: probability, probability, contributions };
}
