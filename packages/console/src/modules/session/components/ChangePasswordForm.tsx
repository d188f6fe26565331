import { useState } from 'react';
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { isApiError } from '../../../api/api-error.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { SESSION_QUERY_KEY } from '../session-query.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Changes the signed-in user's own password; the server checks the policy and history. */
export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.auth.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      void message.success(t('password.changed'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
      onDone?.();
    } catch (e) {
      // The server names the field at fault: show the policy's own words beside it.
      const field = isApiError(e) ? (e.path === 'currentPassword' || e.path === 'newPassword' ? e.path : undefined) : undefined;
      if (field && isApiError(e)) form.setFields([{ name: field, errors: [e.details?.map((d) => d.message).join('; ') || e.message] }]);
      else setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} style={{ maxWidth: 420 }} data-testid="password-form">
      {error && <Alert style={{ marginBottom: 16 }} type="error" showIcon title={error} />}
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, message: t('password.required') }]} extra={<Typography.Text type="secondary">{t('password.policy')}</Typography.Text>}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({ validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('password.submit')}
      </Button>
    </Form>
  );
}
