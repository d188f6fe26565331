import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert as Notice, Form, Modal, Select, Space, Tag, Typography } from 'antd';
import { alertActionsApi, type ActionRequest } from '../../../api/alert-actions-api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { sendableTemplates, templateVariables } from '../utils/action-model.ts';

/**
 * Sends an SMS to the alert's customer from one of the org's templates. The preview shows the
 * template's text with its variables (masked card, amount, time, merchant), which the server fills in.
 */
export function SendSmsModal({ open, pending, error, onClose, onSend }: { open: boolean; pending: boolean; error: unknown; onClose(): void; onSend(body: ActionRequest): void }) {
  const { t, locale } = useI18n();
  const templates = useQuery({ queryKey: ['message-templates'], queryFn: alertActionsApi.templates, enabled: open, retry: false, staleTime: 60_000 });
  const [chosen, setChosen] = useState<string>();
  useEffect(() => {
    if (open) setChosen(undefined);
  }, [open]);
  const items = sendableTemplates(templates.data?.items ?? [], locale);
  const template = items.find((x) => x.id === chosen);
  return (
    <Modal
      open={open}
      title={t('alerts.actions.sendSms')}
      okText={t('alerts.actions.send')}
      cancelText={t('alerts.common.cancel')}
      onCancel={onClose}
      onOk={() => template && onSend({ type: 'sms', template: template.key, locale: template.locale })}
      okButtonProps={{ disabled: !template, 'data-testid': 'sms-send' }}
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
          <Notice type="info" style={{ marginTop: 4, whiteSpace: 'pre-wrap' }} title={template.body} />
          {templateVariables(template.body).length > 0 && (
            <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('alerts.actions.variables')}</Typography.Text>
              {templateVariables(template.body).map((v) => (
                <Tag key={v}>{v}</Tag>
              ))}
            </Space>
          )}
        </div>
      )}
    </Modal>
  );
}
