import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/api-error.ts';
import type { DatasetColumn } from '../src/api/types.ts';
import { asScorecardArtefact, definitionSummary } from '../src/modules/models/model/artefact.ts';
import { MAX_BREAKS, addBreak, blockingIssues, intervalsText, normaliseBreaks, parseBreaksText, removeBreak, sameBreaks, setBreak, validateBreaks } from '../src/modules/models/model/breaks.ts';
import {
  binningOption,
  binningSeries,
  discriminationTrendOption,
  ksOption,
  ksPoint,
  maxCsi,
  rocOption,
  runsChronological,
  scoreBinsOption,
  sharesPct,
  stabilityTrendOption,
  type ModelChartLabels,
} from '../src/modules/models/model/chart-options.ts';
import { candidateVariables, datasetName, guessBad, guessTarget, quantilesText, targetChoices, topText } from '../src/modules/models/model/dataset.ts';
import { defaultInput, defaultInputs, deployRequest, missingInputs, stageChoices, strategyVersionPath } from '../src/modules/models/model/deploy-form.ts';
import { DEFAULT_FIT_OPTIONS, fitOptionsProblems, fitRequest } from '../src/modules/models/model/fit-form.ts';
import { groupOf, groupsOfBinning, mergeGroups, moveCategory, sameGroups, splitAll, validateGroups } from '../src/modules/models/model/groups.ts';
import { actorText, binShares, dropReason, fixed, headlineMetrics, metricRows, pValueText, rowSpans, sizeText } from '../src/modules/models/model/model-format.ts';
import { MODEL_APPROVE, championChoices, championProblem, deployBlock, isStaleModel, mayChooseChampion, nextStatuses, statusBlock } from '../src/modules/models/model/model-status.ts';
import { DEFAULT_MONITORING, cronProblem, monitoringProblems } from '../src/modules/models/model/monitoring-form.ts';
import { guessFormat, parseContent, parseFeatureNames, registerRequest } from '../src/modules/models/model/register-version.ts';
import { eventColor, eventDetails, eventsNewestFirst } from '../src/modules/models/model/timeline.ts';
import { exampleInputs, inputTypes, scoreInputs } from '../src/modules/models/model/try-it.ts';
import { ARTEFACT, CHECKING, DURATION, run, versionSummary } from './models-fixtures.ts';

const LABELS: ModelChartLabels = Object.fromEntries(
  ['share', 'eventRate', 'woe', 'score', 'cumBad', 'cumGood', 'ks', 'fpr', 'tpr', 'random', 'roc', 'psi', 'maxCsi', 'auc', 'expected', 'actual', 'psiWarning', 'psiAlert', 'csiAlert', 'ksAlert', 'aucAlert'].map((k) => [k, k.toUpperCase()]),
) as unknown as ModelChartLabels;

type Series = { id: string; name: string; data: unknown[]; yAxisIndex?: number };
const seriesOf = (option: unknown) => (option as { series: Series[] }).series;
const byId = (option: unknown, id: string) => seriesOf(option).find((s) => s.id === id)!;

