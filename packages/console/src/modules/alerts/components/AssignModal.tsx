import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Form, Input, Modal, Select, Typography } from 'antd';
import { alertsApi } from '../../../api/alerts-api.ts';
import type { Alert } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useAlertSteps } from '../hooks/use-alert-steps.ts';

interface Values {
  assignee: string;
  note?: string;
}

/**
 * Assigns or reassigns an alert (`alert.assign`): to one of its queue's handlers, each shown with
 * the alerts they already hold; an alert outside any queue takes a username.
 */
export function AssignModal({ alert, onClose }: { alert: Alert | undefined; onClose(): void }) {
  const { t } = useI18n();
  const { assign } = useAlertSteps();
  const [form] = Form.useForm<Values>();
  const queueId = alert?.queueId ?? undefined;
  const handlers = useQuery({ queryKey: ['alert-queues', 'handlers', queueId], queryFn: () => alertsApi.handlers(queueId!), enabled: !!queueId });
  useEffect(() => {
    if (!alert) return;
    assign.reset();
    form.resetFields();
    // Reset only when the dialog opens for another alert.
  }, [alert?.id]);
  const options = (handlers.data?.items ?? [])
    .filter((h) => h.username !== alert?.assignee)
    .map((h) => ({ value: h.username, label: t('alerts.assign.handler', { username: h.username, n: h.assigned }) }));
  return (
    <Modal
      open={!!alert}
      title={alert?.assignee ? t('alerts.assign.reassignTitle', { subject: alert.subject.display }) : t('alerts.assign.title', { subject: alert?.subject.display ?? '' })}
      okText={t('alerts.assign.ok')}
      cancelText={t('alerts.common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={assign.isPending}
      okButtonProps={{ 'data-testid': 'assign-ok' }}
      destroyOnHidden
    >
      <div data-testid="assign-modal">
        <ErrorAlert error={assign.error ?? handlers.error} />
        {alert?.assignee && (
          <Typography.Paragraph type="secondary" data-testid="assign-current">
            {t('alerts.assign.current', { username: alert.assignee })}
          </Typography.Paragraph>
        )}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => alert && assign.mutate({ id: alert.id, assignee: v.assignee, note: v.note?.trim() || undefined }, { onSuccess: onClose })}>
          <Form.Item name="assignee" label={t('alerts.assign.assignee')} rules={[{ required: true, whitespace: true, message: t('alerts.common.required') }]}>
            {queueId ? (
              <Select showSearch loading={handlers.isLoading} options={options} placeholder={t('alerts.assign.choose')} notFoundContent={t('alerts.assign.noHandlers')} data-testid="assign-select" />
            ) : (
              <Input placeholder={t('alerts.assign.username')} data-testid="assign-username" autoComplete="off" />
            )}
          </Form.Item>
          <Form.Item name="note" label={t('alerts.assign.note')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="assign-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
