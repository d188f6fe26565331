import { useState } from 'react';
import { Button, Card, Descriptions, Empty, Form, Input, Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { decisionsApi } from '../../../api/decisions-api.ts';
import type { EntityFeature, EntityKind, EntityListMembership, EntityView } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgQuery } from '../../org-scope/hooks/use-org-scope.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { ENTITY_TYPES, currentCursor, firstPage, isCardNumber, nextPage, pageNumber, previousPage, type CursorStack } from '../search-filters.ts';
import { formatTraceValue } from '../trace-model.ts';
import { DecisionTable } from './DecisionTable.tsx';

export function EntityRoutes({ page }: { page: NavPage }) {
  return (
    <Routes>
      <Route index element={<EntityPage page={page} />} />
      <Route path=":type/:value" element={<EntityPage page={page} />} />
    </Routes>
  );
}

const isKind = (v: string | undefined): v is EntityKind => !!v && (ENTITY_TYPES as readonly string[]).includes(v);

/** Entity 360: one card, customer, device, … — its decisions, features and list memberships. */
function EntityPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const params = useParams();
  const type = isKind(params.type) ? params.type : undefined;
  const value = type ? params.value : undefined;
  return (
    <>
      <PageHeader title={t(page.labelKey)} description={t('entity.description')} />
      <EntitySearchForm key={`${type ?? ''}/${value ?? ''}`} type={type} value={value} />
      {params.type && !type && <ErrorAlert error={new Error(t('entity.unknownType'))} />}
      {type && value ? <EntityDetail type={type} value={value} /> : <Empty description={t('entity.prompt')} data-testid="entity-prompt" />}
    </>
  );
}

function EntitySearchForm({ type, value }: { type?: EntityKind; value?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(v: { type: EntityKind; value: string }) {
    setError(null);
    let shown = v.value.trim();
    // A card number is looked up once and replaced by its token: it never reaches the address bar.
    if (isCardNumber(v.type, shown)) {
      setBusy(true);
      try {
        shown = (await decisionsApi.entity('card', shown)).value;
      } catch (e) {
        setError(e);
        return;
      } finally {
        setBusy(false);
      }
    }
    navigate(`/entity/${v.type}/${encodeURIComponent(shown)}`);
  }
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Form layout="inline" initialValues={{ type: type ?? 'card', value: type === 'card' ? '' : (value ?? '') }} onFinish={submit} data-testid="entity-search">
        <Form.Item name="type" rules={[{ required: true, message: t('entity.typeRequired') }]}>
          <Select style={{ width: 140 }} options={ENTITY_TYPES.map((k) => ({ value: k, label: t(`entity.type.${k}`) }))} data-testid="entity-type" aria-label={t('entity.typeLabel')} />
        </Form.Item>
        <Form.Item
          name="value"
          rules={[
            { required: true, whitespace: true, message: t('entity.valueRequired') },
            { max: 256, message: t('entity.valueTooLong') },
          ]}
        >
          <Input style={{ width: 320 }} allowClear placeholder={t('entity.valuePlaceholder')} data-testid="entity-value" aria-label={t('entity.valueLabel')} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy} data-testid="entity-submit">
            {t('entity.search')}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={error} style={{ marginTop: 12, marginBottom: 0 }} />
    </Card>
  );
}

