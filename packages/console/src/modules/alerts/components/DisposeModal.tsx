import { useEffect } from 'react';
import { Form, Input, Modal, Radio, Space, Typography } from 'antd';
import type { Alert, Disposition } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useAlertSteps } from '../hooks/use-alert-steps.ts';
import { DISPOSITIONS } from '../utils/alert-model.ts';

interface Values {
  disposition: Disposition;
  note?: string;
}

/** Closes an alert with one of the five dispositions and a note; what it labels is said beside each. */
export function DisposeModal({ alert, open, onClose }: { alert: Alert; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { dispose } = useAlertSteps();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (!open) return;
    dispose.reset();
    form.resetFields();
  }, [open]);
  return (
    <Modal
      open={open}
      title={t('alerts.dispose.title', { subject: alert.subject.display })}
      okText={t('alerts.dispose.ok')}
      cancelText={t('alerts.common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={dispose.isPending}
      okButtonProps={{ 'data-testid': 'dispose-ok' }}
      width={560}
      destroyOnHidden
    >
      <ErrorAlert error={dispose.error} />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => dispose.mutate({ id: alert.id, disposition: v.disposition, note: v.note?.trim() || undefined }, { onSuccess: onClose })}>
        <Form.Item name="disposition" label={t('alerts.dispose.disposition')} rules={[{ required: true, message: t('alerts.dispose.required') }]}>
          <Radio.Group data-testid="dispose-options">
            <Space orientation="vertical">
              {DISPOSITIONS.map((d) => (
                <Radio key={d} value={d} data-testid={`dispose-${d}`}>
                  <Space orientation="vertical" size={0}>
                    <span>{t(`alerts.disposition.${d}`)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`alerts.dispose.effect.${d}`)}
                    </Typography.Text>
                  </Space>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('alerts.dispose.note')} extra={t('alerts.note.noCards')} rules={[{ max: 2000, message: t('alerts.common.tooLong', { n: 2000 }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="dispose-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
