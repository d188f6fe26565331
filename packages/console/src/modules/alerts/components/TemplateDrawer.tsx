import { useEffect, useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert as Notice, Button, Col, Divider, Drawer, Form, Input, Row, Select, Space, Switch, Tag, Tooltip, Typography, type GetRef } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { alertActionsApi, type MessageTemplate, type TemplateLocale } from '../../../api/alert-actions-api.ts';
import type { AlertCategory } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { hasMessage } from '../../../i18n/translate.ts';
import { serverIssues } from '../../lists/utils/server-issues.ts';
import { ALERT_LEVELS } from '../utils/alert-model.ts';
import { fieldOfIssue } from '../utils/config-forms.ts';
import {
  bodyLength,
  insertVariable,
  issueWording,
  newTemplateValues,
  TEMPLATE_BODY_MAX,
  TEMPLATE_FIELDS,
  TEMPLATE_LOCALES,
  TEMPLATE_VARIABLES,
  templateCreateBody,
  templateUpdateBody,
  templateValues,
  type TemplateFormValues,
} from '../utils/action-admin-forms.ts';

/** A new template, one's own to edit, an inherited one to override with one's own copy, or to look at. */
export type TemplateEditing = { mode: 'create'; locale: TemplateLocale } | { mode: 'edit' | 'override' | 'view'; template: MessageTemplate };

/**
 * Writes an SMS template: its key and language, the text with `{{variable}}` placeholders (counted
 * against the server's limit), and when it is sent by itself. The server checks the text; what it
 * refuses is shown at the field. A saved template is previewed as the server renders it.
 */
