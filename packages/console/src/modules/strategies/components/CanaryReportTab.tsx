import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Descriptions, Empty, Row, Space, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { strategiesApi } from '../strategies-client.ts';
import type { CanaryReport } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { outcomeSharesOption } from '../utils/charts.ts';
import { CanarySliceText } from './CanarySliceText.tsx';
import { LazyChart } from './LazyChart.tsx';

/** The event type's canary beside its champion: volumes, outcome shares, score, latency, degraded share. */
export function CanaryReportTab({ eventType, direction }: { eventType: string; direction: string }) {
  const { t } = useI18n();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = { eventType, direction, from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString() };
  const report = useQuery({ queryKey: ['strategies', 'canary-report', query], queryFn: () => strategiesApi.canaryReport(query), enabled: !!eventType });
  const r = report.data;
  const option = useMemo(
    () => (r?.canary ? outcomeSharesOption([{ name: t('strategies.report.champion'), shares: r.champion.outcomes }, { name: t('strategies.report.canary'), shares: r.canary.outcomes }], (o) => t(`outcome.${o}` as MessageKey)) : null),
    [r, t],
  );
  return (
    <div data-testid="canary-report">
      <Space style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker showTime value={range} onChange={(v) => setRange(v)} allowEmpty={[true, true]} />
      </Space>
      <ErrorAlert error={report.error} />
      {report.isLoading && <Spin />}
      {r && !r.canary && <Empty description={t('strategies.canary.none', { eventType })} />}
      {r?.canary && (
        <>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col xs={24} md={12}>
              <SideCard title={t('strategies.report.champion')} side={r.champion} />
            </Col>
            <Col xs={24} md={12}>
              <SideCard title={t('strategies.report.canary')} side={r.canary} slice={r.canary.slice} />
            </Col>
          </Row>
          <Card size="small" title={t('strategies.canary.outcomeShares')}>
            <LazyChart option={option!} testId="canary-outcomes" />
          </Card>
        </>
      )}
    </div>
  );
}

function SideCard({ title, side, slice }: { title: string; side: CanaryReport['champion']; slice?: NonNullable<CanaryReport['canary']>['slice'] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <Card size="small" title={title}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('strategies.deployments.version')}>{side.strategy ? `${side.strategy.id} v${side.strategy.version}` : '—'}</Descriptions.Item>
        {slice !== undefined && (
          <Descriptions.Item label={t('strategies.deployments.slice')}>
            <CanarySliceText slice={slice} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('strategies.shadow.decisions')}>{fmt.number(side.decisions, 0)}</Descriptions.Item>
        <Descriptions.Item label={t('strategies.canary.meanScore')}>{fmt.number(side.meanScore, 2)}</Descriptions.Item>
        <Descriptions.Item label={t('strategies.canary.meanLatency')}>{side.meanLatencyMs === null ? '—' : t('strategies.canary.ms', { ms: fmt.number(side.meanLatencyMs, 2) })}</Descriptions.Item>
        <Descriptions.Item label={t('strategies.canary.degraded')}>{fmt.percent(side.degradedShare, 2)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
