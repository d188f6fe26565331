import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { adminApiClient } from '../../../api/admin-api.ts';
import type { ApiKey } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { OrgTreeSelect } from './OrgTreeSelect.tsx';
import { SecretOnceModal } from './SecretOnceModal.tsx';

interface KeyForm {
  name: string;
  orgId: string;
  eventTypes: string[];
  rateLimitPerSec: number;
}

/** Channel systems' API keys: listed without secrets; a new key's secret is shown once. */
export function ApiKeysPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const { selected } = useOrgScope();
  const { data: session } = useSession();
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['admin', 'apiKeys'], queryFn: adminApiClient.apiKeys });
  const [showRevoked, setShowRevoked] = useState(true);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string>();
  const [form] = Form.useForm<KeyForm>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'apiKeys'] });

  const create = useMutation({
    mutationFn: (v: KeyForm) => adminApiClient.createApiKey({ name: v.name.trim(), orgId: v.orgId, eventTypes: v.eventTypes ?? [], rateLimitPerSec: v.rateLimitPerSec }),
    onSuccess: async (r) => {
      setCreating(false);
      setSecret(r.key);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => adminApiClient.revokeApiKey(id),
    onSuccess: async () => {
      void message.success(t('admin.apiKeys.revoked'));
      await refresh();
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
  const openCreate = () => {
    create.reset();
    form.setFieldsValue({ name: '', orgId: selected ?? session?.user.orgId, eventTypes: [], rateLimitPerSec: 1000 });
    setCreating(true);
  };
  const items = (keys.data?.items ?? []).filter((k) => showRevoked || !k.revokedAt).slice().reverse();

  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('admin.apiKeys.description')}
        extra={
          <Button type="primary" onClick={openCreate} data-testid="api-key-create">
            {t('admin.apiKeys.create')}
          </Button>
        }
      />
      <ErrorAlert error={keys.error} />
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={showRevoked} onChange={setShowRevoked} size="small" /> {t('admin.apiKeys.showRevoked')}
      </Space>
      <Table<ApiKey>
        data-testid="api-keys-table"
        size="small"
        rowKey={(r) => r.id}
        loading={keys.isLoading}
        dataSource={items}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
        onRow={(k) => ({ 'data-testid': `api-key-row-${k.name}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.apiKeys.name'), dataIndex: 'name' },
          { title: t('admin.apiKeys.prefix'), dataIndex: 'prefix', render: (v: string) => <code>{v}…</code> },
          { title: t('admin.common.org'), dataIndex: 'orgId', render: (v: string) => <OrgName id={v} /> },
          { title: t('admin.apiKeys.kind'), dataIndex: 'kind', render: (v: string) => <Tag>{t(`admin.apiKeys.kinds.${v === 'admin' ? 'admin' : 'channel'}`)}</Tag> },
          { title: t('admin.apiKeys.eventTypes'), dataIndex: 'eventTypes', render: (v: string[]) => (v.length ? v.map((e) => <Tag key={e}>{e}</Tag>) : <Tag color="gold">{t('admin.apiKeys.allEventTypes')}</Tag>) },
          { title: t('admin.apiKeys.rateLimit'), dataIndex: 'rateLimitPerSec', render: (v: number) => t('admin.apiKeys.perSecond', { count: fmt.number(v, 0) }) },
          { title: t('admin.common.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmt.dateTime(v) },
          {
            title: t('admin.apiKeys.state'),
            dataIndex: 'revokedAt',
            render: (v: string | null) => (v ? <Tag color="red">{t('admin.apiKeys.revokedAt', { at: fmt.dateTime(v) })}</Tag> : <Tag color="green">{t('admin.apiKeys.active')}</Tag>),
          },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            render: (_, k) =>
              !k.revokedAt && (
                <Popconfirm title={t('admin.apiKeys.revokeConfirm', { name: k.name })} description={t('admin.apiKeys.revokeWarning')} okText={t('admin.apiKeys.revoke')} okButtonProps={{ danger: true, 'data-testid': 'api-key-revoke-ok' }} cancelText={t('admin.common.cancel')} onConfirm={() => revoke.mutate(k.id)}>
                  <Button type="link" size="small" danger data-testid={`api-key-revoke-${k.name}`}>
                    {t('admin.apiKeys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('admin.apiKeys.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('admin.apiKeys.createOk')}
        cancelText={t('admin.common.cancel')}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'api-key-save' }}
        forceRender
      >
        <ErrorAlert error={create.error} />
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label={t('admin.apiKeys.name')} rules={[{ required: true, whitespace: true, message: t('admin.common.required') }, { max: 128 }]}>
            <Input data-testid="api-key-name" />
          </Form.Item>
          <Form.Item name="orgId" label={t('admin.common.org')} rules={[{ required: true, message: t('admin.common.required') }]}>
            <OrgTreeSelect />
          </Form.Item>
          <Form.Item name="eventTypes" label={t('admin.apiKeys.eventTypes')} extra={t('admin.apiKeys.eventTypesHelp')}>
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />
          </Form.Item>
          <Form.Item name="rateLimitPerSec" label={t('admin.apiKeys.rateLimit')} rules={[{ required: true, message: t('admin.common.required') }]}>
            <InputNumber min={1} max={100000} precision={0} style={{ width: 200 }} addonAfter={t('admin.apiKeys.perSecondUnit')} />
          </Form.Item>
        </Form>
      </Modal>
      <SecretOnceModal secret={secret} titleKey="admin.apiKeys.secretTitle" warningKey="admin.apiKeys.secretWarning" onClose={() => setSecret(undefined)} />
    </>
  );
}
