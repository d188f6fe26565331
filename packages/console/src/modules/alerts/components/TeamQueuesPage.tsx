import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { Link } from 'react-router';
import type { AlertQueue } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { useQueues } from '../hooks/use-queues.ts';
import { LiveStatus } from './LiveStatus.tsx';
import { QueueSlaTags } from './QueueSlaTags.tsx';

/** Team queues: every queue one sees with its open, assigned and breached alerts, how it assigns, its SLA, and whether one serves it. */
export function TeamQueuesPage() {
  const { t } = useI18n();
  const text = useText();
  const queues = useQueues();
  const items = [...(queues.data?.items ?? [])].sort((a, b) => Number(b.serving) - Number(a.serving) || a.position - b.position || text(a.name).localeCompare(text(b.name)));
  return (
    <div data-testid="team-queues">
      <PageHeader title={t('alerts.queues.title')} description={t('alerts.queues.description')} extra={<LiveStatus updatedAt={queues.dataUpdatedAt} fetching={queues.isFetching} onRefresh={() => void queues.refetch()} />} />
      <ErrorAlert error={queues.error} />
      <Table<AlertQueue>
        data-testid="queues-table"
        size="small"
        rowKey={(q) => q.id}
        loading={queues.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('alerts.queues.empty') }}
        columns={[
          {
            title: t('alerts.queues.name'),
            key: 'name',
            render: (_, q) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/alerts/queues/${encodeURIComponent(q.id)}`} data-testid="queue-link">
                  {text(q.name)}
                </Link>
                <Space size={4}>
                  {q.serving && (
                    <Tag color="green" icon={<CheckCircleFilled />} data-testid="queue-serving">
                      {t('alerts.queues.serving')}
                    </Tag>
                  )}
                  {!q.enabled && <Tag>{t('alerts.queues.disabled')}</Tag>}
                  {q.inherited && (
                    <Tooltip title={t('alerts.queues.inheritedHint')}>
                      <Tag>{t('alerts.queues.inherited')}</Tag>
                    </Tooltip>
                  )}
                </Space>
              </Space>
            ),
          },
          { title: t('alerts.col.org'), dataIndex: 'orgId', width: 160, render: (v: string) => <OrgName id={v} /> },
          { title: t('alerts.queues.open'), key: 'open', width: 80, align: 'right', render: (_, q) => <Typography.Text strong data-testid="queue-open">{q.counts.open}</Typography.Text> },
          { title: t('alerts.queues.assigned'), key: 'assigned', width: 90, align: 'right', render: (_, q) => <span data-testid="queue-assigned">{q.counts.assigned}</span> },
          {
            title: t('alerts.queues.breached'),
            key: 'breached',
            width: 90,
            align: 'right',
            render: (_, q) => (
              <Typography.Text type={q.counts.breached ? 'danger' : undefined} strong={!!q.counts.breached} data-testid="queue-breached">
                {q.counts.breached}
              </Typography.Text>
            ),
          },
          { title: t('alerts.queues.assignment'), dataIndex: 'assignment', width: 130, render: (v: AlertQueue['assignment']) => t(`alerts.assignment.${v}`) },
          { title: t('alerts.queues.sla'), key: 'sla', width: 300, render: (_, q) => <QueueSlaTags sla={q.slaMinutes} /> },
        ]}
      />
    </div>
  );
}
