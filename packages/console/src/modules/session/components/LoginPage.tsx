import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../../../api/client.ts';
import { isApiError } from '../../../api/api-error.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { LanguageSwitch } from '../../shell/components/LanguageSwitch.tsx';
import { useSession } from '../hooks/use-session.ts';
import { loginState } from '../login-state.ts';
import { fetchSession, SESSION_QUERY_KEY } from '../session-query.ts';
import { BrandMark } from '../../shell/components/BrandMark.tsx';

interface LoginValues {
  username: string;
  password: string;
  totp?: string;
}

/** Username and password, then a one-time code when the account has a second factor. */
export function LoginPage() {
  const { t } = useI18n();
  const { data: session } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { reason, from } = loginState(location.state);
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<LoginValues>();

  if (session) return <Navigate to={from ?? '/'} replace />;

  const submit = async (values: LoginValues) => {
    setBusy(true);
    setError(null);
    try {
      await api.auth.login({ username: values.username.trim(), password: values.password, ...(needTotp && values.totp ? { totp: values.totp } : {}) });
      // The session answer carries the permissions the shell needs (sign-in's does not).
      queryClient.setQueryData(SESSION_QUERY_KEY, await fetchSession());
      await navigate(from ?? '/', { replace: true });
    } catch (e) {
      if (isApiError(e) && e.code === 'UNAUTHENTICATED' && e.path === 'totp') {
        setNeedTotp(true);
        setError(needTotp ? t('login.failed') : null);
      } else if (isApiError(e) && e.code === 'UNAUTHENTICATED') {
        setError(t('login.failed'));
      } else {
        setError(errorText(t, e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', padding: 24, background: 'linear-gradient(160deg, #e6f0ff 0%, #f5f5f5 60%)' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 380, maxWidth: '100%' }} data-testid="login-card">
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <BrandMark size={40} />
          <Typography.Title level={3} style={{ margin: '12px 0 0' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </div>
        {reason === 'expired' && !error && <Alert style={{ marginBottom: 16 }} type="warning" showIcon title={t('login.sessionExpired')} data-testid="login-expired" />}
        {reason === 'signedOut' && !error && <Alert style={{ marginBottom: 16 }} type="info" showIcon title={t('login.signedOut')} data-testid="login-signed-out" />}
        {error && <Alert style={{ marginBottom: 16 }} type="error" showIcon title={error} data-testid="login-error" />}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} data-testid="login-form" autoComplete="on">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {needTotp && (
            <Form.Item name="totp" label={t('login.totp')} extra={t('login.totpHint')} rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('login.totpRequired') }]}>
              <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus data-testid="login-totp" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
