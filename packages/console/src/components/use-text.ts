import { useCallback } from 'react';
import { useI18n } from '../i18n/use-i18n.ts';

/** A bilingual text of the API (`{zh, en}`: names, reasons). */
export interface I18nText {
  zh: string;
  en: string;
}

/** Picks the user's language out of the API's bilingual texts: `text(org.name)`. */
export function useText(): (value: I18nText | null | undefined) => string {
  const { locale } = useI18n();
  return useCallback((value) => (value ? (locale === 'zh-CN' ? value.zh : value.en) : ''), [locale]);
}
