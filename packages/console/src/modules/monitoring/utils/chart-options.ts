import type { EChartsOption } from '../../charts/echarts.ts';
import type { MonitoringDecisions, MonitoringOutcomeCounts } from '../../../api/types.ts';
import { OUTCOME_COLORS, OUTCOMES, type Outcome } from '../../../components/OutcomeTag.tsx';

/** The words a chart shows, in the user's language. */
export interface ChartLabels {
  outcome: Record<Outcome, string>;
  decisions: string;
  p50: string;
  p99: string;
  hits: string;
  share: string;
  ms: string;
}

/** The headline figures of a range. */
export interface Kpis {
  decisions: number;
  rejectRate: number | null;
  reviewRate: number | null;
  challengeRate: number | null;
  degraded: number;
  degradedRate: number | null;
  p50: number | null;
  p99: number | null;
}

export function kpis(d: MonitoringDecisions): Kpis {
  const n = d.totals.decisions;
  const rate = (k: number) => (n ? k / n : null);
  return {
    decisions: n,
    rejectRate: rate(d.totals.outcomes.reject),
    reviewRate: rate(d.totals.outcomes.review),
    challengeRate: rate(d.totals.outcomes.challenge),
    degraded: d.totals.degraded,
    degradedRate: rate(d.totals.degraded),
    p50: d.totals.latencyMs.p50,
    p99: d.totals.latencyMs.p99,
  };
}

/** What a click on a chart element of the dashboard means. */
export type ChartTarget = { kind: 'bucket'; outcome: Outcome; at: string } | { kind: 'rule'; ruleId: string };

/** Data of a clicked element, as ECharts reports it. */
export interface ChartClick {
  componentType?: string;
  seriesId?: string;
  name?: string;
  value?: unknown;
  data?: unknown;
}

/** The bucket or rule behind a click on one of the dashboard's charts, if any. */
export function chartTarget(p: ChartClick): ChartTarget | null {
  if (p.componentType !== 'series') return null;
  if (p.seriesId === 'rules' && p.name) return { kind: 'rule', ruleId: p.name };
  if (p.seriesId && (OUTCOMES as readonly string[]).includes(p.seriesId) && Array.isArray(p.value) && typeof p.value[0] === 'number') {
    return { kind: 'bucket', outcome: p.seriesId as Outcome, at: new Date(p.value[0]).toISOString() };
  }
  return null;
}

const grid = { left: 48, right: 24, top: 40, bottom: 32, containLabel: true };
// A live chart redrawn every few seconds should change in place, not replay an entry animation.
const still = { animation: false } as const;

/** The whole range asked for, its labels thinned rather than overlapping on a narrow chart. */
const timeAxis = (d: MonitoringDecisions) => ({ type: 'time' as const, min: Date.parse(d.from), max: Date.parse(d.to), axisLabel: { hideOverlap: true } });

/** Decisions per bucket by outcome, as stacked areas in the outcome colours. */
export function outcomeSeriesOption(d: MonitoringDecisions, labels: ChartLabels): EChartsOption {
  return {
    ...still,
    color: OUTCOMES.map((o) => OUTCOME_COLORS[o]),
    tooltip: { trigger: 'axis' },
    legend: { data: OUTCOMES.map((o) => labels.outcome[o]), top: 0 },
    grid,
    xAxis: timeAxis(d),
    yAxis: { type: 'value', minInterval: 1, name: labels.decisions },
    series: OUTCOMES.map((o) => ({
      id: o,
      name: labels.outcome[o],
      type: 'line',
      stack: 'outcomes',
      areaStyle: { opacity: 0.75 },
      lineStyle: { width: 1 },
      // A point marks each bucket with decisions of the outcome (and is what a click lands on);
      // empty buckets get none, so a quiet range is a clean baseline.
      showSymbol: true,
      symbolSize: (value: [number, number]) => (value[1] > 0 ? 6 : 0),
      emphasis: { focus: 'series' },
      itemStyle: { color: OUTCOME_COLORS[o] },
      data: d.series.map((b) => [Date.parse(b.at), b.outcomes[o]]),
    })),
  };
}

/** Median and 99th-percentile latency per bucket (gaps where a bucket had no decision). */
export function latencyOption(d: MonitoringDecisions, labels: ChartLabels): EChartsOption {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  const points = d.series.filter((b) => b.latencyP50 !== null).length;
  return {
    ...still,
    color: ['#1677ff', '#eb2f96'],
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.p50, labels.p99], top: 0 },
    grid,
    xAxis: timeAxis(d),
    yAxis: { type: 'value', name: labels.ms },
    // Points as long as they are few enough to read: a lone busy bucket between empty ones stays visible.
    series: [
      { id: 'p50', name: labels.p50, type: 'line', showSymbol: points <= 120, symbolSize: 5, connectNulls: false, data: d.series.map((b) => [Date.parse(b.at), round(b.latencyP50)]) },
      { id: 'p99', name: labels.p99, type: 'line', showSymbol: points <= 120, symbolSize: 5, connectNulls: false, data: d.series.map((b) => [Date.parse(b.at), round(b.latencyP99)]) },
    ],
  };
}

/** The rules hit most, the busiest on top. */
export function topRulesOption(d: MonitoringDecisions, labels: ChartLabels): EChartsOption {
  const rules = [...d.topRules].reverse();
  return {
    ...still,
    color: ['#fa541c'],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: Array<{ dataIndex: number }>) => {
        const r = rules[ps[0]?.dataIndex ?? -1];
        return r ? `${escapeHtml(r.ruleId)}<br/>${escapeHtml(labels.hits)}: ${r.hits}<br/>${escapeHtml(labels.share)}: ${(r.share * 100).toFixed(2)}%` : '';
      },
    },
    grid: { ...grid, top: 16, left: 16, right: 56 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rules.map((r) => r.ruleId), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [{ id: 'rules', name: labels.hits, type: 'bar', barMaxWidth: 18, cursor: 'pointer', data: rules.map((r) => r.hits), label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => `${(rules[p.dataIndex]!.share * 100).toFixed(1)}%` } }],
  };
}

/** ECharts renders tooltip text as HTML. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A chart's height for a horizontal bar per rule. */
export function topRulesHeight(d: MonitoringDecisions): number {
  return Math.max(160, 48 + d.topRules.length * 22);
}

/** The share of one outcome in a row of counts. */
export function outcomeShare(counts: MonitoringOutcomeCounts, outcome: Outcome, decisions: number): number | null {
  return decisions ? counts[outcome] / decisions : null;
}
