import { describe, expect, it } from 'vitest';
import type { MonitoringDecisions, Org } from '../src/api/types.ts';
import { OUTCOME_COLORS } from '../src/components/OutcomeTag.tsx';
import { chartTarget, kpis, latencyOption, outcomeSeriesOption, topRulesOption, type ChartLabels } from '../src/modules/monitoring/utils/chart-options.ts';
import { bucketSpan, decisionsUrl } from '../src/modules/monitoring/utils/drill-down.ts';
import { subtreeOf } from '../src/modules/monitoring/utils/org-filter.ts';
import { customRangeProblem, isLive, liveRefreshMs, rangeKey, resolveRange, RANGE_PRESETS } from '../src/modules/monitoring/utils/time-range.ts';

const labels: ChartLabels = { outcome: { pass: 'P', review: 'Rv', challenge: 'C', reject: 'Rj' }, decisions: 'n', p50: 'p50', p99: 'p99', hits: 'hits', share: 'share', ms: 'ms' };
const counts = (pass: number, review: number, challenge: number, reject: number) => ({ pass, review, challenge, reject });

const sample: MonitoringDecisions = {
  from: '2026-11-21T10:00:30.000Z',
  to: '2026-11-21T10:03:30.000Z',
  interval: '1m',
  intervalSeconds: 60,
  eventType: null,
  org: null,
  totals: { decisions: 8, outcomes: counts(4, 2, 0, 2), degraded: 1, latencyMs: { p50: 1.5, p95: 4, p99: 4.8 }, avgScore: 30 },
  series: [
    { at: '2026-11-21T10:00:00.000Z', decisions: 3, outcomes: counts(2, 1, 0, 0), degraded: 0, latencyP50: 1.2, latencyP99: 2.456 },
    { at: '2026-11-21T10:01:00.000Z', decisions: 0, outcomes: counts(0, 0, 0, 0), degraded: 0, latencyP50: null, latencyP99: null },
    { at: '2026-11-21T10:02:00.000Z', decisions: 4, outcomes: counts(2, 0, 0, 2), degraded: 1, latencyP50: 2, latencyP99: 5 },
    { at: '2026-11-21T10:03:00.000Z', decisions: 1, outcomes: counts(0, 1, 0, 0), degraded: 0, latencyP50: 1, latencyP99: 1 },
  ],
  topRules: [
    { ruleId: 'foreign_cash_out', hits: 2, share: 0.25 },
    { ruleId: 'list:merchant_greylist', hits: 1, share: 0.125 },
  ],
  eventTypes: [{ eventType: 'card_auth', decisions: 8, outcomes: counts(4, 2, 0, 2), latencyP99: 4.8 }],
  orgs: [{ org: 'bank_a', decisions: 8, outcomes: counts(4, 2, 0, 2) }],
};

