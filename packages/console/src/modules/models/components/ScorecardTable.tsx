import { Table, Typography } from 'antd';
import type { ScorecardRow } from '../model/artefact-types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { fixed, rowSpans } from '../model/model-format.ts';

type Row = ScorecardRow & { n: number; span: number };

/** The scorecard: per characteristic and bin its counts, bad rate, WOE and points. */
export function ScorecardTable({ rows, basePoints }: { rows: readonly ScorecardRow[]; basePoints?: number }) {
  const { t } = useI18n();
  const f = useFormat();
  const spans = rowSpans(rows.map((r) => r.variable));
  const data: Row[] = rows.map((r, n) => ({ ...r, n, span: spans[n]! }));
  return (
    <div data-testid="scorecard-table">
      {basePoints !== undefined && (
        <Typography.Paragraph data-testid="scorecard-base">
          {t('models.scorecard.basePoints', { points: f.number(basePoints, 2) })}
        </Typography.Paragraph>
      )}
      <Table<Row>
        size="small"
        bordered
        rowKey={(r) => r.n}
        dataSource={data}
        pagination={false}
        scroll={{ x: 900, y: 560 }}
        columns={[
          { title: t('models.scorecard.variable'), dataIndex: 'variable', width: 220, onCell: (r) => ({ rowSpan: r.span }), render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('models.scorecard.bin'), dataIndex: 'label', width: 260, ellipsis: true },
          { title: t('models.scorecard.count'), dataIndex: 'count', width: 90, align: 'right', render: (v: number) => f.number(v, 0) },
          { title: t('models.scorecard.badRate'), dataIndex: 'eventRate', width: 100, align: 'right', render: (v: number) => f.percent(v, 2) },
          { title: t('models.chart.woe'), dataIndex: 'woe', width: 100, align: 'right', render: (v: number) => fixed(v, 4) },
          { title: t('models.scorecard.points'), dataIndex: 'points', width: 90, align: 'right', render: (v: number) => <Typography.Text strong>{f.number(v, 2)}</Typography.Text> },
        ]}
      />
    </div>
  );
}
