import { useEffect, useState } from 'react';
import { Button, Form, Input, Modal, Select, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { modelsApi } from '../../../api/models-api.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { modelKeys, useModels } from '../hooks/model-queries.ts';
import type { ScorecardArtefact } from '../model/artefact-types.ts';
import { NewModelModal } from './NewModelModal.tsx';

/** Registers a fitted scorecard as the next version of a model (an existing one, or one created here); the new version opens next. */
export function RegisterFitModal({ open, artefact, onClose }: { open: boolean; artefact: ScorecardArtefact | null; onClose(): void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const models = useModels({});
  const [modelId, setModelId] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [creating, setCreating] = useState(false);
  // A model created here is offered before the list is read again.
  const [created, setCreated] = useState<{ value: string; label: string } | null>(null);
  const options = (models.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.key})` }));
  if (created && !options.some((o) => o.value === created.value)) options.unshift(created);
  const register = useMutation({
    mutationFn: () => modelsApi.registerVersion(modelId!, { format: 'vigil', content: artefact, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: async (d) => {
      qc.setQueryData(modelKeys.version(d.modelId, d.version), d);
      await qc.invalidateQueries({ queryKey: modelKeys.detail(d.modelId) });
      void qc.invalidateQueries({ queryKey: modelKeys.lists });
      onClose();
      await navigate(`/models/${encodeURIComponent(d.modelId)}/versions/${d.version}`);
    },
  });
  useEffect(() => {
    if (!open) return;
    register.reset();
    setNote('');
    // Reset only when the dialog opens.
  }, [open]);
  return (
    <>
      <Modal
        open={open && !creating}
        width={600}
        title={t('models.registerFit.title')}
        okText={t('models.register.submit')}
        cancelText={t('models.cancel')}
        onOk={() => register.mutate()}
        onCancel={onClose}
        confirmLoading={register.isPending}
        okButtonProps={{ disabled: !modelId || !artefact, 'data-testid': 'register-fit-submit' }}
      >
        <div data-testid="register-fit-dialog">
          <ErrorDetails error={register.error ?? models.error} />
          <Form layout="vertical">
            <Form.Item label={t('models.registerFit.model')} required>
              <Space.Compact style={{ width: '100%' }}>
                <Select
                  showSearch
                  style={{ width: '100%' }}
                  loading={models.isLoading}
                  value={modelId}
                  onChange={setModelId}
                  optionFilterProp="label"
                  options={options}
                  data-testid="register-fit-model"
                />
                <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="register-fit-new-model">
                  {t('models.new.button')}
                </Button>
              </Space.Compact>
            </Form.Item>
            <Form.Item label={t('models.note')}>
              <Input.TextArea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="register-fit-note" />
            </Form.Item>
          </Form>
        </div>
      </Modal>
      <NewModelModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(m) => {
          void qc.invalidateQueries({ queryKey: modelKeys.lists });
          setCreated({ value: m.id, label: `${m.name} (${m.key})` });
          setModelId(m.id);
        }}
      />
    </>
  );
}
