import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { modelsApi } from '../../../api/models-api.ts';
import type { ModelDetail, ModelFormat } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { modelKeys } from '../hooks/model-queries.ts';
import { MODEL_FORMATS } from '../model/model-status.ts';
import { guessFormat, parseContent, registerRequest, type ContentProblem } from '../model/register-version.ts';

interface Values {
  format: ModelFormat;
  source: 'file' | 'paste';
  text?: string;
  features?: string;
  note?: string;
}

/** The most a model file may be, read in the browser before it is sent (the API refuses more anyway). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Registers a model file as the model's next version: a Vigil model (a fit's model.json or an
 * engine definition), XGBoost JSON, a LightGBM text model or a decision tree, uploaded or pasted,
 * with feature names for formats that carry none. The new version opens next.
 */
export function RegisterVersionModal({ open, model, onClose }: { open: boolean; model: ModelDetail; onClose(): void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const source = Form.useWatch('source', form);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [problem, setProblem] = useState<ContentProblem | 'TOO_BIG' | null>(null);
  const register = useMutation({
    mutationFn: (v: Values & { content: unknown }) => modelsApi.registerVersion(model.id, registerRequest(v)),
    onSuccess: async (d) => {
      qc.setQueryData(modelKeys.version(model.id, d.version), d);
      await qc.invalidateQueries({ queryKey: modelKeys.detail(model.id) });
      void qc.invalidateQueries({ queryKey: modelKeys.lists });
      onClose();
      await navigate(`/models/${encodeURIComponent(model.id)}/versions/${d.version}`);
    },
  });
  useEffect(() => {
    if (!open) return;
    register.reset();
    form.resetFields();
    form.setFieldsValue({ format: 'vigil', source: 'file' });
    setFile(null);
    setProblem(null);
    // Reset only when the dialog opens.
  }, [open]);

  const submit = (v: Values) => {
    const text = v.source === 'file' ? (file?.text ?? '') : (v.text ?? '');
    const parsed = parseContent(v.format, text);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    register.mutate({ ...v, content: parsed.content });
  };

  return (
    <Modal
      open={open}
      width={720}
      title={t('models.register.title', { key: model.key })}
      okText={t('models.register.submit')}
      cancelText={t('models.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={register.isPending}
      okButtonProps={{ 'data-testid': 'register-version-submit' }}
      forceRender
    >
      <div data-testid="register-version-dialog">
        <ErrorDetails error={register.error} />
        {problem && <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="register-problem" title={problem === 'TOO_BIG' ? t('models.register.tooBig') : problem.code === 'EMPTY' ? t('models.register.empty') : t('models.register.invalidJson', { message: problem.message })} />}
        <Form<Values> form={form} name="registerVersion" layout="vertical" onFinish={submit}>
          <Form.Item name="format" label={t('models.field.format')} extra={t('models.register.formatHint')} rules={[{ required: true, message: t('models.required') }]}>
            <Select options={MODEL_FORMATS.map((f) => ({ value: f, label: t(`models.format.${f}`) }))} data-testid="register-format" />
          </Form.Item>
          <Form.Item name="source" label={t('models.register.source')}>
            <Radio.Group
              options={[
                { value: 'file', label: t('models.register.fromFile') },
                { value: 'paste', label: t('models.register.paste') },
              ]}
              data-testid="register-source"
            />
          </Form.Item>
          {source !== 'paste' ? (
            <Form.Item label={t('models.register.file')} required>
              <Upload.Dragger
                accept=".json,.txt,.model,application/json,text/plain"
                maxCount={1}
                beforeUpload={async (f) => {
                  register.reset();
                  if (f.size > MAX_FILE_BYTES) {
                    setFile(null);
                    setProblem('TOO_BIG');
                    return false;
                  }
                  const text = await f.text();
                  setFile({ name: f.name, text });
                  setProblem(null);
                  form.setFieldValue('format', guessFormat(f.name, text));
                  return false;
                }}
                onRemove={() => setFile(null)}
                fileList={file ? [{ uid: 'model-file', name: file.name, status: 'done' }] : []}
                data-testid="register-file"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <Typography.Paragraph style={{ margin: 0 }}>{t('models.register.drop')}</Typography.Paragraph>
              </Upload.Dragger>
            </Form.Item>
          ) : (
            <Form.Item name="text" label={t('models.register.content')} rules={[{ required: true, message: t('models.required') }]}>
              <Input.TextArea rows={10} style={{ fontFamily: 'monospace' }} placeholder={t('models.register.contentPlaceholder')} data-testid="register-text" />
            </Form.Item>
          )}
          <Form.Item name="features" label={t('models.register.features')} extra={t('models.register.featuresHint')}>
            <Input.TextArea rows={2} data-testid="register-features" />
          </Form.Item>
          <Form.Item name="note" label={t('models.note')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} data-testid="register-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
