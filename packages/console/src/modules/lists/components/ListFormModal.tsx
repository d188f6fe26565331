import { useEffect } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Form, Input, Modal, Select } from 'antd';
import { catalogApi } from '../../../api/catalog-api.ts';
import type { CreateListRequest, RiskList } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { serverIssues } from '../utils/server-issues.ts';
import { LIST_DIMENSIONS, LIST_KINDS } from './list-options.ts';

interface Values {
  key: string;
  nameZh: string;
  nameEn: string;
  kind: CreateListRequest['kind'];
  dimension: CreateListRequest['dimension'];
  orgId?: string;
  description: string;
}

/** Form field of each path the server may name (its schema paths come as `name.zh` or `/name/zh`). */
const FIELD_OF_PATH = new Map<string, keyof Values>(
  (['key', 'orgId', 'kind', 'dimension', 'description'] as const).flatMap((f) => [[f, f], [`/${f}`, f]] as Array<[string, keyof Values]>).concat([
    ['name.zh', 'nameZh'],
    ['name.en', 'nameEn'],
    ['/name/zh', 'nameZh'],
    ['/name/en', 'nameEn'],
  ]),
);

/** Creates a list, or (with `list`) changes its names and description; kind, dimension and org are fixed once made. */
export function ListFormModal({ open, list, onClose, onSaved }: { open: boolean; list?: RiskList; onClose(): void; onSaved(saved: RiskList): void }) {
  const { t } = useI18n();
  const text = useText();
  const { orgs, selected } = useOrgScope();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) =>
      list
        ? catalogApi.lists.update(list.id, { name: { zh: v.nameZh, en: v.nameEn }, description: v.description ?? '' })
        : catalogApi.lists.create({ key: v.key, name: { zh: v.nameZh, en: v.nameEn }, kind: v.kind, dimension: v.dimension, description: v.description ?? '', ...(v.orgId ? { orgId: v.orgId } : {}) }),
    onSuccess: (saved) => onSaved(saved),
    onError: (e) => {
      const fields = serverIssues(e)
        .filter((i) => FIELD_OF_PATH.has(i.path))
        .map((i) => ({ name: FIELD_OF_PATH.get(i.path)! as 'key', errors: [i.message] }));
      if (fields.length) form.setFields(fields);
    },
  });
  useEffect(() => {
    if (!open) return;
    save.reset();
    form.resetFields();
    form.setFieldsValue(list ? { key: list.key, nameZh: list.name.zh, nameEn: list.name.en, kind: list.kind, dimension: list.dimension, orgId: list.orgId, description: list.description } : { kind: 'black', dimension: 'customer', orgId: selected, description: '' });
    // Reset only when the dialog opens or shows another list.
  }, [open, list?.id]);
  const required = { required: true, message: t('lists.form.required') };
  return (
    <Modal
      open={open}
      title={list ? t('lists.editTitle', { key: list.key }) : t('lists.create')}
      okText={list ? t('lists.save') : t('lists.create')}
      cancelText={t('lists.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'list-form-ok' }}
      destroyOnHidden
    >
      <ErrorAlert error={save.error} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="list-form">
        <Form.Item name="key" label={t('lists.key')} extra={t('lists.form.keyHint')} rules={[required, { pattern: /^[a-z][a-z0-9_]{0,63}$/, message: t('lists.form.keyPattern') }]}>
          <Input disabled={!!list} data-testid="list-form-key" autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('lists.nameZh')} rules={[required, { max: 200 }]}>
          <Input data-testid="list-form-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('lists.nameEn')} rules={[required, { max: 200 }]}>
          <Input data-testid="list-form-name-en" />
        </Form.Item>
        <Form.Item name="kind" label={t('lists.kind')} rules={[required]}>
          <Select disabled={!!list} data-testid="list-form-kind" options={LIST_KINDS.map((k) => ({ value: k, label: t(`lists.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="dimension" label={t('lists.dimension')} rules={[required]}>
          <Select disabled={!!list} data-testid="list-form-dimension" options={LIST_DIMENSIONS.map((d) => ({ value: d, label: t(`lists.dimension.${d}`) }))} />
        </Form.Item>
        {orgs.length > 0 && (
          <Form.Item name="orgId" label={t('lists.org')} extra={list ? undefined : t('lists.form.orgHint')}>
            <Select allowClear disabled={!!list} data-testid="list-form-org" options={orgs.map((o) => ({ value: o.id, label: text(o.name) }))} />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('lists.description')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="list-form-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
