import { scoreModel, type ScorecardModel } from '@vigil/engine';
import { applyBreaks, applyGroups, binCategorical, binNumeric, woeTransform } from '../binning/index.ts';
import { binaryTarget, DataError, getColumn, splitByDate, splitRandom, takeRows } from '../data/index.ts';
import { auc, calibrationByBand, confusionAtCutoff, gainsTable, ks, rocCurve } from '../metrics/index.ts';
import { fitLogistic, type LogisticFit } from '../regression/index.ts';
import { scaleScorecard } from '../scaling/index.ts';
import { correlationFilter, stepwise, vif } from '../selection/index.ts';
import type { Column, Dataset, MonotonicTrend, VariableBinning } from '../types.ts';
import { WOE_CONVENTION } from '../types.ts';
import { columnValue, scoreBin } from './development-stability.ts';
import type { ArtefactCoefficient, MetricSet, SampleEvaluation, ScorecardArtefact, VariableDecision } from './artefact.ts';

export interface BinningChoice {
  method?: 'optimal' | 'chimerge' | 'quantile';
  trend?: MonotonicTrend;
  maxBins?: number;
  minBinShare?: number;
  minEventRateDiff?: number;
  specialValues?: number[];
}

export interface FitScorecardOptions {
  /** The target column and the value of it that means "bad". */
  target: string;
  bad: string;
  /** Share of rows held out for testing (stratified by the target); default 0.3, 0 for none. */
  holdout?: number;
  seed?: number;
  /** Out-of-time split instead: rows dated on or after `cutoff` are the test sample. */
  outOfTime?: { dateColumn: string; cutoff: string };
  /** Scaling; default 600 points at good:bad odds 50:1, 20 points to double the odds. */
  pdo?: number;
  baseScore?: number;
  baseOdds?: number;
  /** Default 'integer': whole points per bin, as printed scorecards have. */
  rounding?: 'none' | 'integer';
  /** Candidate variables (default every numeric and categorical column but the target). */
  variables?: string[];
  exclude?: string[];
  /** Least IV a variable needs; default 0.02 (below is "useless"). */
  minIv?: number;
  /** Of two variables correlated above this (on WOE), the lower IV leaves; default 0.7. */
  maxCorrelation?: number;
  /** Variables leave, highest first, while a VIF exceeds this; default 10. */
  maxVif?: number;
  /** Default 'both'. */
  stepwise?: 'none' | 'forward' | 'backward' | 'both';
  criterion?: 'aic' | 'bic' | 'pvalue';
  l2?: number;
  binning?: BinningChoice;
  /** Manual breaks (numeric) and groups (categorical) by variable, overriding the automatic binning. */
  breaks?: Record<string, number[]>;
  groups?: Record<string, string[][]>;
  /** Cost of approving a bad and of declining a good; default 5 and 1 (the German credit matrix). */
  costMatrix?: { fn: number; fp: number };
  /** Approve at or above this score; default the cost-minimising score on the training sample. */
  cutoff?: number;
  /** Recorded in the artefact's training metadata. */
  dataSha256?: string;
  createdAt?: string;
  id?: string;
  name?: string;
}

const BANDS = 10;
const CURVE_POINTS = 200;

/** At most `n` points of a curve, evenly by index, always keeping the last. */
function thin<T>(points: T[], n = CURVE_POINTS): T[] {
  if (points.length <= n) return points;
  const out: T[] = [];
  const step = (points.length - 1) / (n - 1);
  for (let i = 0; i < n; i++) out.push(points[Math.round(i * step)]!);
  return out;
}

/** Bins one variable of a training sample: manual breaks or groups when given, else the chosen method. */
function binColumn(col: Column, y: Uint8Array, choice: BinningChoice, breaks?: number[], groups?: string[][]): VariableBinning {
  if (col.type === 'numeric') {
    if (breaks) return applyBreaks(col.values, y, breaks, { name: col.name, specialValues: choice.specialValues });
    return binNumeric(col.values, y, { ...choice, name: col.name });
  }
  if (col.type === 'categorical') {
    if (groups) return applyGroups(col.values, y, groups, { name: col.name });
    return binCategorical(col.values, y, { maxBins: choice.maxBins, minBinShare: choice.minBinShare, minEventRateDiff: choice.minEventRateDiff, name: col.name });
  }
  throw new DataError('COLUMN_TYPE', `column ${col.name} holds dates: it cannot be binned as a characteristic`, { columnName: col.name });
}