describe('editing the cut points of a numeric binning', () => {
  it('sends finite cut points, ascending, each once', () => {
    expect(normaliseBreaks([24, 12, null, 12, 36, Number.NaN])).toEqual([12, 24, 36]);
    expect(normaliseBreaks([])).toEqual([]);
  });

  it('normalising is idempotent and always yields a strictly ascending list of the same values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.constant(null)), { maxLength: 30 }), (draft) => {
        const once = normaliseBreaks(draft);
        expect(normaliseBreaks(once)).toEqual(once);
        for (let i = 1; i < once.length; i++) expect(once[i]!).toBeGreaterThan(once[i - 1]!);
        expect(new Set(once)).toEqual(new Set(draft.filter((x): x is number => x !== null)));
      }),
    );
  });

  it('points out blanks, duplicates, cuts outside the data and too many cuts; only the first two and the last block a recompute', () => {
    const issues = validateBreaks([12, null, 12, 4, 80], { min: 4, max: 72 });
    expect(issues).toEqual([
      { index: 1, code: 'NOT_A_NUMBER' },
      { index: 2, code: 'DUPLICATE' },
      { index: 3, code: 'OUT_OF_RANGE' },
      { index: 4, code: 'OUT_OF_RANGE' },
    ]);
    expect(blockingIssues(issues).map((i) => i.code)).toEqual(['NOT_A_NUMBER', 'DUPLICATE']);
    expect(validateBreaks([72], { min: 4, max: 72 })).toEqual([]);
    const many = Array.from({ length: MAX_BREAKS + 1 }, (_, i) => i + 1);
    expect(validateBreaks(many)).toEqual([{ index: -1, code: 'TOO_MANY' }]);
    expect(blockingIssues(validateBreaks(many))).toHaveLength(1);
  });

  it('adds a cut point halfway between two, past the last by the last gap, inside the data near its end, or in the middle of an empty list', () => {
    expect(addBreak([12, 24], 0)).toEqual([12, 18, 24]);
    expect(addBreak([12, 24])).toEqual([12, 24, 36]);
    expect(addBreak([12, 24], -1, { min: 4, max: 30 })).toEqual([12, 24, 27]);
    expect(addBreak([], -1, { min: 4, max: 72 })).toEqual([38]);
    expect(addBreak([])).toEqual([0]);
    expect(addBreak([0.1, 0.2], 0)).toEqual([0.1, 0.15, 0.2]);
    // The draft comes back sorted, a field still blank at the end.
    expect(addBreak([24, null, 12], 0)).toEqual([12, 18, 24, null]);
  });

  it('a new cut point is always a new value', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { maxLength: 20 }), fc.integer({ min: -1, max: 25 }), (cuts, at) => {
        const before = normaliseBreaks(cuts);
        const after = addBreak(cuts, at);
        expect(after).toHaveLength(before.length + 1);
        expect(normaliseBreaks(after)).toHaveLength(before.length + 1);
      }),
    );
  });

  it('removes and changes a cut point in place', () => {
    expect(removeBreak([12, 24, 36], 1)).toEqual([12, 36]);
    expect(setBreak([12, 24, 36], 1, 30)).toEqual([12, 30, 36]);
    expect(setBreak([12, 24], 0, null)).toEqual([null, 24]);
  });

  it('tells whether two lists bin the same way, and reads a typed list', () => {
    expect(sameBreaks([24, 12, 12], [12, 24])).toBe(true);
    expect(sameBreaks([12], [12, 24])).toBe(false);
    expect(sameBreaks(undefined, [])).toBe(true);
    expect(parseBreaksText('24, 12; 36\n48 x 1e2')).toEqual({ breaks: [12, 24, 36, 48, 100], invalid: ['x'] });
  });

  it('previews the bins as the toolkit labels them', () => {
    expect(intervalsText([24, 12])).toEqual(['[-inf, 12)', '[12, 24)', '[24, +inf)']);
    expect(intervalsText([])).toEqual(['[-inf, +inf)']);
    expect(intervalsText([5])).toEqual(['[-inf, 5)', '[5, +inf)']);
  });
});

