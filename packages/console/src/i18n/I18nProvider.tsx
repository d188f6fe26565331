import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import type { Locale as AntdLocale } from 'antd/es/locale';
import antdEnUS from 'antd/locale/en_US';
import antdZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { I18nContext, type I18n } from './i18n-context.ts';
import { initialLocale, rememberLocale, storedLocale, type Locale } from './locale.ts';
import { translate, type MessageKey, type MessageParams } from './translate.ts';

const ANTD: Record<Locale, AntdLocale> = { 'en-US': antdEnUS, 'zh-CN': antdZhCN };
const DAYJS: Record<Locale, string> = { 'en-US': 'en', 'zh-CN': 'zh-cn' };

/** Our messages, antd's own texts (date pickers, pagination) and dayjs switch together. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(storedLocale(), navigator.languages ?? [navigator.language]));
  const setLocale = useCallback((next: Locale) => {
    rememberLocale(next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    dayjs.locale(DAYJS[locale]);
    document.title = translate(locale, 'app.name');
  }, [locale]);
  const value = useMemo<I18n>(() => ({ locale, setLocale, t: (key: MessageKey, params?: MessageParams) => translate(locale, key, params) }), [locale, setLocale]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={ANTD[locale]} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
