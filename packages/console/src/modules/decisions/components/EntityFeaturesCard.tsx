import { Card, Table, Tag, Tooltip, Typography } from 'antd';
import type { EntityFeature } from '../../../api/types.ts';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { formatTraceValue } from '../trace-model.ts';

/** The entity's current feature values, with how each is computed and which strategies read it. */
export function EntityFeaturesCard({ features }: { features: EntityFeature[] }) {
  const { t } = useI18n();
  const f = useFormat();
  // first_seen and last-seen style values are event times (epoch ms): shown as times.
  const shown = (x: EntityFeature) => (x.agg === 'first_seen' && typeof x.value === 'number' ? f.dateTime(x.value) : formatTraceValue(x.value));
  return (
    <Card size="small" title={t('entity.features')} style={{ marginBottom: 16 }}>
      <Table<EntityFeature>
        size="small"
        pagination={false}
        rowKey={(x) => `${x.name}/${x.org ?? ''}`}
        dataSource={features}
        data-testid="entity-features"
        locale={{ emptyText: t('entity.noFeatures') }}
        scroll={{ y: 480, x: 900 }}
        columns={[
          { title: t('entity.feature'), dataIndex: 'name', width: 220, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('entity.value'), key: 'value', width: 150, align: 'right', render: (_: unknown, x) => <Typography.Text code>{shown(x)}</Typography.Text> },
          { title: t('entity.agg'), key: 'agg', width: 140, render: (_: unknown, x) => (x.field ? `${x.agg}(${x.field})` : x.agg) },
          { title: t('entity.window'), dataIndex: 'window', width: 80 },
          { title: t('entity.scope'), key: 'scope', width: 100, render: (_: unknown, x) => (x.org ? <OrgName id={x.org} /> : <Tag color="purple">{t('entity.globalScope')}</Tag>) },
          {
            title: t('entity.filter'),
            dataIndex: 'filter',
            ellipsis: true,
            render: (v: string | null) =>
              v ? (
                <Tooltip title={v}>
                  <Typography.Text code>{v}</Typography.Text>
                </Tooltip>
              ) : null,
          },
          { title: t('entity.strategies'), dataIndex: 'strategies', width: 170, render: (v: string[]) => v.map((x) => <Tag key={x}>{x}</Tag>) },
        ]}
      />
    </Card>
  );
}