describe('editing the groups of a categorical binning', () => {
  it('reads the groups of the category bins', () => {
    expect(groupsOfBinning(CHECKING)).toEqual([['A14'], ['A11', 'A12'], ['A13']]);
    expect(groupsOfBinning({ bins: [...CHECKING.bins, { label: 'Missing', kind: 'missing', count: 0, bad: 0, good: 0, eventRate: 0, woe: 0, iv: 0 }] })).toHaveLength(3);
  });

  it('moves a category to another group or a new one, dropping a group left empty', () => {
    expect(moveCategory([['A', 'B'], ['C']], 'B', 1)).toEqual([['A'], ['C', 'B']]);
    expect(moveCategory([['A', 'B'], ['C']], 'A', 2)).toEqual([['B'], ['C'], ['A']]);
    expect(moveCategory([['A'], ['C']], 'A', 1)).toEqual([['C', 'A']]);
    expect(groupOf([['A'], ['B', 'C']], 'C')).toBe(1);
    expect(groupOf([['A']], 'Z')).toBe(-1);
  });

  it('moving keeps every category exactly once', () => {
    const groups = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }).chain((cats) =>
      fc.tuple(fc.constant(cats), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: cats.length, maxLength: cats.length }), fc.constantFrom(...cats), fc.integer({ min: 0, max: 5 })),
    );
    fc.assert(
      fc.property(groups, ([cats, assign, cat, to]) => {
        const gs: string[][] = [[], [], [], []];
        cats.forEach((c, i) => gs[assign[i]!]!.push(c));
        const start = gs.filter((g) => g.length);
        const moved = moveCategory(start, cat, Math.min(to, start.length));
        expect(moved.flat().sort()).toEqual([...cats].sort());
        expect(moved.every((g) => g.length > 0)).toBe(true);
      }),
    );
  });

  it('splits and merges groups', () => {
    expect(splitAll([['A', 'B'], ['C']])).toEqual([['A'], ['B'], ['C']]);
    expect(mergeGroups([['A'], ['B'], ['C']], [2, 0])).toEqual([['A', 'C'], ['B']]);
    expect(mergeGroups([['A'], ['B']], [1])).toEqual([['A'], ['B']]);
  });

  it('finds empty groups, a category twice, too many groups and a single group', () => {
    expect(validateGroups([['A'], []])).toEqual(['EMPTY']);
    expect(validateGroups([['A'], ['A', 'B']])).toEqual(['DUPLICATE']);
    expect(validateGroups([['A', 'B']])).toEqual(['ONE_GROUP']);
    expect(validateGroups(Array.from({ length: 51 }, (_, i) => [String(i)]))).toEqual(['TOO_MANY']);
    expect(sameGroups([['B', 'A'], ['C']], [['C'], ['A', 'B']])).toBe(true);
    expect(sameGroups([['A'], ['B', 'C']], [['A', 'B'], ['C']])).toBe(false);
  });
});

describe('the charts of a scorecard', () => {
  it('draws a variable’s bins as row shares with the event rate or the WOE on the second axis', () => {
    const s = binningSeries(DURATION);
    expect(s.labels).toEqual(['[-inf, 12)', '[12, 24)', '[24, +inf)']);
    expect(s.share).toEqual([20, 50, 30]);
    expect(s.eventRate).toEqual([15, 28, 43.33]);
    expect(s.woe).toEqual([0.88, 0.1, -0.58]);
    const rate = binningOption(DURATION, 'eventRate', LABELS);
    expect(byId(rate, 'share').data).toEqual([20, 50, 30]);
    expect(byId(rate, 'eventRate')).toMatchObject({ yAxisIndex: 1, name: 'EVENTRATE', data: [15, 28, 43.33] });
    const woe = binningOption(DURATION, 'woe', LABELS);
    expect(byId(woe, 'woe')).toMatchObject({ yAxisIndex: 1, name: 'WOE', data: [0.88, 0.1, -0.58] });
  });

  it('marks the KS where the cumulative shares are farthest apart, on a curve sorted by score', () => {
    const e = ARTEFACT.evaluation.train;
    expect(ksPoint(e.ksCurve)).toEqual({ score: 520, cumBad: 0.7, cumGood: 0.3, ks: 0.39999999999999997 });
    expect(ksPoint([])).toBeNull();
    const option = ksOption(e, LABELS);
    expect(byId(option, 'cumBad').data).toEqual([
      [450, 30],
      [520, 70],
      [600, 90],
    ]);
    expect(byId(option, 'ks').data).toEqual([{ value: [520, 70], label: { show: true, position: 'right', formatter: 'KS 0.4' } }, { value: [520, 30] }]);
  });

  it('draws the ROC curve in order of the false positive rate, the AUC in its name, over the diagonal', () => {
    const option = rocOption(ARTEFACT.evaluation.test!, 0.7512, LABELS);
    expect(byId(option, 'roc')).toMatchObject({ name: 'ROC (AUC 0.751)', data: [[0, 0], [0.2, 0.5], [0.5, 0.8], [1, 1]] });
    expect(byId(option, 'random').data).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(byId(rocOption(ARTEFACT.evaluation.test!, null, LABELS), 'roc').name).toBe('ROC');
  });
});

