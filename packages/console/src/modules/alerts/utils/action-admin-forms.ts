// The pure part of the SMS template and action channel editors: form values ↔ API bodies, the
// auto-send rule summary and the server's refusals by field. (Kept beside the two editors that use
// it; the components stay thin and this is what the unit tests read.)
import type { ActionChannel, ActionChannelKind, AutoSendRule, ChannelActionType, ChannelCreateBody, ChannelTestResult, ChannelUpdateBody, MessageTemplate, TemplateCreateBody, TemplateLocale, TemplateUpdateBody } from '../../../api/alert-actions-api.ts';
import type { AlertLevel } from '../../../api/types.ts';
import type { MessageKey, MessageParams } from '../../../i18n/translate.ts';
import type { ServerIssue } from '../../lists/utils/server-issues.ts';

/** The longest template body in characters (code points), as the server counts it (its MAX_TEMPLATE_BODY). */
export const TEMPLATE_BODY_MAX = 500;
/** The variables a template may use, as the server's renderer fills them (its TEMPLATE_VARIABLES). */
export const TEMPLATE_VARIABLES = ['maskedCard', 'amount', 'currency', 'time', 'merchant', 'customerName', 'alertId', 'orgName'] as const;
export const TEMPLATE_LOCALES: readonly TemplateLocale[] = ['zh-CN', 'en-US'];
export const CHANNEL_ACTION_TYPES: readonly ChannelActionType[] = ['sms', 'call', 'control'];
export const CHANNEL_KINDS: readonly ActionChannelKind[] = ['webhook', 'simulator'];

/** Characters as the server counts them: an emoji or a rare CJK character outside the BMP is one. */
export function bodyLength(body: string): number {
  return [...body].length;
}

/** `{{name}}` inserted at `at` (the caret; the end when absent), with the caret's new place after it. */
export function insertVariable(body: string, name: string, at?: number): { body: string; caret: number } {
  const i = at === undefined || at < 0 || at > body.length ? body.length : at;
  const placeholder = `{{${name}}}`;
  return { body: body.slice(0, i) + placeholder + body.slice(i), caret: i + placeholder.length };
}

export interface TemplateFormValues {
  key: string;
  name: string;
  locale: TemplateLocale;
  body: string;
  /** `on` false: sent by hand only. Empty `categories`: every category; no `minLevel`: any level. */
  autoSend: { on: boolean; categories: string[]; minLevel?: AlertLevel | null };
  enabled: boolean;
}

export function newTemplateValues(locale: TemplateLocale): TemplateFormValues {
  return { key: '', name: '', locale, body: '', autoSend: { on: false, categories: [] }, enabled: true };
}

/** A saved template's values; for an override, those of the inherited template it starts from. */
export function templateValues(t: MessageTemplate): TemplateFormValues {
  return {
    key: t.key,
    name: t.name,
    locale: t.locale,
    body: t.body,
    autoSend: { on: !!t.autoSend, categories: [...(t.autoSend?.categories ?? [])], minLevel: t.autoSend?.minLevel ?? null },
    enabled: t.enabled,
  };
}

/** The rule sent: null when off; an empty category list and an unset level are left out (they take everything). */
export function autoSendRule(v: TemplateFormValues['autoSend'] | undefined): AutoSendRule | null {
  if (!v?.on) return null;
  const rule: AutoSendRule = {};
  if (v.categories?.length) rule.categories = [...new Set(v.categories)];
  if (v.minLevel) rule.minLevel = v.minLevel;
  return rule;
}

export function templateCreateBody(v: TemplateFormValues, orgId: string | undefined): TemplateCreateBody {
  return { ...(orgId ? { orgId } : {}), key: v.key.trim(), name: v.name.trim(), locale: v.locale, body: v.body, autoSend: autoSendRule(v.autoSend), enabled: v.enabled };
}

export function templateUpdateBody(v: TemplateFormValues): TemplateUpdateBody {
  return { name: v.name.trim(), body: v.body, autoSend: autoSendRule(v.autoSend), enabled: v.enabled };
}

type Translate = (key: MessageKey, params?: MessageParams) => string;

/**
 * One line saying when a template is sent by itself as an alert opens.
 *
 * @example autoSendSummary({categories: ['card_testing'], minLevel: 'high'}, t, name) // 'Card testing · High and above'
 */
export function autoSendSummary(rule: AutoSendRule | null, t: Translate, categoryName: (key: string) => string): string {
  if (!rule) return t('alerts.templates.autoSendOff');
  const categories = rule.categories?.length ? rule.categories.map(categoryName).join(t('alerts.templates.listSeparator')) : t('alerts.templates.allCategories');
  const level = rule.minLevel ? (rule.minLevel === 'critical' ? t('alerts.level.critical') : t('alerts.templates.levelAndAbove', { level: t(`alerts.level.${rule.minLevel}`) })) : t('alerts.templates.anyLevel');
  return t('alerts.templates.autoSendSummary', { categories, level });
}

