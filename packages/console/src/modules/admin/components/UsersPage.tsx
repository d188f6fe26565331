import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import { adminApiClient } from '../../../api/admin-api.ts';
import type { User } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { assignableRoles, userMatches } from '../utils/assignable-roles.ts';
import { initialPassword } from '../utils/initial-password.ts';
import { OrgTreeSelect } from './OrgTreeSelect.tsx';
import { SecretOnceModal } from './SecretOnceModal.tsx';

type Status = 'active' | 'disabled' | 'locked' | 'totp' | 'mustChange';
const STATUSES: Status[] = ['active', 'disabled', 'locked', 'totp', 'mustChange'];

function hasStatus(u: User, s: Status): boolean {
  switch (s) {
    case 'active':
      return !u.disabled && !u.locked;
    case 'disabled':
      return u.disabled;
    case 'locked':
      return u.locked;
    case 'totp':
      return u.totpEnabled;
    case 'mustChange':
      return u.mustChangePassword;
  }
}

interface UserForm {
  username: string;
  displayName: string;
  orgId: string;
  roles: string[];
}

/** The users of the caller's subtree: create, edit, disable, reset password and second factor. */
export function UsersPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const text = useText();
  const fmt = useFormat();
  const { message } = App.useApp();
  const perms = usePermissions();
  const { data: session } = useSession();
  const { selected } = useOrgScope();
  const qc = useQueryClient();
  const mayManage = perms.has('user.manage');
  const me = session?.user.id;

  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: adminApiClient.users });
  const roles = useQuery({ queryKey: ['admin', 'roles'], queryFn: adminApiClient.roles });
  const roleName = (id: string) => {
    const r = roles.data?.items.find((x) => x.id === id);
    return r ? text(r.name) : id;
  };
  const roleOptions = useMemo(() => assignableRoles(roles.data?.items ?? [], perms).map((r) => ({ value: r.id, label: text(r.name) })), [roles.data, perms, text]);

  const [search, setSearch] = useState('');
  const [orgFilter, setOrgFilter] = useState<string | undefined>(selected);
  const [status, setStatus] = useState<Status | undefined>();
  const shown = useMemo(
    () => (users.data?.items ?? []).filter((u) => userMatches(u, search) && (!orgFilter || u.orgId === orgFilter) && (!status || hasStatus(u, status))),
    [users.data, search, orgFilter, status],
  );

  const [editing, setEditing] = useState<{ mode: 'create' } | { mode: 'edit'; user: User }>();
  const [secret, setSecret] = useState<string>();
  const [form] = Form.useForm<UserForm>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'users'] });

  const save = useMutation({
    mutationFn: async (v: UserForm) => {
      if (editing?.mode === 'edit') {
        const patch = { displayName: v.displayName, ...(editing.user.id !== me ? { roles: v.roles } : {}) };
        await adminApiClient.updateUser(editing.user.id, patch);
        return undefined;
      }
      const password = initialPassword();
      await adminApiClient.createUser({ username: v.username, displayName: v.displayName, orgId: v.orgId, roles: v.roles, password });
      return password;
    },
    onSuccess: async (password) => {
      setEditing(undefined);
      if (password) setSecret(password);
      await refresh();
    },
  });
  const act = useMutation({
    mutationFn: async ({ user, action }: { user: User; action: 'disable' | 'enable' | 'password' | 'totp' }) => {
      if (action === 'password') {
        const password = initialPassword();
        await adminApiClient.resetPassword(user.id, password);
        return password;
      }
      if (action === 'totp') await adminApiClient.resetTotp(user.id);
      else await adminApiClient.updateUser(user.id, { disabled: action === 'disable' });
      return undefined;
    },
    onSuccess: async (password) => {
      if (password) setSecret(password);
      else void message.success(t('admin.common.done'));
      await refresh();
    },
    onError: (e) => void message.error(errorText(t, e)),
  });

  const openCreate = () => {
    save.reset();
    setEditing({ mode: 'create' });
    form.setFieldsValue({ username: '', displayName: '', orgId: selected ?? session?.user.orgId, roles: [] });
  };
  const openEdit = (user: User) => {
    save.reset();
    setEditing({ mode: 'edit', user });
    form.setFieldsValue({ username: user.username, displayName: user.displayName, orgId: user.orgId, roles: user.roles });
  };

  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('admin.users.description')}
        extra={
          mayManage && (
            <Button type="primary" onClick={openCreate} data-testid="user-create">
              {t('admin.users.create')}
            </Button>
          )
        }
      />
      <ErrorAlert error={users.error ?? roles.error} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('admin.users.search')} onSearch={setSearch} onChange={(e) => !e.target.value && setSearch('')} style={{ width: 240 }} data-testid="user-search" />
        <OrgTreeSelect value={orgFilter} onChange={setOrgFilter} allowClear placeholder={t('admin.common.allOrgs')} />
        <Select allowClear placeholder={t('admin.users.anyStatus')} value={status} onChange={setStatus} style={{ width: 180 }} options={STATUSES.map((s) => ({ value: s, label: t(`admin.users.status.${s}`) }))} />
      </Space>
      <Table<User>
        data-testid="users-table"
        size="small"
        rowKey={(r) => r.id}
        loading={users.isLoading}
        dataSource={shown}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => t('admin.common.total', { count: n }) }}
        onRow={(u) => ({ 'data-testid': `user-row-${u.username}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.users.username'), dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username), render: (v: string) => <code>{v}</code> },
          { title: t('admin.users.displayName'), dataIndex: 'displayName' },
          { title: t('admin.common.org'), dataIndex: 'orgId', render: (v: string) => <OrgName id={v} /> },
          { title: t('admin.users.roles'), dataIndex: 'roles', render: (rs: string[]) => rs.map((r) => <Tag key={r}>{roleName(r)}</Tag>) },
          {
            title: t('admin.users.statusTitle'),
            key: 'status',
            render: (_, u) => (
              <Space size={4} wrap>
                {u.disabled ? <Tag color="default">{t('admin.users.status.disabled')}</Tag> : <Tag color="green">{t('admin.users.status.active')}</Tag>}
                {u.locked && <Tag color="red">{t('admin.users.status.locked')}</Tag>}
                {u.totpEnabled && <Tag color="blue">{t('admin.users.status.totp')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('admin.users.status.mustChange')}</Tag>}
              </Space>
            ),
          },
          { title: t('admin.users.passwordChangedAt'), dataIndex: 'passwordChangedAt', render: (v: string) => fmt.dateTime(v) },
          ...(mayManage
            ? [
                {
                  title: t('admin.common.actions'),
                  key: 'actions',
                  render: (_: unknown, u: User) => (
                    <Space size={0} wrap>
                      <Button type="link" size="small" onClick={() => openEdit(u)} data-testid={`user-edit-${u.username}`}>
                        {t('admin.common.edit')}
                      </Button>
                      {u.id !== me && (
                        <Popconfirm title={u.disabled ? t('admin.users.enableConfirm', { name: u.username }) : t('admin.users.disableConfirm', { name: u.username })} okText={t('admin.common.confirm')} cancelText={t('admin.common.cancel')} onConfirm={() => act.mutate({ user: u, action: u.disabled ? 'enable' : 'disable' })}>
                          <Button type="link" size="small" danger={!u.disabled} data-testid={`user-toggle-${u.username}`}>
                            {u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                          </Button>
                        </Popconfirm>
                      )}
                      <Popconfirm title={t('admin.users.resetPasswordConfirm', { name: u.username })} okText={t('admin.common.confirm')} cancelText={t('admin.common.cancel')} onConfirm={() => act.mutate({ user: u, action: 'password' })}>
                        <Button type="link" size="small" data-testid={`user-reset-password-${u.username}`}>
                          {t('admin.users.resetPassword')}
                        </Button>
                      </Popconfirm>
                      {u.totpEnabled && u.id !== me && (
                        <Popconfirm title={t('admin.users.resetTotpConfirm', { name: u.username })} okText={t('admin.common.confirm')} cancelText={t('admin.common.cancel')} onConfirm={() => act.mutate({ user: u, action: 'totp' })}>
                          <Button type="link" size="small" danger data-testid={`user-reset-totp-${u.username}`}>
                            {t('admin.users.resetTotp')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!editing}
        title={editing?.mode === 'edit' ? t('admin.users.editTitle') : t('admin.users.create')}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText={t('admin.common.save')}
        cancelText={t('admin.common.cancel')}
        confirmLoading={save.isPending}
        okButtonProps={{ 'data-testid': 'user-save' }}
        forceRender
      >
        <ErrorAlert error={save.error} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="username" label={t('admin.users.username')} extra={editing?.mode === 'create' ? t('admin.users.usernameHelp') : undefined} rules={[{ required: true, message: t('admin.common.required') }, { pattern: /^[a-z][a-z0-9._-]{2,63}$/, message: t('admin.users.usernameInvalid') }]}>
            <Input disabled={editing?.mode === 'edit'} autoComplete="off" data-testid="user-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.users.displayName')} rules={[{ required: true, whitespace: true, message: t('admin.common.required') }, { max: 128 }]}>
            <Input data-testid="user-display-name" />
          </Form.Item>
          <Form.Item name="orgId" label={t('admin.common.org')} rules={[{ required: true, message: t('admin.common.required') }]}>
            {editing?.mode === 'edit' ? <Select disabled options={[{ value: editing.user.orgId, label: <OrgName id={editing.user.orgId} /> }]} /> : <OrgTreeSelect testId="user-org" />}
          </Form.Item>
          <Form.Item
            name="roles"
            label={t('admin.users.roles')}
            extra={editing?.mode === 'edit' && editing.user.id === me ? t('admin.users.ownRoles') : undefined}
            rules={[{ required: true, type: 'array', min: 1, message: t('admin.users.rolesRequired') }]}
          >
            <Select mode="multiple" options={roleOptions} disabled={editing?.mode === 'edit' && editing.user.id === me} optionFilterProp="label" data-testid="user-roles" />
          </Form.Item>
          {editing?.mode === 'create' && <div style={{ color: 'rgba(0,0,0,0.45)' }}>{t('admin.users.passwordNote')}</div>}
        </Form>
      </Modal>
      <SecretOnceModal secret={secret} titleKey="admin.users.passwordTitle" warningKey="admin.users.passwordWarning" onClose={() => setSecret(undefined)} />
    </>
  );
}
