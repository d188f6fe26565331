import { useContext } from 'react';
import { I18nContext, type I18n } from './i18n-context.ts';

/** The current language, its switch, and `t` — the one way user-visible text reaches the page. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside <I18nProvider>');
  return i18n;
}
