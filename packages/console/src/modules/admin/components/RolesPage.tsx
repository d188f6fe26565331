import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { adminApiClient } from '../../../api/admin-api.ts';
import type { Role } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useText } from '../../../components/use-text.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { ungrantable } from '../utils/permission-groups.ts';
import { OrgTreeSelect } from './OrgTreeSelect.tsx';
import { PermissionChecklist } from './PermissionChecklist.tsx';

interface RoleForm {
  id: string;
  zh: string;
  en: string;
  orgId?: string;
  permissions: string[];
}
type Editing = { mode: 'create' } | { mode: 'edit'; role: Role } | { mode: 'view'; role: Role };

/** Built-in and custom roles with their permissions; custom roles are built from the catalogue. */
export function RolesPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const text = useText();
  const { message } = App.useApp();
  const perms = usePermissions();
  const { selected } = useOrgScope();
  const qc = useQueryClient();
  const mayManage = perms.has('role.manage');
  const roles = useQuery({ queryKey: ['admin', 'roles'], queryFn: adminApiClient.roles });
  const [editing, setEditing] = useState<Editing>();
  const [form] = Form.useForm<RoleForm>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'roles'] });

  const save = useMutation({
    mutationFn: async (v: RoleForm) => {
      const name = { zh: v.zh, en: v.en };
      if (editing?.mode === 'edit') return adminApiClient.replaceRole(editing.role.id, { name, permissions: v.permissions });
      return adminApiClient.createRole({ id: v.id, name, permissions: v.permissions, ...(v.orgId ? { orgId: v.orgId } : {}) });
    },
    onSuccess: async () => {
      setEditing(undefined);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => adminApiClient.deleteRole(id),
    onSuccess: async () => {
      void message.success(t('admin.common.done'));
      await refresh();
    },
    onError: (e) => void message.error(errorText(t, e)),
  });

  const open = (e: Editing) => {
    save.reset();
    setEditing(e);
    if (e.mode === 'create') form.setFieldsValue({ id: '', zh: '', en: '', orgId: selected, permissions: [] });
    else form.setFieldsValue({ id: e.role.id, zh: e.role.name.zh, en: e.role.name.en, orgId: e.role.orgId ?? undefined, permissions: e.role.permissions });
  };
  const readOnly = editing?.mode === 'view';

  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('admin.roles.description')}
        extra={
          mayManage && (
            <Button type="primary" onClick={() => open({ mode: 'create' })} data-testid="role-create">
              {t('admin.roles.create')}
            </Button>
          )
        }
      />
      <ErrorAlert error={roles.error} />
      <Table<Role>
        data-testid="roles-table"
        size="small"
        rowKey={(r) => r.id}
        loading={roles.isLoading}
        dataSource={roles.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('admin.roles.name'), key: 'name', render: (_, r) => text(r.name) },
          { title: t('admin.roles.id'), dataIndex: 'id', render: (v: string) => <code>{v}</code> },
          { title: t('admin.roles.type'), key: 'type', render: (_, r) => (r.builtIn ? <Tag color="blue">{t('admin.roles.builtIn')}</Tag> : <Tag color="purple">{t('admin.roles.custom')}</Tag>) },
          { title: t('admin.common.org'), dataIndex: 'orgId', render: (v: string | null) => (v ? <OrgName id={v} /> : t('admin.roles.everyOrg')) },
          { title: t('admin.roles.permissions'), key: 'permissions', render: (_, r) => t('admin.roles.permissionCount', { count: r.permissions.length }) },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => open({ mode: 'view', role: r })} data-testid={`role-view-${r.id}`}>
                  {t('admin.common.view')}
                </Button>
                {mayManage && !r.builtIn && (
                  <>
                    <Button type="link" size="small" onClick={() => open({ mode: 'edit', role: r })} data-testid={`role-edit-${r.id}`}>
                      {t('admin.common.edit')}
                    </Button>
                    <Popconfirm title={t('admin.roles.deleteConfirm', { name: text(r.name) })} okText={t('admin.common.delete')} okButtonProps={{ danger: true }} cancelText={t('admin.common.cancel')} onConfirm={() => remove.mutate(r.id)}>
                      <Button type="link" size="small" danger data-testid={`role-delete-${r.id}`}>
                        {t('admin.common.delete')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        open={!!editing}
        size={640}
        title={editing?.mode === 'create' ? t('admin.roles.create') : editing ? text(editing.role.name) : ''}
        onClose={() => setEditing(undefined)}
        forceRender
        extra={
          !readOnly && (
            <Space>
              <Button onClick={() => setEditing(undefined)}>{t('admin.common.cancel')}</Button>
              <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="role-save">
                {t('admin.common.save')}
              </Button>
            </Space>
          )
        }
      >
        <ErrorAlert error={save.error} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={readOnly}>
          <Space align="start" wrap>
            <Form.Item name="id" label={t('admin.roles.id')} rules={[{ required: true, message: t('admin.common.required') }, { pattern: /^[a-z][a-z0-9_]{0,63}$/, message: t('admin.roles.idInvalid') }]}>
              <Input disabled={editing?.mode !== 'create'} data-testid="role-id" />
            </Form.Item>
            {editing?.mode === 'create' && (
              <Form.Item name="orgId" label={t('admin.common.org')} extra={t('admin.roles.orgHelp')}>
                <OrgTreeSelect allowClear placeholder={t('admin.roles.ownOrg')} />
              </Form.Item>
            )}
          </Space>
          <Space align="start" wrap>
            <Form.Item name="zh" label={t('admin.common.nameZh')} rules={[{ required: true, whitespace: true, message: t('admin.common.required') }, { max: 200 }]}>
              <Input data-testid="role-name-zh" />
            </Form.Item>
            <Form.Item name="en" label={t('admin.common.nameEn')} rules={[{ required: true, whitespace: true, message: t('admin.common.required') }, { max: 200 }]}>
              <Input data-testid="role-name-en" />
            </Form.Item>
          </Space>
          <Form.Item
            name="permissions"
            label={t('admin.roles.permissions')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('admin.roles.permissionsRequired') },
              { validator: (_, v: string[] = []) => (readOnly || ungrantable(v, perms).length === 0 ? Promise.resolve() : Promise.reject(new Error(t('admin.roles.ungrantable', { list: ungrantable(v, perms).join(', ') })))) },
            ]}
          >
            <PermissionChecklist catalogue={roles.data?.permissions ?? []} held={perms} readOnly={readOnly} />
          </Form.Item>
        </Form>
      </Drawer>
    </>
  );
}
