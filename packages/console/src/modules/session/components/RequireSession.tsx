import { Button, Result, Spin } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useSession } from '../hooks/use-session.ts';
import { ForcedPasswordChangePage } from './ForcedPasswordChangePage.tsx';

/** The console behind sign-in: nobody signed in → the sign-in page; a password to change → only that. */
export function RequireSession() {
  const { t } = useI18n();
  const { data, isPending, error, refetch } = useSession();
  const location = useLocation();
  if (isPending) return <Spin fullscreen description={t('common.loading')} />;
  if (error) return <Result status="error" title={errorText(t, error)} extra={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>} />;
  if (!data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (data.passwordChangeRequired) return <ForcedPasswordChangePage />;
  return <Outlet />;
}