/**
 * Bins one variable of a dataset against its target, as the workbench shows it: the automatic
 * binning of `options`, or the manual `breaks` (numeric) or `groups` (categorical) given.
 *
 * @example binVariable(ds, {target: 'creditability', bad: 'bad', variable: 'duration_in_month', breaks: [12, 24, 36]})
 */
export function binVariable(ds: Dataset, req: { target: string; bad: string; variable: string; options?: BinningChoice; breaks?: number[]; groups?: string[][] }): VariableBinning {
  const y = binaryTarget(ds, req.target, req.bad);
  if (req.variable === req.target) throw new DataError('INVALID_ARGUMENT', 'the target cannot be binned against itself', { columnName: req.variable });
  return binColumn(getColumn(ds, req.variable), y, req.options ?? {}, req.breaks, req.groups);
}

/** Scores every row with the deployable model itself, so what is reported is what the engine computes. */
function scoreRows(model: ScorecardModel, cols: Column[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  const inputs = new Array<unknown>(cols.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols.length; j++) inputs[j] = columnValue(cols[j]!, i);
    out[i] = scoreModel(model, inputs).score;
  }
  return out;
}

function metricSet(scores: Float64Array, y: Uint8Array): MetricSet {
  const a = auc(scores, y, { higherIsRiskier: false });
  let bads = 0;
  for (const v of y) bads += v;
  return { auc: a, ks: ks(scores, y).ks, gini: 2 * a - 1, rows: y.length, bads };
}

/** The score that minimises the cost of approving at or above it on a sample. */
function costCutoff(scores: Float64Array, y: Uint8Array, cost: { fn: number; fp: number }): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]!);
  let bads = 0;
  for (const v of y) bads += v;
  // Approving everything: every bad is approved (fn), no good declined.
  let best = cost.fn * bads;
  let cutoff = scores[order[0]!]!;
  let declinedGoods = 0;
  let approvedBads = bads;
  for (let k = 0; k < order.length; ) {
    const s = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!] === s) {
      if (y[order[k]!]) approvedBads--;
      else declinedGoods++;
      k++;
    }
    const c = cost.fn * approvedBads + cost.fp * declinedGoods;
    if (k < order.length && c < best) {
      best = c;
      cutoff = scores[order[k]!]!;
    }
  }
  return cutoff;
}

function evaluate(scores: Float64Array, y: Uint8Array, scaling: { factor: number; offset: number }, cutoff: number, costMatrix: { fn: number; fp: number }): SampleEvaluation {
  const metrics = metricSet(scores, y);
  const g = gainsTable(scores, y, { bands: BANDS, higherIsRiskier: false });
  const roc = rocCurve(scores, y, { higherIsRiskier: false });
  const rocPts: Array<[number, number]> = thin(Array.from(roc.fpr, (f, i) => [f, roc.tpr[i]!] as [number, number]));
  // With higher = riskier the curve's rates at ascending thresholds are the cumulative shares.
  const asc = rocCurve(scores, y, { higherIsRiskier: true });
  const ksCurve = thin(
    Array.from(asc.thresholds, (t, i) => ({ score: t, cumBad: 1 - asc.tpr[i]!, cumGood: 1 - asc.fpr[i]! }))
      .filter((p) => Number.isFinite(p.score))
      .sort((a, b) => a.score - b.score),
  );
  // Probability of bad implied by a score: odds_good = e^((score − offset) / factor).
  const predicted = Float64Array.from(scores, (s) => 1 / (1 + Math.exp((s - scaling.offset) / scaling.factor)));
  const cal = calibrationByBand(predicted, y, BANDS);
  const c = confusionAtCutoff(scores, y, cutoff, { higherIsRiskier: false, costMatrix });
  return {
    metrics,
    gains: g.bands.map((b) => ({ band: b.band, minScore: b.minScore, maxScore: b.maxScore, count: b.count, bads: b.bads, goods: b.goods, badRate: b.badRate, cumBadShare: b.cumBadShare, cumGoodShare: b.cumGoodShare, ks: b.ks, lift: b.lift, cumLift: b.cumLift })),
    roc: rocPts,
    ksCurve,
    calibration: cal.bands.map((b) => ({ band: b.band, predicted: b.meanPredicted, observed: b.observedRate, count: b.count })),
    confusion: { cutoff, tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn, cost: c.cost, costMatrix },
  };
}

