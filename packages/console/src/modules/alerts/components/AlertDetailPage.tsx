import { Breadcrumb, Col, Row, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/api-error.ts';
import { alertsApi } from '../../../api/alerts-api.ts';
import type { AlertDetail } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import { useDocumentVisible } from '../../monitoring/hooks/use-document-visible.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { useAlertCategories } from '../hooks/use-alert-categories.ts';
import { LIVE_REFRESH_MS } from '../hooks/use-live-alerts.ts';
import { useNow } from '../hooks/use-now.ts';
import { AlertActionsCard } from './AlertActionsCard.tsx';
import { AlertDecisionsCard } from './AlertDecisionsCard.tsx';
import { AlertHandlingButtons } from './AlertHandlingButtons.tsx';
import { AlertSummaryCard } from './AlertSummaryCard.tsx';
import { LevelTag } from './AlertTags.tsx';
import { AlertTimeline } from './AlertTimeline.tsx';

/**
 * One alert: its summary with the SLA countdown, the handling steps it allows, the timeline of
 * contributions and steps, the actions sent to the customer and the core systems, and its
 * decisions. Another bank's alert (or one that does not exist) is a 404 page.
 */
export function AlertDetailPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const visible = useDocumentVisible();
  // Kept live: a merging alert gains contributions, and a colleague may take or close it.
  const q = useQuery({ queryKey: ['alerts', 'detail', id], queryFn: () => alertsApi.get(id), refetchInterval: visible ? LIVE_REFRESH_MS : false, refetchIntervalInBackground: false });
  if (isApiError(q.error) && q.error.status === 404) return <NotFoundPage />;
  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/alerts">{t(page.labelKey)}</Link> }, { title: q.data?.alert.subject.display ?? id }]} />
      <ErrorAlert error={q.error} />
      {q.isLoading && <Spin data-testid="alert-loading" />}
      {q.data && <AlertDetailView detail={q.data} />}
    </>
  );
}

function AlertDetailView({ detail }: { detail: AlertDetail }) {
  const { t } = useI18n();
  const now = useNow();
  const permissions = usePermissions();
  const { name } = useAlertCategories();
  const a = detail.alert;
  return (
    <div data-testid="alert-detail">
      <PageHeader
        title={
          <Space size={8}>
            <LevelTag level={a.level} />
            <span>{t('alerts.detail.title', { category: name(a.category), subject: a.subject.display })}</span>
          </Space>
        }
        extra={<AlertHandlingButtons detail={detail} mayNote={permissions.has('alert.handle')} />}
      />
      <AlertSummaryCard detail={detail} now={now} />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <AlertTimeline timeline={detail.timeline} />
        </Col>
        <Col xs={24} xl={10}>
          <AlertActionsCard alert={a} canAct={detail.can.act} />
        </Col>
      </Row>
      <AlertDecisionsCard decisions={detail.decisions} />
    </div>
  );
}
