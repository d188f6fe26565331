import { isApiError } from '../api/api-error.ts';
import { hasMessage, type Translate } from './translate.ts';

/** What to tell the user about a failed request: our message for the server's code, in their language. */
export function errorText(t: Translate, error: unknown): string {
  if (isApiError(error)) {
    const key = `errors.${error.code}`;
    if (hasMessage(key)) return t(key, { message: error.message, requestId: error.requestId ?? '' });
    return t('errors.unknown', { message: error.message });
  }
  return t('errors.unknown', { message: error instanceof Error ? error.message : String(error) });
}
