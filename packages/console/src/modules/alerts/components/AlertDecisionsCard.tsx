import { Card, Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { AlertDetail } from '../../../api/types.ts';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';

type Row = AlertDetail['decisions'][number];

/** The decisions that contributed to the alert, oldest first, each opening its decision page. */
export function AlertDecisionsCard({ decisions }: { decisions: Row[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const permissions = usePermissions();
  return (
    <Card size="small" title={t('alerts.decisions.title', { n: decisions.length })} style={{ marginBottom: 16 }}>
      <Table<Row>
        data-testid="alert-decisions"
        size="small"
        rowKey={(d) => d.decisionId}
        dataSource={decisions}
        pagination={{ defaultPageSize: 10, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: t('alerts.decisions.empty') }}
        columns={[
          {
            title: t('alerts.decisions.decision'),
            dataIndex: 'decisionId',
            ellipsis: true,
            render: (v: string) =>
              permissions.has('decision.read') ? (
                <Link to={`/decisions/${encodeURIComponent(v)}`} data-testid="decision-row-link">
                  {v}
                </Link>
              ) : (
                v
              ),
          },
          { title: t('alerts.decisions.eventType'), dataIndex: 'eventType', width: 110 },
          { title: t('alerts.decisions.eventId'), dataIndex: 'eventId', ellipsis: true, render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text> },
          { title: t('alerts.col.org'), dataIndex: 'orgId', width: 120, ellipsis: true, render: (v: string) => <OrgName id={v} /> },
          { title: t('alerts.col.amount'), dataIndex: 'amount', width: 90, align: 'right', render: (v: number | null) => f.number(v) },
        ]}
      />
    </Card>
  );
}
