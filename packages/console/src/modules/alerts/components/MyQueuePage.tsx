import { useState } from 'react';
import { Badge, Card, Col, Row, Statistic, Tabs } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Alert } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgQuery } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { useAlertSteps } from '../hooks/use-alert-steps.ts';
import { useClaimableAlerts } from '../hooks/use-claimable-alerts.ts';
import { useLiveAlerts } from '../hooks/use-live-alerts.ts';
import { useNow } from '../hooks/use-now.ts';
import { useQueues } from '../hooks/use-queues.ts';
import { slaCountdown } from '../utils/sla.ts';
import { AlertTable } from './AlertTable.tsx';
import { AssignModal } from './AssignModal.tsx';
import { LiveStatus } from './LiveStatus.tsx';

/** At most this many of one's own alerts are listed (most urgent first). */
const MINE_LIMIT = 200;

/**
 * My queue: the alerts assigned to the signed-in handler, most urgent first, and the open alerts
 * of the queues they serve, to claim in one click. Both refresh themselves while the tab is shown.
 */
export function MyQueuePage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const permissions = usePermissions();
  const now = useNow();
  const qc = useQueryClient();
  const { org } = useOrgQuery();
  const [params, setParams] = useSearchParams();
  const mayHandle = permissions.has('alert.handle');
  const mayAssign = permissions.has('alert.assign');
  const tab = params.get('tab') === 'claimable' && mayHandle ? 'claimable' : 'mine';

  const mine = useLiveAlerts({ assignee: 'me', status: 'assigned', sort: 'urgency', limit: MINE_LIMIT, org });
  const queues = useQueues();
  const serving = (queues.data?.items ?? []).filter((q) => q.serving && q.enabled).map((q) => q.id);
  const claimable = useClaimableAlerts(serving, mayHandle);
  const steps = useAlertSteps();
  const [assigning, setAssigning] = useState<Alert>();

  const mineItems = mine.data?.items ?? [];
  const states = mineItems.map((a) => slaCountdown(a.dueAt, a.sla, a.status, now)?.state);
  const claim = (a: Alert) => steps.claim.mutate(a.id);
  const claiming = steps.claim.isPending ? steps.claim.variables : undefined;
  const refresh = () => void qc.invalidateQueries({ queryKey: ['alerts'] }).then(() => qc.invalidateQueries({ queryKey: ['alert-queues'] }));

  return (
    <div data-testid="my-queue">
      <PageHeader
        title={t('alerts.myQueue.title')}
        description={t('alerts.myQueue.description', { section: t(page.labelKey) })}
        extra={<LiveStatus updatedAt={Math.max(mine.dataUpdatedAt, claimable.dataUpdatedAt)} fetching={mine.isFetching || claimable.isFetching} onRefresh={refresh} />}
      />
      <Row gutter={12} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('alerts.myQueue.assigned')} value={mineItems.length} data-testid="stat-mine" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('alerts.myQueue.dueSoon')} value={states.filter((s) => s === 'due_soon').length} styles={{ content: { color: '#fa8c16' } }} data-testid="stat-due-soon" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('alerts.myQueue.breached')} value={states.filter((s) => s === 'breached').length} styles={{ content: { color: '#f5222d' } }} data-testid="stat-breached" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('alerts.myQueue.claimable')} value={mayHandle ? claimable.items.length : 0} data-testid="stat-claimable" />
          </Card>
        </Col>
      </Row>
      <ErrorAlert error={mine.error ?? queues.error ?? claimable.error} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'claimable' ? { tab: k } : {}, { replace: true })}
        items={[
          {
            key: 'mine',
            label: (
              <span data-testid="tab-mine">
                {t('alerts.myQueue.tabMine')} <Badge count={mineItems.length} showZero color="#1677ff" overflowCount={999} />
              </span>
            ),
            children: <AlertTable items={mine.data?.items} loading={mine.isLoading} now={now} onAssign={mayAssign ? setAssigning : undefined} emptyText={t('alerts.myQueue.emptyMine')} testId="mine-table" />,
          },
          ...(mayHandle
            ? [
                {
                  key: 'claimable',
                  label: (
                    <span data-testid="tab-claimable">
                      {t('alerts.myQueue.tabClaimable')} <Badge count={claimable.items.length} showZero color="#8c8c8c" overflowCount={999} />
                    </span>
                  ),
                  children: (
                    <AlertTable
                      items={claimable.items}
                      loading={claimable.isLoading || queues.isLoading}
                      now={now}
                      onClaim={claim}
                      claiming={claiming}
                      onAssign={mayAssign ? setAssigning : undefined}
                      emptyText={serving.length ? t('alerts.myQueue.emptyClaimable') : t('alerts.myQueue.servesNone')}
                      testId="claimable-table"
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <AssignModal alert={assigning} onClose={() => setAssigning(undefined)} />
    </div>
  );
}
