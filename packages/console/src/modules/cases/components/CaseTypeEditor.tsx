import { useEffect, useRef } from 'react';
import { Button, Col, Drawer, Form, Input, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { isApiError } from '../../../api/api-error.ts';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseType } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { CASE_PHASES, CASE_SUBJECT_TYPES } from '../model/case-filters.ts';
import { TRANSITION_PERMISSIONS, TRANSITION_REQUIREMENTS, blankCaseType, caseTypeToForm, formPathOf, formToCreateRequest, formToReplaceRequest, renameState, type CaseTypeForm } from '../model/workflow-form.ts';
import { WorkflowDiagram } from './WorkflowDiagram.tsx';

/** What the editor is opened for: a new type (blank, or a copy of an inherited one to override it), or one of the org's own. */
export type TypeEditing = { kind: 'create'; orgId?: string; from?: CaseType } | { kind: 'edit'; type: CaseType } | { kind: 'view'; type: CaseType };

const KEY_RULES = (t: (k: 'cases.admin.keyInvalid' | 'cases.required') => string) => [
  { required: true, message: t('cases.required') },
  { pattern: /^[a-z][a-z0-9_]{0,63}$/, message: t('cases.admin.keyInvalid') },
];

/**
 * A case type with its workflow: names, subjects, states (each in a phase) and transitions (from,
 * to, permission, requirement), with a diagram. The server checks the workflow whole; each problem
 * it reports is shown at its field (its JSON path) as well as above the form.
 */