describe('the monitoring charts', () => {
  const runs = [run({ id: 'b', startedAt: '2026-05-15T02:00:00.000Z', windowTo: '2026-05-15T00:00:00.000Z', scorePsi: 0.3, ks: null, auc: null }), run({ id: 'a' })];

  it('orders runs in time and finds the largest CSI', () => {
    expect(runsChronological(runs).map((r) => r.id)).toEqual(['a', 'b']);
    expect(maxCsi(runs[1]!)).toEqual({ name: 'status_of_existing_checking_account', value: 0.07 });
    expect(maxCsi(run({ csi: {} }))).toBeNull();
  });

  it('draws PSI and the largest CSI over time with the warning and alert thresholds across the whole range', () => {
    const option = stabilityTrendOption(runs, DEFAULT_MONITORING.thresholds, LABELS);
    const a = Date.parse('2026-05-08T00:00:00.000Z');
    const b = Date.parse('2026-05-15T00:00:00.000Z');
    expect(byId(option, 'psi').data).toEqual([
      [a, 0.04],
      [b, 0.3],
    ]);
    expect(byId(option, 'maxCsi').data).toEqual([
      [a, 0.07],
      [b, 0.07],
    ]);
    expect(byId(option, 'psiWarning').data).toEqual([
      [a, 0.1],
      [b, 0.1],
    ]);
    expect(byId(option, 'psiAlert').data).toEqual([
      [a, 0.25],
      [b, 0.25],
    ]);
    expect(byId(option, 'csiAlert').data).toEqual([
      [a, 0.25],
      [b, 0.25],
    ]);
  });

  it('draws KS and AUC with gaps where labels were not mature, and alert lines at the development values less the allowed drop', () => {
    const option = discriminationTrendOption(runs, DEFAULT_MONITORING.thresholds, { ks: 0.4, auc: 0.75 }, LABELS);
    expect(byId(option, 'ks').data.map((p) => (p as unknown[])[1])).toEqual([0.38, null]);
    expect((byId(option, 'ksAlert').data[0] as number[])[1]).toBeCloseTo(0.3);
    expect((byId(option, 'aucAlert').data[0] as number[])[1]).toBeCloseTo(0.7);
    expect(byId(discriminationTrendOption(runs, DEFAULT_MONITORING.thresholds, null, LABELS), 'ksAlert').data).toEqual([]);
    expect(byId(stabilityTrendOption([], DEFAULT_MONITORING.thresholds, LABELS), 'psiAlert').data).toEqual([]);
  });

  it('compares a run’s score distribution with the development sample’s as shares, whether counts or shares were given', () => {
    expect(sharesPct([300, 400, 300])).toEqual([30, 40, 30]);
    expect(sharesPct([0.3, 0.4, 0.3])).toEqual([30, 40, 30]);
    expect(sharesPct([0, 0])).toEqual([0, 0]);
    const option = scoreBinsOption(run({}), LABELS);
    expect(byId(option, 'expected').data).toEqual([30, 40, 30]);
    expect(byId(option, 'actual').data).toEqual([20, 50, 30]);
  });
});

