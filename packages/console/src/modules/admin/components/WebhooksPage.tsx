import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Drawer, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag } from 'antd';
import { adminApiClient } from '../../../api/admin-api.ts';
import type { Webhook } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { OUTCOMES } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { OrgTreeSelect } from './OrgTreeSelect.tsx';
import { SecretOnceModal } from './SecretOnceModal.tsx';
import { WebhookDeliveries } from './WebhookDeliveries.tsx';

/** The events an endpoint can subscribe to: one per decision outcome, and feedback. */
const EVENTS = [...OUTCOMES.map((o) => `decision.${o}`), 'decision.feedback', 'alert.opened', 'alert.escalated', 'alert.disposed'];

interface HookForm {
  name: string;
  url: string;
  events: string[];
  orgId?: string;
  enabled: boolean;
}

/** Webhook endpoints: signed deliveries of decisions and feedback, their deliveries and retries. */
export function WebhooksPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const { selected } = useOrgScope();
  const { data: session } = useSession();
  const qc = useQueryClient();
  const hooks = useQuery({ queryKey: ['admin', 'webhooks'], queryFn: adminApiClient.webhooks });
  const [editing, setEditing] = useState<{ mode: 'create' } | { mode: 'edit'; hook: Webhook }>();
  const [viewing, setViewing] = useState<Webhook>();
  const [secret, setSecret] = useState<string>();
  const [form] = Form.useForm<HookForm>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'webhooks'] });

  const save = useMutation({
    mutationFn: async (v: HookForm) => {
      if (editing?.mode === 'edit') {
        await adminApiClient.updateWebhook(editing.hook.id, { name: v.name.trim(), url: v.url.trim(), events: v.events, enabled: v.enabled });
        return undefined;
      }
      return (await adminApiClient.createWebhook({ name: v.name.trim(), url: v.url.trim(), events: v.events, enabled: v.enabled, ...(v.orgId ? { orgId: v.orgId } : {}) })).secret;
    },
    onSuccess: async (s) => {
      setEditing(undefined);
      if (s) setSecret(s);
      await refresh();
    },
  });
  const act = useMutation({
    mutationFn: async ({ hook, action }: { hook: Webhook; action: 'test' | 'delete' }) => {
      if (action === 'test') await adminApiClient.testWebhook(hook.id);
      else await adminApiClient.deleteWebhook(hook.id);
      return action;
    },
    onSuccess: async (action, { hook }) => {
      void message.success(action === 'test' ? t('admin.webhooks.testQueued') : t('admin.common.done'));
      await refresh();
      await qc.invalidateQueries({ queryKey: ['admin', 'deliveries', hook.id] });
    },
    onError: (e) => void message.error(errorText(t, e)),
  });

  const open = (e: { mode: 'create' } | { mode: 'edit'; hook: Webhook }) => {
    save.reset();
    setEditing(e);
    form.setFieldsValue(e.mode === 'create' ? { name: '', url: 'https://', events: [...EVENTS.slice(1, 4)], orgId: selected ?? session?.user.orgId, enabled: true } : { name: e.hook.name, url: e.hook.url, events: e.hook.events, enabled: e.hook.enabled });
  };

  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('admin.webhooks.description')}
        extra={
          <Button type="primary" onClick={() => open({ mode: 'create' })} data-testid="webhook-create">
            {t('admin.webhooks.create')}
          </Button>
        }
      />
      <ErrorAlert error={hooks.error} />
      <Table<Webhook>
        data-testid="webhooks-table"
        size="small"
        rowKey={(r) => r.id}
        loading={hooks.isLoading}
        dataSource={hooks.data?.items ?? []}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.webhooks.name'), dataIndex: 'name' },
          { title: t('admin.webhooks.url'), dataIndex: 'url', ellipsis: true, render: (v: string) => <code>{v}</code> },
          { title: t('admin.common.org'), dataIndex: 'orgId', render: (v: string) => <OrgName id={v} /> },
          { title: t('admin.webhooks.events'), dataIndex: 'events', render: (v: string[]) => v.map((e) => <Tag key={e}>{e}</Tag>) },
          { title: t('admin.webhooks.enabled'), dataIndex: 'enabled', render: (v: boolean) => (v ? <Tag color="green">{t('admin.webhooks.on')}</Tag> : <Tag>{t('admin.webhooks.off')}</Tag>) },
          { title: t('admin.common.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => fmt.dateTime(v) },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            render: (_, h) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setViewing(h)} data-testid={`webhook-deliveries-${h.name}`}>
                  {t('admin.webhooks.deliveries')}
                </Button>
                <Button type="link" size="small" onClick={() => open({ mode: 'edit', hook: h })}>
                  {t('admin.common.edit')}
                </Button>
                {h.enabled && (
                  <Button type="link" size="small" onClick={() => act.mutate({ hook: h, action: 'test' })} data-testid={`webhook-test-${h.name}`}>
                    {t('admin.webhooks.test')}
                  </Button>
                )}
                <Popconfirm title={t('admin.webhooks.deleteConfirm', { name: h.name })} description={t('admin.webhooks.deleteWarning')} okText={t('admin.common.delete')} okButtonProps={{ danger: true }} cancelText={t('admin.common.cancel')} onConfirm={() => act.mutate({ hook: h, action: 'delete' })}>
                  <Button type="link" size="small" danger>
                    {t('admin.common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing?.mode === 'edit' ? t('admin.webhooks.editTitle') : t('admin.webhooks.create')}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText={t('admin.common.save')}
        cancelText={t('admin.common.cancel')}
        confirmLoading={save.isPending}
        okButtonProps={{ 'data-testid': 'webhook-save' }}
        forceRender
      >
        <ErrorAlert error={save.error} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t('admin.webhooks.name')} rules={[{ required: true, whitespace: true, message: t('admin.common.required') }, { max: 128 }]}>
            <Input data-testid="webhook-name" />
          </Form.Item>
          <Form.Item name="url" label={t('admin.webhooks.url')} extra={t('admin.webhooks.urlHelp')} rules={[{ required: true, message: t('admin.common.required') }, { pattern: /^https?:\/\/[^\s/]+/i, message: t('admin.webhooks.urlInvalid') }, { max: 2048 }]}>
            <Input data-testid="webhook-url" />
          </Form.Item>
          {editing?.mode === 'create' && (
            <Form.Item name="orgId" label={t('admin.common.org')} extra={t('admin.webhooks.orgHelp')}>
              <OrgTreeSelect />
            </Form.Item>
          )}
          <Form.Item name="events" label={t('admin.webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.webhooks.eventsRequired') }]}>
            <Checkbox.Group options={EVENTS.map((e) => ({ value: e, label: e }))} />
          </Form.Item>
          <Form.Item name="enabled" label={t('admin.webhooks.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer open={!!viewing} size={960} title={viewing ? t('admin.webhooks.deliveriesOf', { name: viewing.name }) : ''} onClose={() => setViewing(undefined)} destroyOnHidden>
        {viewing && <WebhookDeliveries webhook={viewing} />}
      </Drawer>
      <SecretOnceModal secret={secret} titleKey="admin.webhooks.secretTitle" warningKey="admin.webhooks.secretWarning" onClose={() => setSecret(undefined)} />
    </>
  );
}
