import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { alertsApi } from '../../../api/alerts-api.ts';
import type { AlertCategory } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { isSubjectKind } from '../utils/alert-model.ts';
import { CategoryDrawer, type CategoryEditing } from './CategoryDrawer.tsx';

/**
 * Categories as they apply to the org chosen in the header (or one's own): how each merges and for
 * how long, whether the setting is the org's own, inherited from above or the default, and which
 * strategies raise it. One's own settings are edited or removed; the others are overridden.
 */
export function CategoriesEditor() {
  const { t } = useI18n();
  const f = useFormat();
  const text = useText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { selected } = useOrgScope();
  const { data: session } = useSession();
  const org = selected ?? session?.user.orgId;
  const q = useQuery({ queryKey: ['alert-categories', 'admin', org ?? null], queryFn: () => alertsApi.categories(org), enabled: !!org });
  const [editing, setEditing] = useState<CategoryEditing>();
  const remove = useMutation({
    mutationFn: (key: string) => alertsApi.removeCategory(key, org),
    onSuccess: async () => {
      void message.success(t('alerts.categories.removed'));
      await qc.invalidateQueries({ queryKey: ['alert-categories'] });
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
  const kind = (k: string) => (isSubjectKind(k) ? t(`alerts.subject.${k}`) : k);
  const own = (c: AlertCategory) => !!c.orgId && c.orgId === org;
  return (
    <div data-testid="categories-editor">
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{org ? <>{t('alerts.categories.forOrg')} <OrgName id={org} /></> : null}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} disabled={!q.data} onClick={() => q.data && setEditing({ mode: 'create', defaults: q.data.defaults })} data-testid="category-create">
          {t('alerts.categories.create')}
        </Button>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<AlertCategory>
        data-testid="categories-table"
        size="small"
        rowKey={(c) => c.key}
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1320 }}
        columns={[
          {
            title: t('alerts.categories.name'),
            key: 'name',
            width: 200,
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <span>{text(c.name)}</span>
                <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                  {c.key}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('alerts.categories.mergeBy'),
            dataIndex: 'mergeBy',
            width: 300,
            render: (v: string[]) => (
              <Space size={[0, 4]} wrap>
                {v.map((k, i) => (
                  <Tag key={k}>{t('alerts.categories.ordered', { n: i + 1, kind: kind(k) })}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('alerts.categories.window'), dataIndex: 'windowMinutes', width: 110, align: 'right', render: (v: number) => t('alerts.categories.minutes', { n: v }) },
          {
            title: t('alerts.categories.setting'),
            key: 'setting',
            width: 190,
            render: (_, c) =>
              own(c) ? (
                <Tag color="green" data-testid="category-own">
                  {t('alerts.categories.own')}
                </Tag>
              ) : c.orgId ? (
                <Tag data-testid="category-inherited">
                  {t('alerts.categories.inheritedFrom')} <OrgName id={c.orgId} />
                </Tag>
              ) : (
                <Tag data-testid="category-default">{t('alerts.categories.default')}</Tag>
              ),
          },
          {
            title: t('alerts.categories.usedBy'),
            dataIndex: 'usedByStrategies',
            width: 200,
            render: (v: string[]) => (v.length ? v.map((s) => <Tag key={s} color="blue">{s}</Tag>) : <Typography.Text type="secondary">{t('alerts.categories.unused')}</Typography.Text>),
          },
          {
            title: t('alerts.categories.updated'),
            key: 'updated',
            width: 170,
            render: (_, c) =>
              c.updatedAt ? (
                <Tooltip title={f.dateTime(c.updatedAt)}>
                  <span>{c.updatedBy}</span>
                </Tooltip>
              ) : null,
          },
          {
            title: t('alerts.col.actions'),
            key: 'actions',
            width: 150,
            fixed: 'right',
            render: (_, c) =>
              own(c) ? (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', category: c })} data-testid={`category-edit-${c.key}`}>
                    {t('alerts.admin.edit')}
                  </Button>
                  <Popconfirm
                    title={t('alerts.categories.removeConfirm', { key: c.key })}
                    description={t('alerts.categories.removeHint')}
                    okText={t('alerts.categories.remove')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('alerts.common.cancel')}
                    onConfirm={() => remove.mutate(c.key)}
                  >
                    <Button type="link" size="small" danger data-testid={`category-remove-${c.key}`}>
                      {t('alerts.categories.remove')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : (
                <Button type="link" size="small" onClick={() => setEditing({ mode: 'override', category: c })} data-testid={`category-override-${c.key}`}>
                  {t('alerts.categories.override')}
                </Button>
              ),
          },
        ]}
      />
      <CategoryDrawer editing={editing} orgId={org} kinds={q.data?.subjectKinds ?? []} onClose={() => setEditing(undefined)} />
    </div>
  );
}
