import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ComponentProps, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Col, DatePicker, Empty, Row, Segmented, Select, Space, Statistic, Switch, Table, Tooltip, TreeSelect, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { MonitoringEventTypeStats, MonitoringOrgStats } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { OUTCOME_COLORS, OUTCOMES, type Outcome } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { orgTree } from '../../org-scope/org-tree.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { useDocumentVisible } from '../hooks/use-document-visible.ts';
import { useMonitoringDecisions } from '../hooks/use-monitoring-decisions.ts';
import { RuleQualityCard } from './RuleQualityCard.tsx';
import { chartTarget, kpis, latencyOption, outcomeSeriesOption, topRulesHeight, topRulesOption, type ChartClick, type ChartLabels } from '../utils/chart-options.ts';
import { bucketSpan, decisionsUrl } from '../utils/drill-down.ts';
import { customRangeProblem, isLive, liveRefreshMs, RANGE_PRESETS, type RangeChoice, type RangePreset } from '../utils/time-range.ts';
import { subtreeOf } from '../utils/org-filter.ts';

const LazyEChart = lazy(() => import('../../charts/components/EChart.tsx').then((m) => ({ default: m.EChart })));

/** A chart, loaded with ECharts on first use, holding its place meanwhile. */
function EChart(props: ComponentProps<typeof LazyEChart>) {
  return (
    <Suspense fallback={<div style={{ height: 320, ...props.style }} />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}

const CUSTOM = 'custom';
const ALL = '';

/** The monitoring dashboard: what the engine decided over a range, live, with a way into the decisions behind each figure. */
export function MonitoringPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const text = useText();
  const navigate = useNavigate();
  const visible = useDocumentVisible();
  const { orgs, selected: switcherOrg } = useOrgScope();

  const [range, setRange] = useState<RangeChoice>({ preset: '1h' });
  const [draft, setDraft] = useState<[Dayjs, Dayjs] | null>(null);
  const [eventType, setEventType] = useState<string | undefined>();
  const [pageOrg, setPageOrg] = useState<string | undefined>();
  const [liveWanted, setLiveWanted] = useState(true);
  const [seenEventTypes, setSeenEventTypes] = useState<string[]>([]);

  // The page's own org filter narrows within the org chosen in the header.
  const orgChoices = useMemo(() => subtreeOf(orgs, switcherOrg), [orgs, switcherOrg]);
  const org = pageOrg && orgChoices.some((o) => o.id === pageOrg) ? pageOrg : switcherOrg;
  const live = liveWanted && isLive(range);

  const query = useMonitoringDecisions({ range, eventType, org }, live);
  const data = query.data;

  // Event types offered: every one that had decisions in what this page has shown so far.
  useEffect(() => {
    const found = data?.eventTypes.map((e) => e.eventType) ?? [];
    setSeenEventTypes((prev) => (found.every((e) => prev.includes(e)) ? prev : [...new Set([...prev, ...found])].sort()));
  }, [data]);

  const labels = useMemo<ChartLabels>(
    () => ({
      outcome: { pass: t('outcome.pass'), review: t('outcome.review'), challenge: t('outcome.challenge'), reject: t('outcome.reject') },
      decisions: t('monitoring.chart.decisions'),
      p50: t('monitoring.chart.p50'),
      p99: t('monitoring.chart.p99'),
      hits: t('monitoring.chart.hits'),
      share: t('monitoring.chart.share'),
      ms: t('monitoring.chart.ms'),
    }),
    [t],
  );
  const options = useMemo(() => (data ? { outcomes: outcomeSeriesOption(data, labels), latency: latencyOption(data, labels), rules: topRulesOption(data, labels) } : null), [data, labels]);

  const drill = useCallback(
    (d: { outcome?: string; eventType?: string; rule?: string; org?: string; from?: string; to?: string }) => {
      if (!data) return;
      navigate(decisionsUrl({ eventType, org, ...d, from: d.from ?? data.from, to: d.to ?? data.to }));
    },
    [data, eventType, org, navigate],
  );
  const onChartClick = useCallback(
    (p: ChartClick) => {
      if (!data) return;
      const target = chartTarget(p);
      if (target?.kind === 'bucket') drill({ outcome: target.outcome, ...bucketSpan(target.at, data.intervalSeconds, data) });
      else if (target?.kind === 'rule') drill({ rule: target.ruleId });
    },
    [data, drill],
  );

  const rangeProblem = draft ? customRangeProblem(draft[0].valueOf(), draft[1].valueOf()) : null;
  const applyCustom = (value: [Dayjs, Dayjs] | null) => {
    setDraft(value);
    if (value && !customRangeProblem(value[0].valueOf(), value[1].valueOf())) setRange({ custom: { from: value[0].toISOString(), to: value[1].toISOString() } });
  };

  const k = data ? kpis(data) : null;
  const intervalText = data ? t(`monitoring.interval.${data.interval as '1m'}`) : '';

  return (
    <div data-testid="monitoring-page">
      <PageHeader
        title={t(page.labelKey)}
        description={t('monitoring.subtitle')}
        extra={
          <Space size={12} wrap>
            <Typography.Text type="secondary" data-testid="monitoring-updated">
              {live && !visible ? t('monitoring.live.paused') : query.dataUpdatedAt ? t('monitoring.live.updated', { time: fmt.dateTime(query.dataUpdatedAt) }) : ''}
            </Typography.Text>
            <Tooltip title={t('monitoring.live.every', { seconds: (liveRefreshMs(range) ?? 10_000) / 1000 })}>
              <Space size={6}>
                <Switch size="small" checked={live} disabled={!isLive(range)} onChange={setLiveWanted} data-testid="monitoring-live" aria-label={t('monitoring.live.toggle')} />
                <Typography.Text>{t('monitoring.live.toggle')}</Typography.Text>
              </Space>
            </Tooltip>
            <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()} loading={query.isFetching} data-testid="monitoring-refresh">
              {t('monitoring.refresh')}
            </Button>
          </Space>
        }
      />

      <Card size="small" style={{ marginBottom: 16 }}>
        <Space size={16} wrap align="start">
          <Space orientation="vertical" size={4}>
            <Segmented
              data-testid="monitoring-range"
              aria-label={t('monitoring.range.label')}
              value={'preset' in range ? range.preset : CUSTOM}
              options={[...RANGE_PRESETS.map((p) => ({ value: p, label: t(`monitoring.range.preset.${p}`) })), { value: CUSTOM, label: t('monitoring.range.custom') }]}
              onChange={(v) => {
                if (v === CUSTOM) {
                  const base: [Dayjs, Dayjs] = data ? [dayjs(data.from), dayjs(data.to)] : [dayjs().subtract(1, 'hour'), dayjs()];
                  applyCustom(draft ?? base);
                } else setRange({ preset: v as RangePreset });
              }}
            />
            {'custom' in range && (
              <>
                <DatePicker.RangePicker
                  data-testid="monitoring-custom-range"
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  value={draft}
                  allowClear={false}
                  status={rangeProblem ? 'error' : undefined}
                  onChange={(v) => v && v[0] && v[1] && applyCustom([v[0], v[1]])}
                />
                {rangeProblem && <Typography.Text type="danger">{rangeProblem === 'toBeforeFrom' ? t('monitoring.range.toBeforeFrom') : t('monitoring.range.tooLong')}</Typography.Text>}
              </>
            )}
          </Space>
          <Select
            data-testid="monitoring-event-type"
            style={{ minWidth: 200 }}
            aria-label={t('monitoring.filter.eventType')}
            value={eventType ?? ALL}
            onChange={(v: string) => setEventType(v || undefined)}
            options={[{ value: ALL, label: t('monitoring.filter.allEventTypes') }, ...[...new Set([...seenEventTypes, ...(eventType ? [eventType] : [])])].map((e) => ({ value: e, label: e }))]}
          />
          {orgChoices.length > 1 && (
            <TreeSelect
              data-testid="monitoring-org"
              style={{ minWidth: 220 }}
              aria-label={t('monitoring.filter.org')}
              value={pageOrg && pageOrg === org ? pageOrg : ALL}
              treeDefaultExpandAll
              popupMatchSelectWidth={false}
              treeData={[{ value: ALL, title: t('monitoring.filter.allOrgs'), children: orgTree(orgChoices, (o) => text(o.name)) }]}
              onChange={(v: string) => setPageOrg(v || undefined)}
            />
          )}
        </Space>
      </Card>

      <ErrorAlert error={query.error} />

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="monitoring-kpis">
        <Kpi testId="kpi-decisions" title={t('monitoring.kpi.decisions')} value={k ? fmt.number(k.decisions, 0) : undefined} loading={query.isPending} />
        <Kpi testId="kpi-reject-rate" title={t('monitoring.kpi.rejectRate')} value={k ? fmt.percent(k.rejectRate, 2) || '–' : undefined} color={OUTCOME_COLORS.reject} loading={query.isPending} />
        <Kpi testId="kpi-review-rate" title={t('monitoring.kpi.reviewRate')} value={k ? fmt.percent(k.reviewRate, 2) || '–' : undefined} color={OUTCOME_COLORS.review} loading={query.isPending} />
        <Kpi testId="kpi-challenge-rate" title={t('monitoring.kpi.challengeRate')} value={k ? fmt.percent(k.challengeRate, 2) || '–' : undefined} color={OUTCOME_COLORS.challenge} loading={query.isPending} />
        <Kpi testId="kpi-degraded" title={t('monitoring.kpi.degraded')} value={k ? `${fmt.number(k.degraded, 0)}${k.degradedRate ? ` (${fmt.percent(k.degradedRate, 2)})` : ''}` : undefined} loading={query.isPending} />
        <Kpi testId="kpi-p50" title={t('monitoring.kpi.p50')} value={k ? (k.p50 === null ? '–' : `${fmt.number(k.p50, 2)} ${t('monitoring.kpi.ms')}`) : undefined} loading={query.isPending} />
        <Kpi testId="kpi-p99" title={t('monitoring.kpi.p99')} value={k ? (k.p99 === null ? '–' : `${fmt.number(k.p99, 2)} ${t('monitoring.kpi.ms')}`) : undefined} loading={query.isPending} />
      </Row>

      {data && options && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {data.totals.decisions === 0 ? t('monitoring.empty') : t('monitoring.drillHint')}
          </Typography.Paragraph>
          <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Card size="small" title={t('monitoring.chart.outcomes')} extra={<Typography.Text type="secondary">{t('monitoring.chart.perInterval', { interval: intervalText })}</Typography.Text>}>
                  <EChart option={options.outcomes} onClick={onChartClick} testId="chart-outcomes" />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card size="small" title={t('monitoring.chart.latency')} extra={<Typography.Text type="secondary">{t('monitoring.chart.perInterval', { interval: intervalText })}</Typography.Text>}>
                  <EChart option={options.latency} testId="chart-latency" />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card size="small" title={t('monitoring.chart.topRules')}>
                  {data.topRules.length ? (
                    <EChart option={options.rules} onClick={onChartClick} style={{ height: topRulesHeight(data) }} testId="chart-rules" />
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.noRules')} />
                  )}
                </Card>
              </Col>
              <Col xs={24} xl={14}>
                <Card size="small" title={t('monitoring.byEventType')} style={{ marginBottom: 16 }}>
                  <BreakdownTable
                    testId="monitoring-by-event-type"
                    rows={data.eventTypes}
                    rowKey={(r) => r.eventType}
                    nameTitle={t('monitoring.col.eventType')}
                    name={(r) => r.eventType}
                    onOpen={(r, outcome) => drill({ eventType: r.eventType, outcome })}
                    p99
                  />
                </Card>
                <Card size="small" title={t('monitoring.byOrg')}>
                  <BreakdownTable testId="monitoring-by-org" rows={data.orgs} rowKey={(r) => r.org} nameTitle={t('monitoring.col.org')} name={(r) => <OrgName id={r.org} />} onOpen={(r, outcome) => drill({ org: r.org, outcome })} />
                </Card>
              </Col>
          </Row>
          <div style={{ marginTop: 16 }}>
            <RuleQualityCard range={range} eventType={eventType} org={org} onRule={(rule) => drill({ rule })} />
          </div>
        </>
      )}
    </div>
  );
}

