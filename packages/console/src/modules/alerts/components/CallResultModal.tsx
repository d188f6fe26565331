import { useEffect } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Form, Input, Modal, Select } from 'antd';
import { alertActionsApi, type AlertAction, type CallResult } from '../../../api/alert-actions-api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { CALL_OUTCOMES } from '../utils/action-model.ts';

/** The longest note the server takes with a call result. */
const NOTE_MAX = 500;

/** Records how a call went (a manual one, or a robot call whose channel reported no outcome): the outcome and a note. */
export function CallResultModal({ action, onClose, onRecorded }: { action: AlertAction | undefined; onClose(): void; onRecorded(): Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CallResult>();
  const save = useMutation({
    mutationFn: (v: CallResult) => alertActionsApi.recordCallResult(action!.id, { outcome: v.outcome, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }),
    onSuccess: async () => {
      onClose();
      await onRecorded();
    },
  });
  useEffect(() => {
    if (!action) return;
    save.reset();
    form.resetFields();
  }, [action?.id]);
  return (
    <Modal
      open={!!action}
      title={t('alerts.actions.recordTitle')}
      okText={t('alerts.actions.record')}
      cancelText={t('alerts.common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'call-result-ok' }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <ErrorAlert error={save.error} />
      <Form<CallResult> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="outcome" label={t('alerts.actions.callOutcome')} rules={[{ required: true, message: t('alerts.common.required') }]}>
          <Select options={CALL_OUTCOMES.map((o) => ({ value: o, label: t(`alerts.actions.outcome.${o}`) }))} data-testid="call-outcome" />
        </Form.Item>
        <Form.Item name="note" label={t('alerts.actions.callNote')} extra={t('alerts.note.noCards')} rules={[{ max: NOTE_MAX }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={NOTE_MAX} showCount data-testid="call-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
