import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { alertActionsApi, type MessageTemplate } from '../../../api/alert-actions-api.ts';
import { alertsApi } from '../../../api/alerts-api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useText } from '../../../components/use-text.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { autoSendSummary, canOverride, sortTemplates } from '../utils/action-admin-forms.ts';
import { TemplateDrawer, type TemplateEditing } from './TemplateDrawer.tsx';

/** Query key prefix of every template list (the SMS dialog's too): changed templates refresh them all. */
export const TEMPLATES_KEY = ['message-templates'] as const;

/**
 * The SMS templates that apply to the org chosen in the header (or one's own): its own, to edit and
 * delete, and those of the orgs above it, read-only, which it overrides with its own copy of the
 * same key and locale.
 */
export function TemplatesEditor() {
  const { t, locale } = useI18n();
  const text = useText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { selected } = useOrgScope();
  const { data: session } = useSession();
  const org = selected ?? session?.user.orgId;
  const q = useQuery({ queryKey: [...TEMPLATES_KEY, 'admin', org ?? null], queryFn: () => alertActionsApi.templatesOf(org!), enabled: !!org });
  const categories = useQuery({ queryKey: ['alert-categories', 'admin', org ?? null], queryFn: () => alertsApi.categories(org), enabled: !!org });
  const categoryName = (key: string) => {
    const c = categories.data?.items.find((x) => x.key === key);
    return c ? text(c.name) || key : key;
  };
  const items = sortTemplates(q.data?.items ?? [], org);
  const [editing, setEditing] = useState<TemplateEditing>();
  const remove = useMutation({
    mutationFn: (id: string) => alertActionsApi.deleteTemplate(id),
    onSuccess: async () => {
      void message.success(t('alerts.templates.deleted'));
      await qc.invalidateQueries({ queryKey: TEMPLATES_KEY });
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
  return (
    <div data-testid="templates-editor">
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{org ? <>{t('alerts.categories.forOrg')} <OrgName id={org} /></> : null}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} disabled={!org} onClick={() => setEditing({ mode: 'create', locale: locale === 'en-US' ? 'en-US' : 'zh-CN' })} data-testid="template-create">
          {t('alerts.templates.create')}
        </Button>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<MessageTemplate>
        data-testid="templates-table"
        size="small"
        rowKey={(x) => x.id}
        loading={q.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1080 }}
        columns={[
          {
            title: t('alerts.templates.name'),
            key: 'name',
            width: 176,
            render: (_, x) => (
              <Space orientation="vertical" size={0}>
                <span>{x.name}</span>
                <Typography.Text type="secondary" code style={{ fontSize: 12 }} data-testid="template-key">
                  {x.key}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('alerts.templates.locale'), dataIndex: 'locale', width: 96, render: (v: MessageTemplate['locale']) => t(`lang.${v}`) },
          {
            title: t('alerts.categories.setting'),
            key: 'owner',
            width: 150,
            render: (_, x) =>
              x.orgId === org ? (
                <Tag color="green" data-testid="template-own">
                  {t('alerts.categories.own')}
                </Tag>
              ) : (
                <Tag data-testid="template-inherited">
                  {t('alerts.categories.inheritedFrom')} <OrgName id={x.orgId} />
                </Tag>
              ),
          },
          {
            title: t('alerts.templates.autoSend'),
            dataIndex: 'autoSend',
            width: 220,
            render: (v: MessageTemplate['autoSend']) => (
              <Typography.Text type={v ? undefined : 'secondary'} data-testid="template-auto-send">
                {autoSendSummary(v, t, categoryName)}
              </Typography.Text>
            ),
          },
          {
            title: t('alerts.admin.enabled'),
            dataIndex: 'enabled',
            width: 80,
            render: (v: boolean) => (v ? <Tag color="green">{t('alerts.templates.on')}</Tag> : <Tag>{t('alerts.templates.off')}</Tag>),
          },
          {
            title: t('alerts.templates.variables'),
            dataIndex: 'variables',
            width: 220,
            render: (v: string[]) => (
              <Space size={[0, 4]} wrap>
                {v.map((name) => (
                  <Tag key={name}>{name}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('alerts.col.actions'),
            key: 'actions',
            width: 140,
            fixed: 'right',
            render: (_, x) => (
              <Space size={0} wrap>
                {x.inherited ? (
                  <Button type="link" size="small" onClick={() => setEditing({ mode: 'view', template: x })} data-testid="template-view">
                    {t('alerts.admin.view')}
                  </Button>
                ) : (
                  <>
                    <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', template: x })} data-testid="template-edit">
                      {t('alerts.admin.edit')}
                    </Button>
                    <Popconfirm
                      title={t('alerts.templates.deleteConfirm', { key: x.key, locale: t(`lang.${x.locale}`) })}
                      description={x.orgId === org ? t('alerts.templates.deleteHint') : t('alerts.templates.deleteHintBranches')}
                      okText={t('alerts.admin.delete')}
                      okButtonProps={{ danger: true, 'data-testid': 'template-delete-ok' }}
                      cancelText={t('alerts.common.cancel')}
                      onConfirm={() => remove.mutate(x.id)}
                    >
                      <Button type="link" size="small" danger data-testid="template-delete">
                        {t('alerts.admin.delete')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
                {canOverride(x, items, org) && (
                  <Button type="link" size="small" onClick={() => setEditing({ mode: 'override', template: x })} data-testid="template-override">
                    {t('alerts.categories.override')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <TemplateDrawer editing={editing} orgId={org} variables={q.data?.variables} categories={categories.data?.items ?? []} onClose={() => setEditing(undefined)} />
    </div>
  );
}
