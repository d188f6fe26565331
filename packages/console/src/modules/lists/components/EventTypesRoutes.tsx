import { useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Descriptions, Empty, Form, Input, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { catalogApi } from '../../../api/catalog-api.ts';
import type { EventType, EventTypeUsage } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useText } from '../../../components/use-text.ts';
import { hasMessage, type MessageKey } from '../../../i18n/translate.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import type { NavPage } from '../../shell/nav-items.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { definitionText, eventTypeTemplate, fieldRows, parseDefinition, type FieldRow } from '../utils/event-type-model.ts';
import { serverIssues } from '../utils/server-issues.ts';
import { IssueTable } from './IssueTable.tsx';

const EVENT_TYPES_KEY = ['catalog', 'eventTypes'] as const;

/** The event-type catalogue: the list, one type's definition, and its JSON editor. */
export function EventTypesRoutes({ page }: { page: NavPage }) {
  return (
    <Routes>
      <Route index element={<EventTypeListPage page={page} />} />
      <Route path="new" element={<EventTypeEditPage page={page} />} />
      <Route path=":key" element={<EventTypeDetailPage page={page} />} />
      <Route path=":key/edit" element={<EventTypeEditPage page={page} />} />
    </Routes>
  );
}

function EventTypeListPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const text = useText();
  const canWrite = usePermissions().has('event_type.write');
  const q = useQuery({ queryKey: EVENT_TYPES_KEY, queryFn: catalogApi.eventTypes.list });
  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('eventTypes.intro')}
        extra={
          canWrite && (
            <Link to={`${page.path}/new`}>
              <Button type="primary" data-testid="event-type-new">
                {t('eventTypes.new')}
              </Button>
            </Link>
          )
        }
      />
      <ErrorAlert error={q.error} />
      <Table<EventType>
        data-testid="event-types-table"
        size="small"
        rowKey={(r) => r.key}
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('eventTypes.empty')} /> }}
        columns={[
          { title: t('eventTypes.key'), dataIndex: 'key', render: (k: string) => <Link to={`${page.path}/${encodeURIComponent(k)}`} data-testid={`event-type-link-${k}`}>{k}</Link> },
          { title: t('eventTypes.name'), key: 'name', render: (_, r) => text(r.name) },
          { title: t('eventTypes.scenario'), dataIndex: 'scenario' },
          { title: t('eventTypes.channels'), key: 'channels', render: (_, r) => r.channels.map((c) => <Tag key={c}>{c}</Tag>) },
          { title: t('eventTypes.fieldCount'), key: 'fields', align: 'right', render: (_, r) => Object.keys(r.fields).length },
          { title: t('eventTypes.entityFields'), key: 'entities', render: (_, r) => Object.values(r.entityFields).filter((v, i, a) => a.indexOf(v) === i).map((e) => <Tag key={e} color="blue">{hasMessage(`eventTypes.entity.${e}`) ? t(`eventTypes.entity.${e}` as MessageKey) : e}</Tag>) },
          { title: t('eventTypes.latencyBudget'), dataIndex: 'latencyBudgetMs', align: 'right', render: (v: number) => t('eventTypes.ms', { n: v }) },
          { title: t('eventTypes.fallback'), dataIndex: 'fallbackOutcome', render: (o: string) => <OutcomeTag outcome={o} /> },
          { title: t('eventTypes.revision'), dataIndex: 'revision', align: 'right' },
        ]}
      />
    </>
  );
}

function useEventType(key: string | undefined) {
  return useQuery({ queryKey: [...EVENT_TYPES_KEY, key], queryFn: () => catalogApi.eventTypes.get(key!), enabled: !!key });
}

function EventTypeDetailPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const text = useText();
  const key = useParams().key!;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const canWrite = usePermissions().has('event_type.write');
  const q = useEventType(key);
  const usage = useQuery({ queryKey: [...EVENT_TYPES_KEY, key, 'usage'], queryFn: () => catalogApi.eventTypes.usage(key) });
  const del = useMutation({
    mutationFn: () => catalogApi.eventTypes.remove(key),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: EVENT_TYPES_KEY });
      navigate(page.path);
    },
  });
  const def = q.data;
  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to={page.path}>{t(page.labelKey)}</Link> }, { title: key }]} />
      <PageHeader
        title={def ? `${text(def.name)} · ${def.key}` : key}
        extra={
          canWrite &&
          def && (
            <Space>
              <Link to={`${page.path}/${encodeURIComponent(key)}/edit`}>
                <Button data-testid="event-type-edit">{t('eventTypes.edit')}</Button>
              </Link>
              <Popconfirm
                title={t('eventTypes.deleteConfirm', { key })}
                description={t('eventTypes.deleteHint')}
                okText={t('eventTypes.delete')}
                cancelText={t('lists.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'event-type-delete-ok' }}
                onConfirm={() => del.mutate()}
              >
                <Button danger loading={del.isPending} data-testid="event-type-delete">
                  {t('eventTypes.delete')}
                </Button>
              </Popconfirm>
            </Space>
          )
        }
      />
      <ErrorAlert error={q.error ?? del.error} />
      <IssueTable issues={serverIssues(del.error)} />
      {q.isLoading && <Spin />}
      {def && (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="event-type-summary">
              <Descriptions.Item label={t('eventTypes.key')}>{def.key}</Descriptions.Item>
              <Descriptions.Item label={t('eventTypes.nameZh')}>{def.name.zh}</Descriptions.Item>
              <Descriptions.Item label={t('eventTypes.nameEn')}>{def.name.en}</Descriptions.Item>
              <Descriptions.Item label={t('eventTypes.scenario')}>{def.scenario}</Descriptions.Item>
              <Descriptions.Item label={t('eventTypes.channels')}>{def.channels.map((c) => <Tag key={c}>{c}</Tag>)}</Descriptions.Item>
              <Descriptions.Item label={t('eventTypes.orgField')}>{def.orgField ? <Typography.Text code>{def.orgField}</Typography.Text> : t('eventTypes.none')}</Descriptions.Item>
              <Descriptions.Item label={t('eventTypes.latencyBudget')}>{t('eventTypes.ms', { n: def.latencyBudgetMs })}</Descriptions.Item>
              <Descriptions.Item label={t('eventTypes.fallback')}>
                <OutcomeTag outcome={def.fallbackOutcome} />
              </Descriptions.Item>
              <Descriptions.Item label={t('eventTypes.precedence')}>
                <Space size={4}>
                  {def.outcomePrecedence.map((o) => (
                    <OutcomeTag key={o} outcome={o} />
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('eventTypes.revision')}>{def.revision ?? ''}</Descriptions.Item>
            </Descriptions>
          </Card>
          <EventTypeUsageCard usage={usage.data} loading={usage.isLoading} error={usage.error} />
          <Typography.Title level={5}>{t('eventTypes.fields')}</Typography.Title>
          <Table<FieldRow>
            data-testid="event-type-fields"
            size="small"
            rowKey={(r) => r.name}
            pagination={false}
            dataSource={fieldRows(def)}
            columns={[
              { title: t('eventTypes.field.name'), dataIndex: 'name', render: (n: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{n}</Typography.Text> },
              { title: t('eventTypes.field.type'), key: 'type', render: (_, r) => <Tag>{t(`eventTypes.type.${r.def.type}`)}</Tag> },
              { title: t('eventTypes.field.required'), key: 'required', render: (_, r) => (r.def.required ? <Tag color="gold">{t('eventTypes.field.requiredYes')}</Tag> : '') },
              { title: t('eventTypes.field.values'), key: 'values', render: (_, r) => r.def.values?.map((v) => <Tag key={v}>{v}</Tag>) },
              { title: t('eventTypes.field.maxLength'), key: 'maxLength', align: 'right', render: (_, r) => r.def.maxLength ?? '' },
              {
                title: t('eventTypes.field.flags'),
                key: 'flags',
                render: (_, r) => (
                  <>
                    {r.entity && <Tag color="blue">{hasMessage(`eventTypes.entity.${r.entity}`) ? t(`eventTypes.entity.${r.entity}` as MessageKey) : r.entity}</Tag>}
                    {r.sensitive && <Tag color={r.sensitive === 'pan' ? 'red' : 'volcano'}>{hasMessage(`eventTypes.sensitive.${r.sensitive}`) ? t(`eventTypes.sensitive.${r.sensitive}` as MessageKey) : r.sensitive}</Tag>}
                    {r.isOrgField && <Tag color="purple">{t('eventTypes.orgField')}</Tag>}
                  </>
                ),
              },
              { title: t('eventTypes.field.description'), key: 'description', render: (_, r) => r.def.description ?? '' },
            ]}
          />
        </>
      )}
    </>
  );
}

function EventTypeUsageCard({ usage, loading, error }: { usage?: EventTypeUsage; loading: boolean; error: unknown }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('eventTypes.usage')} style={{ marginBottom: 16 }} loading={loading} data-testid="event-type-usage">
      <ErrorAlert error={error} />
      {usage && !usage.strategies.length && !usage.features.length && <Typography.Text type="secondary">{t('eventTypes.usageNone')}</Typography.Text>}
      {usage && usage.strategies.length > 0 && (
        <Table<EventTypeUsage['strategies'][number]>
          size="small"
          pagination={false}
          rowKey={(r) => r.id}
          dataSource={usage.strategies}
          columns={[
            { title: t('eventTypes.usage.strategy'), dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
            { title: t('eventTypes.name'), dataIndex: 'name' },
            { title: t('eventTypes.usage.direction'), dataIndex: 'direction' },
            { title: t('eventTypes.usage.live'), dataIndex: 'liveVersion', render: (v: number | null) => (v === null ? <Typography.Text type="secondary">{t('eventTypes.usage.notLive')}</Typography.Text> : <Tag color="green">{t('eventTypes.usage.version', { n: v })}</Tag>) },
            { title: t('eventTypes.usage.latest'), dataIndex: 'latestVersion', render: (v: number | null) => (v === null ? '' : t('eventTypes.usage.version', { n: v })) },
          ]}
        />
      )}
      {usage && usage.features.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
          <Typography.Text type="secondary">{t('eventTypes.usage.features')}</Typography.Text>{' '}
          {usage.features.map((f) => (
            <Tag key={`${f.strategyId}/${f.feature}`}>{t('eventTypes.usage.feature', { feature: f.feature, strategy: f.strategyId, n: f.version })}</Tag>
          ))}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function EventTypeEditPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const key = useParams().key;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const canWrite = usePermissions().has('event_type.write');
  const q = useEventType(key);
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [parseError, setParseError] = useState<string | undefined>(undefined);
  const initial = key ? (q.data ? definitionText(q.data) : undefined) : definitionText(eventTypeTemplate());
  const textValue = draft ?? initial ?? '';
  const save = useMutation({
    mutationFn: (def: EventType) => (key ? catalogApi.eventTypes.replace(key, def) : catalogApi.eventTypes.create(def)),
    onSuccess: async (saved) => {
      await qc.invalidateQueries({ queryKey: EVENT_TYPES_KEY });
      navigate(`${page.path}/${encodeURIComponent(saved.key)}`);
    },
  });
  const submit = () => {
    const parsed = parseDefinition(textValue);
    if (!parsed.ok) {
      setParseError(parsed.message ?? '');
      return;
    }
    setParseError(undefined);
    save.mutate(parsed.def);
  };
  if (!canWrite) return <Alert type="warning" showIcon title={t('eventTypes.noPermission')} />;
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to={page.path}>{t(page.labelKey)}</Link> }, ...(key ? [{ title: <Link to={`${page.path}/${encodeURIComponent(key)}`}>{key}</Link> }] : []), { title: key ? t('eventTypes.edit') : t('eventTypes.new') }]}
      />
      <PageHeader title={key ? t('eventTypes.editTitle', { key }) : t('eventTypes.new')} description={t('eventTypes.editorHint')} />
      <ErrorAlert error={q.error ?? save.error} />
      <IssueTable issues={serverIssues(save.error)} testId="event-type-issues" />
      {key && q.isLoading ? (
        <Spin />
      ) : (
        <Form layout="vertical" onFinish={submit}>
          <Form.Item label={t('eventTypes.definition')} validateStatus={parseError !== undefined ? 'error' : undefined} help={parseError === undefined ? undefined : parseError ? t('eventTypes.badJson', { message: parseError }) : t('eventTypes.notObject')}>
            <Input.TextArea
              data-testid="event-type-json"
              value={textValue}
              onChange={(e) => setDraft(e.target.value)}
              autoSize={{ minRows: 18, maxRows: 40 }}
              spellCheck={false}
              style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="event-type-save">
              {key ? t('eventTypes.replace') : t('eventTypes.create')}
            </Button>
            <Button onClick={() => navigate(key ? `${page.path}/${encodeURIComponent(key)}` : page.path)}>{t('lists.cancel')}</Button>
          </Space>
        </Form>
      )}
    </>
  );
}
