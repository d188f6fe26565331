import type { EChartsOption } from '../../charts/echarts.ts';
import type { MonitoringRun, MonitoringConfig } from '../../../api/types.ts';
import type { KsPoint, SampleEvaluation, VariableBinning } from './artefact-types.ts';
import { binShares } from './model-format.ts';

/** The words a chart shows, in the user's language. */
export interface ModelChartLabels {
  share: string;
  eventRate: string;
  woe: string;
  score: string;
  cumBad: string;
  cumGood: string;
  ks: string;
  fpr: string;
  tpr: string;
  random: string;
  roc: string;
  psi: string;
  maxCsi: string;
  auc: string;
  expected: string;
  actual: string;
  psiWarning: string;
  psiAlert: string;
  csiAlert: string;
  ksAlert: string;
  aucAlert: string;
}

const pct = (v: number) => Number((v * 100).toFixed(4));
const round = (v: number, digits = 4) => Number(v.toFixed(digits));
const still = { animation: false } as const;

/** What the binning chart of a variable draws: per bin its label, row share, event rate and WOE. */
export function binningSeries(b: Pick<VariableBinning, 'bins'>): { labels: string[]; share: number[]; eventRate: number[]; woe: number[] } {
  const shares = binShares(b.bins);
  return { labels: b.bins.map((x) => x.label), share: shares.map(pct), eventRate: b.bins.map((x) => pct(x.eventRate)), woe: b.bins.map((x) => round(x.woe)) };
}

/**
 * A variable's bins: bars of the row share (left axis, %) and a line of the event rate (%) or of
 * the WOE (right axis).
 */
export function binningOption(b: Pick<VariableBinning, 'bins'>, line: 'eventRate' | 'woe', labels: ModelChartLabels): EChartsOption {
  const s = binningSeries(b);
  const lineName = line === 'woe' ? labels.woe : labels.eventRate;
  return {
    ...still,
    color: ['#91caff', line === 'woe' ? '#722ed1' : '#f5222d'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.share, lineName] },
    grid: { left: 48, right: 56, top: 36, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: s.labels, axisLabel: { interval: 0, rotate: s.labels.length > 5 ? 30 : 0, width: 120, overflow: 'truncate' } },
    yAxis: [
      { type: 'value', name: labels.share, axisLabel: { formatter: '{value}%' } },
      line === 'woe' ? { type: 'value', name: labels.woe, splitLine: { show: false } } : { type: 'value', name: labels.eventRate, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { id: 'share', name: labels.share, type: 'bar', barMaxWidth: 48, data: s.share },
      { id: line, name: lineName, type: 'line', yAxisIndex: 1, symbolSize: 7, data: line === 'woe' ? s.woe : s.eventRate },
    ],
  };
}

/** The point of a KS curve where the cumulative shares of bads and goods are farthest apart. */
export function ksPoint(curve: readonly KsPoint[]): (KsPoint & { ks: number }) | null {
  let best: (KsPoint & { ks: number }) | null = null;
  for (const p of curve) {
    const ks = Math.abs(p.cumBad - p.cumGood);
    if (!best || ks > best.ks) best = { ...p, ks };
  }
  return best;
}