function EntityDetail({ type, value }: { type: EntityKind; value: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const orgQuery = useOrgQuery();
  const q = useQuery({ queryKey: ['entity', type, value, orgQuery], queryFn: () => decisionsApi.entity(type, value, orgQuery.org) });
  if (q.isLoading) return <Spin data-testid="entity-loading" />;
  if (q.error || !q.data) return <ErrorAlert error={q.error} />;
  const e = q.data;
  return (
    <div data-testid="entity-view">
      <Card size="small" style={{ marginBottom: 16 }} title={t('entity.summary')}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t(`entity.type.${e.type}`)}>
            <Typography.Text strong data-testid="entity-display">
              {e.display}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('entity.total')}>
            <span data-testid="entity-total">{f.number(e.summary.total, 0)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('entity.orgs')}>
            <Space wrap>
              {e.summary.orgs.map((o) => (
                <Tag key={o}>
                  <OrgName id={o} />
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('entity.firstSeen')}>{f.dateTime(e.summary.firstSeen)}</Descriptions.Item>
          <Descriptions.Item label={t('entity.lastSeen')}>{f.dateTime(e.summary.lastSeen)}</Descriptions.Item>
          <Descriptions.Item label={t('entity.outcomes')}>
            <Space wrap data-testid="entity-outcomes">
              {Object.entries(e.summary.outcomes).map(([o, n]) => (
                <Space key={o} size={2}>
                  <OutcomeTag outcome={o} />
                  <span>{f.number(n, 0)}</span>
                </Space>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
        {e.summary.total === 0 && <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }} data-testid="entity-unseen">{t('entity.unseen')}</Typography.Paragraph>}
      </Card>
      <ListsCard lists={e.lists} />
      <FeaturesCard features={e.features} />
      <RecentDecisions entity={e} />
    </div>
  );
}

function FeaturesCard({ features }: { features: EntityFeature[] }) {
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

function ListsCard({ lists }: { lists: EntityListMembership[] }) {
  const { t } = useI18n();
  const text = useText();
  const f = useFormat();
  return (
    <Card size="small" title={t('entity.lists')} style={{ marginBottom: 16 }}>
      <Table<EntityListMembership>
        size="small"
        pagination={false}
        rowKey={(x) => `${x.listId}/${x.createdAt}`}
        dataSource={lists}
        data-testid="entity-lists"
        locale={{ emptyText: t('entity.noLists') }}
        columns={[
          {
            title: t('entity.list'),
            key: 'list',
            render: (_: unknown, x) => (
              <Space direction="vertical" size={0}>
                <Link to={`/lists/${encodeURIComponent(x.listId)}`}>{text(x.listName)}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {x.listKey}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('entity.listKind'), dataIndex: 'kind', width: 80, render: (v: string) => <Tag color={v === 'black' ? 'red' : v === 'white' ? 'green' : 'gold'}>{v}</Tag> },
          { title: t('decisions.col.org'), dataIndex: 'orgId', render: (v: string) => <OrgName id={v} /> },
          { title: t('entity.reason'), dataIndex: 'reason' },
          {
            title: t('entity.expires'),
            dataIndex: 'expiresAt',
            render: (v: string | null) => (v ? <span style={{ color: Date.parse(v) < Date.now() ? '#999' : undefined }}>{f.dateTime(v)}</span> : t('entity.never')),
          },
          { title: t('entity.addedBy'), key: 'added', render: (_: unknown, x) => `${x.createdBy} · ${f.dateTime(x.createdAt)}` },
        ]}
      />
    </Card>
  );
}

function RecentDecisions({ entity }: { entity: EntityView }) {
  const { t } = useI18n();
  const orgQuery = useOrgQuery();
  const key = `${entity.type}/${entity.value}/${orgQuery.org ?? ''}`;
  const [stack, setStack] = useState<{ key: string; s: CursorStack }>({ key, s: firstPage() });
  const pages = stack.key === key ? stack.s : firstPage();
  const query = { entityType: entity.type, value: entity.value, limit: 20, ...orgQuery, cursor: currentCursor(pages) };
  const r = useQuery({ queryKey: ['decisions', 'search', query], queryFn: ({ signal }) => decisionsApi.search(query, signal), placeholderData: keepPreviousData });
  const next = r.data?.nextCursor ?? null;
  return (
    <Card size="small" title={t('entity.recent')} extra={<Link to={`/decisions?entityType=${entity.type}&value=${encodeURIComponent(entity.value)}`}>{t('entity.openInSearch')}</Link>}>
      <ErrorAlert error={r.error} />
      <DecisionTable
        testId="entity-decisions"
        items={r.data?.items}
        loading={r.isFetching}
        page={pageNumber(pages)}
        hasNext={!!next && !r.isPlaceholderData}
        onNext={() => next && setStack({ key, s: nextPage(pages, next) })}
        onPrevious={() => setStack({ key, s: previousPage(pages) })}
      />
    </Card>
  );
}
