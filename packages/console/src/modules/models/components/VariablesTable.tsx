import { Table, Tag, Typography } from 'antd';
import type { VariableDecision } from '../model/artefact-types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { dropReason, fixed } from '../model/model-format.ts';
import { IvBandTag } from './ModelTags.tsx';

/** Every candidate variable of a fit: its IV and band, and whether it is in the scorecard (or why not). */
export function VariablesTable({ variables, onPick }: { variables: readonly VariableDecision[]; onPick?: (name: string) => void }) {
  const { t } = useI18n();
  const reason = (d: VariableDecision) => {
    const r = dropReason(d);
    if (!r) return '';
    return r.reason ? t(`models.dropped.${r.reason}`, { variable: r.arg }) : r.raw;
  };
  return (
    <Table<VariableDecision>
      data-testid="variables-table"
      size="small"
      rowKey={(d) => d.name}
      dataSource={[...variables].sort((a, b) => Number(b.selected) - Number(a.selected) || b.iv - a.iv)}
      pagination={false}
      scroll={{ x: 800, y: 480 }}
      onRow={(d) => ({ 'data-testid': `variable-row-${d.name}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('models.scorecard.variable'),
          dataIndex: 'name',
          width: 240,
          render: (v: string) =>
            onPick ? (
              <Typography.Link onClick={() => onPick(v)}>
                <Typography.Text code>{v}</Typography.Text>
              </Typography.Link>
            ) : (
              <Typography.Text code>{v}</Typography.Text>
            ),
        },
        { title: t('models.variables.type'), dataIndex: 'type', width: 110, render: (v: VariableDecision['type']) => t(`models.colType.${v}`) },
        { title: t('models.variables.iv'), dataIndex: 'iv', width: 90, align: 'right', render: (v: number) => fixed(v, 4) },
        { title: t('models.variables.band'), dataIndex: 'ivBand', width: 110, render: (b: VariableDecision['ivBand']) => <IvBandTag band={b} /> },
        {
          title: t('models.variables.selected'),
          dataIndex: 'selected',
          width: 110,
          render: (v: boolean) => (v ? <Tag color="green">{t('models.variables.in')}</Tag> : <Tag>{t('models.variables.out')}</Tag>),
        },
        { title: t('models.variables.reason'), key: 'reason', render: (_: unknown, d) => reason(d) },
      ]}
    />
  );
}
