import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert as Notice, Form, Modal, Select, Space, Tag, Typography } from 'antd';
import { alertActionsApi, type ActionRequest } from '../../../api/alert-actions-api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { sendableTemplates } from '../utils/action-model.ts';

/**
 * Sends an SMS to the alert's customer from one of the org's templates. The preview is the text
 * the server renders for this alert (masked card, amount, time, merchant); a variable the alert
 * has no value for is named, and such a message cannot be sent.
 */
export function SendSmsModal({ alertId, open, pending, error, onClose, onSend }: { alertId: string; open: boolean; pending: boolean; error: unknown; onClose(): void; onSend(body: ActionRequest): void }) {
  const { t, locale } = useI18n();
  const templates = useQuery({ queryKey: ['message-templates'], queryFn: alertActionsApi.templates, enabled: open, retry: false, staleTime: 60_000 });
  const [chosen, setChosen] = useState<string>();
  useEffect(() => {
    if (open) setChosen(undefined);
  }, [open]);
  const items = sendableTemplates(templates.data?.items ?? [], locale);
  const template = items.find((x) => x.id === chosen);
  const preview = useQuery({ queryKey: ['message-template-preview', chosen, alertId], queryFn: () => alertActionsApi.preview(chosen!, alertId), enabled: open && !!chosen, retry: false });
  const missing = preview.data?.missing ?? [];
  return (
    <Modal
      open={open}
      title={t('alerts.actions.sendSms')}
      okText={t('alerts.actions.send')}
      cancelText={t('alerts.common.cancel')}
      onCancel={onClose}
      onOk={() => template && onSend({ type: 'sms', template: template.key, locale: template.locale })}
      okButtonProps={{ disabled: !template || missing.length > 0, 'data-testid': 'sms-send' }}
      confirmLoading={pending}
      destroyOnHidden
    >
      <ErrorAlert error={error ?? templates.error} />
      <Form layout="vertical">
        <Form.Item label={t('alerts.actions.template')}>
          <Select
            value={chosen}
            onChange={setChosen}
            loading={templates.isLoading}
            placeholder={t('alerts.actions.chooseTemplate')}
            notFoundContent={t('alerts.actions.noTemplates')}
            options={items.map((x) => ({ value: x.id, label: t('alerts.actions.templateOption', { name: x.name, key: x.key, locale: t(`lang.${x.locale}`) }) }))}
            data-testid="sms-template"
          />
        </Form.Item>
      </Form>
      {template && (
        <div data-testid="sms-preview">
          <Typography.Text type="secondary">{t('alerts.actions.preview')}</Typography.Text>
          <ErrorAlert error={preview.error} />
          <Notice type={missing.length ? 'warning' : 'info'} style={{ marginTop: 4, whiteSpace: 'pre-wrap' }} title={<span data-testid="sms-preview-text">{preview.data?.text ?? template.body}</span>} />
          {missing.length > 0 && <Typography.Text type="danger">{t('alerts.actions.previewMissing', { vars: missing.join(', ') })}</Typography.Text>}
          {template.variables.length > 0 && (
            <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('alerts.actions.variables')}</Typography.Text>
              {template.variables.map((v) => (
                <Tag key={v}>{v}</Tag>
              ))}
            </Space>
          )}
        </div>
      )}
    </Modal>
  );
}
