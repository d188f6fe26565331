import { useEffect, useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseRule } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCaseTypes } from '../hooks/use-case-types.ts';
import { CASE_PRIORITIES } from '../model/case-filters.ts';
import { ALERT_DISPOSITIONS, ALERT_LEVELS, blankCaseRule, caseRuleToForm, formToCreateRuleRequest, formToRuleRequest, type CaseRuleForm } from '../model/case-rule-form.ts';
import { PriorityTag } from './CaseTags.tsx';

type RuleEditing = { kind: 'create' } | { kind: 'edit'; rule: CaseRule };

/** Rules that open (or join) a case when an alert is disposed: disposition, categories, level and amount → a case of a type. */
export function CaseRulesPanel({ orgId }: { orgId?: string }) {
  const { t } = useI18n();
  const text = useText();
  const f = useFormat();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: ['cases', 'rules', orgId ?? ''], queryFn: () => casesApi.caseRules(orgId).then((r) => r.items) });
  const types = useCaseTypes(orgId);
  const [editing, setEditing] = useState<RuleEditing | undefined>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['cases', 'rules'] });
  const remove = useMutation({
    mutationFn: (id: string) => casesApi.deleteCaseRule(id),
    onSuccess: async () => {
      void message.success(t('cases.admin.deleted'));
      await refresh();
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
  const typeName = (key: string) => {
    const ty = types.data?.find((x) => x.key === key);
    return ty ? text(ty.name) : key;
  };
  return (
    <div data-testid="case-rules">
      <Typography.Paragraph type="secondary">{t('cases.admin.rules.description')}</Typography.Paragraph>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing({ kind: 'create' })} data-testid="rule-create">
        {t('cases.admin.rules.create')}
      </Button>
      <ErrorAlert error={rules.error} />
      <Table<CaseRule>
        size="small"
        rowKey={(r) => r.id}
        loading={rules.isLoading}
        dataSource={rules.data}
        pagination={false}
        locale={{ emptyText: t('cases.admin.rules.empty') }}
        onRow={(r) => ({ 'data-testid': `rule-row-${r.name}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('cases.admin.rules.name'), dataIndex: 'name', render: (v: string, r) => <Space>{v}{!r.enabled && <Tag>{t('cases.admin.rules.disabled')}</Tag>}</Space> },
          { title: t('cases.admin.rules.when'), key: 'when', render: (_: unknown, r) => <RuleCondition rule={r} /> },
          { title: t('cases.admin.rules.minAmount'), dataIndex: 'minAmount', align: 'right', render: (v: number | null) => (v === null ? '—' : f.number(v)) },
          {
            title: t('cases.admin.rules.then'),
            key: 'then',
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                <span>{r.linkOpen ? t('cases.admin.rules.openOrLink') : t('cases.admin.rules.openNew')}</span>
                <Tag color="blue">{typeName(r.caseType)}</Tag>
                <PriorityTag priority={r.priority} />
              </Space>
            ),
          },
          { title: t('cases.admin.definedBy'), dataIndex: 'orgId', render: (v: string, r) => <Space><OrgName id={v} />{r.inherited && <Tag>{t('cases.admin.inherited')}</Tag>}</Space> },
          {
            title: t('cases.actions'),
            key: 'actions',
            render: (_: unknown, r) =>
              r.inherited ? (
                <Typography.Text type="secondary">{t('cases.admin.rules.inheritedHint')}</Typography.Text>
              ) : (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing({ kind: 'edit', rule: r })} data-testid={`rule-edit-${r.name}`}>
                    {t('cases.edit.button')}
                  </Button>
                  <Popconfirm title={t('cases.admin.rules.deleteConfirm', { name: r.name })} okText={t('cases.confirm')} cancelText={t('cases.cancel')} onConfirm={() => remove.mutate(r.id)}>
                    <Button type="link" size="small" danger data-testid={`rule-delete-${r.name}`}>
                      {t('cases.remove')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <RuleModal editing={editing} orgId={orgId} onClose={() => setEditing(undefined)} onSaved={() => void refresh()} />
    </div>
  );
}

function RuleCondition({ rule }: { rule: CaseRule }) {
  const { t } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {rule.dispositions.map((d) => (
        <Tag key={d} color="purple">
          {(ALERT_DISPOSITIONS as readonly string[]).includes(d) ? t(`cases.admin.disposition.${d as (typeof ALERT_DISPOSITIONS)[number]}`) : d}
        </Tag>
      ))}
      {rule.categories.length ? rule.categories.map((c) => <Tag key={c}>{c}</Tag>) : <Tag>{t('cases.admin.rules.anyCategory')}</Tag>}
      <Tag>{t('cases.admin.rules.levelAtLeast', { level: (ALERT_LEVELS as readonly string[]).includes(rule.minLevel) ? t(`cases.admin.level.${rule.minLevel as (typeof ALERT_LEVELS)[number]}`) : rule.minLevel })}</Tag>
    </Space>
  );
}

function RuleModal({ editing, orgId, onClose, onSaved }: { editing: RuleEditing | undefined; orgId?: string; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const text = useText();
  const permissions = usePermissions();
  const [form] = Form.useForm<CaseRuleForm>();
  const types = useCaseTypes(orgId);
  const categories = useQuery({ queryKey: ['alert-categories'], queryFn: () => casesApi.alertCategories().then((r) => r.items), enabled: !!editing && permissions.has('alert.read'), staleTime: 300_000 });
  const save = useMutation({
    mutationFn: (v: CaseRuleForm) => (editing?.kind === 'edit' ? casesApi.replaceCaseRule(editing.rule.id, formToRuleRequest(v)) : casesApi.createCaseRule(formToCreateRuleRequest(v, orgId))),
    onSuccess: () => {
      onSaved();
      onClose();
    },
  });
  useEffect(() => {
    if (!editing) return;
    save.reset();
    form.setFieldsValue(editing.kind === 'edit' ? caseRuleToForm(editing.rule) : blankCaseRule());
    // Only when the dialog opens for something else.
  }, [editing]);
  return (
    <Modal
      open={!!editing}
      width={640}
      title={editing?.kind === 'edit' ? t('cases.admin.rules.editTitle') : t('cases.admin.rules.create')}
      okText={t('cases.save')}
      cancelText={t('cases.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'rule-save' }}
      forceRender
    >
      <div data-testid="rule-editor">
        <ErrorDetails error={save.error} />
        <Form<CaseRuleForm> form={form} name="caseRule" layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Space align="start" wrap>
            <Form.Item name="name" label={t('cases.admin.rules.name')} rules={[{ required: true, whitespace: true, message: t('cases.required') }, { max: 128 }]}>
              <Input style={{ width: 380 }} data-testid="rule-name" />
            </Form.Item>
            <Form.Item name="enabled" label={t('cases.admin.rules.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="dispositions" label={t('cases.admin.rules.dispositions')} rules={[{ required: true, type: 'array', min: 1, message: t('cases.required') }]}>
            <Select mode="multiple" options={ALERT_DISPOSITIONS.map((d) => ({ value: d, label: t(`cases.admin.disposition.${d}`) }))} data-testid="rule-dispositions" />
          </Form.Item>
          <Form.Item name="categories" label={t('cases.admin.rules.categories')} extra={t('cases.admin.rules.categoriesHint')}>
            <Select mode="tags" options={(categories.data ?? []).map((c) => ({ value: c.key, label: `${c.key} · ${text(c.name)}` }))} data-testid="rule-categories" />
          </Form.Item>
          <Space align="start" wrap>
            <Form.Item name="minLevel" label={t('cases.admin.rules.minLevel')}>
              <Select style={{ width: 150 }} options={ALERT_LEVELS.map((l) => ({ value: l, label: t(`cases.admin.level.${l}`) }))} data-testid="rule-min-level" />
            </Form.Item>
            <Form.Item name="minAmount" label={t('cases.admin.rules.minAmount')} extra={t('cases.admin.rules.minAmountHint')}>
              <InputNumber min={0} style={{ width: 180 }} data-testid="rule-min-amount" />
            </Form.Item>
          </Space>
          <Space align="start" wrap>
            <Form.Item name="caseType" label={t('cases.admin.rules.caseType')} rules={[{ required: true, message: t('cases.required') }]}>
              <Select style={{ width: 220 }} options={(types.data ?? []).map((x) => ({ value: x.key, label: text(x.name) }))} data-testid="rule-case-type" />
            </Form.Item>
            <Form.Item name="priority" label={t('cases.field.priority')}>
              <Select style={{ width: 140 }} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`cases.priority.${p}`) }))} />
            </Form.Item>
            <Form.Item name="linkOpen" label={t('cases.admin.rules.linkOpen')} valuePropName="checked" extra={t('cases.admin.rules.linkOpenHint')}>
              <Switch data-testid="rule-link-open" />
            </Form.Item>
          </Space>
        </Form>
      </div>
    </Modal>
  );
}
