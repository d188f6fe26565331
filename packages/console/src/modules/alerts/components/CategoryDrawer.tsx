import { useEffect } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Drawer, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { alertsApi } from '../../../api/alerts-api.ts';
import type { AlertCategory } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { serverIssues } from '../../lists/utils/server-issues.ts';
import { CATEGORY_FIELDS, categoryBody, categoryValues, fieldOfIssue, type CategoryFormValues } from '../utils/config-forms.ts';
import { MergeByInput } from './MergeByInput.tsx';

/** A new category (`category` absent), an own setting to edit, or an inherited or default one to override for `orgId`. */
export type CategoryEditing = { mode: 'create'; defaults: { mergeBy: string[]; windowMinutes: number } } | { mode: 'edit' | 'override'; category: AlertCategory };

/** Sets how alerts of a category merge for an org: by which entity kinds, in order, and for how long. */
export function CategoryDrawer({ editing, orgId, kinds, onClose }: { editing: CategoryEditing | undefined; orgId: string | undefined; kinds: readonly string[]; onClose(): void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<CategoryFormValues>();
  const save = useMutation({
    mutationFn: (v: CategoryFormValues) => alertsApi.setCategory(v.key, categoryBody(v, orgId)),
    onSuccess: async () => {
      onClose();
      await qc.invalidateQueries({ queryKey: ['alert-categories'] });
    },
    onError: (e) => {
      const fields = serverIssues(e).flatMap((i) => {
        const name = fieldOfIssue(i.path, CATEGORY_FIELDS);
        return name ? [{ name, errors: [i.message] }] : [];
      });
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
    },
  });
  useEffect(() => {
    if (!editing) return;
    save.reset();
    form.resetFields();
    form.setFieldsValue(editing.mode === 'create' ? { key: '', name: { zh: '', en: '' }, description: '', mergeBy: [...editing.defaults.mergeBy], windowMinutes: editing.defaults.windowMinutes } : categoryValues(editing.category));
  }, [editing]);
  const required = { required: true, message: t('alerts.common.required') };
  const title = !editing ? '' : editing.mode === 'create' ? t('alerts.categories.create') : editing.mode === 'override' ? t('alerts.categories.overrideTitle', { key: editing.category.key }) : t('alerts.categories.editTitle', { key: editing.category.key });
  return (
    <Drawer
      open={!!editing}
      size={560}
      title={title}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('alerts.common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="category-save">
            {t('alerts.common.save')}
          </Button>
        </Space>
      }
    >
      <div data-testid="category-drawer">
        {editing?.mode === 'override' && <Typography.Paragraph type="secondary">{t('alerts.categories.overrideHint')}</Typography.Paragraph>}
        <ErrorAlert error={save.error} />
        <Form<CategoryFormValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="key" label={t('alerts.categories.key')} rules={[required, { pattern: /^[a-z][a-z0-9_]{0,63}$/, message: t('alerts.categories.keyPattern') }]}>
            <Input disabled={editing?.mode !== 'create'} autoComplete="off" data-testid="category-key" />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name={['name', 'zh']} label={t('alerts.admin.nameZh')} rules={[required, { max: 200 }]}>
                <Input data-testid="category-name-zh" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['name', 'en']} label={t('alerts.admin.nameEn')} rules={[required, { max: 200 }]}>
                <Input data-testid="category-name-en" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('alerts.categories.description')} rules={[{ max: 1000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
          <Form.Item name="mergeBy" label={t('alerts.categories.mergeBy')} extra={t('alerts.categories.mergeByHint')} rules={[{ required: true, type: 'array', min: 1, message: t('alerts.categories.mergeByRequired') }]}>
            <MergeByInput kinds={kinds} />
          </Form.Item>
          <Form.Item name="windowMinutes" label={t('alerts.categories.window')} extra={t('alerts.categories.windowHint')} rules={[required]}>
            <InputNumber min={1} max={43_200} precision={0} style={{ width: 200 }} data-testid="category-window" />
          </Form.Item>
        </Form>
      </div>
    </Drawer>
  );
}
