import type { ModelDetail, ModelVersionSummary, MonitoringRun, ScorecardArtefact, VariableBinning } from '../src/api/types.ts';

// Small hand-made documents of the model registry, shaped as the API answers them.

export const DURATION: VariableBinning = {
  name: 'duration_in_month',
  type: 'numeric',
  method: 'optimal',
  trend: 'ascending',
  breaks: [12, 24],
  iv: 0.2,
  ivBand: 'medium',
  bins: [
    { label: '[-inf, 12)', kind: 'range', max: 12, count: 200, bad: 30, good: 170, eventRate: 0.15, woe: 0.88, iv: 0.09 },
    { label: '[12, 24)', kind: 'range', min: 12, max: 24, count: 500, bad: 140, good: 360, eventRate: 0.28, woe: 0.1, iv: 0.01 },
    { label: '[24, +inf)', kind: 'range', min: 24, count: 300, bad: 130, good: 170, eventRate: 0.4333, woe: -0.58, iv: 0.1 },
  ],
};

export const CHECKING: VariableBinning = {
  name: 'status_of_existing_checking_account',
  type: 'categorical',
  method: 'categorical',
  iv: 0.66,
  ivBand: 'suspicious',
  bins: [
    { label: 'A14', kind: 'categories', values: ['A14'], count: 394, bad: 46, good: 348, eventRate: 0.1168, woe: 1.18, iv: 0.4 },
    { label: 'A11, A12', kind: 'categories', values: ['A11', 'A12'], count: 543, bad: 240, good: 303, eventRate: 0.442, woe: -0.62, iv: 0.24 },
    { label: 'A13', kind: 'categories', values: ['A13'], count: 63, bad: 14, good: 49, eventRate: 0.222, woe: 0.4, iv: 0.02 },
  ],
};

const evaluation = (auc: number, ks: number) => ({
  metrics: { auc, ks, gini: 2 * auc - 1, rows: 1000, bads: 300 },
  gains: [
    { band: 1, minScore: 400, maxScore: 500, count: 100, bads: 60, goods: 40, badRate: 0.6, cumBadShare: 0.2, cumGoodShare: 0.057, ks: 0.143, lift: 2, cumLift: 2 },
    { band: 2, minScore: 500, maxScore: 700, count: 900, bads: 240, goods: 660, badRate: 0.267, cumBadShare: 1, cumGoodShare: 1, ks: 0, lift: 0.89, cumLift: 1 },
  ],
  roc: [
    [0, 0],
    [0.5, 0.8],
    [0.2, 0.5],
    [1, 1],
  ] as Array<[number, number]>,
  ksCurve: [
    { score: 600, cumBad: 0.9, cumGood: 0.6 },
    { score: 450, cumBad: 0.3, cumGood: 0.1 },
    { score: 520, cumBad: 0.7, cumGood: 0.3 },
  ],
  calibration: [{ band: 1, predicted: 0.55, observed: 0.6, count: 100 }],
  confusion: { cutoff: 520, tp: 200, fp: 150, tn: 550, fn: 100, cost: 650, costMatrix: { fn: 5, fp: 1 } },
});

