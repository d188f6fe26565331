/**
 * Which end of a score is risky. Metrics that depend on it take `{higherIsRiskier}`:
 *
 * - `higherIsRiskier: true` (the default): a higher score means a higher chance of "bad" — model
 *   probabilities of default, fraud scores, logits.
 * - `higherIsRiskier: false`: a higher score means safer — scorecard points (600 points at 50:1
 *   good:bad odds, 620 at 100:1), where applicants below a cut-off are declined.
 *
 * With the right direction AUC is the probability that a random bad scores riskier than a random
 * good (≥ 0.5 for a useful model) and gains tables list the riskiest band first. KS and PSI do not
 * depend on the direction.
 */
export interface ScoreDirection {
  /** Default true. Pass false for scorecard points (higher = safer). */
  higherIsRiskier?: boolean;
}
