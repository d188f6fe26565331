import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Row, Space, Spin, Statistic, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { strategiesApi } from '../strategies-client.ts';
import type { ShadowReport } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { matrixRows, ruleHitsOption } from '../utils/charts.ts';
import { LazyChart } from './LazyChart.tsx';

type Changed = ShadowReport['changed'][number];

/** The version as a challenger against the champion on the same live decisions. */
export function ShadowReportTab({ id, version }: { id: string; version: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = { from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString(), limit: 100 };
  const report = useQuery({ queryKey: ['strategies', id, 'versions', version, 'shadow', query], queryFn: () => strategiesApi.shadowReport(id, version, query) });
  const r = report.data;
  const matrix = useMemo(() => (r ? matrixRows(r.matrix, 'champion', 'challenger') : null), [r]);
  const hits = useMemo(() => (r ? ruleHitsOption([{ name: t('strategies.report.champion'), hits: r.ruleHits.champion }, { name: t('strategies.report.challenger'), hits: r.ruleHits.challenger }]) : null), [r, t]);
  return (
    <div data-testid="shadow-report">
      <Space style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker showTime value={range} onChange={(v) => setRange(v)} allowEmpty={[true, true]} />
      </Space>
      <ErrorAlert error={report.error} />
      {report.isLoading && <Spin />}
      {r && r.decisions === 0 && <Empty description={t('strategies.shadow.none')} />}
      {r && r.decisions > 0 && (
        <>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={6}>
              <Card size="small">
                <Statistic title={t('strategies.shadow.decisions')} value={fmt.number(r.decisions, 0)} />
              </Card>
            </Col>
            <Col span={6}>
              <Card size="small">
                <Statistic title={t('strategies.shadow.agreement')} value={fmt.percent(r.agreement, 2)} data-testid="shadow-agreement" />
              </Card>
            </Col>
            <Col span={6}>
              <Card size="small">
                <Statistic title={t('strategies.shadow.changed')} value={fmt.number(r.matrix.filter((m) => m.champion !== m.challenger).reduce((a, m) => a + m.count, 0), 0)} />
              </Card>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('strategies.shadow.matrix')} style={{ marginBottom: 12 }}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(r) => String(r.key)}
                  dataSource={matrix!.rows}
                  data-testid="shadow-matrix"
                  columns={[
                    { title: t('strategies.shadow.championRow'), dataIndex: 'key', render: (o: string) => <OutcomeTag outcome={o} /> },
                    ...matrix!.cols.map((c) => ({ title: <OutcomeTag outcome={c} />, dataIndex: c, render: (n: number, row: { key: string }) => (row.key === c ? <b>{fmt.number(n, 0)}</b> : n ? <Tag color="warning">{fmt.number(n, 0)}</Tag> : '0') })),
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card size="small" title={t('strategies.shadow.ruleHits')} style={{ marginBottom: 12 }}>
                {Object.keys(r.ruleHits.champion).length + Object.keys(r.ruleHits.challenger).length ? <LazyChart option={hits!} testId="shadow-rule-hits" /> : <Empty description={t('strategies.backtest.noHits')} />}
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('strategies.shadow.samples')}>
            <Table<Changed>
              size="small"
              rowKey={(r) => String(r.decisionId)}
              dataSource={r.changed}
              pagination={{ pageSize: 10, size: 'small' }}
              locale={{ emptyText: t('strategies.shadow.noChanges') }}
              columns={[
                { title: t('strategies.shadow.decision'), dataIndex: 'decisionId', render: (d: string) => <Link to={`/decisions/${encodeURIComponent(d)}`}>{d}</Link> },
                { title: t('strategies.shadow.time'), dataIndex: 'occurredAt', width: 180, render: (d: string) => fmt.dateTime(d) },
                { title: t('strategies.report.champion'), key: 'c', render: (_: unknown, x) => <Side s={x.champion} /> },
                { title: t('strategies.report.challenger'), key: 'ch', render: (_: unknown, x) => <Side s={x.challenger} /> },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}

function Side({ s }: { s: Changed['champion'] }) {
  return (
    <Space size={4} wrap>
      <OutcomeTag outcome={s.outcome} />
      {s.score !== null && <span>{s.score}</span>}
      {s.hits.map((h) => (
        <Tag key={h}>{h}</Tag>
      ))}
    </Space>
  );
}
