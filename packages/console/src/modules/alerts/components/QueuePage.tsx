import { useState } from 'react';
import { Breadcrumb, Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { alertsApi } from '../../../api/alerts-api.ts';
import type { Alert, AlertQueue } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useText } from '../../../components/use-text.ts';
import { hasMessage } from '../../../i18n/translate.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { useAlertCategories } from '../hooks/use-alert-categories.ts';
import { useAlertSteps } from '../hooks/use-alert-steps.ts';
import { useLiveAlerts } from '../hooks/use-live-alerts.ts';
import { useNow } from '../hooks/use-now.ts';
import { useQueues } from '../hooks/use-queues.ts';
import { AlertTable } from './AlertTable.tsx';
import { LevelTag } from './AlertTags.tsx';
import { AssignModal } from './AssignModal.tsx';
import { LiveStatus } from './LiveStatus.tsx';
import { QueueSlaTags } from './QueueSlaTags.tsx';

/** Alerts of one queue read at once, most urgent first. */
const QUEUE_LIMIT = 200;

/** One queue: how it is set up, who serves it and their load, and its open and assigned alerts to claim or assign. */
export function QueuePage() {
  const { t } = useI18n();
  const text = useText();
  const { queueId = '' } = useParams();
  const queues = useQueues();
  const queue = queues.data?.items.find((q) => q.id === queueId);
  if (queues.isLoading) return <Spin />;
  if (queues.data && !queue) return <NotFoundPage />;
  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/alerts/queues">{t('alerts.queues.title')}</Link> }, { title: queue ? text(queue.name) : queueId }]} />
      <ErrorAlert error={queues.error} />
      {queue && <QueueView queue={queue} all={queues.data?.items ?? []} />}
    </>
  );
}

function QueueView({ queue, all }: { queue: AlertQueue; all: AlertQueue[] }) {
  const { t } = useI18n();
  const text = useText();
  const now = useNow();
  const permissions = usePermissions();
  const { name: categoryName } = useAlertCategories();
  const mayAssign = permissions.has('alert.assign');
  const mayClaim = permissions.has('alert.handle') && (queue.serving || mayAssign);
  const alerts = useLiveAlerts({ queue: queue.id, status: 'open,assigned', sort: 'urgency', limit: QUEUE_LIMIT });
  const handlers = useQuery({ queryKey: ['alert-queues', 'handlers', queue.id], queryFn: () => alertsApi.handlers(queue.id) });
  const steps = useAlertSteps();
  const [assigning, setAssigning] = useState<Alert>();
  const roleName = (r: string) => {
    const key = `role.${r}`;
    return hasMessage(key) ? t(key) : r;
  };
  const escalateTo = queue.escalateTo ? all.find((q) => q.id === queue.escalateTo) : undefined;
  const f = queue.filters;
  const any = <Typography.Text type="secondary">{t('alerts.queues.any')}</Typography.Text>;
  return (
    <div data-testid="queue-page">
      <PageHeader
        title={text(queue.name)}
        description={t('alerts.queue.counts', { open: queue.counts.open, assigned: queue.counts.assigned, breached: queue.counts.breached })}
        extra={<LiveStatus updatedAt={alerts.dataUpdatedAt} fetching={alerts.isFetching} onRefresh={() => void alerts.refetch()} />}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('alerts.col.org')}>
            <OrgName id={queue.orgId} />
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.queues.assignment')}>{t(`alerts.assignment.${queue.assignment}`)}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.queues.escalateTo')}>{escalateTo ? text(escalateTo.name) : queue.escalateTo ?? t('alerts.queues.noEscalation')}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.queues.sla')} span={2}>
            <QueueSlaTags sla={queue.slaMinutes} />
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.queues.roles')}>{queue.roles.map((r) => <Tag key={r}>{roleName(r)}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.queues.categories')}>{f.categories?.length ? f.categories.map((c) => <Tag key={c}>{categoryName(c)}</Tag>) : any}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.queues.levels')}>{f.levels?.length ? f.levels.map((l) => <LevelTag key={l} level={l} />) : any}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.queues.eventTypes')}>{f.eventTypes?.length ? f.eventTypes.map((e) => <Tag key={e}>{e}</Tag>) : any}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.queues.orgs')}>
            {f.orgs?.length
              ? f.orgs.map((o) => (
                  <Tag key={o}>
                    <OrgName id={o} />
                  </Tag>
                ))
              : any}
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.queues.handlers')} span={3}>
            <Space size={[4, 4]} wrap data-testid="queue-handlers">
              {handlers.isLoading && <Spin size="small" />}
              {handlers.data?.items.length === 0 && <Typography.Text type="secondary">{t('alerts.assign.noHandlers')}</Typography.Text>}
              {handlers.data?.items.map((h) => (
                <Tag key={h.username} color={h.assigned ? 'purple' : undefined}>
                  {t('alerts.assign.handler', { username: h.username, n: h.assigned })}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <ErrorAlert error={alerts.error ?? handlers.error} />
      <AlertTable
        items={alerts.data?.items}
        loading={alerts.isLoading}
        now={now}
        onClaim={mayClaim ? (a) => steps.claim.mutate(a.id) : undefined}
        claiming={steps.claim.isPending ? steps.claim.variables : undefined}
        onAssign={mayAssign ? setAssigning : undefined}
        emptyText={t('alerts.queue.empty')}
        testId="queue-alerts"
      />
      <AssignModal alert={assigning} onClose={() => setAssigning(undefined)} />
    </div>
  );
}
