import type { ScorecardModel } from '@vigil/engine/model-types';
import type { IvBand, VariableBinning } from '../types.ts';

/** Discrimination of a score on one sample. */
export interface MetricSet {
  auc: number;
  ks: number;
  gini: number;
  rows: number;
  bads: number;
}

/** One band of a gains (KS) table, from the riskiest band down. */
export interface GainsRow {
  band: number;
  minScore: number;
  maxScore: number;
  count: number;
  bads: number;
  goods: number;
  badRate: number;
  cumBadShare: number;
  cumGoodShare: number;
  ks: number;
  lift: number;
  cumLift: number;
}

export interface SampleEvaluation {
  metrics: MetricSet;
  gains: GainsRow[];
  /** ROC curve points `[false positive rate, true positive rate]`, at most ~200. */
  roc: Array<[number, number]>;
  /** Score → cumulative bad and good shares (for the KS chart), at most ~200 points. */
  ksCurve: Array<{ score: number; cumBad: number; cumGood: number }>;
  /** Predicted against observed bad rate per score band. */
  calibration: Array<{ band: number; predicted: number; observed: number; count: number }>;
  /** Confusion matrix and cost at the cut-off (approve when score ≥ cutoff). */
  confusion: { cutoff: number; tp: number; fp: number; tn: number; fn: number; cost: number; costMatrix: { fn: number; fp: number } };
}

/** Why a candidate variable is or is not in the scorecard. */
export interface VariableDecision {
  name: string;
  type: 'numeric' | 'categorical';
  iv: number;
  ivBand: IvBand;
  selected: boolean;
  /** `low_iv`, `correlated:<kept variable>`, `vif`, `stepwise`, `not_significant`, `positive_coefficient`. */
  droppedBecause?: string;
}

export interface ArtefactCoefficient {
  name: string;
  estimate: number;
  stdError: number;
  z: number;
  pValue: number;
}

export interface ScorecardTableRow {
  variable: string;
  label: string;
  count: number;
  bad: number;
  good: number;
  eventRate: number;
  woe: number;
  points: number;
}

/**
 * Everything a scorecard fit produces, as one JSON document: the deployable engine model, the
 * training metadata needed to reproduce it, and what the report and monitoring need (binning,
 * coefficients, the scorecard table, evaluation curves, the development sample's distributions).
 * `vigil scorecard fit` writes it as `model.json`; the registry stores it with the version.
 */
export interface ScorecardArtefact {
  format: 'vigil.scorecard/v1';
  model: ScorecardModel;
  /** The scorecard's variables, in characteristic order (their inputs default to `event.<name>`). */
  features: string[];
  woeConvention: string;
  scaling: { pdo: number; baseScore: number; baseOdds: number; factor: number; offset: number; basePoints: number };
  training: {
    dataSha256: string;
    rows: number;
    trainRows: number;
    testRows: number;
    target: string;
    bad: string;
    split: { kind: 'random'; holdout: number; seed: number } | { kind: 'out_of_time'; dateColumn: string; cutoff: string } | { kind: 'none' };
    options: Record<string, unknown>;
    createdAt: string;
  };
  metrics: { train: MetricSet; test?: MetricSet };
  variables: VariableDecision[];
  /** Binning of every candidate variable, by IV descending. */
  binning: VariableBinning[];
  regression: { intercept: ArtefactCoefficient; coefficients: ArtefactCoefficient[]; iterations: number; converged: boolean; logLikelihood: number; aic: number; bic: number };
  scorecardTable: ScorecardTableRow[];
  evaluation: { train: SampleEvaluation; test?: SampleEvaluation };
  /** The training sample's distributions, the reference of PSI and CSI monitoring. */
  development: {
    /** Inner cut points of the score bins (deciles of the training scores) and the rows in each. */
    scoreBreaks: number[];
    scoreCounts: number[];
    /** Per selected variable: the bin labels of the scorecard and the training rows in each. */
    characteristics: Record<string, { labels: string[]; counts: number[] }>;
  };
  /** Stepwise and filter decisions, in order. */
  selectionLog: string[];
}
