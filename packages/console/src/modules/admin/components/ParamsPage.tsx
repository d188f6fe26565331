import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { adminApiClient } from '../../../api/admin-api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { emptyParamInput, formatParamValue, PARAM_KEY_PATTERN, PARAM_KINDS, paramInputOf, paramKind, paramRows, paramValueOf, type ParamInput, type ParamRow } from '../utils/param-value.ts';
import { OrgTreeSelect } from './OrgTreeSelect.tsx';

/** How rules name a parameter. */
const PARAMS_PREFIX = 'params.';

/** The typed input of a parameter value. */
function ValueInput({ input, onChange }: { input: ParamInput; onChange: (i: ParamInput) => void }) {
  const { t } = useI18n();
  switch (input.kind) {
    case 'number':
      return <InputNumber value={input.value} onChange={(v) => onChange({ kind: 'number', value: typeof v === 'number' ? v : null })} style={{ width: '100%' }} data-testid="param-value-number" />;
    case 'boolean':
      return <Switch checked={input.value} onChange={(v) => onChange({ kind: 'boolean', value: v })} data-testid="param-value-boolean" />;
    case 'list':
      return <Select mode="tags" value={input.value} onChange={(v: string[]) => onChange({ kind: 'list', value: v })} tokenSeparators={[',', '\n']} open={false} placeholder={t('admin.params.listHelp')} style={{ width: '100%' }} data-testid="param-value-list" />;
    default:
      return <Input.TextArea value={input.value} onChange={(e) => onChange({ kind: 'string', value: e.target.value })} autoSize={{ minRows: 1, maxRows: 6 }} maxLength={1000} data-testid="param-value-string" />;
  }
}

/** An org's own and effective parameters (thresholds rules read as `params.*`); set and remove own values. */
export function ParamsPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const perms = usePermissions();
  const { selected } = useOrgScope();
  const { data: session } = useSession();
  const qc = useQueryClient();
  const mayWrite = perms.has('param.write');
  const [picked, setPicked] = useState<string>();
  const orgId = picked ?? selected ?? session?.user.orgId;
  const params = useQuery({ queryKey: ['admin', 'params', orgId], queryFn: () => adminApiClient.params(orgId!), enabled: !!orgId });
  const rows = useMemo(() => (params.data && orgId ? paramRows(params.data, orgId) : []), [params.data, orgId]);

  const [editing, setEditing] = useState<{ key: string; isNew: boolean }>();
  const [input, setInput] = useState<ParamInput>(emptyParamInput('number'));
  const [keyError, setKeyError] = useState<string>();
  const [valueError, setValueError] = useState<string>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'params'] });

  const save = useMutation({
    mutationFn: ({ key, value }: { key: string; value: Parameters<typeof adminApiClient.setParam>[2] }) => adminApiClient.setParam(orgId!, key, value),
    onSuccess: async () => {
      setEditing(undefined);
      void message.success(t('admin.common.done'));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (key: string) => adminApiClient.removeParam(orgId!, key),
    onSuccess: async () => {
      void message.success(t('admin.common.done'));
      await refresh();
    },
    onError: (e) => void message.error(errorText(t, e)),
  });

  const open = (row?: ParamRow) => {
    save.reset();
    setKeyError(undefined);
    setValueError(undefined);
    setEditing({ key: row?.key ?? '', isNew: !row });
    setInput(row ? paramInputOf(row.hasOwn ? row.own : row.effective) : emptyParamInput('number'));
  };
  const submit = () => {
    if (!editing) return;
    const key = editing.key.trim();
    const badKey = !PARAM_KEY_PATTERN.test(key);
    setKeyError(badKey ? t('admin.params.keyInvalid') : undefined);
    const v = paramValueOf(input);
    setValueError(v.ok ? undefined : t(`admin.params.errors.${v.error}`));
    if (!badKey && v.ok) save.mutate({ key, value: v.value });
  };

  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('admin.params.description')}
        extra={
          <Space>
            <OrgTreeSelect value={orgId} onChange={setPicked} testId="params-org" />
            {mayWrite && orgId && (
              <Button type="primary" onClick={() => open()} data-testid="param-add">
                {t('admin.params.add')}
              </Button>
            )}
          </Space>
        }
      />
      <ErrorAlert error={params.error} />
      <Table<ParamRow>
        data-testid="params-table"
        size="small"
        rowKey={(r) => r.key}
        loading={params.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <Empty description={t('admin.params.empty')} /> }}
        onRow={(r) => ({ 'data-testid': `param-row-${r.key}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.params.key'), dataIndex: 'key', render: (v: string) => <code>{PARAMS_PREFIX + v}</code> },
          { title: t('admin.params.type'), key: 'type', render: (_, r) => <Tag>{t(`admin.params.kinds.${paramKind(r.effective)}`)}</Tag> },
          { title: t('admin.params.effective'), key: 'effective', render: (_, r) => <Typography.Text data-testid={`param-effective-${r.key}`}>{formatParamValue(r.effective)}</Typography.Text> },
          {
            title: t('admin.params.source'),
            key: 'source',
            render: (_, r) =>
              r.inherited ? (
                <Tooltip title={t('admin.params.inheritedHelp')}>
                  <Tag color="default">
                    {t('admin.params.inheritedFrom')} {r.source && <OrgName id={r.source} />}
                  </Tag>
                </Tooltip>
              ) : (
                <Tag color="blue">{t('admin.params.own')}</Tag>
              ),
          },
          ...(mayWrite
            ? [
                {
                  title: t('admin.common.actions'),
                  key: 'actions',
                  render: (_: unknown, r: ParamRow) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => open(r)} data-testid={`param-edit-${r.key}`}>
                        {r.hasOwn ? t('admin.common.edit') : t('admin.params.override')}
                      </Button>
                      {r.hasOwn && (
                        <Popconfirm title={t('admin.params.removeConfirm', { key: r.key })} okText={t('admin.common.delete')} okButtonProps={{ danger: true }} cancelText={t('admin.common.cancel')} onConfirm={() => remove.mutate(r.key)}>
                          <Button type="link" size="small" danger data-testid={`param-remove-${r.key}`}>
                            {t('admin.params.remove')}
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
        title={editing?.isNew ? t('admin.params.add') : t('admin.params.editTitle', { key: editing?.key ?? '' })}
        onCancel={() => setEditing(undefined)}
        onOk={submit}
        okText={t('admin.common.save')}
        cancelText={t('admin.common.cancel')}
        confirmLoading={save.isPending}
        okButtonProps={{ 'data-testid': 'param-save' }}
        destroyOnHidden
      >
        <ErrorAlert error={save.error} />
        <Form layout="vertical" onFinish={submit}>
          <Form.Item label={t('admin.params.key')} validateStatus={keyError ? 'error' : undefined} help={keyError ?? (editing?.isNew ? t('admin.params.keyHelp') : undefined)} required>
            <Input value={editing?.key} disabled={!editing?.isNew} onChange={(e) => editing && setEditing({ ...editing, key: e.target.value })} prefix={PARAMS_PREFIX} data-testid="param-key" />
          </Form.Item>
          <Form.Item label={t('admin.params.type')}>
            <Radio.Group value={input.kind} onChange={(e) => setInput(emptyParamInput(e.target.value))} optionType="button" options={PARAM_KINDS.map((k) => ({ value: k, label: t(`admin.params.kinds.${k}`) }))} data-testid="param-kind" />
          </Form.Item>
          <Form.Item label={t('admin.params.value')} validateStatus={valueError ? 'error' : undefined} help={valueError} required>
            <ValueInput input={input} onChange={setInput} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
