/** One bin of a characteristic: a range `[min, max)`, a set of values, or the missing value. */
export interface ScorecardBin {
  min?: number;
  max?: number;
  values?: Array<string | number | boolean>;
  missing?: boolean;
  points: number;
  label?: string;
}

export interface ScorecardCharacteristic {
  /** CEL expression, compiled and evaluated by the caller. */
  input: string;
  bins: ScorecardBin[];
  /** Points for a value no bin takes (and for a missing value without a missing bin); default 0. */
  defaultPoints?: number;
}

/** A points scorecard: base score plus the points of the bin each characteristic falls in. */
export interface ScorecardModel {
  kind: 'scorecard';
  id: string;
  name?: string;
  baseScore: number;
  characteristics: ScorecardCharacteristic[];
}

export interface LogisticCoefficient {
  input: string;
  weight: number;
  /** How the input becomes x: as is, log(1 + x), or its weight of evidence from `woe` bins. */
  transform?: 'none' | 'log1p' | 'woe';
  /** Bins whose `points` are the WOE values; required for `transform: 'woe'`. */
  woe?: ScorecardBin[];
  /** x used when the input is missing or unusable; default 0. */
  missingValue?: number;
}

/**
 * Logistic regression predicting the probability of the bad outcome:
 * p = 1 / (1 + e^-z), z = intercept + Σ weight·x. With `output: 'score'` the score is scaled the
 * standard way: score = base + pdo / ln 2 · (ln(odds_good) − ln(baseOdds)), odds_good = (1 − p) / p,
 * so `base` points means good:bad odds of `baseOdds`, and every `pdo` points doubles the odds.
 */
export interface LogisticModel {
  kind: 'logistic';
  id: string;
  name?: string;
  intercept: number;
  coefficients: LogisticCoefficient[];
  /** Default 'probability': the score is p itself. */
  output?: 'probability' | 'score';
  scoreScale?: { base: number; baseOdds: number; pdo: number };
}

export type ModelDefinition = ScorecardModel | LogisticModel;

export interface ModelContribution {
  input: string;
  value: unknown;
  /** Scorecard: points added. Logistic: weight·x, in log-odds (positive pushes towards bad). */
  points: number;
  /** The bin taken: its label, or a description such as `[100, 500)`, `missing`, `default`. */
  bin?: string;
}

export interface ModelScore {
  score: number;
  /** Logistic models only: probability of the bad outcome. */
  probability?: number;
  contributions: ModelContribution[];
}