describe('formatting what a fit produced', () => {
  it('tells why a variable was dropped', () => {
    expect(dropReason({ droppedBecause: 'correlated:duration_in_month' })).toEqual({ reason: 'correlated', arg: 'duration_in_month' });
    expect(dropReason({ droppedBecause: 'low_iv' })).toEqual({ reason: 'low_iv', arg: '' });
    expect(dropReason({ droppedBecause: 'something_new' })).toEqual({ reason: null, raw: 'something_new' });
    expect(dropReason({})).toBeNull();
  });

  it('writes statistics and p-values', () => {
    expect(fixed(0.123456)).toBe('0.1235');
    expect(fixed(null)).toBe('');
    expect(fixed(Number.NaN)).toBe('');
    expect(pValueText(0.00002)).toBe('< 0.0001');
    expect(pValueText(0.04567)).toBe('0.0457');
    expect(pValueText(undefined)).toBe('');
    expect(sizeText(512)).toBe('512 B');
    expect(sizeText(268042)).toBe('261.8 KiB');
    expect(sizeText(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(actorText('user:a.modeller')).toBe('a.modeller');
    expect(actorText('api_key:batch#1234abcd')).toBe('api_key:batch#1234abcd');
    expect(actorText(null)).toBe('');
  });

  it('gives each bin its share of rows', () => {
    expect(binShares(DURATION.bins)).toEqual([0.2, 0.5, 0.3]);
    expect(binShares([{ count: 0 }, { count: 0 }])).toEqual([0, 0]);
  });

  it('lists the samples’ metrics in order and picks the headline one', () => {
    const m = { train: { auc: 0.8, ks: 0.45, gini: 0.6 }, test: { auc: 0.76, ks: 0.41, gini: 0.52 } };
    expect(metricRows(m).map((r) => r.sample)).toEqual(['train', 'test']);
    expect(metricRows(null)).toEqual([]);
    expect(headlineMetrics(m)).toEqual(m.test);
    expect(headlineMetrics({ train: m.train })).toEqual(m.train);
    expect(headlineMetrics(null)).toBeNull();
  });

  it('spans the variable’s cell over its bins', () => {
    expect(rowSpans(ARTEFACT.scorecardTable.map((r) => r.variable))).toEqual([3, 0, 0, 3, 0, 0]);
    expect(rowSpans(['a', 'b', 'a'])).toEqual([1, 1, 1]);
    expect(rowSpans([])).toEqual([]);
  });
});

describe('the lifecycle of a version', () => {
  const approver = new Set(['model.read', MODEL_APPROVE]);
  const modeller = new Set(['model.read', 'model.edit']);

  it('moves forward (and a validated version back to development)', () => {
    expect(nextStatuses('development')).toEqual(['validated', 'retired']);
    expect(nextStatuses('validated')).toEqual(['production', 'retired', 'development']);
    expect(nextStatuses('production')).toEqual(['retired']);
    expect(nextStatuses('retired')).toEqual([]);
  });

  it('lets an approver other than the author validate and promote, and anyone who edits retire', () => {
    const v = versionSummary({ createdBy: 'a.modeller' });
    expect(statusBlock('development', 'validated', v, 'a.modeller', modeller)).toBe('PERMISSION');
    expect(statusBlock('development', 'validated', v, 'a.modeller', new Set([...modeller, MODEL_APPROVE]))).toBe('SAME_USER');
    expect(statusBlock('development', 'validated', v, 'a.validator', approver)).toBeNull();
    expect(statusBlock('validated', 'development', v, 'a.modeller', new Set([...modeller, MODEL_APPROVE]))).toBe('SAME_USER');
    // The API records the author as user:<name>.
    expect(statusBlock('development', 'production', versionSummary({ createdBy: 'user:a.modeller' }), 'a.modeller', approver)).toBe('PERMISSION');
    expect(statusBlock('development', 'validated', versionSummary({ createdBy: 'user:a.modeller' }), 'a.modeller', approver)).toBe('SAME_USER');
    expect(statusBlock('production', 'retired', v, 'a.modeller', modeller)).toBeNull();
    expect(statusBlock('production', 'retired', v, 'a.validator', approver)).toBe('PERMISSION');
    expect(statusBlock('retired', 'production', v, 'a.validator', approver)).toBe('PERMISSION');
  });

  it('offers production versions as champion and validated or production ones as challenger, newest first', () => {
    const versions = [versionSummary({ version: 1, status: 'production' }), versionSummary({ version: 2, status: 'validated' }), versionSummary({ version: 3, status: 'production' }), versionSummary({ version: 4, status: 'retired' })];
    expect(championChoices(versions)).toEqual({ champions: [3, 1], challengers: [3, 2, 1] });
    expect(championProblem(3, 3)).toBe('SAME_VERSION');
    expect(championProblem(3, null)).toBeNull();
    expect(championProblem(null, null)).toBeNull();
    expect(mayChooseChampion(approver)).toBe(true);
    expect(mayChooseChampion(modeller)).toBe(false);
  });

  it('puts only validated or production versions into strategies, for those who edit strategies', () => {
    expect(deployBlock('production', new Set(['strategy.edit']))).toBeNull();
    expect(deployBlock('development', new Set(['strategy.edit']))).toBe('STATUS');
    expect(deployBlock('validated', modeller)).toBe('PERMISSION');
  });

  it('knows a stale write', () => {
    expect(isStaleModel(new ApiError(409, { code: 'CONFLICT', message: 'stale' }))).toBe(true);
    expect(isStaleModel(new ApiError(400, { code: 'VALIDATION_FAILED', message: 'x' }))).toBe(false);
    expect(isStaleModel(null)).toBe(false);
  });
});

describe('documents of a version', () => {
  it('recognises a Vigil scorecard artefact and nothing else', () => {
    expect(asScorecardArtefact(ARTEFACT)).toBe(ARTEFACT);
    expect(asScorecardArtefact({ format: 'vigil.scorecard/v1' })).toBeNull();
    expect(asScorecardArtefact(null)).toBeNull();
    expect(asScorecardArtefact('text')).toBeNull();
  });

  it('summarises scorecards, regressions, trees and ensembles', () => {
    expect(definitionSummary({ kind: 'scorecard', baseScore: 500, characteristics: [{}, {}] })).toMatchObject({ kind: 'scorecard', terms: 2, base: 500, trees: null });
    expect(definitionSummary({ kind: 'logistic', intercept: -1.2, coefficients: [{}, {}, {}] })).toMatchObject({ terms: 3, base: -1.2 });
    const tree = { split: 'a', children: [{ leaf: 1 }, { split: 'b', children: [{ leaf: 2 }, { leaf: 3 }] }] };
    expect(definitionSummary({ kind: 'tree_ensemble', objective: 'binary:logistic', trees: [tree, { root: { left: { leaf: 1 }, right: { leaf: 2 } } }, { nodes: [1, 2, 3, 4] }] })).toMatchObject({ kind: 'tree_ensemble', trees: 3, nodes: 5 + 3 + 4, objective: 'binary:logistic' });
    expect(definitionSummary({ kind: 'decision_tree', root: tree })).toMatchObject({ trees: 1, nodes: 5 });
    expect(definitionSummary(null)).toEqual({ kind: null, trees: null, nodes: null, terms: null, base: null, objective: null });
  });
});

describe('registering a model file', () => {
  it('guesses the format from the name and the text', () => {
    expect(guessFormat('model.txt', 'tree\nversion=v3\n')).toBe('lightgbm_text');
    expect(guessFormat('lgb.model', 'tree\nversion=v4')).toBe('lightgbm_text');
    expect(guessFormat('x.json', '{"learner": {"gradient_booster": {}}}')).toBe('xgboost_json');
    expect(guessFormat('dump.json', '[{"nodeid": 0, "split": "f1"}]')).toBe('xgboost_json');
    expect(guessFormat('model.json', '{"format": "vigil.scorecard/v1"}')).toBe('vigil');
    expect(guessFormat('card.json', '{"kind": "scorecard", "id": "x"}')).toBe('vigil');
    expect(guessFormat('tree.json', '{"split": "age", "children": []}')).toBe('decision_tree');
  });

  it('sends JSON parsed and LightGBM as text, and refuses empty or broken content', () => {
    expect(parseContent('vigil', '{"a":1}')).toEqual({ content: { a: 1 } });
    expect(parseContent('lightgbm_text', 'tree\n')).toEqual({ content: 'tree\n' });
    expect(parseContent('vigil', '  ')).toEqual({ problem: { code: 'EMPTY' } });
    expect(parseContent('xgboost_json', '{oops')).toMatchObject({ problem: { code: 'INVALID_JSON' } });
  });

  it('reads feature names and leaves empty fields out of the request', () => {
    expect(parseFeatureNames('age, income\nage;  tenure ')).toEqual(['age', 'income', 'tenure']);
    expect(registerRequest({ format: 'xgboost_json', content: [], features: 'f0 f1', note: ' imported ' })).toEqual({ format: 'xgboost_json', content: [], features: ['f0', 'f1'], note: 'imported' });
    expect(registerRequest({ format: 'vigil', content: {}, features: '', note: '' })).toEqual({ format: 'vigil', content: {} });
  });
});

describe('deploying into a strategy draft', () => {
  it('reads each input from the event by default', () => {
    expect(defaultInput('duration_in_month')).toBe('event.duration_in_month');
    expect(defaultInput('credit amount')).toBe('event["credit amount"]');
    expect(defaultInputs(['a', 'b'])).toEqual({ a: 'event.a', b: 'event.b' });
    expect(missingInputs(['a', 'b'], { a: ' ', b: 'event.b' })).toEqual(['a']);
  });

  it('leaves optional fields out and trims what it sends', () => {
    expect(deployRequest({ strategyId: 'card_auth_default', inputs: { a: ' event.a ' }, note: ' why ', modelId: ' ', before: null, baseVersion: null })).toEqual({ strategyId: 'card_auth_default', inputs: { a: 'event.a' }, note: 'why' });
    const bands = [{ min: 0, outcome: 'pass' as const, riskLevel: 'low' as const }];
    expect(deployRequest({ strategyId: 's', baseVersion: 3, modelId: 'german', inputs: {}, before: 'rules', bands, note: 'n' })).toEqual({ strategyId: 's', baseVersion: 3, modelId: 'german', inputs: {}, before: 'rules', bands, note: 'n' });
  });

  it('offers the flow’s stages and links to the draft', () => {
    expect(stageChoices({ flow: { stages: [{ id: 'lists', type: 'list', checks: [] }, { id: 'rules', type: 'rules', ruleSet: 'main', mode: 'all' }] } })).toEqual([
      { id: 'lists', type: 'list' },
      { id: 'rules', type: 'rules' },
    ]);
    expect(stageChoices(undefined)).toEqual([]);
    expect(strategyVersionPath('card auth', 4)).toBe('/strategies/card%20auth/versions/4');
  });
});

describe('the scoring form', () => {
  it('types inputs by the scorecard’s binning, leaves blanks out and flags text in a numeric input', () => {
    const types = inputTypes(ARTEFACT);
    expect(types).toEqual({ status_of_existing_checking_account: 'categorical', duration_in_month: 'numeric' });
    expect(scoreInputs({ duration_in_month: ' 24 ', status_of_existing_checking_account: '12', other: '' }, types)).toEqual({ inputs: { duration_in_month: 24, status_of_existing_checking_account: '12' }, invalid: [] });
    expect(scoreInputs({ duration_in_month: 'long' }, types)).toEqual({ inputs: {}, invalid: ['duration_in_month'] });
    expect(scoreInputs({ f0: '1.5', f1: 'abc', f2: 'true' }, {})).toEqual({ inputs: { f0: 1.5, f1: 'abc', f2: true }, invalid: [] });
    expect(inputTypes(null)).toEqual({});
  });

  it('fills an example from the binning', () => {
    expect(exampleInputs(ARTEFACT)).toEqual({ status_of_existing_checking_account: 'A14', duration_in_month: '12' });
    expect(exampleInputs(null)).toEqual({});
  });
});

describe('the fit request', () => {
  it('carries the options and every edited binning of a variable still in play', () => {
    const req = fitRequest('creditability', 'bad', { ...DEFAULT_FIT_OPTIONS, exclude: ['telephone', 'creditability'] }, {
      duration_in_month: { breaks: [10, 24] },
      status_of_existing_checking_account: { groups: [['A11'], ['A12', 'A13'], ['A14']] },
      telephone: { groups: [['none'], ['yes']] },
    });
    expect(req).toEqual({
      target: 'creditability',
      bad: 'bad',
      holdout: 0.3,
      seed: 1,
      pdo: 20,
      baseScore: 600,
      baseOdds: 50,
      minIv: 0.02,
      stepwise: 'both',
      exclude: ['telephone'],
      breaks: { duration_in_month: [10, 24] },
      groups: { status_of_existing_checking_account: [['A11'], ['A12', 'A13'], ['A14']] },
    });
    expect(fitRequest('y', '1', DEFAULT_FIT_OPTIONS, {})).not.toHaveProperty('breaks');
  });

  it('finds options the API would refuse', () => {
    expect(fitOptionsProblems(DEFAULT_FIT_OPTIONS)).toEqual([]);
    expect(fitOptionsProblems({ ...DEFAULT_FIT_OPTIONS, holdout: 0.95, pdo: 0, baseOdds: -1, minIv: -0.1, seed: 1.5 })).toEqual(['HOLDOUT', 'PDO', 'BASE_ODDS', 'MIN_IV', 'SEED']);
  });
});

describe('monitoring settings', () => {
  it('checks the shape of a cron expression', () => {
    expect(cronProblem('0 2 * * *')).toBeNull();
    expect(cronProblem('*/15 * * * MON-FRI')).toBeNull();
    expect(cronProblem('0 0 2 * * *')).toBeNull();
    expect(cronProblem('daily')).toBe('FIELDS');
    expect(cronProblem('0 2 * * * * *')).toBe('FIELDS');
    expect(cronProblem('0 2 * * $')).toBe('CHARACTERS');
  });

  it('finds settings the API would refuse', () => {
    expect(monitoringProblems(DEFAULT_MONITORING)).toEqual([]);
    expect(monitoringProblems({ ...DEFAULT_MONITORING, schedule: 'x', windowDays: 0, labelMaturityDays: 400, minDecisions: 0, thresholds: { ...DEFAULT_MONITORING.thresholds, psiWarning: 0.3 } })).toEqual([
      'schedule',
      'windowDays',
      'labelMaturityDays',
      'minDecisions',
      'thresholds.psiWarning',
    ]);
  });
});

describe('a data set in the workbench', () => {
  const col = (over: Partial<DatasetColumn>): DatasetColumn => ({ name: 'x', type: 'numeric', count: 1000, missing: 0, missingRate: 0, distinct: 50, ...over });
  const columns = [
    col({ name: 'duration_in_month', min: 4, max: 72 }),
    col({ name: 'telephone', type: 'categorical', distinct: 2, top: [{ value: 'none', count: 596 }, { value: 'yes', count: 404 }] }),
    col({ name: 'purpose', type: 'categorical', distinct: 10 }),
    col({ name: 'applied_on', type: 'date', distinct: 2 }),
    col({ name: 'creditability', type: 'categorical', distinct: 2, top: [{ value: 'good', count: 700 }, { value: 'bad', count: 300 }] }),
  ];

  it('names a data set after its file', () => {
    expect(datasetName('german-credit.csv')).toBe('german-credit');
    expect(datasetName('C:\\data\\x.y.csv')).toBe('x.y');
    expect(datasetName('.csv')).toBe('.csv');
  });

  it('offers two- to twenty-valued columns as targets and guesses the target and its bad value', () => {
    expect(targetChoices(columns).map((c) => c.name)).toEqual(['telephone', 'creditability', 'purpose']);
    expect(guessTarget(columns)).toBe('creditability');
    expect(guessTarget(columns.filter((c) => c.name !== 'creditability'))).toBe('telephone');
    expect(guessBad(columns[4])).toBe('bad');
    expect(guessBad(col({ top: [{ value: 'A', count: 700 }, { value: 'B', count: 300 }] }))).toBe('B');
    expect(guessBad(undefined)).toBeUndefined();
  });

  it('offers every other non-date column as a variable', () => {
    expect(candidateVariables(columns, 'creditability').map((c) => c.name)).toEqual(['duration_in_month', 'telephone', 'purpose']);
  });

  it('writes quantiles in percentile order and the top values', () => {
    expect(quantilesText({ p50: 18, p5: 6, p95: 48, p25: 12 })).toBe('p5 6 · p25 12 · p50 18 · p95 48');
    expect(quantilesText(undefined)).toBe('');
    expect(topText(columns[1]!)).toBe('none 596 · yes 404');
  });
});

describe('a model’s history', () => {
  const e = (id: string, at: string, action: string, details: unknown = {}) => ({ id, version: null, action, actor: 'a.modeller', at, note: '', details });

  it('shows the newest first with the plain details', () => {
    const events = [e('1', '2026-05-01T00:00:00.000Z', 'created'), e('2', '2026-05-03T00:00:00.000Z', 'status_changed', { from: 'development', to: 'validated', nested: { x: 1 }, none: null })];
    expect(eventsNewestFirst(events).map((x) => x.id)).toEqual(['2', '1']);
    expect(eventDetails(events[1]!)).toEqual([
      ['from', 'development'],
      ['to', 'validated'],
      ['none', '—'],
    ]);
    expect(eventDetails(e('3', '2026-05-01T00:00:00.000Z', 'x', [1, 2]))).toEqual([]);
    expect(eventColor('monitoring_alert')).toBe('red');
    expect(eventColor('unknown')).toBe('gray');
  });
});
