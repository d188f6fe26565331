import { ModelError } from '../model-error.ts';

const IDENTITY = new Set(['regression', 'regression_l2', 'l2', 'mean_squared_error', 'mse', 'regression_l1', 'l1', 'mean_absolute_error', 'mae', 'huber', 'fair', 'quantile', 'mape', 'mean_absolute_percentage_error']);

/**
 * LightGBM's `objective=` line as a transform: `binary sigmoid:<k>` is σ(k·raw) (BinaryLogloss::
 * ConvertOutput), `cross_entropy` σ(raw), the regression objectives the identity. Objectives with
 * another output (`regression sqrt`, poisson, gamma, tweedie: exp; cross_entropy_lambda;
 * multi-class; ranking) are refused rather than scored wrongly. No objective line (a custom
 * objective) means raw scores.
 *
 * @example lightgbmObjective('binary sigmoid:1') // {transform: 'sigmoid', sigmoidScale: 1}
 */
export function lightgbmObjective(line: string | undefined): { transform: 'sigmoid' | 'identity'; sigmoidScale?: number } {
  if (line === undefined || line.trim() === '') return { transform: 'identity' };
  const [name, ...params] = line.trim().split(/\s+/);
  if (name === 'binary') {
    const p = params.find((x) => x.startsWith('sigmoid:'));
    const k = p === undefined ? 1 : Number(p.slice('sigmoid:'.length));
    if (!(k > 0 && Number.isFinite(k))) throw new ModelError('MODEL_IMPORT', `objective ${line}: the sigmoid parameter must be a positive number`);
    return { transform: 'sigmoid', sigmoidScale: k };
  }
  if (name === 'cross_entropy' || name === 'xentropy') return { transform: 'sigmoid' };
  if (IDENTITY.has(name!) && !params.includes('sqrt')) return { transform: 'identity' };
  throw new ModelError('MODEL_IMPORT', `LightGBM objective ${line} is not supported: binary, cross_entropy and the regression objectives without sqrt are`);
}
