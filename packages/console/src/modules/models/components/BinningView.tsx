import { useMemo, useState } from 'react';
import { Col, Row, Segmented, Space, Table, Typography } from 'antd';
import type { Bin, VariableBinning } from '../model/artefact-types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useChartLabels } from '../hooks/use-chart-labels.ts';
import { binningOption } from '../model/chart-options.ts';
import { binShares, fixed } from '../model/model-format.ts';
import { ModelChart } from './ModelChart.tsx';
import { IvBandTag } from './ModelTags.tsx';

/** A variable's bins: counts, share, goods and bads, event rate, WOE and IV contribution, with the total IV. */
export function BinningTable({ binning }: { binning: VariableBinning }) {
  const { t } = useI18n();
  const f = useFormat();
  const shares = binShares(binning.bins);
  const rows = binning.bins.map((b, n) => ({ ...b, n, share: shares[n]! }));
  return (
    <div data-testid="binning-table" data-variable={binning.name}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text strong data-testid="binning-iv">
          {t('models.binning.iv', { iv: fixed(binning.iv, 4) })}
        </Typography.Text>
        <IvBandTag band={binning.ivBand} />
        <Typography.Text type="secondary">{t(`models.binningMethod.${binning.method}`)}</Typography.Text>
        {binning.trend && binning.trend !== 'none' && <Typography.Text type="secondary">{t(`models.trend.${binning.trend}`)}</Typography.Text>}
      </Space>
      <Table<Bin & { n: number; share: number }>
        size="small"
        bordered
        rowKey={(r) => r.n}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 760 }}
        onRow={(r) => ({ 'data-testid': `bin-row-${r.n}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('models.scorecard.bin'), dataIndex: 'label', width: 220, render: (v: string) => <span data-testid="bin-label">{v}</span> },
          { title: t('models.scorecard.count'), dataIndex: 'count', width: 80, align: 'right', render: (v: number) => f.number(v, 0) },
          { title: t('models.chart.share'), dataIndex: 'share', width: 80, align: 'right', render: (v: number) => f.percent(v, 1) },
          { title: t('models.binning.good'), dataIndex: 'good', width: 70, align: 'right', render: (v: number) => f.number(v, 0) },
          { title: t('models.binning.bad'), dataIndex: 'bad', width: 70, align: 'right', render: (v: number) => f.number(v, 0) },
          { title: t('models.chart.eventRate'), dataIndex: 'eventRate', width: 90, align: 'right', render: (v: number) => f.percent(v, 2) },
          { title: t('models.chart.woe'), dataIndex: 'woe', width: 90, align: 'right', render: (v: number) => fixed(v, 4) },
          { title: t('models.variables.iv'), dataIndex: 'iv', width: 80, align: 'right', render: (v: number) => fixed(v, 4) },
        ]}
      />
    </div>
  );
}

/** Bars of each bin's share of rows with a line of its event rate or WOE. */
export function BinningChart({ binning, height = 300 }: { binning: VariableBinning; height?: number }) {
  const { t } = useI18n();
  const labels = useChartLabels();
  const [line, setLine] = useState<'eventRate' | 'woe'>('eventRate');
  const option = useMemo(() => binningOption(binning, line, labels), [binning, line, labels]);
  return (
    <div>
      <Segmented
        size="small"
        value={line}
        onChange={(v) => setLine(v as 'eventRate' | 'woe')}
        options={[
          { value: 'eventRate', label: t('models.chart.eventRate') },
          { value: 'woe', label: t('models.chart.woe') },
        ]}
        data-testid="binning-line"
      />
      <ModelChart option={option} style={{ height }} testId="binning-chart" />
    </div>
  );
}

/** A variable's binning table beside its chart. */
export function BinningView({ binning }: { binning: VariableBinning }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xxl={13}>
        <BinningTable binning={binning} />
      </Col>
      <Col xs={24} xxl={11}>
        <BinningChart binning={binning} />
      </Col>
    </Row>
  );
}
