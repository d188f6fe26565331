import { useEffect } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { modelsApi } from '../../../api/models-api.ts';
import type { CreateModelRequest, ModelDetail, ModelPurpose } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { OrgTreeSelect } from '../../admin/components/OrgTreeSelect.tsx';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { modelKeys } from '../hooks/model-queries.ts';
import { MODEL_PURPOSES } from '../model/model-status.ts';

export const MODEL_KEY_PATTERN = /^[a-z][a-z0-9_]{1,63}$/;
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,63}$/;

interface Values {
  key: string;
  name: string;
  purpose: ModelPurpose;
  orgId?: string;
  owner?: string;
  description?: string;
}

/** The request of the form: empty optional fields left out. */
export function createModelRequest(v: Values): CreateModelRequest {
  return {
    key: v.key.trim(),
    name: v.name.trim(),
    purpose: v.purpose,
    ...(v.orgId ? { orgId: v.orgId } : {}),
    ...(v.owner?.trim() ? { owner: v.owner.trim() } : {}),
    ...(v.description?.trim() ? { description: v.description } : {}),
  };
}

/**
 * Registers a new model (no version yet). Opens the model's page next, unless `onCreated` takes
 * the new model (the workbench registers its fit into it).
 */
export function NewModelModal({ open, onClose, onCreated, initialPurpose = 'application' }: { open: boolean; onClose(): void; onCreated?: (m: ModelDetail) => void; initialPurpose?: ModelPurpose }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { canSwitch, selected } = useOrgScope();
  const [form] = Form.useForm<Values>();
  const create = useMutation({
    mutationFn: (v: Values) => modelsApi.create(createModelRequest(v)),
    onSuccess: async (m) => {
      qc.setQueryData(modelKeys.detail(m.id), m);
      await qc.invalidateQueries({ queryKey: modelKeys.lists });
      onClose();
      if (onCreated) onCreated(m);
      else await navigate(`/models/${encodeURIComponent(m.id)}`);
    },
  });
  useEffect(() => {
    if (!open) return;
    create.reset();
    form.resetFields();
    form.setFieldsValue({ purpose: initialPurpose, orgId: canSwitch ? selected : undefined });
    // Reset only when the dialog opens.
  }, [open]);

  return (
    <Modal
      open={open}
      width={600}
      title={t('models.new.title')}
      okText={t('models.new.submit')}
      cancelText={t('models.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'new-model-submit' }}
      forceRender
    >
      <div data-testid="new-model-dialog">
        <ErrorDetails error={create.error} />
        <Form<Values> form={form} name="newModel" layout="vertical" onFinish={(v) => create.mutate(v)}>
          {canSwitch && (
            <Form.Item name="orgId" label={t('models.field.org')}>
              <OrgTreeSelect allowClear placeholder={t('models.new.ownOrg')} testId="new-model-org" style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item name="key" label={t('models.field.key')} extra={t('models.new.keyHint')} rules={[{ required: true, message: t('models.required') }, { pattern: MODEL_KEY_PATTERN, message: t('models.new.keyInvalid') }]}>
            <Input autoComplete="off" data-testid="new-model-key" />
          </Form.Item>
          <Form.Item name="name" label={t('models.field.name')} rules={[{ required: true, whitespace: true, message: t('models.required') }, { max: 200 }]}>
            <Input data-testid="new-model-name" />
          </Form.Item>
          <Form.Item name="purpose" label={t('models.field.purpose')} rules={[{ required: true, message: t('models.required') }]}>
            <Select options={MODEL_PURPOSES.map((p) => ({ value: p, label: t(`models.purpose.${p}`) }))} data-testid="new-model-purpose" />
          </Form.Item>
          <Form.Item name="owner" label={t('models.field.owner')} extra={t('models.new.ownerHint')} rules={[{ pattern: USERNAME_PATTERN, message: t('models.usernameInvalid') }]}>
            <Input autoComplete="off" data-testid="new-model-owner" />
          </Form.Item>
          <Form.Item name="description" label={t('models.field.documentation')} extra={t('models.field.documentationHint')} rules={[{ max: 100_000 }]}>
            <Input.TextArea rows={4} data-testid="new-model-description" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
