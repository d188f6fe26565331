import { createContext } from 'react';
import type { Locale } from './locale.ts';
import type { Translate } from './translate.ts';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

export const I18nContext = createContext<I18n | null>(null);
