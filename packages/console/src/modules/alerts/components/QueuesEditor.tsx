import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { alertsApi } from '../../../api/alerts-api.ts';
import type { AlertQueue } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useText } from '../../../components/use-text.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { useQueues } from '../hooks/use-queues.ts';
import { QueueDrawer, type QueueEditing } from './QueueDrawer.tsx';
import { QueueSlaTags } from './QueueSlaTags.tsx';

/** The queues of one's orgs to create, edit and delete; those inherited from above are shown, not edited. */
export function QueuesEditor() {
  const { t } = useI18n();
  const text = useText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { selected } = useOrgScope();
  const { data: session } = useSession();
  const queues = useQueues();
  const items = [...(queues.data?.items ?? [])].sort((a, b) => Number(a.inherited) - Number(b.inherited) || a.orgId.localeCompare(b.orgId) || a.position - b.position);
  const [editing, setEditing] = useState<QueueEditing>();
  const remove = useMutation({
    mutationFn: (id: string) => alertsApi.deleteQueue(id),
    onSuccess: async () => {
      void message.success(t('alerts.admin.deleted'));
      await qc.invalidateQueries({ queryKey: ['alert-queues'] });
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
  const nameOf = (id: string | null) => (id ? (items.find((q) => q.id === id) ? text(items.find((q) => q.id === id)!.name) : id) : '');
  return (
    <div data-testid="queues-editor">
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'flex-end' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', orgId: selected ?? session?.user.orgId })} data-testid="queue-create">
          {t('alerts.admin.queueCreate')}
        </Button>
      </Space>
      <ErrorAlert error={queues.error} />
      <Table<AlertQueue>
        data-testid="queues-admin-table"
        size="small"
        rowKey={(q) => q.id}
        loading={queues.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1200 }}
        columns={[
          {
            title: t('alerts.queues.name'),
            key: 'name',
            render: (_, q) => (
              <Space size={4} wrap>
                <span>{text(q.name)}</span>
                {q.inherited && <Tag>{t('alerts.queues.inherited')}</Tag>}
                {!q.enabled && <Tag>{t('alerts.queues.disabled')}</Tag>}
              </Space>
            ),
          },
          { title: t('alerts.col.org'), dataIndex: 'orgId', width: 150, render: (v: string) => <OrgName id={v} /> },
          { title: t('alerts.admin.position'), dataIndex: 'position', width: 80, align: 'right' },
          { title: t('alerts.queues.assignment'), dataIndex: 'assignment', width: 120, render: (v: AlertQueue['assignment']) => t(`alerts.assignment.${v}`) },
          { title: t('alerts.queues.sla'), key: 'sla', width: 280, render: (_, q) => <QueueSlaTags sla={q.slaMinutes} /> },
          { title: t('alerts.queues.escalateTo'), dataIndex: 'escalateTo', width: 180, ellipsis: true, render: (v: string | null) => nameOf(v) },
          { title: t('alerts.queues.roles'), dataIndex: 'roles', width: 150, render: (v: string[]) => v.map((r) => <Tag key={r}>{r}</Tag>) },
          {
            title: t('alerts.col.actions'),
            key: 'actions',
            width: 140,
            fixed: 'right',
            render: (_, q) =>
              q.inherited ? (
                <Button type="link" size="small" onClick={() => setEditing({ mode: 'view', queue: q })}>
                  {t('alerts.admin.view')}
                </Button>
              ) : (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', queue: q })} data-testid="queue-edit">
                    {t('alerts.admin.edit')}
                  </Button>
                  <Popconfirm
                    title={t('alerts.admin.queueDeleteConfirm', { name: text(q.name) })}
                    description={t('alerts.admin.queueDeleteHint')}
                    okText={t('alerts.admin.delete')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('alerts.common.cancel')}
                    onConfirm={() => remove.mutate(q.id)}
                  >
                    <Button type="link" size="small" danger data-testid="queue-delete">
                      {t('alerts.admin.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <QueueDrawer editing={editing} queues={items} onClose={() => setEditing(undefined)} />
    </div>
  );
}
