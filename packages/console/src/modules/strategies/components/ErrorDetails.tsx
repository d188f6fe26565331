import { Alert } from 'antd';
import { isApiError } from '../../../api/api-error.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';

/**
 * A refused request with every problem the server listed (a package that does not compile, a
 * file's bad lines): the path and message of each, so the author can fix them all at once.
 */
export function ErrorDetails({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const details = isApiError(error) ? (error.details ?? []) : [];
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="error-details"
      title={errorText(t, error)}
      description={
        details.length ? (
          <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 240, overflow: 'auto' }}>
            {details.map((d, i) => (
              <li key={i}>
                <code>{d.path}</code> <code>{d.code}</code> — {d.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
