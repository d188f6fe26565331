import type { EChartsOption } from '../../charts/echarts.ts';
import { OUTCOME_COLORS, OUTCOMES, type Outcome } from '../../../components/OutcomeTag.tsx';

type Label = (outcome: string) => string;

const outcomeColor = (o: string) => OUTCOME_COLORS[o as Outcome] ?? '#8c8c8c';
/** The four outcomes first, in their order, then anything else the data holds. */
export function outcomeKeys(...maps: Array<Record<string, number> | null | undefined>): string[] {
  const seen = new Set<string>(OUTCOMES.filter((o) => maps.some((m) => m && o in m)));
  for (const m of maps) for (const k of Object.keys(m ?? {})) seen.add(k);
  return [...seen];
}

/** Shares of a count map (they sum to 1; empty when nothing was counted). */
export function shares(counts: Record<string, number>): Record<string, number> {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return total ? Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, n / total])) : {};
}

/**
 * Outcome shares of several series side by side (canary vs champion, runs of a comparison): one
 * bar group per outcome, one bar per series, as percentages.
 */
export function outcomeSharesOption(series: Array<{ name: string; shares: Record<string, number> | null | undefined }>, label: Label): EChartsOption {
  const keys = outcomeKeys(...series.map((s) => s.shares));
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${Number(v).toFixed(2)}%` },
    legend: { show: series.length > 1, top: 0, data: series.map((s) => s.name) },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: keys.map(label) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: series.map((s) => ({ name: s.name, type: 'bar', data: keys.map((k) => ({ value: Number((((s.shares ?? {})[k] ?? 0) * 100).toFixed(4)), itemStyle: series.length === 1 ? { color: outcomeColor(k) } : undefined })) })),
  };
}

/** Hit counts per rule, the most hit first (at most `top` rules), one bar per series. */
export function ruleHitsOption(series: Array<{ name: string; hits: Record<string, number> | null | undefined }>, top = 20): EChartsOption {
  const totals = new Map<string, number>();
  for (const s of series) for (const [r, n] of Object.entries(s.hits ?? {})) totals.set(r, (totals.get(r) ?? 0) + n);
  const rules = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top).map(([r]) => r).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { show: series.length > 1, top: 0, data: series.map((s) => s.name) },
    grid: { left: 160, right: 24, top: 32, bottom: 24 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rules, axisLabel: { width: 150, overflow: 'truncate' } },
    series: series.map((s) => ({ name: s.name, type: 'bar', data: rules.map((r) => (s.hits ?? {})[r] ?? 0) })),
  };
}

/** Several runs' values of a few metrics (precision, recall, …) as grouped bars, one group per metric. */
export function metricsOption(runs: string[], metrics: Array<{ name: string; values: Array<number | null> }>, percent: boolean): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll', data: runs },
    grid: { left: 56, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: metrics.map((m) => m.name) },
    yAxis: { type: 'value', ...(percent ? { axisLabel: { formatter: '{value}%' } } : {}) },
    series: runs.map((run, i) => ({ name: run, type: 'bar', data: metrics.map((m) => (m.values[i] === null || m.values[i] === undefined ? null : percent ? Number(((m.values[i] as number) * 100).toFixed(4)) : m.values[i])) })),
  };
}

/** Outcome agreement matrix (champion rows × challenger columns) as a table's rows. */
export function matrixRows<R extends string, C extends string>(cells: Array<Record<R | C | 'count', string | number>>, rowKey: R, colKey: C): { cols: string[]; rows: Array<{ key: string } & Record<string, number | string>> } {
  const rowsSet = outcomeKeys(Object.fromEntries(cells.map((c) => [String(c[rowKey]), 1])));
  const cols = outcomeKeys(Object.fromEntries(cells.map((c) => [String(c[colKey]), 1])));
  const rows = rowsSet.map((r) => {
    const row: { key: string } & Record<string, number | string> = { key: r };
    for (const col of cols) row[col] = cells.filter((c) => c[rowKey] === r && c[colKey] === col).reduce((t, c) => t + Number(c.count), 0);
    return row;
  });
  return { cols, rows };
}