function Kpi({ title, value, color, loading, testId }: { title: string; value: string | undefined; color?: string; loading: boolean; testId: string }) {
  return (
    <Col flex="1 1 110px">
      <Card size="small" style={color ? { borderTop: `3px solid ${color}` } : undefined}>
        <Statistic title={title} value={value ?? '–'} loading={loading} styles={{ content: { fontSize: 22 } }} data-testid={testId} />
      </Card>
    </Col>
  );
}

type BreakdownRow = (MonitoringEventTypeStats | MonitoringOrgStats) & Partial<Pick<MonitoringEventTypeStats, 'latencyP99'>>;

/** Per event type or per org: counts by outcome; a name or a count opens the matching decisions. */
function BreakdownTable<R extends BreakdownRow>({ rows, rowKey, nameTitle, name, onOpen, p99, testId }: { rows: R[]; rowKey: (r: R) => string; nameTitle: string; name: (r: R) => ReactNode; onOpen: (r: R, outcome?: Outcome) => void; p99?: boolean; testId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <Table<R>
      data-testid={testId}
      size="small"
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
      rowKey={rowKey}
      dataSource={rows}
      columns={[
        { key: 'name', title: nameTitle, render: (_, r) => <Typography.Link onClick={() => onOpen(r)} data-testid={`${testId}-open-${rowKey(r)}`}>{name(r)}</Typography.Link> },
        { key: 'decisions', title: t('monitoring.col.decisions'), align: 'right', render: (_, r) => fmt.number(r.decisions, 0) },
        ...OUTCOMES.map((o) => ({
          key: o,
          title: t(`outcome.${o}`),
          align: 'right' as const,
          render: (_: unknown, r: R) => (r.outcomes[o] ? <Typography.Link style={{ color: OUTCOME_COLORS[o] }} onClick={() => onOpen(r, o)}>{fmt.number(r.outcomes[o], 0)}</Typography.Link> : fmt.number(0, 0)),
        })),
        { key: 'rejectRate', title: t('monitoring.col.rejectRate'), align: 'right', render: (_, r) => fmt.percent(r.decisions ? r.outcomes.reject / r.decisions : null, 2) },
        ...(p99 ? [{ key: 'p99', title: t('monitoring.col.p99'), align: 'right' as const, render: (_: unknown, r: R) => fmt.number(r.latencyP99 ?? null, 2) }] : []),
      ]}
    />
  );
}

