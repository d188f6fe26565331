import { useMemo, useState } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { strategiesApi } from '../strategies-client.ts';
import type { StrategyDeployment, StrategyDetail, StrategySummary, StrategyVersionSummary } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import type { NavPage } from '../../shell/nav-items.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { actorLabel, VERSION_STATES } from '../utils/lifecycle.ts';
import { ImportPackageModal } from './ImportPackageModal.tsx';
import { StateTag } from './StateTag.tsx';
import { CanarySliceText } from './CanarySliceText.tsx';
import { useLifecycleUser } from './use-strategy-context.ts';

export const versionPath = (id: string, version: number) => `/strategies/${encodeURIComponent(id)}/versions/${version}`;

/** Per event type: its strategies with every version and state, what is deployed, and import. */
export function StrategiesOverview({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const user = useLifecycleUser();
  const [importing, setImporting] = useState(false);
  const [eventType, setEventType] = useState<string | undefined>();
  const [state, setState] = useState<string | undefined>();
  const list = useQuery({ queryKey: ['strategies'], queryFn: strategiesApi.list });
  const deployments = useQuery({ queryKey: ['strategies', 'deployments'], queryFn: strategiesApi.deployments });
  const details = useQueries({
    queries: (list.data?.items ?? []).map((s) => ({ queryKey: ['strategies', s.id], queryFn: () => strategiesApi.strategy(s.id) })),
  });
  const detailById = useMemo(() => new Map(details.flatMap((d) => (d.data ? [[d.data.id, d.data] as const] : []))), [details]);
  const eventTypes = useMemo(() => [...new Set((list.data?.items ?? []).map((s) => s.eventType))].sort(), [list.data]);
  const shown = eventTypes.filter((e) => !eventType || e === eventType);

  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('strategies.overview.description')}
        extra={
          user.permissions.has('strategy.edit') && (
            <Button type="primary" icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="strategies-import">
              {t('strategies.import.open')}
            </Button>
          )
        }
      />
      <ErrorAlert error={list.error ?? deployments.error} />
      <Card title={t('strategies.deployments.title')} size="small" style={{ marginBottom: 16 }} data-testid="strategies-deployments">
        <DeploymentsTable rows={deployments.data?.active ?? []} loading={deployments.isLoading} scheduled={false} />
        {(deployments.data?.scheduled.length ?? 0) > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('strategies.deployments.scheduled')}
            </Typography.Title>
            <DeploymentsTable rows={deployments.data!.scheduled} loading={false} scheduled />
          </>
        )}
      </Card>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select allowClear style={{ width: 220 }} placeholder={t('strategies.overview.eventType')} value={eventType} onChange={setEventType} options={eventTypes.map((e) => ({ value: e, label: e }))} data-testid="strategies-filter-event-type" />
        <Select allowClear style={{ width: 180 }} placeholder={t('strategies.overview.state')} value={state} onChange={setState} options={VERSION_STATES.map((s) => ({ value: s, label: t(`strategies.state.${s}` as MessageKey) }))} data-testid="strategies-filter-state" />
      </Space>
      {list.isLoading && <Spin />}
      {list.data && shown.length === 0 && <Empty description={t('strategies.overview.empty')} />}
      {shown.map((et) => (
        <Card key={et} size="small" style={{ marginBottom: 16 }} title={<Typography.Text strong>{t('strategies.overview.eventTypeTitle', { eventType: et })}</Typography.Text>} data-testid={`strategies-event-type-${et}`}>
          {(list.data?.items ?? [])
            .filter((s) => s.eventType === et)
            .map((s) => (
              <StrategyVersions key={s.id} strategy={s} detail={detailById.get(s.id)} state={state} />
            ))}
        </Card>
      ))}
      <ImportPackageModal open={importing} onClose={() => setImporting(false)} />
    </>
  );
}