/** Inner cut points of the deciles of a sample, and the rows of each bin (x ≥ a cut goes above it). */
function scoreDistribution(scores: Float64Array): { breaks: number[]; counts: number[] } {
  const sorted = Float64Array.from(scores).sort();
  const breaks: number[] = [];
  for (let q = 1; q < BANDS; q++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((q * sorted.length) / BANDS))]!;
    if (!breaks.length || v > breaks[breaks.length - 1]!) breaks.push(v);
  }
  const counts = new Array<number>(breaks.length + 1).fill(0);
  for (const s of scores) counts[scoreBin(breaks, s)]!++;
  return { breaks, counts };
}

function coefficientRows(fit: LogisticFit): { intercept: ArtefactCoefficient; coefficients: ArtefactCoefficient[] } {
  const rows = fit.terms.map((t) => ({ name: t.name, estimate: t.estimate, stdError: t.stdError, z: t.z, pValue: t.pValue }));
  return { intercept: rows[0]!, coefficients: rows.slice(1) };
}

/**
 * Fits a points scorecard the standard way and returns its artefact:
 * 1. split (stratified random hold-out with a seed, or out-of-time by a date column);
 * 2. bin every candidate on the training sample (optimal binning under monotonic and size
 *    constraints, or the manual breaks and groups given) and compute WOE/IV;
 * 3. select: IV ≥ `minIv`, then the correlation filter (the higher IV stays), then VIF, then
 *    stepwise logistic regression on the WOE values; a variable whose coefficient comes out
 *    positive (against its own WOE, i.e. counter-intuitive) leaves and the model is refitted;
 * 4. fit the logistic regression by IRLS and scale it to points (PDO, base score, base odds);
 * 5. score both samples with the engine's own scorecard and evaluate: AUC, KS, Gini, gains,
 *    ROC and KS curves, calibration, confusion and cost at the cut-off;
 * 6. record the development distributions (score deciles, characteristic bins) for monitoring.
 *
 * @example
 * const a = fitScorecard(parseCsv(text), {target: 'creditability', bad: 'bad', holdout: 0.3, seed: 1});
 * a.metrics.test.auc // → ~0.78 on German credit
 */
