import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseType } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useText } from '../../../components/use-text.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useCaseTypes } from '../hooks/use-case-types.ts';
import { PHASE_COLORS } from '../model/case-workflow.ts';
import { CaseTypeEditor, type TypeEditing } from './CaseTypeEditor.tsx';

/** The case types that apply to the org: its own (edit, delete) and those inherited from above (read-only, override). */
export function CaseTypesPanel({ orgId }: { orgId?: string }) {
  const { t } = useI18n();
  const text = useText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const types = useCaseTypes(orgId);
  const [editing, setEditing] = useState<TypeEditing | undefined>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['cases', 'types'] });
  const remove = useMutation({
    mutationFn: (id: string) => casesApi.deleteCaseType(id),
    onSuccess: async () => {
      void message.success(t('cases.admin.deleted'));
      await refresh();
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
  return (
    <div data-testid="case-types">
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'create', orgId })} data-testid="type-create">
          {t('cases.admin.types.create')}
        </Button>
      </Space>
      <ErrorAlert error={types.error} />
      <Table<CaseType>
        size="small"
        rowKey={(x) => x.id}
        loading={types.isLoading}
        dataSource={types.data}
        pagination={false}
        onRow={(x) => ({ 'data-testid': `type-row-${x.key}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('cases.admin.types.key'), dataIndex: 'key', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('cases.admin.types.name'), dataIndex: 'name', render: (_: unknown, x) => text(x.name) },
          { title: t('cases.admin.types.subjects'), dataIndex: 'subjectTypes', render: (v: string[]) => v.map((s) => <Tag key={s}>{t(`cases.subject.${s as 'card'}`)}</Tag>) },
          {
            title: t('cases.admin.types.states'),
            key: 'states',
            render: (_: unknown, x) => (
              <Space size={[0, 4]} wrap>
                {x.workflow.states.map((s) => (
                  <Tag key={s.key} color={PHASE_COLORS[s.phase]} style={{ fontWeight: s.key === x.initialState ? 600 : undefined }}>
                    {text(s.name)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('cases.admin.types.transitionCount'), key: 'transitions', align: 'right', render: (_: unknown, x) => x.workflow.transitions.length },
          {
            title: t('cases.admin.definedBy'),
            dataIndex: 'orgId',
            render: (v: string, x) => (
              <Space>
                <OrgName id={v} />
                {x.inherited && <Tag data-testid="type-inherited">{t('cases.admin.inherited')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('cases.actions'),
            key: 'actions',
            render: (_: unknown, x) =>
              x.inherited ? (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing({ kind: 'view', type: x })} data-testid={`type-view-${x.key}`}>
                    {t('cases.admin.view')}
                  </Button>
                  <Button type="link" size="small" onClick={() => setEditing({ kind: 'create', orgId, from: x })} data-testid={`type-override-${x.key}`}>
                    {t('cases.admin.types.override')}
                  </Button>
                </Space>
              ) : (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing({ kind: 'edit', type: x })} data-testid={`type-edit-${x.key}`}>
                    {t('cases.edit.button')}
                  </Button>
                  <Popconfirm title={t('cases.admin.types.deleteConfirm', { key: x.key })} okText={t('cases.confirm')} cancelText={t('cases.cancel')} onConfirm={() => remove.mutate(x.id)}>
                    <Button type="link" size="small" danger data-testid={`type-delete-${x.key}`}>
                      {t('cases.remove')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <CaseTypeEditor editing={editing} onClose={() => setEditing(undefined)} onSaved={() => void refresh()} />
    </div>
  );
}
