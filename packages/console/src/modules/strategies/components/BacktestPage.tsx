import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { strategiesApi } from '../strategies-client.ts';
import type { BacktestReport } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { BACKTEST_POLL_MS } from '../utils/backtests.ts';
import { matrixRows, outcomeSharesOption, ruleHitsOption, shares } from '../utils/charts.ts';
import { BacktestProgress, BacktestStatus } from './BacktestsTab.tsx';
import { LazyChart } from './LazyChart.tsx';

/** One backtest: live progress while it runs, then its report with charts. */
export function BacktestPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const { backtestId } = useParams();
  const qc = useQueryClient();
  const permissions = usePermissions();
  const run = useQuery({
    queryKey: ['backtests', 'run', backtestId],
    queryFn: () => strategiesApi.backtest(backtestId!),
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'queued' || q.state.data.status === 'running') ? BACKTEST_POLL_MS : false),
  });
  const cancel = useMutation({ mutationFn: () => strategiesApi.cancelBacktest(backtestId!), onSettled: () => qc.invalidateQueries({ queryKey: ['backtests'] }) });
  const b = run.data;
  if (run.isLoading) return <Spin />;
  if (!b) return <ErrorAlert error={run.error} />;
  const moving = b.status === 'queued' || b.status === 'running';
  return (
    <div data-testid="backtest-page">
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/strategies">{t('strategies.overview.crumb')}</Link> },
          { title: <Link to={`/strategies/${encodeURIComponent(b.strategy.id)}/versions/${b.strategy.version}?tab=backtests`}>{`${b.strategy.id} v${b.strategy.version}`}</Link> },
          { title: b.name || b.id.slice(0, 8) },
        ]}
      />
      <Space align="center" style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {t('strategies.backtest.title', { name: b.name || b.id.slice(0, 8) })}
        </Typography.Title>
        <BacktestStatus status={b.status} />
        <BacktestProgress run={b} />
        {moving && permissions.has('backtest.run') && (
          <Popconfirm title={t('strategies.backtest.cancelConfirm')} okText={t('strategies.backtest.cancel')} cancelText={t('strategies.common.cancel')} onConfirm={() => cancel.mutate()}>
            <Button danger size="small">
              {t('strategies.backtest.cancel')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      <ErrorAlert error={run.error ?? cancel.error} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('strategies.backtest.input')}>
            {b.input.source.kind === 'file' ? t('strategies.backtest.fileInput', { events: b.input.source.events ?? 0 }) : t('strategies.backtest.logInput', { from: fmt.dateTime(b.input.source.from), to: fmt.dateTime(b.input.source.to) })}
          </Descriptions.Item>
          {b.input.source.warmupDays !== undefined && <Descriptions.Item label={t('strategies.backtest.warmup')}>{b.input.source.warmupDays}</Descriptions.Item>}
          <Descriptions.Item label={t('strategies.backtest.positive')}>{(b.input.positiveOutcomes ?? ['reject', 'review', 'challenge']).map((o) => t(`outcome.${o}` as MessageKey)).join(', ')}</Descriptions.Item>
          <Descriptions.Item label={t('strategies.backtest.createdBy')}>{`${b.createdBy.replace(/^user:/, '')} · ${fmt.dateTime(b.createdAt)}`}</Descriptions.Item>
          <Descriptions.Item label={t('strategies.backtest.processed')}>{`${fmt.number(b.progress.processed, 0)}${b.progress.total !== null ? ` / ${fmt.number(b.progress.total, 0)}` : ''}`}</Descriptions.Item>
          {b.finishedAt && <Descriptions.Item label={t('strategies.backtest.finishedAt')}>{fmt.dateTime(b.finishedAt)}</Descriptions.Item>}
        </Descriptions>
        {b.error && <Typography.Text type="danger">{b.error}</Typography.Text>}
      </Card>
      {b.result ? <BacktestReportView report={b.result} /> : !moving && <Empty description={t('strategies.backtest.noReport')} />}
    </div>
  );
}

