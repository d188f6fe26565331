import { useState } from 'react';
import { Breadcrumb, Button, Card, Descriptions, Spin, Tabs, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/api-error.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { StaleAlert } from '../../../components/StaleAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { useModel } from '../hooks/model-queries.ts';
import { actorText } from '../model/model-format.ts';
import { EditModelModal } from './EditModelModal.tsx';
import { KindText, MonitoringStatusTag, PurposeText } from './ModelTags.tsx';
import { ModelTimeline } from './ModelTimeline.tsx';
import { MonitoringTab } from './MonitoringTab.tsx';
import { VersionsTab } from './VersionsTab.tsx';

const TABS = ['versions', 'documentation', 'timeline', 'monitoring'] as const;
type Tab = (typeof TABS)[number];

/** One model: its overview, documentation, versions (register, status, champion), history and monitoring. */
export function ModelDetailPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const f = useFormat();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const permissions = usePermissions();
  const q = useModel(id);
  const [editing, setEditing] = useState(false);
  const [stale, setStale] = useState(false);
  const m = q.data;
  const tabParam = params.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) ? tabParam : 'versions';
  const mayEdit = permissions.has('model.edit');

  if (isApiError(q.error) && q.error.status === 404) return <NotFoundPage />;

  const reload = async () => {
    await q.refetch();
    setStale(false);
  };
  const v = (n: number | null) => (n === null ? '—' : `v${n}`);

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/models">{t(page.labelKey)}</Link> }, { title: m?.key ?? id }]} />
      <PageHeader
        title={m ? <span data-testid="model-title">{m.name}</span> : t('models.detail.title')}
        description={m && <Typography.Text code>{m.key}</Typography.Text>}
        extra={
          m &&
          mayEdit && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="model-edit">
              {t('models.edit.button')}
            </Button>
          )
        }
      />
      <ErrorAlert error={q.error} />
      {q.isLoading && <Spin />}
      {stale && <StaleAlert title={t('models.detail.stale')} reloadLabel={t('models.detail.reload')} onReload={() => void reload()} testIdPrefix="model" />}
      {m && (
        <div data-testid="model-detail" data-row-version={m.rowVersion}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} data-testid="model-overview">
              <Descriptions.Item label={t('models.field.purpose')}>
                <PurposeText purpose={m.purpose} />
              </Descriptions.Item>
              <Descriptions.Item label={t('models.field.kind')}>
                <KindText kind={m.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('models.field.owner')}>{actorText(m.owner)}</Descriptions.Item>
              <Descriptions.Item label={t('models.field.org')}>
                <OrgName id={m.orgId} />
              </Descriptions.Item>
              <Descriptions.Item label={t('models.field.champion')}>
                <span data-testid="model-champion-version">{v(m.championVersion)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('models.field.challenger')}>
                <span data-testid="model-challenger-version">{v(m.challengerVersion)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('models.field.latest')}>{v(m.latestVersion)}</Descriptions.Item>
              <Descriptions.Item label={t('models.col.monitoring')}>
                <MonitoringStatusTag status={m.lastMonitoringStatus} enabled={m.monitoringEnabled} />
              </Descriptions.Item>
              <Descriptions.Item label={t('models.field.createdBy')}>{actorText(m.createdBy)}</Descriptions.Item>
              <Descriptions.Item label={t('models.field.createdAt')}>{f.dateTime(m.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('models.field.updatedAt')}>{f.dateTime(m.updatedAt)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Tabs
            activeKey={tab}
            onChange={(k) => setParams(k === 'versions' ? {} : { tab: k }, { replace: true })}
            items={[
              { key: 'versions', label: <span data-testid="tab-versions">{t('models.tab.versions')}</span>, children: <VersionsTab model={m} /> },
              {
                key: 'documentation',
                label: <span data-testid="tab-documentation">{t('models.tab.documentation')}</span>,
                children: (
                  <Card
                    size="small"
                    extra={
                      mayEdit && (
                        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="documentation-edit">
                          {t('models.edit.button')}
                        </Button>
                      )
                    }
                  >
                    {m.description.trim() ? (
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0, fontFamily: 'inherit' }} data-testid="model-documentation">
                        {m.description}
                      </Typography.Paragraph>
                    ) : (
                      <Typography.Text type="secondary" data-testid="model-documentation-empty">
                        {t('models.documentation.empty')}
                      </Typography.Text>
                    )}
                  </Card>
                ),
              },
              { key: 'timeline', label: <span data-testid="tab-timeline">{t('models.tab.timeline')}</span>, children: <ModelTimeline events={m.events} /> },
              { key: 'monitoring', label: <span data-testid="tab-monitoring">{t('models.tab.monitoring')}</span>, children: <MonitoringTab model={m} /> },
            ]}
          />
          <EditModelModal open={editing} model={m} onClose={() => setEditing(false)} onStale={() => setStale(true)} />
        </div>
      )}
    </>
  );
}
