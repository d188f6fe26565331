export interface ScalingOptions {
  /** Points to double the odds (default 20). */
  pdo?: number;
  /** Score at `baseOdds` (default 600). */
  baseScore?: number;
  /** Good:bad odds at `baseScore` (default 50, i.e. 50:1). */
  baseOdds?: number;
}

export interface ScalingParameters {
  pdo: number;
  baseScore: number;
  baseOdds: number;
  /** pdo / ln 2: points per unit of ln(odds). */
  factor: number;
  /** baseScore − factor·ln(baseOdds): the score at even odds (1:1). */
  offset: number;
}

/**
 * The linear map from log-odds to points: score = offset + factor·ln(odds_good), with
 * factor = pdo / ln 2 and offset = baseScore − factor·ln(baseOdds). Higher score = safer.
 *
 * @example
 * scalingParameters({pdo: 20, baseScore: 600, baseOdds: 50})
 * // → {factor: 28.8539…, offset: 487.1229…}: 600 points at 50:1, 620 at 100:1, 580 at 25:1
 */
export function scalingParameters(options: ScalingOptions = {}): ScalingParameters {
  const pdo = options.pdo ?? 20;
  const baseScore = options.baseScore ?? 600;
  const baseOdds = options.baseOdds ?? 50;
  if (!(pdo > 0 && Number.isFinite(pdo))) throw new RangeError('pdo must be a positive number');
  if (!Number.isFinite(baseScore)) throw new RangeError('baseScore must be a finite number');
  if (!(baseOdds > 0 && Number.isFinite(baseOdds))) throw new RangeError('baseOdds must be a positive number');
  const factor = pdo / Math.LN2;
  return { pdo, baseScore, baseOdds, factor, offset: baseScore - factor * Math.log(baseOdds) };
}

/**
 * The score of a logistic prediction given as ln(odds of bad) = η: offset − factor·η (since
 * ln(odds_good) = −η).
 *
 * @example
 * scoreFromLogOdds(-Math.log(100), scalingParameters()) // → 620
 */
export function scoreFromLogOdds(logOddsBad: number, scaling: ScalingParameters): number {
  return scaling.offset - scaling.factor * logOddsBad;
}

/**
 * The good:bad odds a score stands for: e^((score − offset) / factor).
 *
 * @example
 * oddsAtScore(640, scalingParameters()) // → 200
 */
export function oddsAtScore(score: number, scaling: ScalingParameters): number {
  return Math.exp((score - scaling.offset) / scaling.factor);
}