/** A finished run's report: volumes, label metrics, outcome shares, agreement with live, rule hits. */
export function BacktestReportView({ report: r }: { report: BacktestReport }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const outcomeOption = useMemo(() => outcomeSharesOption([{ name: t('strategies.backtest.candidate'), shares: shares(r.outcomes) }], (o) => t(`outcome.${o}` as MessageKey)), [r, t]);
  const hitsOption = useMemo(() => ruleHitsOption([{ name: t('strategies.backtest.hits'), hits: r.ruleHits }]), [r, t]);
  const matrix = useMemo(() => (r.comparison ? matrixRows(r.comparison.matrix, 'live', 'candidate') : null), [r]);
  const l = r.labels;
  return (
    <div data-testid="backtest-report">
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} xl={4}>
          <Card size="small">
            <Statistic title={t('strategies.backtest.events')} value={fmt.number(r.events, 0)} data-testid="backtest-events" />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small">
            <Statistic title={t('strategies.backtest.alertsPerDay')} value={fmt.number(r.alertsPerDay, 1) || '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small">
            <Statistic title={t('strategies.backtest.agreement')} value={fmt.percent(r.comparison?.agreement ?? null, 2) || '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small">
            <Statistic title={t('strategies.backtest.precision')} value={fmt.percent(l?.precision ?? null, 1) || '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small">
            <Statistic title={t('strategies.backtest.recall')} value={fmt.percent(l?.recall ?? null, 1) || '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small">
            <Statistic title={t('strategies.backtest.speed')} value={r.eventsPerSecond ? t('strategies.backtest.perSecond', { n: fmt.number(r.eventsPerSecond, 0) }) : '—'} />
          </Card>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('strategies.backtest.outcomeShares')} style={{ marginBottom: 12 }}>
            <LazyChart option={outcomeOption} testId="backtest-outcome-chart" />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('strategies.backtest.ruleHits')} style={{ marginBottom: 12 }}>
            {Object.keys(r.ruleHits).length ? <LazyChart option={hitsOption} testId="backtest-hits-chart" /> : <Empty description={t('strategies.backtest.noHits')} />}
          </Card>
        </Col>
      </Row>
      {l && (
        <Card size="small" title={t('strategies.backtest.labels', { n: fmt.number(l.labelled, 0) })} style={{ marginBottom: 12 }}>
          <Descriptions size="small" column={{ xs: 2, md: 4 }}>
            <Descriptions.Item label={t('strategies.backtest.tp')}>{fmt.number(l.truePositives, 0)}</Descriptions.Item>
            <Descriptions.Item label={t('strategies.backtest.fp')}>{fmt.number(l.falsePositives, 0)}</Descriptions.Item>
            <Descriptions.Item label={t('strategies.backtest.fn')}>{fmt.number(l.falseNegatives, 0)}</Descriptions.Item>
            <Descriptions.Item label={t('strategies.backtest.tn')}>{fmt.number(l.trueNegatives, 0)}</Descriptions.Item>
            <Descriptions.Item label={t('strategies.backtest.f1')}>{fmt.number(l.f1, 3)}</Descriptions.Item>
            <Descriptions.Item label={t('strategies.backtest.fpr')}>{fmt.percent(l.falsePositiveRate, 2)}</Descriptions.Item>
            <Descriptions.Item label={t('strategies.backtest.caught')}>{fmt.number(l.caughtAmount, 2)}</Descriptions.Item>
            <Descriptions.Item label={t('strategies.backtest.missed')}>{fmt.number(l.missedAmount, 2)}</Descriptions.Item>
          </Descriptions>
          {l.rules && Object.keys(l.rules).length > 0 && (
            <Table
              size="small"
              data-testid="backtest-rule-quality"
              style={{ marginTop: 12 }}
              rowKey={(r) => r.ruleId}
              pagination={Object.keys(l.rules).length > 10 ? { pageSize: 10, size: 'small' } : false}
              dataSource={Object.entries(l.rules).map(([ruleId, q]) => ({ ruleId, ...q }))}
              columns={[
                { title: t('strategies.backtest.rule'), dataIndex: 'ruleId' },
                { title: t('strategies.backtest.ruleFraudHits'), dataIndex: 'fraudHits', align: 'right', render: (n: number) => fmt.number(n, 0) },
                { title: t('strategies.backtest.ruleGenuineHits'), dataIndex: 'genuineHits', align: 'right', render: (n: number) => fmt.number(n, 0) },
                { title: t('strategies.backtest.precision'), dataIndex: 'precision', align: 'right', render: (v: number | null) => fmt.percent(v, 1) || '–' },
                { title: t('strategies.backtest.recall'), dataIndex: 'recall', align: 'right', render: (v: number | null) => fmt.percent(v, 1) || '–' },
              ]}
            />
          )}
        </Card>
      )}
      {r.comparison && matrix && (
        <Card size="small" title={t('strategies.backtest.againstLive', { n: fmt.number(r.comparison.compared, 0) })} style={{ marginBottom: 12 }}>
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => String(r.key)}
            dataSource={matrix.rows}
            style={{ marginBottom: 12 }}
            columns={[
              { title: t('strategies.backtest.liveRow'), dataIndex: 'key', render: (o: string) => <OutcomeTag outcome={o} /> },
              ...matrix.cols.map((c) => ({ title: <OutcomeTag outcome={c} />, dataIndex: c, render: (n: number, row: { key: string }) => (row.key === c ? <b>{fmt.number(n, 0)}</b> : fmt.number(n, 0)) })),
            ]}
          />
          <Table
            size="small"
            rowKey={(c) => `${c.org}/${c.eventId}`}
            dataSource={r.comparison.changed}
            pagination={{ pageSize: 10, size: 'small' }}
            locale={{ emptyText: t('strategies.shadow.noChanges') }}
            columns={[
              { title: t('strategies.backtest.eventId'), dataIndex: 'eventId', render: (e: string, c) => (c.decisionId ? <Link to={`/decisions/${encodeURIComponent(c.decisionId)}`}>{e}</Link> : e) },
              { title: t('strategies.shadow.time'), dataIndex: 'at', width: 180, render: (d: string) => fmt.dateTime(d) },
              { title: t('strategies.backtest.live'), dataIndex: 'live', render: (o: string) => <OutcomeTag outcome={o} /> },
              { title: t('strategies.backtest.candidate'), dataIndex: 'candidate', render: (o: string) => <OutcomeTag outcome={o} /> },
            ]}
          />
        </Card>
      )}
      {r.featureCheck && (
        <Card size="small" title={t('strategies.backtest.featureCheck')}>
          <Typography.Text type={r.featureCheck.mismatched ? 'warning' : 'success'}>{t('strategies.backtest.featureCheckText', { compared: fmt.number(r.featureCheck.compared, 0), mismatched: fmt.number(r.featureCheck.mismatched, 0) })}</Typography.Text>
        </Card>
      )}
    </div>
  );
}
