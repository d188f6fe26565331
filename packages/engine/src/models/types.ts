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
  /** The reason code this characteristic gives when it costs points; default its input expression. */
  reasonCode?: string;
}

/** Where a model came from in the registry: set when a registered version is put into a strategy. */
export interface ModelSource {
  model: string;
  version: number;
  key?: string;
  org?: string;
}

/** What every kind of model may carry besides its definition. */
export interface ModelMeta {
  /** How many reason codes a score gives (default 3). */
  reasonCount?: number;
  source?: ModelSource;
}

/** A points scorecard: base score plus the points of the bin each characteristic falls in. */
export interface ScorecardModel extends ModelMeta {
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
  /** The reason code this input gives when it pushes towards bad; default its input expression. */
  reasonCode?: string;
}

/**
 * Logistic regression predicting the probability of the bad outcome:
 * p = 1 / (1 + e^-z), z = intercept + Σ weight·x. With `output: 'score'` the score is scaled the
 * standard way: score = base + pdo / ln 2 · (ln(odds_good) − ln(baseOdds)), odds_good = (1 − p) / p,
 * so `base` points means good:bad odds of `baseOdds`, and every `pdo` points doubles the odds.
 */
export interface LogisticModel extends ModelMeta {
  kind: 'logistic';
  id: string;
  name?: string;
  intercept: number;
  coefficients: LogisticCoefficient[];
  /** Default 'probability': the score is p itself. */
  output?: 'probability' | 'score';
  scoreScale?: { base: number; baseOdds: number; pdo: number };
}

/**
 * One decision tree as flat arrays indexed by node (struct of arrays, like XGBoost's JSON model):
 * node 0 is the root, a leaf has `feature` -1 and children -1. The scorer turns these into typed
 * arrays once, so the JSON form is for storage and review, not for speed.
 *
 * A numerical split sends x left when `x < threshold` (model `comparison: '<'`, XGBoost) or
 * `x <= threshold` (`'<='`, LightGBM and scikit-learn). A categorical split (listed in
 * `categories`) sends x left when its category, x truncated to an integer, is in the set; any
 * other category, including a negative one, goes right. A missing value goes to the side
 * `defaultLeft` names; what counts as missing is the node's `missing` type.
 */
export interface TreeNodes {
  /** Per node: the index in the model's `inputs` the node splits on; -1 for a leaf. */
  feature: number[];
  /** Per node: the numerical split point (0 on leaves and categorical splits). */
  threshold: number[];
  /** Per node: index of the left child; -1 for a leaf. */
  left: number[];
  /** Per node: index of the right child; -1 for a leaf. */
  right: number[];
  /** Per node: whether a missing value goes left. */
  defaultLeft: boolean[];
  /** Per node: the leaf's output, in margin units (0 on splits). */
  value: number[];
  /**
   * Per node, what counts as missing (LightGBM's missing types; absent means `'nan'` everywhere,
   * which is XGBoost's rule):
   * - `'nan'`: a missing value (NaN) takes the default direction;
   * - `'zero'`: a missing value is read as 0, and 0 takes the default direction;
   * - `'none'`: a missing value is read as 0 and compared like any number.
   * Categorical splits always send a missing value the default way.
   */
  missing?: Array<'nan' | 'zero' | 'none'>;
  /** Categorical splits: the node and the categories (non-negative integers) that go left. */
  categories?: Array<{ node: number; left: number[] }>;
  /**
   * Per node: the tree's expected output at that node (for leaves, their value). When every tree
   * has them, scores carry per-input contributions (Saabas path attribution).
   */
  nodeValue?: number[];
}

/** What trees share, whether one or an ensemble. */
export interface TreeModelBase extends ModelMeta {
  id: string;
  name?: string;
  /** CEL expressions, one per model feature, in the model's feature order. */
  inputs: string[];
  /** The names the model was trained with, one per input (for traces and review). */
  featureNames?: string[];
  /**
   * Per input, the category names whose position is the category code the trees split on: a
   * string input is looked up here (an unknown name is a category no split takes). Null for a
   * numerical input.
   */
  categoryNames?: Array<string[] | null>;
  /** How numerical splits compare: `'<'` sends x left when x < threshold (XGBoost), `'<='` when x ≤ threshold (LightGBM). */
  comparison: '<' | '<=';
  /**
   * XGBoost arithmetic: inputs and thresholds are rounded to 32-bit floats before comparing (XGBoost
   * stores features as float32, so a double just below a split that rounds up to it goes right),
   * and the margin is summed in float32 as XGBoost's predictor does.
   */
  float32?: boolean;
  /** Added to the sum of the trees' outputs (XGBoost's base_score in margin space); default 0. */
  baseMargin?: number;
  /**
   * From margin to prediction: identity (regression, raw scores) or the logistic sigmoid of
   * `sigmoidScale`·margin (binary classification). Default 'identity'.
   */
  transform?: 'identity' | 'sigmoid';
  /** LightGBM's `sigmoid:` parameter; default 1. */
  sigmoidScale?: number;
  /**
   * The score: `'probability'` (sigmoid only, the default there), `'margin'` (the raw sum, the
   * default for identity), or `'score'`: scaled like a logistic model's, reading
   * `sigmoidScale`·margin as the log-odds of the bad outcome.
   */
  output?: 'probability' | 'margin' | 'score';
  scoreScale?: { base: number; baseOdds: number; pdo: number };
  /** The source library's objective, for the record (`binary:logistic`, `binary sigmoid:1`). */
  objective?: string;
}

/** A single decision tree, e.g. built by hand or exported from scikit-learn. */
export interface DecisionTreeModel extends TreeModelBase {
  kind: 'decision_tree';
  tree: TreeNodes;
}

/** A sum of trees: gradient boosting (XGBoost, LightGBM) or a forest with averaged leaves. */
export interface TreeEnsembleModel extends TreeModelBase {
  kind: 'tree_ensemble';
  trees: TreeNodes[];
}

export type TreeModel = DecisionTreeModel | TreeEnsembleModel;

export type ModelDefinition = ScorecardModel | LogisticModel | DecisionTreeModel | TreeEnsembleModel;

export interface ModelContribution {
  input: string;
  value: unknown;
  /**
   * Scorecard: points added. Logistic: weight·x, in log-odds (positive pushes towards bad).
   * Trees: the change in the trees' expected output along the path at splits on this input, in
   * margin units (Saabas attribution).
   */
  points: number;
  /** The bin taken: its label, or a description such as `[100, 500)`, `missing`, `default`. */
  bin?: string;
}

export interface ModelScore {
  score: number;
  /** Logistic models and sigmoid trees: probability of the bad outcome. */
  probability?: number;
  /** Empty for trees without node values. */
  contributions: ModelContribution[];
  /**
   * Reason codes, most important first (at most `reasonCount`, default 3): for a scorecard the
   * characteristics that lost the most points against their best bin, for other models the
   * inputs that pushed the most towards bad. Only characteristics that cost something are named.
   */
  reasons: string[];
}
