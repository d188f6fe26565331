/**
 * The logistic sigmoid 1 / (1 + e^-z), split by sign so that e^z never overflows.
 *
 * @example sigmoid(0) // 0.5
 */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * The standard scaled score for log-odds of the bad outcome z:
 * base + pdo / ln 2 · (ln(odds_good) − ln(baseOdds)), where ln(odds_good) = ln((1 − p) / p) = −z,
 * exact even where p rounds to 0 or 1. `base` points means good:bad odds of `baseOdds`, and every
 * `pdo` points doubles them.
 *
 * @example scoreFromLogOdds(-Math.log(50), {base: 600, baseOdds: 50, pdo: 20}) // 600
 */
export function scoreFromLogOdds(z: number, scale: { base: number; baseOdds: number; pdo: number }): number {
  return scale.base + (scale.pdo / Math.LN2) * (-z - Math.log(scale.baseOdds));
}