export const ARTEFACT: ScorecardArtefact = {
  format: 'vigil.scorecard/v1',
  model: { kind: 'scorecard', id: 'german', baseScore: 500, characteristics: [] },
  features: ['status_of_existing_checking_account', 'duration_in_month'],
  woeConvention: 'ln(%good/%bad)',
  scaling: { pdo: 20, baseScore: 600, baseOdds: 50, factor: 28.8539, offset: 487.12, basePoints: 512.3 },
  training: { dataSha256: 'ab'.repeat(32), rows: 1000, trainRows: 700, testRows: 300, target: 'creditability', bad: 'bad', split: { kind: 'random', holdout: 0.3, seed: 1 }, options: {}, createdAt: '2026-05-01T00:00:00.000Z' },
  metrics: { train: evaluation(0.78, 0.43).metrics, test: evaluation(0.75, 0.4).metrics },
  variables: [
    { name: 'status_of_existing_checking_account', type: 'categorical', iv: 0.66, ivBand: 'suspicious', selected: true },
    { name: 'duration_in_month', type: 'numeric', iv: 0.2, ivBand: 'medium', selected: true },
    { name: 'telephone', type: 'categorical', iv: 0.001, ivBand: 'useless', selected: false, droppedBecause: 'low_iv' },
    { name: 'credit_amount', type: 'numeric', iv: 0.11, ivBand: 'medium', selected: false, droppedBecause: 'correlated:duration_in_month' },
  ],
  binning: [CHECKING, DURATION],
  regression: {
    intercept: { name: '(intercept)', estimate: -0.85, stdError: 0.08, z: -10.6, pValue: 1e-12 },
    coefficients: [
      { name: 'status_of_existing_checking_account', estimate: -0.83, stdError: 0.1, z: -8.3, pValue: 1e-9 },
      { name: 'duration_in_month', estimate: -0.9, stdError: 0.2, z: -4.5, pValue: 0.00002 },
    ],
    iterations: 5,
    converged: true,
    logLikelihood: -380.2,
    aic: 766.4,
    bic: 780.1,
  },
  scorecardTable: [
    { variable: 'status_of_existing_checking_account', label: 'A14', count: 394, bad: 46, good: 348, eventRate: 0.1168, woe: 1.18, points: 28 },
    { variable: 'status_of_existing_checking_account', label: 'A11, A12', count: 543, bad: 240, good: 303, eventRate: 0.442, woe: -0.62, points: -15 },
    { variable: 'status_of_existing_checking_account', label: 'A13', count: 63, bad: 14, good: 49, eventRate: 0.222, woe: 0.4, points: 9 },
    { variable: 'duration_in_month', label: '[-inf, 12)', count: 200, bad: 30, good: 170, eventRate: 0.15, woe: 0.88, points: 23 },
    { variable: 'duration_in_month', label: '[12, 24)', count: 500, bad: 140, good: 360, eventRate: 0.28, woe: 0.1, points: 3 },
    { variable: 'duration_in_month', label: '[24, +inf)', count: 300, bad: 130, good: 170, eventRate: 0.4333, woe: -0.58, points: -15 },
  ],
  evaluation: { train: evaluation(0.78, 0.43), test: evaluation(0.75, 0.4) },
  development: { scoreBreaks: [480, 520], scoreCounts: [300, 400, 300], characteristics: {} },
  selectionLog: ['kept status_of_existing_checking_account (IV 0.66)', 'dropped telephone: IV 0.001 < 0.02'],
};

export function versionSummary(over: Partial<ModelVersionSummary>): ModelVersionSummary {
  return {
    version: 1,
    kind: 'scorecard',
    format: 'vigil',
    status: 'development',
    features: ['status_of_existing_checking_account', 'duration_in_month'],
    metrics: { train: { auc: 0.78, ks: 0.43, gini: 0.56 }, test: { auc: 0.75, ks: 0.4, gini: 0.5 } },
    note: '',
    createdBy: 'a.modeller',
    createdAt: '2026-05-01T00:00:00.000Z',
    statusChangedBy: null,
    statusChangedAt: null,
    ...over,
  };
}

export function modelDetail(over: Partial<ModelDetail>): ModelDetail {
  return {
    id: 'm-1',
    key: 'german_a',
    orgId: 'bank_a',
    name: 'German application card',
    purpose: 'application',
    kind: 'scorecard',
    owner: 'a.modeller',
    description: '# Purpose\nApplication scoring.',
    championVersion: null,
    challengerVersion: null,
    latestVersion: 1,
    latestStatus: 'development',
    monitoringEnabled: false,
    lastMonitoringStatus: null,
    lastMonitoringAt: null,
    createdBy: 'a.modeller',
    createdAt: '2026-05-01T00:00:00.000Z',
    updatedAt: '2026-05-01T00:00:00.000Z',
    rowVersion: 1,
    monitoring: { enabled: false, schedule: '0 2 * * *', windowDays: 7, labelMaturityDays: 30, minDecisions: 100, thresholds: { psiWarning: 0.1, psiAlert: 0.25, csiAlert: 0.25, ksDropAlert: 0.1, aucDropAlert: 0.05 } },
    versions: [versionSummary({})],
    events: [],
    ...over,
  };
}

export function run(over: Partial<MonitoringRun>): MonitoringRun {
  return {
    id: 'r-1',
    version: 1,
    trigger: 'manual',
    status: 'ok',
    windowFrom: '2026-05-01T00:00:00.000Z',
    windowTo: '2026-05-08T00:00:00.000Z',
    decisions: 500,
    labelled: 120,
    scorePsi: 0.04,
    csi: { duration_in_month: 0.02, status_of_existing_checking_account: 0.07 },
    ks: 0.38,
    auc: 0.74,
    scoreBins: [
      { label: '< 480', expected: 300, actual: 100 },
      { label: '[480, 520)', expected: 400, actual: 250 },
      { label: '>= 520', expected: 300, actual: 150 },
    ],
    breaches: [],
    alertId: null,
    error: null,
    startedAt: '2026-05-08T02:00:00.000Z',
    ...over,
  };
}
