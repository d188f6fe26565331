import { useMemo, useState } from 'react';
import { Button, Card, Col, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { ExperimentOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import type { ModelListQuery } from '../../../api/models-api.ts';
import type { ModelStatus, ModelSummary } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { OrgTreeSelect } from '../../admin/components/OrgTreeSelect.tsx';
import { useOrgQuery, useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { useModels } from '../hooks/model-queries.ts';
import { actorText } from '../model/model-format.ts';
import { MODEL_PURPOSES, MODEL_STATUSES } from '../model/model-status.ts';
import { KindText, ModelStatusTag, MonitoringStatusTag, PurposeText } from './ModelTags.tsx';
import { NewModelModal } from './NewModelModal.tsx';

interface Filters {
  purpose?: string;
  status?: ModelStatus;
  q?: string;
  org?: string;
}

function filtersOf(params: URLSearchParams): Filters {
  const status = params.get('status') ?? undefined;
  return {
    purpose: params.get('purpose') ?? undefined,
    status: MODEL_STATUSES.includes(status as ModelStatus) ? (status as ModelStatus) : undefined,
    q: params.get('q') ?? undefined,
    org: params.get('org') ?? undefined,
  };
}

const versionText = (v: number | null) => (v === null ? '—' : `v${v}`);

/** The model registry: every model of the caller's orgs with its latest version, champion and monitoring. */
export function ModelListPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const f = useFormat();
  const permissions = usePermissions();
  const { canSwitch } = useOrgScope();
  const orgQuery = useOrgQuery();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersOf(params), [params]);
  const [creating, setCreating] = useState(false);
  const query: ModelListQuery = { org: filters.org ?? orgQuery.org, purpose: filters.purpose, status: filters.status, q: filters.q };
  const models = useModels(query);
  const mayEdit = permissions.has('model.edit');

  const submit = (v: Filters) => {
    const next = new URLSearchParams();
    for (const [k, value] of Object.entries(v)) if (typeof value === 'string' && value.trim()) next.set(k, value.trim());
    setParams(next);
  };

  const columns: ColumnsType<ModelSummary> = [
    {
      title: t('models.col.key'),
      dataIndex: 'key',
      width: 180,
      fixed: 'left',
      render: (key: string, m) => (
        <Link to={`/models/${encodeURIComponent(m.id)}`} data-testid={`model-link-${key}`}>
          <Typography.Text code>{key}</Typography.Text>
        </Link>
      ),
    },
    { title: t('models.col.name'), dataIndex: 'name', ellipsis: true, width: 220 },
    { title: t('models.col.purpose'), dataIndex: 'purpose', width: 130, render: (_: unknown, m) => <PurposeText purpose={m.purpose} /> },
    { title: t('models.col.kind'), dataIndex: 'kind', width: 150, render: (_: unknown, m) => <KindText kind={m.kind} /> },
    {
      title: t('models.col.latest'),
      dataIndex: 'latestVersion',
      width: 170,
      render: (_: unknown, m) =>
        m.latestVersion === null ? (
          <Typography.Text type="secondary">{t('models.noVersion')}</Typography.Text>
        ) : (
          <Space size={4}>
            <span>{versionText(m.latestVersion)}</span>
            {m.latestStatus && <ModelStatusTag status={m.latestStatus} />}
          </Space>
        ),
    },
    {
      title: t('models.col.championChallenger'),
      key: 'champion',
      width: 170,
      render: (_: unknown, m) => (
        <span data-testid="model-champion">
          {t('models.championShort', { champion: versionText(m.championVersion), challenger: versionText(m.challengerVersion) })}
        </span>
      ),
    },
    { title: t('models.col.owner'), dataIndex: 'owner', width: 140, ellipsis: true, render: (v: string) => actorText(v) },
    { title: t('models.col.org'), dataIndex: 'orgId', width: 140, ellipsis: true, render: (v: string) => <OrgName id={v} /> },
    { title: t('models.col.monitoring'), key: 'monitoring', width: 140, render: (_: unknown, m) => <MonitoringStatusTag status={m.lastMonitoringStatus} enabled={m.monitoringEnabled} /> },
    { title: t('models.col.updated'), dataIndex: 'updatedAt', width: 170, render: (v: string) => f.dateTime(v) },
  ];

  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('models.description')}
        extra={
          <Space wrap>
            <Link to="/models/workbench">
              <Button icon={<ExperimentOutlined />} data-testid="models-workbench-link">
                {t('models.workbench.title')}
              </Button>
            </Link>
            {mayEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="models-new">
                {t('models.new.button')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<Filters> key={params.toString()} name="modelFilters" layout="vertical" initialValues={filters} onFinish={submit} data-testid="model-filters">
          <Row gutter={12}>
            <Col xs={24} md={8} xl={6}>
              <Form.Item name="q" label={t('models.filter.text')}>
                <Input allowClear placeholder={t('models.filter.textPlaceholder')} data-testid="models-filter-text" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Form.Item name="purpose" label={t('models.filter.purpose')}>
                <Select allowClear placeholder={t('models.filter.any')} options={MODEL_PURPOSES.map((p) => ({ value: p, label: t(`models.purpose.${p}`) }))} data-testid="models-filter-purpose" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Form.Item name="status" label={t('models.filter.status')}>
                <Select allowClear placeholder={t('models.filter.any')} options={MODEL_STATUSES.map((s) => ({ value: s, label: t(`models.status.${s}`) }))} data-testid="models-filter-status" />
              </Form.Item>
            </Col>
            {canSwitch && (
              <Col xs={24} md={8} xl={5}>
                <Form.Item name="org" label={t('models.filter.org')}>
                  <OrgTreeSelect allowClear placeholder={t('models.filter.switcherOrg')} testId="models-filter-org" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
            <Col flex="auto">
              <Form.Item label=" " colon={false}>
                <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
                  <Button onClick={() => setParams(new URLSearchParams())} data-testid="models-filter-reset">
                    {t('models.filter.reset')}
                  </Button>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="models-filter-submit">
                    {t('models.filter.search')}
                  </Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <ErrorAlert error={models.error} />
      <Table<ModelSummary>
        data-testid="model-table"
        rowKey={(m) => m.id}
        size="small"
        columns={columns}
        dataSource={models.data?.items}
        loading={models.isFetching}
        scroll={{ x: 1600 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('models.empty') }}
        onRow={(m) => ({ 'data-testid': `model-row-${m.key}` }) as React.HTMLAttributes<HTMLElement>}
      />
      <NewModelModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
