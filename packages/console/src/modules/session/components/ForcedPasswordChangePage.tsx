import { Alert, Button, Card, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { LanguageSwitch } from '../../shell/components/LanguageSwitch.tsx';
import { useLogout } from '../hooks/use-logout.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

/** Shown instead of the console while the server answers PASSWORD_CHANGE_REQUIRED. */
export function ForcedPasswordChangePage() {
  const { t } = useI18n();
  const logout = useLogout();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 24 }} data-testid="forced-password-change">
      <div style={{ position: 'absolute', top: 16, right: 24, display: 'flex', gap: 8 }}>
        <LanguageSwitch />
        <Button onClick={() => void logout()}>{t('header.logout')}</Button>
      </div>
      <Card style={{ width: 480, maxWidth: '100%' }}>
        <Typography.Title level={4}>{t('password.title')}</Typography.Title>
        <Alert style={{ marginBottom: 16 }} type="warning" showIcon title={t('password.forcedHint')} />
        <ChangePasswordForm />
      </Card>
    </div>
  );
}
