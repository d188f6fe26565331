import { useEffect } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { modelsApi } from '../../../api/models-api.ts';
import type { ModelDetail, ModelPurpose } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { modelKeys } from '../hooks/model-queries.ts';
import { isStaleModel, MODEL_PURPOSES } from '../model/model-status.ts';
import { USERNAME_PATTERN } from './NewModelModal.tsx';

interface Values {
  name: string;
  purpose: ModelPurpose;
  owner: string;
  description: string;
}

/** Changes a model's name, purpose, owner and documentation, naming the row version read (a stale one is refused). */
export function EditModelModal({ open, model, onClose, onStale }: { open: boolean; model: ModelDetail; onClose(): void; onStale(): void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => modelsApi.update(model.id, { name: v.name.trim(), purpose: v.purpose, owner: v.owner.trim(), description: v.description ?? '', expectedVersion: model.rowVersion }),
    onSuccess: async (m) => {
      qc.setQueryData(modelKeys.detail(m.id), m);
      await qc.invalidateQueries({ queryKey: modelKeys.lists });
      onClose();
    },
    onError: (e) => {
      if (!isStaleModel(e)) return;
      onStale();
      onClose();
    },
  });
  useEffect(() => {
    if (!open) return;
    save.reset();
    form.setFieldsValue({ name: model.name, purpose: model.purpose, owner: model.owner, description: model.description });
    // Filled from the model as it is when the dialog opens.
  }, [open]);

  return (
    <Modal
      open={open}
      width={760}
      title={t('models.edit.title')}
      okText={t('models.save')}
      cancelText={t('models.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'edit-model-submit' }}
      forceRender
    >
      <div data-testid="edit-model-dialog">
        <ErrorDetails error={save.error} />
        <Form<Values> form={form} name="editModel" layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t('models.field.name')} rules={[{ required: true, whitespace: true, message: t('models.required') }, { max: 200 }]}>
            <Input data-testid="edit-model-name" />
          </Form.Item>
          <Form.Item name="purpose" label={t('models.field.purpose')}>
            <Select options={MODEL_PURPOSES.map((p) => ({ value: p, label: t(`models.purpose.${p}`) }))} data-testid="edit-model-purpose" />
          </Form.Item>
          <Form.Item name="owner" label={t('models.field.owner')} rules={[{ required: true, message: t('models.required') }, { pattern: USERNAME_PATTERN, message: t('models.usernameInvalid') }]}>
            <Input autoComplete="off" data-testid="edit-model-owner" />
          </Form.Item>
          <Form.Item name="description" label={t('models.field.documentation')} extra={t('models.field.documentationHint')} rules={[{ max: 100_000 }]}>
            <Input.TextArea rows={14} style={{ fontFamily: 'monospace' }} data-testid="edit-model-description" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