/** Own templates first, then by key and locale (zh-CN first, as the server picks it). */
export function sortTemplates(items: readonly MessageTemplate[], org: string | undefined): MessageTemplate[] {
  const rank = (t: MessageTemplate) => (t.orgId === org ? 0 : 1);
  return [...items].sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key) || TEMPLATE_LOCALES.indexOf(a.locale) - TEMPLATE_LOCALES.indexOf(b.locale) || a.orgId.localeCompare(b.orgId));
}

/** Whether `org` may override a template: it belongs to another org (one above) and `org` has none of that key and locale yet. */
export function canOverride(t: MessageTemplate, items: readonly MessageTemplate[], org: string | undefined): boolean {
  if (!org || t.orgId === org) return false;
  return !items.some((x) => x.orgId === org && x.key === t.key && x.locale === t.locale);
}

/** A template's form fields, for placing the server's refusals (`fieldOfIssue`). */
export const TEMPLATE_FIELDS: ReadonlyArray<readonly string[]> = [['key'], ['name'], ['locale'], ['body'], ['autoSend', 'categories'], ['autoSend', 'minLevel'], ['enabled']];

/**
 * What to say about a refusal the server placed at a field: the message key suffix (under
 * `alerts.config.issue.`) for the codes the console words itself, with their values; otherwise
 * the server's own message is shown.
 *
 * @example issueWording({path: 'body', code: 'UNKNOWN_VARIABLE', message: 'unknown variable {{amont}}; known: …'}) // {code: 'UNKNOWN_VARIABLE', params: {name: '{{amont}}'}}
 */
export function issueWording(i: ServerIssue): { code: string; params: MessageParams } {
  switch (i.code) {
    case 'UNKNOWN_VARIABLE':
      return { code: i.code, params: { name: /\{\{[^}]*\}\}/.exec(i.message)?.[0] ?? '' } };
    case 'TOO_LONG':
      return { code: i.code, params: { max: TEMPLATE_BODY_MAX } };
    case 'CONFLICT':
      return { code: i.path === 'key' ? 'KEY_TAKEN' : i.code, params: {} };
    default:
      return { code: i.code, params: {} };
  }
}

export interface ChannelFormValues {
  name: string;
  kind: ActionChannelKind;
  actionTypes: ChannelActionType[];
  url: string;
  enabled: boolean;
}

export function newChannelValues(): ChannelFormValues {
  return { name: '', kind: 'webhook', actionTypes: ['sms'], url: 'https://', enabled: true };
}

export function channelValues(c: ActionChannel): ChannelFormValues {
  return { name: c.name, kind: c.kind, actionTypes: [...c.actionTypes], url: c.url ?? '', enabled: c.enabled };
}

/** Action types in their usual order, each once. */
const orderedTypes = (types: readonly ChannelActionType[]) => CHANNEL_ACTION_TYPES.filter((x) => types.includes(x));

/** A simulator has no URL (the server refuses one); a webhook's is trimmed. */
export function channelCreateBody(v: ChannelFormValues, orgId: string | undefined): ChannelCreateBody {
  return { ...(orgId ? { orgId } : {}), name: v.name.trim(), kind: v.kind, actionTypes: orderedTypes(v.actionTypes), ...(v.kind === 'webhook' ? { url: v.url.trim() } : {}), enabled: v.enabled };
}

export function channelUpdateBody(v: ChannelFormValues, kind: ActionChannelKind): ChannelUpdateBody {
  return { name: v.name.trim(), actionTypes: orderedTypes(v.actionTypes), ...(kind === 'webhook' ? { url: v.url.trim() } : {}), enabled: v.enabled };
}

export const CHANNEL_FIELDS: ReadonlyArray<readonly string[]> = [['name'], ['kind'], ['actionTypes'], ['url'], ['enabled']];

/** Channels of one's own orgs first, then by org and name. */
export function sortChannels(items: readonly ActionChannel[]): ActionChannel[] {
  return [...items].sort((a, b) => Number(a.inherited) - Number(b.inherited) || a.orgId.localeCompare(b.orgId) || a.name.localeCompare(b.name));
}

/** The receiving system's answer to a channel test, as shown (`null` when it gave none). */
export function testResultText(r: ChannelTestResult): string | null {
  return r.result && Object.keys(r.result).length ? JSON.stringify(r.result) : null;
}
