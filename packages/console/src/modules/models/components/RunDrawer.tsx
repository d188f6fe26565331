import { useMemo } from 'react';
import { Alert, Card, Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { MonitoringRun } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useChartLabels } from '../hooks/use-chart-labels.ts';
import { scoreBinsOption, sharesPct } from '../model/chart-options.ts';
import { fixed } from '../model/model-format.ts';
import { ModelChart } from './ModelChart.tsx';
import { MonitoringStatusTag } from './ModelTags.tsx';

/** One monitoring run: the score distribution against the development sample, CSI per characteristic, and what it breached. */
export function RunDrawer({ run, onClose }: { run: MonitoringRun | null; onClose(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const labels = useChartLabels();
  const option = useMemo(() => (run ? scoreBinsOption(run, labels) : null), [run, labels]);
  const csi = run ? Object.entries(run.csi).sort((a, b) => b[1] - a[1]) : [];
  const expected = run ? sharesPct(run.scoreBins.map((b) => b.expected)) : [];
  const actual = run ? sharesPct(run.scoreBins.map((b) => b.actual)) : [];
  return (
    <Drawer open={!!run} onClose={onClose} size="large" title={run ? t('models.runs.detail', { at: f.dateTime(run.startedAt) }) : ''} destroyOnHidden>
      {run && (
        <div data-testid="run-detail">
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('models.col.status')}>
              <MonitoringStatusTag status={run.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('models.col.version')}>{`v${run.version}`}</Descriptions.Item>
            <Descriptions.Item label={t('models.runs.window')} span={2}>{`${f.dateTime(run.windowFrom)} – ${f.dateTime(run.windowTo)}`}</Descriptions.Item>
            <Descriptions.Item label={t('models.runs.decisions')}>{f.number(run.decisions, 0)}</Descriptions.Item>
            <Descriptions.Item label={t('models.runs.labelled')}>{f.number(run.labelled, 0)}</Descriptions.Item>
            <Descriptions.Item label={t('models.chart.psi')}>{fixed(run.scorePsi, 4) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('models.metric.ks')}>{fixed(run.ks, 3) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('models.metric.auc')}>{fixed(run.auc, 3) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('models.runs.alert')}>{run.alertId ? <Link to={`/alerts/${encodeURIComponent(run.alertId)}`}>{run.alertId}</Link> : '—'}</Descriptions.Item>
          </Descriptions>
          {run.error && <Alert type={run.status === 'failed' ? 'error' : 'info'} showIcon style={{ marginBottom: 16 }} title={run.error} data-testid="run-error" />}
          {run.breaches.length > 0 && (
            <Card size="small" title={t('models.runs.breaches')} style={{ marginBottom: 16 }}>
              {run.breaches.map((b) => (
                <Tag key={`${b.metric}-${b.level}`} color={b.level === 'alert' ? 'red' : 'gold'}>
                  {`${b.metric} ${fixed(b.value, 4)} ≥ ${fixed(b.threshold, 4)}`}
                </Tag>
              ))}
            </Card>
          )}
          {run.scoreBins.length > 0 && option && (
            <Card size="small" title={t('models.runs.scoreBins')} style={{ marginBottom: 16 }}>
              <ModelChart option={option} style={{ height: 260 }} testId="score-bins-chart" />
              <Table
                size="small"
                rowKey={(b) => b.label}
                dataSource={run.scoreBins.map((b, i) => ({ ...b, e: expected[i]!, a: actual[i]! }))}
                pagination={false}
                columns={[
                  { title: t('models.chart.score'), dataIndex: 'label' },
                  { title: t('models.chart.expected'), dataIndex: 'e', align: 'right', render: (v: number) => `${v.toFixed(2)}%` },
                  { title: t('models.chart.actual'), dataIndex: 'a', align: 'right', render: (v: number) => `${v.toFixed(2)}%` },
                ]}
              />
            </Card>
          )}
          <Card size="small" title={t('models.runs.csi')}>
            {csi.length ? (
              <Table
                size="small"
                data-testid="run-csi"
                rowKey={(r) => r[0]}
                dataSource={csi}
                pagination={false}
                columns={[
                  { title: t('models.scorecard.variable'), key: 'name', render: (_: unknown, r) => <Typography.Text code>{r[0]}</Typography.Text> },
                  { title: t('models.runs.csiValue'), key: 'csi', align: 'right', render: (_: unknown, r) => fixed(r[1], 4) },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{t('models.runs.noCsi')}</Typography.Text>
            )}
          </Card>
        </div>
      )}
    </Drawer>
  );
}