export function CaseTypeEditor({ editing, onClose, onSaved }: { editing: TypeEditing | undefined; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CaseTypeForm>();
  const values = Form.useWatch([], form) as CaseTypeForm | undefined;
  const focused = useRef<string | undefined>(undefined);
  const readOnly = editing?.kind === 'view';
  const save = useMutation({
    mutationFn: (v: CaseTypeForm) => {
      if (editing?.kind === 'edit') return casesApi.replaceCaseType(editing.type.id, formToReplaceRequest(v));
      return casesApi.createCaseType(formToCreateRequest(v, editing?.kind === 'create' ? editing.orgId : undefined));
    },
    onSuccess: () => {
      onSaved();
      onClose();
    },
    onError: (e) => {
      // Each problem at its place in the form (several at one field are joined).
      const byField = new Map<string, { name: Array<string | number>; errors: string[] }>();
      for (const d of isApiError(e) ? (e.details ?? (e.path ? [{ path: e.path, code: e.code, message: e.message }] : [])) : []) {
        const name = formPathOf(d.path);
        if (!name) continue;
        const k = name.join('.');
        const entry = byField.get(k) ?? { name, errors: [] };
        entry.errors.push(`${d.code}: ${d.message}`);
        byField.set(k, entry);
      }
      form.setFields([...byField.values()] as Parameters<typeof form.setFields>[0]);
    },
  });
  useEffect(() => {
    if (!editing) return;
    save.reset();
    form.resetFields();
    form.setFieldsValue(editing.kind === 'create' ? (editing.from ? caseTypeToForm(editing.from) : blankCaseType()) : caseTypeToForm(editing.type));
    // Reset only when the editor opens for something else.
  }, [editing]);

  const stateKeys = (values?.states ?? []).map((s) => s?.key).filter((k): k is string => !!k);
  const stateOptions = [...new Set(stateKeys)].map((k) => ({ value: k, label: k }));
  const onStateKeyBlur = (index: number) => {
    const next = form.getFieldValue(['states', index, 'key']) as string;
    const old = focused.current;
    focused.current = undefined;
    if (!old || old === next) return;
    // Transitions and the initial state follow a renamed state.
    const v = form.getFieldsValue(true) as CaseTypeForm;
    form.setFieldsValue(renameState({ ...v, states: v.states.map((s, i) => (i === index ? { ...s, key: old } : s)) }, index, next));
  };
  const title =
    editing?.kind === 'edit' ? t('cases.admin.types.editTitle', { key: editing.type.key }) : editing?.kind === 'view' ? t('cases.admin.types.viewTitle', { key: editing.type.key }) : editing?.from ? t('cases.admin.types.overrideTitle', { key: editing.from.key }) : t('cases.admin.types.createTitle');

  return (
    <Drawer
      open={!!editing}
      width={1080}
      title={title}
      onClose={onClose}
      destroyOnHidden
      forceRender
      extra={
        !readOnly && (
          <Space>
            <Button onClick={onClose}>{t('cases.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="type-save">
              {t('cases.save')}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid="type-editor">
        <ErrorDetails error={save.error} />
        <Form<CaseTypeForm> form={form} name="caseType" layout="vertical" disabled={readOnly} onFinish={(v) => save.mutate(v)}>
          <Row gutter={12}>
            <Col span={6}>
              <Form.Item name="key" label={t('cases.admin.types.key')} rules={KEY_RULES(t)} extra={editing?.kind === 'create' && editing.from ? t('cases.admin.types.overrideHint') : undefined}>
                <Input disabled={editing?.kind !== 'create' || !!editing.from} data-testid="type-key" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="nameZh" label={t('cases.admin.nameZh')} rules={[{ required: true, whitespace: true, message: t('cases.required') }]}>
                <Input data-testid="type-name-zh" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="nameEn" label={t('cases.admin.nameEn')} rules={[{ required: true, whitespace: true, message: t('cases.required') }]}>
                <Input data-testid="type-name-en" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="initialState" label={t('cases.admin.types.initialState')} rules={[{ required: true, message: t('cases.required') }]}>
                <Select options={stateOptions} data-testid="type-initial-state" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="subjectTypes" label={t('cases.admin.types.subjects')} rules={[{ required: true, type: 'array', min: 1, message: t('cases.required') }]}>
                <Select mode="multiple" options={CASE_SUBJECT_TYPES.map((s) => ({ value: s, label: t(`cases.subject.${s}`) }))} data-testid="type-subjects" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="description" label={t('cases.admin.types.description')} rules={[{ max: 2000 }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>

          <Typography.Title level={5}>{t('cases.admin.types.diagram')}</Typography.Title>
          {values?.states && <WorkflowDiagram form={{ states: values.states.filter(Boolean), transitions: (values.transitions ?? []).filter(Boolean), initialState: values.initialState }} />}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('cases.admin.types.states')}
          </Typography.Title>
          <Form.List name="states">
            {(fields, { add, remove }) => (
              <div data-testid="type-states">
                {fields.map((field, i) => (
                  <Row gutter={8} key={field.key} data-testid={`state-row-${i}`}>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'key']} rules={KEY_RULES(t)}>
                        <Input
                          placeholder={t('cases.admin.types.stateKey')}
                          onFocus={() => (focused.current = form.getFieldValue(['states', i, 'key']) as string)}
                          onBlur={() => onStateKeyBlur(i)}
                          data-testid={`state-key-${i}`}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={6}>
                      <Form.Item name={[field.name, 'zh']} rules={[{ required: true, whitespace: true, message: t('cases.required') }]}>
                        <Input placeholder={t('cases.admin.nameZh')} data-testid={`state-zh-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={6}>
                      <Form.Item name={[field.name, 'en']} rules={[{ required: true, whitespace: true, message: t('cases.required') }]}>
                        <Input placeholder={t('cases.admin.nameEn')} data-testid={`state-en-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'phase']} rules={[{ required: true, message: t('cases.required') }]}>
                        <Select options={CASE_PHASES.map((p) => ({ value: p, label: t(`cases.phase.${p}`) }))} data-testid={`state-phase-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      {!readOnly && <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('cases.remove')} data-testid={`state-remove-${i}`} />}
                    </Col>
                  </Row>
                ))}
                {!readOnly && (
                  <Button icon={<PlusOutlined />} onClick={() => add({ key: '', zh: '', en: '', phase: 'active' })} disabled={fields.length >= 30} data-testid="state-add" style={{ marginBottom: 16 }}>
                    {t('cases.admin.types.addState')}
                  </Button>
                )}
              </div>
            )}
          </Form.List>

          <Typography.Title level={5}>{t('cases.admin.types.transitions')}</Typography.Title>
          <Row gutter={8}>
            {(['transitionKey', 'nameZh', 'nameEn', 'from', 'to', 'permission', 'requires'] as const).map((h, i) => (
              <Col key={h} span={[3, 3, 3, 3, 3, 4, 3][i]}>
                <Typography.Text type="secondary">{t(`cases.admin.types.col.${h}`)}</Typography.Text>
              </Col>
            ))}
          </Row>
          <Form.List name="transitions">
            {(fields, { add, remove }) => (
              <div data-testid="type-transitions">
                {fields.map((field, i) => (
                  <Row gutter={8} key={field.key} data-testid={`transition-row-${i}`}>
                    <Col span={3}>
                      <Form.Item name={[field.name, 'key']} rules={KEY_RULES(t)}>
                        <Input data-testid={`transition-key-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Form.Item name={[field.name, 'zh']} rules={[{ required: true, whitespace: true, message: t('cases.required') }]}>
                        <Input data-testid={`transition-zh-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Form.Item name={[field.name, 'en']} rules={[{ required: true, whitespace: true, message: t('cases.required') }]}>
                        <Input data-testid={`transition-en-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Form.Item name={[field.name, 'from']} rules={[{ required: true, message: t('cases.required') }]}>
                        <Select options={stateOptions} data-testid={`transition-from-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Form.Item name={[field.name, 'to']} rules={[{ required: true, message: t('cases.required') }]}>
                        <Select options={stateOptions} data-testid={`transition-to-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      <Form.Item name={[field.name, 'permission']} rules={[{ required: true, message: t('cases.required') }]}>
                        <Select options={TRANSITION_PERMISSIONS.map((p) => ({ value: p, label: t(`cases.admin.permission.${p}`) }))} data-testid={`transition-permission-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Form.Item name={[field.name, 'requires']}>
                        <Select allowClear placeholder={t('cases.admin.types.requiresNone')} options={TRANSITION_REQUIREMENTS.map((r) => ({ value: r, label: t(`cases.admin.requires.${r}`) }))} data-testid={`transition-requires-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      {!readOnly && <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('cases.remove')} data-testid={`transition-remove-${i}`} />}
                    </Col>
                  </Row>
                ))}
                {!readOnly && (
                  <Button icon={<PlusOutlined />} onClick={() => add({ key: '', zh: '', en: '', from: stateKeys[0] ?? '', to: stateKeys[1] ?? '', permission: 'case.investigate' })} disabled={fields.length >= 60} data-testid="transition-add" style={{ marginBottom: 16 }}>
                    {t('cases.admin.types.addTransition')}
                  </Button>
                )}
              </div>
            )}
          </Form.List>
        </Form>
      </div>
    </Drawer>
  );
}
