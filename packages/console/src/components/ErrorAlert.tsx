import { Alert } from 'antd';
import { errorText } from '../i18n/error-text.ts';
import { useI18n } from '../i18n/use-i18n.ts';

/** A failed request, told in the user's language with the server's code (nothing when there is no error). */
export function ErrorAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t } = useI18n();
  if (!error) return null;
  return <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16, ...style }} data-testid="error-alert" />;
}
