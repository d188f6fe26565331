import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { api } from '../../../api/client.ts';
import { adminApiClient, type OrgKind } from '../../../api/admin-api.ts';
import type { Org } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { childKind, orgRows, type OrgRow } from '../utils/org-rows.ts';

const KINDS: OrgKind[] = ['legal_entity', 'branch', 'sub_branch'];
const ORG_ID = /^[a-z][a-z0-9_]{0,63}$/;

type Editing = { mode: 'create'; parent: Org } | { mode: 'rename'; org: Org };
interface OrgForm {
  id: string;
  kind: OrgKind;
  zh: string;
  en: string;
}

/** The org tree (union → banks → branches) with adding a child org and renaming one. */
export function OrgsPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const text = useText();
  const perms = usePermissions();
  const { data: session } = useSession();
  const qc = useQueryClient();
  const mayManage = perms.has('org.manage');
  const orgs = useQuery({ queryKey: ['orgs', session?.user.id], queryFn: api.orgs.list });
  const rows = useMemo(() => orgRows(orgs.data?.items ?? []), [orgs.data]);
  const [editing, setEditing] = useState<Editing>();
  const [form] = Form.useForm<OrgForm>();

  const save = useMutation({
    mutationFn: async (v: OrgForm) => {
      if (editing?.mode === 'create') return adminApiClient.createOrg({ id: v.id, parentId: editing.parent.id, kind: v.kind, name: { zh: v.zh, en: v.en } });
      if (editing?.mode === 'rename') return adminApiClient.renameOrg(editing.org.id, { zh: v.zh, en: v.en });
      throw new Error('nothing to save');
    },
    onSuccess: async () => {
      setEditing(undefined);
      await qc.invalidateQueries({ queryKey: ['orgs'] });
    },
  });

  const open = (e: Editing) => {
    save.reset();
    setEditing(e);
    form.setFieldsValue(e.mode === 'create' ? { id: '', kind: childKind(e.parent), zh: '', en: '' } : { id: e.org.id, kind: e.org.kind as OrgKind, zh: e.org.name.zh, en: e.org.name.en });
  };

  return (
    <>
      <PageHeader title={t(page.labelKey)} description={t('admin.orgs.description')} />
      <ErrorAlert error={orgs.error} />
      <Table<OrgRow>
        data-testid="orgs-table"
        size="small"
        rowKey={(r) => r.key}
        loading={orgs.isLoading}
        dataSource={rows}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={rows.length}
        columns={[
          { title: t('admin.orgs.name'), key: 'name', render: (_, r) => <span data-testid={`org-${r.org.id}`}>{text(r.org.name)}</span> },
          { title: t('admin.orgs.id'), key: 'id', render: (_, r) => <code>{r.org.id}</code> },
          { title: t('admin.orgs.kind'), key: 'kind', render: (_, r) => <Tag>{t(`admin.orgs.kinds.${r.org.kind}` as 'admin.orgs.kinds.union')}</Tag> },
          ...(mayManage
            ? [
                {
                  title: t('admin.common.actions'),
                  key: 'actions',
                  render: (_: unknown, r: OrgRow) => (
                    <Space size="small">
                      {r.org.kind !== 'sub_branch' && (
                        <Button size="small" type="link" onClick={() => open({ mode: 'create', parent: r.org })} data-testid={`org-add-${r.org.id}`}>
                          {t('admin.orgs.addChild')}
                        </Button>
                      )}
                      <Button size="small" type="link" onClick={() => open({ mode: 'rename', org: r.org })} data-testid={`org-rename-${r.org.id}`}>
                        {t('admin.orgs.rename')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!editing}
        title={editing?.mode === 'create' ? t('admin.orgs.addChildOf', { parent: text(editing.parent.name) }) : t('admin.orgs.renameTitle')}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText={t('admin.common.save')}
        cancelText={t('admin.common.cancel')}
        confirmLoading={save.isPending}
        okButtonProps={{ 'data-testid': 'org-save' }}
        destroyOnHidden
        forceRender
      >
        <ErrorAlert error={save.error} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="id" label={t('admin.orgs.id')} extra={editing?.mode === 'create' ? t('admin.orgs.idHelp') : undefined} rules={[{ required: true, message: t('admin.common.required') }, { pattern: ORG_ID, message: t('admin.orgs.idInvalid') }]}>
            <Input disabled={editing?.mode !== 'create'} data-testid="org-id" />
          </Form.Item>
          <Form.Item name="kind" label={t('admin.orgs.kind')} rules={[{ required: true, message: t('admin.common.required') }]}>
            <Select disabled={editing?.mode !== 'create'} options={KINDS.map((k) => ({ value: k, label: t(`admin.orgs.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="zh" label={t('admin.common.nameZh')} rules={[{ required: true, whitespace: true, message: t('admin.common.required') }, { max: 200 }]}>
            <Input data-testid="org-name-zh" />
          </Form.Item>
          <Form.Item name="en" label={t('admin.common.nameEn')} rules={[{ required: true, whitespace: true, message: t('admin.common.required') }, { max: 200 }]}>
            <Input data-testid="org-name-en" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
