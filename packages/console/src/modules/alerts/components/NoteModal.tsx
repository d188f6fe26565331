import { useEffect } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import type { Alert } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useAlertSteps } from '../hooks/use-alert-steps.ts';

/**
 * A note on the timeline (`mode: 'note'`, text required) or the reopening of a closed alert with
 * an optional note (`mode: 'reopen'`). Card numbers are refused by the server; the dialog says so.
 */
export function NoteModal({ alert, mode, onClose }: { alert: Alert; mode: 'note' | 'reopen' | undefined; onClose(): void }) {
  const { t } = useI18n();
  const { note, reopen } = useAlertSteps();
  const [form] = Form.useForm<{ text?: string }>();
  const step = mode === 'reopen' ? reopen : note;
  useEffect(() => {
    if (!mode) return;
    note.reset();
    reopen.reset();
    form.resetFields();
  }, [mode]);
  const submit = ({ text }: { text?: string }) => {
    const value = text?.trim();
    if (mode === 'reopen') reopen.mutate({ id: alert.id, note: value || undefined }, { onSuccess: onClose });
    else if (value) note.mutate({ id: alert.id, text: value }, { onSuccess: onClose });
  };
  return (
    <Modal
      open={!!mode}
      title={mode === 'reopen' ? t('alerts.reopen.title') : t('alerts.note.title')}
      okText={mode === 'reopen' ? t('alerts.action.reopen') : t('alerts.note.ok')}
      cancelText={t('alerts.common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={step.isPending}
      okButtonProps={{ 'data-testid': `${mode ?? 'note'}-ok` }}
      destroyOnHidden
    >
      <ErrorAlert error={step.error} />
      <Typography.Paragraph type="secondary">{t('alerts.note.noCards')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="text"
          label={mode === 'reopen' ? t('alerts.reopen.note') : t('alerts.note.text')}
          rules={[...(mode === 'reopen' ? [] : [{ required: true, whitespace: true, message: t('alerts.common.required') }]), { max: 2000, message: t('alerts.common.tooLong', { n: 2000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid={`${mode ?? 'note'}-text`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
