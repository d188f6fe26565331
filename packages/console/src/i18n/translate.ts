import { enUS, type MessageKey } from './messages/en-US.ts';
import { zhCN } from './messages/zh-CN.ts';
import type { Locale } from './locale.ts';

export type { MessageKey };
export type Catalogue = Record<MessageKey, string>;
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export const CATALOGUES: Record<Locale, Catalogue> = { 'en-US': enUS, 'zh-CN': zhCN };

/** Whether a key computed at run time (an error code, a role id) has a message. */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(enUS, key);
}

/**
 * The message of `key` in `locale` with `{name}` placeholders filled in.
 *
 * @example
 * translate('zh-CN', 'home.welcome', { name: 'a.handler' }) // '欢迎，a.handler'
 */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const text = CATALOGUES[locale][key] ?? enUS[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
