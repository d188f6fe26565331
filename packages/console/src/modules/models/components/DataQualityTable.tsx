import { Table, Tag, Typography } from 'antd';
import type { DatasetColumn } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { quantilesText, topText } from '../model/dataset.ts';

const TYPE_COLORS: Record<DatasetColumn['type'], string> = { numeric: 'blue', categorical: 'purple', date: 'cyan' };

/** A data set's columns as the upload found them: type, missing rate, distinct values, range, quantiles and top categories. */
export function DataQualityTable({ columns, onPick }: { columns: readonly DatasetColumn[]; onPick?: (name: string) => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const num = (v: number | undefined) => (v === undefined ? '' : f.number(v, 4));
  return (
    <Table<DatasetColumn>
      data-testid="dq-table"
      size="small"
      bordered
      rowKey={(c) => c.name}
      dataSource={[...columns]}
      pagination={false}
      scroll={{ x: 1400, y: 520 }}
      onRow={(c) => ({ 'data-testid': `dq-row-${c.name}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('models.dq.column'),
          dataIndex: 'name',
          width: 260,
          fixed: 'left',
          render: (v: string, c) =>
            onPick && c.type !== 'date' ? (
              <Typography.Link onClick={() => onPick(v)}>
                <Typography.Text code>{v}</Typography.Text>
              </Typography.Link>
            ) : (
              <Typography.Text code>{v}</Typography.Text>
            ),
        },
        { title: t('models.variables.type'), dataIndex: 'type', width: 110, render: (v: DatasetColumn['type']) => <Tag color={TYPE_COLORS[v]}>{t(`models.colType.${v}`)}</Tag> },
        { title: t('models.dq.missing'), key: 'missing', width: 130, align: 'right', render: (_: unknown, c) => <Typography.Text type={c.missingRate > 0.3 ? 'danger' : undefined}>{`${f.percent(c.missingRate, 1)} (${f.number(c.missing, 0)})`}</Typography.Text> },
        { title: t('models.dq.distinct'), dataIndex: 'distinct', width: 90, align: 'right', render: (v: number) => f.number(v, 0) },
        { title: t('models.dq.min'), dataIndex: 'min', width: 100, align: 'right', render: num },
        { title: t('models.dq.max'), dataIndex: 'max', width: 100, align: 'right', render: num },
        { title: t('models.dq.mean'), dataIndex: 'mean', width: 100, align: 'right', render: num },
        { title: t('models.dq.quantiles'), dataIndex: 'quantiles', width: 300, render: (q?: Record<string, number>) => quantilesText(q, (v) => f.number(v, 2)) },
        { title: t('models.dq.top'), key: 'top', ellipsis: true, render: (_: unknown, c) => topText(c) },
      ]}
    />
  );
}