export function TemplateDrawer({
  editing,
  orgId,
  variables,
  categories,
  onClose,
}: {
  editing: TemplateEditing | undefined;
  /** The org a new template or an override belongs to. */
  orgId: string | undefined;
  /** The variables the server lists with their descriptions (its English ones are the fallback). */
  variables: Record<string, string> | undefined;
  categories: readonly AlertCategory[];
  onClose(): void;
}) {
  const { t } = useI18n();
  const text = useText();
  const qc = useQueryClient();
  const [form] = Form.useForm<TemplateFormValues>();
  const bodyRef = useRef<GetRef<typeof Input.TextArea>>(null);
  const readOnly = editing?.mode === 'view';
  const saved = editing && editing.mode !== 'create' && editing.mode !== 'override' ? editing.template : undefined;
  const autoSendOn = Form.useWatch(['autoSend', 'on'], form);
  const body = Form.useWatch('body', form) ?? '';

  const save = useMutation({
    mutationFn: (v: TemplateFormValues) => (editing?.mode === 'edit' ? alertActionsApi.updateTemplate(editing.template.id, templateUpdateBody(v)) : alertActionsApi.createTemplate(templateCreateBody(v, orgId))),
    onSuccess: async () => {
      onClose();
      await qc.invalidateQueries({ queryKey: ['message-templates'] });
    },
    onError: (e) => {
      const fields = serverIssues(e).flatMap((i) => {
        const name = fieldOfIssue(i.path, TEMPLATE_FIELDS);
        if (!name) return [];
        const w = issueWording(i);
        const key = `alerts.config.issue.${w.code}`;
        return [{ name, errors: [hasMessage(key) ? t(key, w.params) : i.message] }];
      });
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
    },
  });
  const preview = useQuery({
    queryKey: ['message-template-preview', saved?.id, saved?.updatedAt, 'sample'],
    queryFn: () => alertActionsApi.preview(saved!.id),
    enabled: !!saved,
    retry: false,
  });

  useEffect(() => {
    if (!editing) return;
    save.reset();
    form.resetFields();
    form.setFieldsValue(editing.mode === 'create' ? newTemplateValues(editing.locale) : templateValues(editing.template));
    // Reset only when the drawer opens or shows another template.
  }, [editing]);

  const names = variables ? Object.keys(variables) : [...TEMPLATE_VARIABLES];
  const describe = (name: string) => {
    const key = `alerts.templates.var.${name}`;
    return hasMessage(key) ? t(key) : (variables?.[name] ?? name);
  };
  const insert = (name: string) => {
    const current: string = form.getFieldValue('body') ?? '';
    const area = bodyRef.current?.resizableTextArea?.textArea;
    const r = insertVariable(current, name, area?.selectionStart);
    form.setFieldValue('body', r.body);
    void form.validateFields(['body']).catch(() => undefined);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(r.caret, r.caret);
    });
  };
  const required = { required: true, message: t('alerts.common.required') };
  const creating = editing?.mode === 'create' || editing?.mode === 'override';
  const title = !editing
    ? ''
    : editing.mode === 'create'
      ? t('alerts.templates.create')
      : editing.mode === 'override'
        ? t('alerts.templates.overrideTitle', { key: editing.template.key, locale: t(`lang.${editing.template.locale}`) })
        : t('alerts.templates.editTitle', { key: editing.template.key, locale: t(`lang.${editing.template.locale}`) });

  return (
    <Drawer
      open={!!editing}
      size={640}
      title={title}
      onClose={onClose}
      forceRender
      extra={
        !readOnly && (
          <Space>
            <Button onClick={onClose} data-testid="template-cancel">
              {t('alerts.common.cancel')}
            </Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="template-save">
              {t('alerts.common.save')}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid="template-drawer">
        {editing?.mode === 'override' && <Typography.Paragraph type="secondary">{t('alerts.templates.overrideHint')}</Typography.Paragraph>}
        {editing?.mode === 'view' && (
          <Typography.Paragraph type="secondary">
            {t('alerts.templates.inheritedReadOnly')} <OrgName id={editing.template.orgId} />
          </Typography.Paragraph>
        )}
        {creating && orgId && (
          <Typography.Paragraph type="secondary">
            {t('alerts.templates.forOrg')} <OrgName id={orgId} />
          </Typography.Paragraph>
        )}
        <ErrorAlert error={save.error} />
        <Form<TemplateFormValues> form={form} layout="vertical" disabled={readOnly} onFinish={(v) => save.mutate(v)}>
          <Row gutter={12}>
            <Col span={14}>
              <Form.Item name="key" label={t('alerts.categories.key')} rules={[required, { pattern: /^[a-z][a-z0-9_]{0,63}$/, message: t('alerts.categories.keyPattern') }]}>
                <Input disabled={editing?.mode !== 'create'} autoComplete="off" data-testid="template-key-input" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="locale" label={t('alerts.templates.locale')} rules={[required]}>
                <Select disabled={editing?.mode !== 'create'} options={TEMPLATE_LOCALES.map((l) => ({ value: l, label: t(`lang.${l}`) }))} data-testid="template-locale" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="name" label={t('alerts.templates.name')} rules={[{ ...required, whitespace: true }, { max: 128, message: t('alerts.common.tooLong', { n: 128 }) }]}>
            <Input data-testid="template-name" />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('alerts.templates.body')}
            rules={[
              { ...required, whitespace: true },
              { validator: async (_, v: string | undefined) => (bodyLength(v ?? '') > TEMPLATE_BODY_MAX ? Promise.reject(new Error(t('alerts.config.issue.TOO_LONG', { max: TEMPLATE_BODY_MAX }))) : undefined) },
            ]}
          >
            <Input.TextArea
              ref={bodyRef}
              autoSize={{ minRows: 4, maxRows: 10 }}
              count={{ show: true, max: TEMPLATE_BODY_MAX, strategy: bodyLength }}
              data-testid="template-body"
            />
          </Form.Item>
          <div data-testid="template-variables" style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary">{t('alerts.templates.variablesHint')}</Typography.Text>
            <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
              {names.map((name) => (
                <Tooltip key={name} title={describe(name)}>
                  <Tag style={{ cursor: readOnly ? undefined : 'pointer' }} onClick={readOnly ? undefined : () => insert(name)} data-testid={`template-var-${name}`}>
                    <code>{`{{${name}}}`}</code>
                  </Tag>
                </Tooltip>
              ))}
            </Space>
          </div>
          {saved && (
            <div data-testid="template-preview">
              <Divider titlePlacement="start" plain>
                {t('alerts.templates.preview')}
              </Divider>
              <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
                <Typography.Text type="secondary">{t('alerts.templates.previewHint')}</Typography.Text>
                <Button size="small" icon={<ReloadOutlined />} disabled={false} loading={preview.isFetching} onClick={() => void preview.refetch()} data-testid="template-preview-run">
                  {t('alerts.templates.previewRun')}
                </Button>
              </Space>
              <ErrorAlert error={preview.error} />
              {preview.data && (
                <>
                  <Notice type={preview.data.missing.length ? 'warning' : 'info'} style={{ whiteSpace: 'pre-wrap' }} title={<span data-testid="template-preview-text">{preview.data.text}</span>} />
                  <Typography.Text type={preview.data.length > TEMPLATE_BODY_MAX ? 'danger' : 'secondary'} data-testid="template-preview-length">
                    {t('alerts.templates.previewLength', { n: preview.data.length })}
                  </Typography.Text>
                  {preview.data.missing.length > 0 && (
                    <div>
                      <Typography.Text type="danger">{t('alerts.templates.previewMissing', { vars: preview.data.missing.join(', ') })}</Typography.Text>
                    </div>
                  )}
                </>
              )}
              {!readOnly && body !== saved.body && (
                <div>
                  <Typography.Text type="warning" data-testid="template-preview-stale">
                    {t('alerts.templates.previewStale')}
                  </Typography.Text>
                </div>
              )}
            </div>
          )}
          <Divider titlePlacement="start" plain>
            {t('alerts.templates.autoSend')}
          </Divider>
          <Form.Item name={['autoSend', 'on']} valuePropName="checked" extra={t('alerts.templates.autoSendHint')}>
            <Switch checkedChildren={t('alerts.templates.on')} unCheckedChildren={t('alerts.templates.off')} data-testid="template-auto-send-on" />
          </Form.Item>
          {autoSendOn && (
            <Row gutter={12}>
              <Col span={15}>
                <Form.Item name={['autoSend', 'categories']} label={t('alerts.col.category')} extra={t('alerts.templates.categoriesHint')}>
                  <Select mode="multiple" allowClear placeholder={t('alerts.templates.allCategories')} options={categories.map((c) => ({ value: c.key, label: text(c.name) || c.key }))} data-testid="template-auto-send-categories" />
                </Form.Item>
              </Col>
              <Col span={9}>
                <Form.Item name={['autoSend', 'minLevel']} label={t('alerts.templates.minLevel')}>
                  <Select allowClear placeholder={t('alerts.templates.anyLevel')} options={ALERT_LEVELS.map((l) => ({ value: l, label: t(`alerts.level.${l}`) }))} data-testid="template-auto-send-level" />
                </Form.Item>
              </Col>
            </Row>
          )}
          <Form.Item name="enabled" label={t('alerts.admin.enabled')} valuePropName="checked" extra={t('alerts.templates.enabledHint')}>
            <Switch data-testid="template-enabled" />
          </Form.Item>
        </Form>
      </div>
    </Drawer>
  );
}