describe('monitoring time ranges', () => {
  const now = Date.parse('2026-11-21T10:00:00.400Z');
  it('turns a preset into the window ending now (to the next second) with its bucket width', () => {
    expect(resolveRange({ preset: '1h' }, now)).toEqual({ from: '2026-11-21T09:00:01.000Z', to: '2026-11-21T10:00:01.000Z', interval: '1m' });
    expect(resolveRange({ preset: '15m' }, now).interval).toBe('1m');
    expect(resolveRange({ preset: '6h' }, now).interval).toBe('5m');
    expect(resolveRange({ preset: '24h' }, now)).toMatchObject({ from: '2026-11-20T10:00:01.000Z', interval: '15m' });
    expect(resolveRange({ preset: '7d' }, now)).toMatchObject({ from: '2026-11-14T10:00:01.000Z', interval: '1h' });
    expect(RANGE_PRESETS).toEqual(['15m', '1h', '6h', '24h', '7d']);
  });

  it('keeps a custom range as given and lets the server choose its buckets', () => {
    const custom = { custom: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' } };
    expect(resolveRange(custom, now)).toEqual(custom.custom);
    expect(isLive(custom)).toBe(false);
    expect(isLive({ preset: '15m' })).toBe(true);
    expect(liveRefreshMs(custom)).toBeNull();
    expect(liveRefreshMs({ preset: '1h' })).toBe(10_000);
    expect(liveRefreshMs({ preset: '7d' })).toBe(300_000);
    expect(rangeKey(custom)).toBe('2026-11-01T00:00:00.000Z/2026-11-02T00:00:00.000Z');
    expect(rangeKey({ preset: '6h' })).toBe('6h');
  });

  it('refuses a custom range that ends before it starts or covers more than 31 days', () => {
    const d = Date.parse('2026-11-01T00:00:00Z');
    expect(customRangeProblem(d, d)).toBe('toBeforeFrom');
    expect(customRangeProblem(d, d - 1)).toBe('toBeforeFrom');
    expect(customRangeProblem(d, d + 31 * 86_400_000)).toBeNull();
    expect(customRangeProblem(d, d + 31 * 86_400_000 + 1)).toBe('tooLong');
  });
});

describe('monitoring drill-down', () => {
  it('builds the decision search URL of the contract, leaving out what is not set', () => {
    expect(decisionsUrl({ outcome: 'reject', eventType: 'card_auth', rule: 'R1', org: 'bank_a', from: '2026-11-21T10:00:00.000Z', to: '2026-11-21T11:00:00.000Z' })).toBe(
      '/decisions?outcome=reject&eventType=card_auth&rule=R1&org=bank_a&from=2026-11-21T10%3A00%3A00.000Z&to=2026-11-21T11%3A00%3A00.000Z',
    );
    expect(decisionsUrl({ rule: 'list:card_blacklist', from: 'a', to: 'b' })).toBe('/decisions?rule=list%3Acard_blacklist&from=a&to=b');
  });

  it('cuts a bucket to the range asked for', () => {
    expect(bucketSpan('2026-11-21T10:00:00.000Z', 60, sample)).toEqual({ from: '2026-11-21T10:00:30.000Z', to: '2026-11-21T10:01:00.000Z' });
    expect(bucketSpan('2026-11-21T10:02:00.000Z', 60, sample)).toEqual({ from: '2026-11-21T10:02:00.000Z', to: '2026-11-21T10:03:00.000Z' });
    expect(bucketSpan('2026-11-21T10:03:00.000Z', 60, sample)).toEqual({ from: '2026-11-21T10:03:00.000Z', to: '2026-11-21T10:03:30.000Z' });
  });

  it('knows which bucket, outcome or rule a chart click was on', () => {
    expect(chartTarget({ componentType: 'series', seriesId: 'reject', value: [Date.parse('2026-11-21T10:02:00Z'), 2] })).toEqual({ kind: 'bucket', outcome: 'reject', at: '2026-11-21T10:02:00.000Z' });
    expect(chartTarget({ componentType: 'series', seriesId: 'rules', name: 'foreign_cash_out', value: 2 })).toEqual({ kind: 'rule', ruleId: 'foreign_cash_out' });
    expect(chartTarget({ componentType: 'series', seriesId: 'p99', value: [1, 2] })).toBeNull();
    expect(chartTarget({ componentType: 'legend' })).toBeNull();
  });
});

describe('monitoring figures and charts', () => {
  it('derives the KPI rates from the totals, and none without decisions', () => {
    expect(kpis(sample)).toEqual({ decisions: 8, rejectRate: 0.25, reviewRate: 0.25, challengeRate: 0, degraded: 1, degradedRate: 0.125, p50: 1.5, p99: 4.8 });
    const none = { ...sample, totals: { decisions: 0, outcomes: counts(0, 0, 0, 0), degraded: 0, latencyMs: { p50: null, p95: null, p99: null }, avgScore: null } };
    expect(kpis(none)).toMatchObject({ decisions: 0, rejectRate: null, p50: null });
  });

  it('stacks the outcomes per bucket over the whole range, in the outcome colours', () => {
    const o = outcomeSeriesOption(sample, labels) as any;
    expect(o.xAxis).toMatchObject({ type: 'time', min: Date.parse(sample.from), max: Date.parse(sample.to) });
    expect(o.series.map((s: any) => s.id)).toEqual(['pass', 'review', 'challenge', 'reject']);
    expect(o.series.map((s: any) => s.name)).toEqual(['P', 'Rv', 'C', 'Rj']);
    expect(new Set(o.series.map((s: any) => s.stack))).toEqual(new Set(['outcomes']));
    expect(o.series[3].itemStyle.color).toBe(OUTCOME_COLORS.reject);
    // Points only where the outcome had decisions.
    expect([0, 2].map((v) => o.series[3].symbolSize([0, v]))).toEqual([0, 6]);
    expect(o.series[3].data).toEqual([
      [Date.parse('2026-11-21T10:00:00Z'), 0],
      [Date.parse('2026-11-21T10:01:00Z'), 0],
      [Date.parse('2026-11-21T10:02:00Z'), 2],
      [Date.parse('2026-11-21T10:03:00Z'), 0],
    ]);
  });

  it('draws p50 and p99 latency with gaps for empty buckets', () => {
    const o = latencyOption(sample, labels) as any;
    expect(o.series.map((s: any) => s.id)).toEqual(['p50', 'p99']);
    expect(o.series[1].data.map((p: any) => p[1])).toEqual([2.46, null, 5, 1]);
    expect(o.series[1].showSymbol).toBe(true);
  });

  it('lists the top rules busiest on top, each bar clickable by its rule id', () => {
    const o = topRulesOption(sample, labels) as any;
    expect(o.yAxis.data).toEqual(['list:merchant_greylist', 'foreign_cash_out']);
    expect(o.series[0]).toMatchObject({ id: 'rules', data: [1, 2] });
    expect(o.series[0].label.formatter({ dataIndex: 1 })).toBe('25.0%');
    expect(o.tooltip.formatter([{ dataIndex: 0 }])).toBe('list:merchant_greylist<br/>hits: 1<br/>share: 12.50%');
    const hostile = topRulesOption({ ...sample, topRules: [{ ruleId: '<img src=x>', hits: 1, share: 1 }] }, labels) as any;
    expect(hostile.tooltip.formatter([{ dataIndex: 0 }])).not.toContain('<img');
  });
});

describe('the page org filter', () => {
  const org = (id: string, parentId: string | null): Org => ({ id, parentId, kind: 'legal_entity', name: { zh: id, en: id } });
  const orgs = [org('root', null), org('bank_a', 'root'), org('bank_a_hz', 'bank_a'), org('bank_b', 'root')];
  it('offers the org chosen in the header and the orgs below it', () => {
    expect(subtreeOf(orgs, undefined).map((o) => o.id)).toEqual(['root', 'bank_a', 'bank_a_hz', 'bank_b']);
    expect(subtreeOf(orgs, 'bank_a').map((o) => o.id)).toEqual(['bank_a', 'bank_a_hz']);
    expect(subtreeOf(orgs, 'gone')).toEqual([]);
  });
});
