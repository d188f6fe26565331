import { ModelError } from '../model-error.ts';
import type { TreeEnsembleModel, TreeNodes } from '../types.ts';
import type { ImportOptions } from './import-options.ts';
import { resolveInputs } from './resolve-inputs.ts';
import { validatedTreeModel } from './validated-tree-model.ts';

const SIGMOID = new Set(['binary:logistic', 'reg:logistic']);
const IDENTITY = new Set(['binary:logitraw', 'reg:squarederror', 'reg:linear', 'reg:squaredlogerror', 'reg:absoluteerror', 'reg:pseudohubererror', 'reg:quantileerror']);

/**
 * XGBoost's objective as a transform, and its `base_score` as a margin. XGBoost stores
 * base_score in prediction space and converts it with the objective's ProbToMargin: logit for the
 * logistic objectives (so base_score 0.5 is margin 0), identity for the others listed here
 * (binary:logitraw included, checked against xgboost 1.7.4). Objectives with another output
 * transform (exp for count:poisson, reg:gamma, reg:tweedie; hinge; multi-class) are refused rather
 * than scored wrongly. Everything is float32 in XGBoost, so the margin is rounded to float32.
 *
 * @example xgboostObjective('binary:logistic', 0.5) // {transform: 'sigmoid', baseMargin: 0}
 */
export function xgboostObjective(name: string, baseScore: number): { transform: 'sigmoid' | 'identity'; baseMargin: number } {
  const b = Math.fround(baseScore);
  if (SIGMOID.has(name)) {
    if (!(b > 0 && b < 1)) throw new ModelError('MODEL_IMPORT', `base_score ${baseScore} must lie in (0, 1) for ${name}`);
    // As LogisticRegression::ProbToMargin, in float32 steps: −log(1/b − 1).
    return { transform: 'sigmoid', baseMargin: Math.fround(-Math.log(Math.fround(Math.fround(1 / b) - 1))) };
  }
  if (IDENTITY.has(name)) {
    if (!Number.isFinite(b)) throw new ModelError('MODEL_IMPORT', `base_score ${baseScore} is not a finite number`);
    return { transform: 'identity', baseMargin: b };
  }
  throw new ModelError('MODEL_IMPORT', `XGBoost objective ${name} is not supported: only ${[...SIGMOID, ...IDENTITY].join(', ')}`);
}

/**
 * An XGBoost ensemble as the engine scores it — splits `value < threshold`, float32 arithmetic, the
 * objective's transform and margin — validated; shared by the save_model and the dump importers.
 */
export function xgboostEnsemble(
  parts: { objective: string; link: ReturnType<typeof xgboostObjective>; featureNames: string[]; used: ReadonlySet<number>; trees: TreeNodes[] },
  opts: ImportOptions,
): TreeEnsembleModel {
  const { transform, baseMargin } = parts.link;
  return validatedTreeModel(
    {
      kind: 'tree_ensemble',
      id: opts.id,
      inputs: resolveInputs(parts.featureNames, opts.inputs, parts.used),
      featureNames: parts.featureNames,
      comparison: '<',
      float32: true,
      baseMargin,
      transform,
      objective: parts.objective,
      trees: parts.trees,
    },
    opts,
  );
}