export function fitScorecard(ds: Dataset, o: FitScorecardOptions): ScorecardArtefact {
  const log: string[] = [];
  const y = binaryTarget(ds, o.target, o.bad);
  const holdout = o.holdout ?? 0.3;
  const seed = o.seed ?? 1;
  let train: ArrayLike<number>;
  let test: ArrayLike<number>;
  let split: ScorecardArtefact['training']['split'];
  if (o.outOfTime) {
    const col = getColumn(ds, o.outOfTime.dateColumn);
    if (col.type !== 'date') throw new DataError('COLUMN_TYPE', `column ${col.name} is not a date column`, { columnName: col.name });
    const s = splitByDate(col, o.outOfTime.cutoff);
    train = s.train;
    test = s.test;
    split = { kind: 'out_of_time', dateColumn: o.outOfTime.dateColumn, cutoff: o.outOfTime.cutoff };
    if (s.undated.length) log.push(`${s.undated.length} rows without a date left out`);
  } else if (holdout > 0) {
    const s = splitRandom(ds.rows, holdout, seed, { stratify: y });
    train = s.train;
    test = s.test;
    split = { kind: 'random', holdout, seed };
  } else {
    train = Uint32Array.from({ length: ds.rows }, (_, i) => i);
    test = new Uint32Array(0);
    split = { kind: 'none' };
  }
  const trainDs = takeRows(ds, train);
  const testDs = takeRows(ds, test);
  const yTrain = Uint8Array.from(train, (i) => y[i]!);
  const yTest = Uint8Array.from(test, (i) => y[i]!);

  const skip = new Set([o.target, ...(o.exclude ?? []), ...(o.outOfTime ? [o.outOfTime.dateColumn] : [])]);
  const candidates = (o.variables ?? ds.columns.map((c) => c.name)).filter((n) => !skip.has(n)).map((n) => getColumn(trainDs, n)).filter((c) => c.type !== 'date');
  if (!candidates.length) throw new DataError('INVALID_ARGUMENT', 'no candidate variables: every column is the target, excluded or a date');
  const choice = o.binning ?? {};
  const binnings = candidates.map((c) => binColumn(c, yTrain, choice, o.breaks?.[c.name], o.groups?.[c.name])).sort((a, b) => b.iv - a.iv);
  const decisions = new Map<string, VariableDecision>(binnings.map((b) => [b.name, { name: b.name, type: b.type, iv: b.iv, ivBand: b.ivBand, selected: false }]));
  const drop = (name: string, why: string) => {
    decisions.get(name)!.droppedBecause = why;
    log.push(`${name}: out (${why})`);
  };

  const minIv = o.minIv ?? 0.02;
  let kept = binnings.filter((b) => {
    if (b.iv < minIv) drop(b.name, 'low_iv');
    else if (b.bins.length < 2) drop(b.name, 'single_bin');
    return b.iv >= minIv && b.bins.length >= 2;
  });
  for (const b of kept) if (b.ivBand === 'suspicious') log.push(`${b.name}: IV ${b.iv.toFixed(3)} is suspiciously high; check it for target leakage`);
  const woe = new Map(kept.map((b) => [b.name, woeTransform(b, getColumn(trainDs, b.name))]));

  const corr = correlationFilter(kept.map((b) => woe.get(b.name)!), kept.map((b) => b.iv), { threshold: o.maxCorrelation ?? 0.7, names: kept.map((b) => b.name) });
  for (const r of corr.removed) drop(r.name, `correlated:${r.correlatedWith}`);
  kept = corr.selected.map((i) => kept[i]!);

  const maxVif = o.maxVif ?? 10;
  for (;;) {
    if (kept.length < 2) break;
    const v = vif(kept.map((b) => woe.get(b.name)!));
    let worst = 0;
    for (let i = 1; i < v.length; i++) if (v[i]! > v[worst]!) worst = i;
    if (!(v[worst]! > maxVif)) break;
    drop(kept[worst]!.name, 'vif');
    kept = kept.filter((_, i) => i !== worst);
  }

  const fitOn = (list: VariableBinning[]) => fitLogistic(list.map((b) => woe.get(b.name)!), yTrain, { names: list.map((b) => b.name), l2: o.l2 });
  const direction = o.stepwise ?? 'both';
  if (direction !== 'none' && kept.length > 1) {
    const sw = stepwise(kept.map((b) => woe.get(b.name)!), yTrain, { names: kept.map((b) => b.name), direction, criterion: o.criterion ?? 'aic', l2: o.l2 });
    for (const st of sw.steps) if (st.variable) log.push(`stepwise ${st.action} ${st.variable} (AIC ${st.aic.toFixed(2)}, BIC ${st.bic.toFixed(2)}${st.pValue !== undefined ? `, p ${st.pValue.toPrecision(3)}` : ''})`);
    const chosen = new Set(sw.names.length ? sw.selected.map((i) => kept[i]!.name) : []);
    for (const b of kept) if (!chosen.has(b.name)) drop(b.name, 'stepwise');
    kept = kept.filter((b) => chosen.has(b.name));
  }
  if (!kept.length) throw new DataError('INVALID_ARGUMENT', `no variable is left after selection (IV ≥ ${minIv}, correlation, VIF, stepwise): lower minIv or add variables`);

  // With WOE = ln(%good/%bad) a sound variable's coefficient is negative; a positive one means it
  // acts against its own binning (collinearity), which a scorecard must not show.
  let fit = fitOn(kept);
  for (;;) {
    let worst = -1;
    for (let j = 0; j < kept.length; j++) if (fit.coefficients[j]! > 0 && (worst < 0 || fit.coefficients[j]! > fit.coefficients[worst]!)) worst = j;
    if (worst < 0 || kept.length === 1) break;
    drop(kept[worst]!.name, 'positive_coefficient');
    kept = kept.filter((_, i) => i !== worst);
    fit = fitOn(kept);
  }
  for (const b of kept) decisions.get(b.name)!.selected = true;
  log.push(`final model: ${kept.map((b) => b.name).join(', ')} (${fit.iterations} IRLS iterations, ${fit.converged ? 'converged' : 'NOT converged'})`);

  const card = scaleScorecard(kept, { intercept: fit.intercept, coefficients: fit.coefficients, names: kept.map((b) => b.name) }, {
    pdo: o.pdo ?? 20,
    baseScore: o.baseScore ?? 600,
    baseOdds: o.baseOdds ?? 50,
    rounding: o.rounding ?? 'integer',
    id: o.id ?? 'scorecard',
    name: o.name,
  });
  const trainCols = kept.map((b) => getColumn(trainDs, b.name));
  const trainScores = scoreRows(card.model, trainCols, trainDs.rows);
  const costMatrix = o.costMatrix ?? { fn: 5, fp: 1 };
  const cutoff = o.cutoff ?? costCutoff(trainScores, yTrain, costMatrix);
  const evalTrain = evaluate(trainScores, yTrain, card.scaling, cutoff, costMatrix);
  let evalTest: SampleEvaluation | undefined;
  if (testDs.rows > 0 && yTest.some((v) => v === 1) && yTest.some((v) => v === 0)) {
    evalTest = evaluate(scoreRows(card.model, kept.map((b) => getColumn(testDs, b.name)), testDs.rows), yTest, card.scaling, cutoff, costMatrix);
  } else if (testDs.rows > 0) log.push('the test sample lacks bads or goods: not evaluated');

  const dist = scoreDistribution(trainScores);
  return {
    format: 'vigil.scorecard/v1',
    model: card.model,
    features: kept.map((b) => b.name),
    woeConvention: WOE_CONVENTION,
    scaling: { pdo: card.scaling.pdo, baseScore: card.scaling.baseScore, baseOdds: card.scaling.baseOdds, factor: card.scaling.factor, offset: card.scaling.offset, basePoints: card.basePoints },
    training: {
      dataSha256: o.dataSha256 ?? '',
      rows: ds.rows,
      trainRows: trainDs.rows,
      testRows: testDs.rows,
      target: o.target,
      bad: o.bad,
      split,
      options: { minIv, maxCorrelation: o.maxCorrelation ?? 0.7, maxVif, stepwise: o.stepwise ?? 'both', criterion: o.criterion ?? 'aic', l2: o.l2 ?? 0, binning: choice, breaks: o.breaks ?? {}, groups: o.groups ?? {}, rounding: o.rounding ?? 'integer', costMatrix, cutoff },
      createdAt: o.createdAt ?? new Date().toISOString(),
    },
    metrics: { train: evalTrain.metrics, ...(evalTest ? { test: evalTest.metrics } : {}) },
    variables: binnings.map((b) => decisions.get(b.name)!),
    binning: binnings,
    regression: { ...coefficientRows(fit), iterations: fit.iterations, converged: fit.converged, logLikelihood: fit.logLikelihood, aic: fit.aic, bic: fit.bic },
    scorecardTable: card.table.map((r) => ({ variable: r.variable, label: r.label, count: r.count, bad: r.bad, good: r.good, eventRate: r.eventRate, woe: r.woe, points: r.points })),
    evaluation: { train: evalTrain, ...(evalTest ? { test: evalTest } : {}) },
    development: {
      scoreBreaks: dist.breaks,
      scoreCounts: dist.counts,
      characteristics: Object.fromEntries(kept.map((b) => [b.name, { labels: b.bins.map((x) => x.label), counts: b.bins.map((x) => x.count) }])),
    },
    selectionLog: log,
  };
}