/** Cumulative shares of bads and goods by score, with the KS gap drawn where it is widest. */
export function ksOption(e: Pick<SampleEvaluation, 'ksCurve'>, labels: ModelChartLabels): EChartsOption {
  const curve = [...e.ksCurve].sort((a, b) => a.score - b.score);
  const at = ksPoint(curve);
  return {
    ...still,
    color: ['#f5222d', '#52c41a', '#595959'],
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${Number(v).toFixed(2)}%` },
    legend: { top: 0, data: [labels.cumBad, labels.cumGood, labels.ks] },
    grid: { left: 48, right: 24, top: 36, bottom: 40, containLabel: true },
    xAxis: { type: 'value', name: labels.score, nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { id: 'cumBad', name: labels.cumBad, type: 'line', showSymbol: false, data: curve.map((p) => [p.score, pct(p.cumBad)]) },
      { id: 'cumGood', name: labels.cumGood, type: 'line', showSymbol: false, data: curve.map((p) => [p.score, pct(p.cumGood)]) },
      {
        id: 'ks',
        name: labels.ks,
        type: 'line',
        lineStyle: { type: 'dashed', width: 2 },
        symbolSize: 6,
        // The KS written once, beside the upper end of the gap.
        data: at
          ? [
              { value: [at.score, pct(Math.max(at.cumBad, at.cumGood))], label: { show: true, position: 'right', formatter: `${labels.ks} ${round(at.ks, 3)}` } },
              { value: [at.score, pct(Math.min(at.cumBad, at.cumGood))] },
            ]
          : [],
      },
    ],
  };
}

/** The ROC curve (false against true positive rate) over the diagonal of a random score; the AUC in the legend. */
export function rocOption(e: Pick<SampleEvaluation, 'roc'>, auc: number | null | undefined, labels: ModelChartLabels): EChartsOption {
  const points = [...e.roc].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const name = auc === null || auc === undefined ? labels.roc : `${labels.roc} (${labels.auc} ${auc.toFixed(3)})`;
  return {
    ...still,
    color: ['#1677ff', '#bfbfbf'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [name, labels.random] },
    grid: { left: 48, right: 24, top: 36, bottom: 40, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 1, name: labels.fpr, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', min: 0, max: 1, name: labels.tpr, nameLocation: 'middle', nameGap: 36 },
    series: [
      { id: 'roc', name, type: 'line', showSymbol: false, areaStyle: { opacity: 0.12 }, data: points.map(([x, y]) => [round(x), round(y)]) },
      { id: 'random', name: labels.random, type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: [[0, 0], [1, 1]] },
    ],
  };
}

/** The runs of a model oldest first (the order of a chart over time). */
export function runsChronological(runs: readonly MonitoringRun[]): MonitoringRun[] {
  return [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/** The characteristic with the largest CSI of a run, if it measured any. */
export function maxCsi(run: Pick<MonitoringRun, 'csi'>): { name: string; value: number } | null {
  let best: { name: string; value: number } | null = null;
  for (const [name, value] of Object.entries(run.csi)) if (Number.isFinite(value) && (!best || value > best.value)) best = { name, value };
  return best;
}

/** A horizontal threshold drawn across a time chart as a dashed line of its own (named in the legend). */
function thresholdSeries(id: string, name: string, value: number | null, color: string, xs: number[]) {
  const from = Math.min(...xs);
  const to = Math.max(...xs);
  return { id, name, type: 'line' as const, showSymbol: false, silent: true, lineStyle: { type: 'dashed' as const, width: 1, color }, itemStyle: { color }, data: value === null || !xs.length ? [] : [[from, value], [to, value]] };
}

/** Score PSI and the largest CSI of each run over time, with the warning and alert thresholds. */
export function stabilityTrendOption(runs: readonly MonitoringRun[], thresholds: MonitoringConfig['thresholds'], labels: ModelChartLabels): EChartsOption {
  const rs = runsChronological(runs);
  const xs = rs.map((r) => Date.parse(r.windowTo));
  return {
    ...still,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.psi, labels.maxCsi, labels.psiWarning, labels.psiAlert, labels.csiAlert] },
    grid: { left: 48, right: 24, top: 48, bottom: 32, containLabel: true },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0 },
    series: [
      { id: 'psi', name: labels.psi, type: 'line', symbolSize: 6, connectNulls: false, itemStyle: { color: '#1677ff' }, data: rs.map((r, i) => [xs[i], r.scorePsi === null ? null : round(r.scorePsi)]) },
      { id: 'maxCsi', name: labels.maxCsi, type: 'line', symbolSize: 6, connectNulls: false, itemStyle: { color: '#13c2c2' }, data: rs.map((r, i) => [xs[i], maxCsi(r) ? round(maxCsi(r)!.value) : null]) },
      thresholdSeries('psiWarning', labels.psiWarning, thresholds.psiWarning, '#faad14', xs),
      thresholdSeries('psiAlert', labels.psiAlert, thresholds.psiAlert, '#f5222d', xs),
      thresholdSeries('csiAlert', labels.csiAlert, thresholds.csiAlert, '#eb2f96', xs),
    ],
  };
}

/**
 * KS and AUC of each run with mature labels over time, with the alert lines: the development
 * sample's KS and AUC less the allowed drop (when the development values are known).
 */
export function discriminationTrendOption(runs: readonly MonitoringRun[], thresholds: MonitoringConfig['thresholds'], development: { ks: number; auc: number } | null, labels: ModelChartLabels): EChartsOption {
  const rs = runsChronological(runs);
  const xs = rs.map((r) => Date.parse(r.windowTo));
  const ksLine = development ? round(development.ks - thresholds.ksDropAlert) : null;
  const aucLine = development ? round(development.auc - thresholds.aucDropAlert) : null;
  return {
    ...still,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.ks, labels.auc, labels.ksAlert, labels.aucAlert] },
    grid: { left: 48, right: 24, top: 48, bottom: 32, containLabel: true },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: 1 },
    series: [
      { id: 'ks', name: labels.ks, type: 'line', symbolSize: 6, connectNulls: false, itemStyle: { color: '#fa8c16' }, data: rs.map((r, i) => [xs[i], r.ks === null ? null : round(r.ks)]) },
      { id: 'auc', name: labels.auc, type: 'line', symbolSize: 6, connectNulls: false, itemStyle: { color: '#722ed1' }, data: rs.map((r, i) => [xs[i], r.auc === null ? null : round(r.auc)]) },
      thresholdSeries('ksAlert', labels.ksAlert, ksLine, '#fa8c16', xs),
      thresholdSeries('aucAlert', labels.aucAlert, aucLine, '#722ed1', xs),
    ],
  };
}

/** Values as shares of their sum (counts or shares alike), in %. */
export function sharesPct(values: readonly number[]): number[] {
  const total = values.reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0);
  return values.map((v) => (total && Number.isFinite(v) ? pct(v / total) : 0));
}

/** A run's score distribution against the development sample's, per score bin (shares, %). */
export function scoreBinsOption(run: Pick<MonitoringRun, 'scoreBins'>, labels: ModelChartLabels): EChartsOption {
  const expected = sharesPct(run.scoreBins.map((b) => b.expected));
  const actual = sharesPct(run.scoreBins.map((b) => b.actual));
  return {
    ...still,
    color: ['#bfbfbf', '#1677ff'],
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${Number(v).toFixed(2)}%` },
    legend: { top: 0, data: [labels.expected, labels.actual] },
    grid: { left: 48, right: 24, top: 36, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: run.scoreBins.map((b) => b.label), axisLabel: { interval: 0, rotate: run.scoreBins.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      { id: 'expected', name: labels.expected, type: 'bar', data: expected },
      { id: 'actual', name: labels.actual, type: 'bar', data: actual },
    ],
  };
}
