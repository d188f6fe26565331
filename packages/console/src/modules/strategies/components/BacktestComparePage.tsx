import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Card, Col, Row, Spin, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { strategiesApi } from '../strategies-client.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { compareIds } from '../utils/backtests.ts';
import { metricsOption, outcomeSharesOption, ruleHitsOption, shares } from '../utils/charts.ts';
import { LazyChart } from './LazyChart.tsx';

/** 2–10 backtests side by side: outcome shares, label metrics, alerts per day, agreement with live, rule hits. */
export function BacktestComparePage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const [search] = useSearchParams();
  const ids = compareIds(search.get('ids'));
  const valid = ids.length >= 2 && ids.length <= 10;
  const cmp = useQuery({ queryKey: ['backtests', 'compare', ids], queryFn: () => strategiesApi.compareBacktests(ids), enabled: valid });
  const c = cmp.data;
  const names = useMemo(() => (c ? c.runs.map((r) => `${r.name || r.id.slice(0, 8)} (v${r.strategy.version})`) : []), [c]);
  const options = useMemo(() => {
    if (!c) return null;
    const m = c.metrics;
    return {
      outcomes: outcomeSharesOption(names.map((n, i) => ({ name: n, shares: m.outcomes[i] ? shares(m.outcomes[i]!) : null })), (o) => t(`outcome.${o}` as MessageKey)),
      quality: metricsOption(
        names,
        [
          { name: t('strategies.backtest.precision'), values: m.precision },
          { name: t('strategies.backtest.recall'), values: m.recall },
          { name: t('strategies.backtest.f1'), values: m.f1 },
          { name: t('strategies.backtest.fpr'), values: m.falsePositiveRate },
          { name: t('strategies.backtest.agreement'), values: m.agreementWithLive },
        ],
        true,
      ),
      alerts: metricsOption(names, [{ name: t('strategies.backtest.alertsPerDay'), values: m.alertsPerDay }], false),
      hits: ruleHitsOption(names.map((n, i) => ({ name: n, hits: m.ruleHits[i] }))),
    };
  }, [c, names, t]);
  const rows = c
    ? [
        { key: 'events', metric: t('strategies.backtest.events'), values: c.metrics.events.map((v) => fmt.number(v, 0)) },
        { key: 'alerts', metric: t('strategies.backtest.alertsPerDay'), values: c.metrics.alertsPerDay.map((v) => fmt.number(v, 1)) },
        { key: 'precision', metric: t('strategies.backtest.precision'), values: c.metrics.precision.map((v) => fmt.percent(v, 1)) },
        { key: 'recall', metric: t('strategies.backtest.recall'), values: c.metrics.recall.map((v) => fmt.percent(v, 1)) },
        { key: 'f1', metric: t('strategies.backtest.f1'), values: c.metrics.f1.map((v) => fmt.number(v, 3)) },
        { key: 'fpr', metric: t('strategies.backtest.fpr'), values: c.metrics.falsePositiveRate.map((v) => fmt.percent(v, 2)) },
        { key: 'caught', metric: t('strategies.backtest.caught'), values: c.metrics.caughtAmount.map((v) => fmt.number(v, 2)) },
        { key: 'agreement', metric: t('strategies.backtest.agreement'), values: c.metrics.agreementWithLive.map((v) => fmt.percent(v, 2)) },
      ]
    : [];
  return (
    <div data-testid="backtest-compare-page">
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/strategies">{t('strategies.overview.crumb')}</Link> }, { title: t('strategies.compare.crumb') }]} />
      <Typography.Title level={3} data-testid="page-title">
        {t('strategies.compare.title', { count: ids.length })}
      </Typography.Title>
      {!valid && <Alert type="warning" showIcon title={t('strategies.compare.pick')} />}
      <ErrorAlert error={cmp.error} />
      {cmp.isLoading && valid && <Spin />}
      {c && options && (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => String(r.key)}
              dataSource={rows}
              data-testid="compare-table"
              columns={[
                { title: t('strategies.compare.metric'), dataIndex: 'metric', width: 180 },
                ...c.runs.map((r, i) => ({ title: <Link to={`/strategies/backtests/${r.id}`}>{names[i]}</Link>, key: r.id, render: (_: unknown, row: { values: string[] }) => row.values[i] || '—' })),
              ]}
            />
          </Card>
          <Row gutter={12}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('strategies.backtest.outcomeShares')} style={{ marginBottom: 12 }}>
                <LazyChart option={options.outcomes} testId="compare-outcomes" />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('strategies.compare.quality')} style={{ marginBottom: 12 }}>
                <LazyChart option={options.quality} testId="compare-quality" />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('strategies.backtest.alertsPerDay')} style={{ marginBottom: 12 }}>
                <LazyChart option={options.alerts} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('strategies.backtest.ruleHits')} style={{ marginBottom: 12 }}>
                <LazyChart option={options.hits} />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