function StrategyVersions({ strategy, detail, state }: { strategy: StrategySummary; detail?: StrategyDetail; state?: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const versions = (detail?.versions ?? []).filter((v) => !state || v.status === state);
  return (
    <div style={{ marginBottom: 16 }} data-testid={`strategy-${strategy.id}`}>
      <Space style={{ marginBottom: 6 }} wrap>
        <Typography.Text strong>{strategy.name}</Typography.Text>
        <Typography.Text type="secondary" code>
          {strategy.id}
        </Typography.Text>
        <Tag>{t(`strategies.direction.${strategy.direction}` as MessageKey)}</Tag>
        {strategy.liveVersion !== null ? <Tag color="success">{t('strategies.overview.liveVersion', { version: strategy.liveVersion })}</Tag> : <Tag>{t('strategies.overview.noLive')}</Tag>}
      </Space>
      <Table<StrategyVersionSummary>
        size="small"
        rowKey={(r) => String(r.version)}
        loading={!detail}
        dataSource={versions}
        pagination={versions.length > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: detail ? t('strategies.overview.noVersions') : t('common.loading') }}
        columns={[
          { title: t('strategies.version.version'), dataIndex: 'version', width: 90, render: (v: number) => <Link to={versionPath(strategy.id, v)} data-testid={`version-link-${strategy.id}-${v}`}>{`v${v}`}</Link> },
          { title: t('strategies.version.state'), dataIndex: 'status', width: 110, render: (s: string) => <StateTag state={s} /> },
          { title: t('strategies.version.changeNote'), dataIndex: 'changeNote', ellipsis: true },
          { title: t('strategies.version.author'), dataIndex: 'createdBy', width: 130, render: actorLabel },
          { title: t('strategies.version.submitter'), dataIndex: 'submittedBy', width: 130, render: actorLabel },
          { title: t('strategies.version.reviewer'), dataIndex: 'approvedBy', width: 130, render: actorLabel },
          { title: t('strategies.version.reviewNote'), dataIndex: 'reviewNote', ellipsis: true },
          { title: t('strategies.version.updatedAt'), key: 'time', width: 180, render: (_: unknown, v) => fmt.dateTime(v.approvedAt ?? v.submittedAt ?? v.createdAt) },
        ]}
      />
    </div>
  );
}

function DeploymentsTable({ rows, loading, scheduled }: { rows: StrategyDeployment[]; loading: boolean; scheduled: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <Table<StrategyDeployment>
      size="small"
      rowKey={(r) => String(r.deploymentId)}
      loading={loading}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: loading ? t('common.loading') : t('strategies.deployments.none') }}
      data-testid={scheduled ? 'deployments-scheduled' : 'deployments-active'}
      columns={[
        { title: t('strategies.overview.eventType'), dataIndex: 'eventType', width: 140 },
        { title: t('strategies.deployments.direction'), dataIndex: 'direction', width: 90, render: (d: string) => t(`strategies.direction.${d}` as MessageKey) },
        { title: t('strategies.deployments.mode'), dataIndex: 'mode', width: 100, render: (m: string) => <StateTag state={m} /> },
        { title: t('strategies.deployments.version'), key: 'v', width: 220, render: (_: unknown, d) => <Link to={versionPath(d.strategy.id, d.strategy.version)}>{`${d.strategy.id} v${d.strategy.version}`}</Link> },
        { title: t('strategies.deployments.slice'), dataIndex: 'canary', render: (c: StrategyDeployment['canary']) => <CanarySliceText slice={c} /> },
        { title: t('strategies.deployments.actor'), dataIndex: 'actor', width: 130, render: actorLabel },
        { title: t('strategies.deployments.reason'), dataIndex: 'reason', ellipsis: true },
        scheduled
          ? { title: t('strategies.deployments.scheduledFor'), dataIndex: 'scheduledFor', width: 180, render: (d: string) => fmt.dateTime(d) }
          : { title: t('strategies.deployments.since'), dataIndex: 'since', width: 180, render: (d: string) => fmt.dateTime(d) },
      ]}
    />
  );
}
