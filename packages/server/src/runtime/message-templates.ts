import { luhnValid } from '@vigil/engine';

/** The variables a message template may use, and where each value comes from. */
export const TEMPLATE_VARIABLES = {
  maskedCard: 'the card of the alert’s latest decision, masked 6+4 (never the number)',
  amount: 'the amount of that event, two decimals',
  currency: 'its currency code',
  time: 'when the event happened, Asia/Shanghai time (YYYY-MM-DD HH:mm)',
  merchant: 'its merchant name, else its merchant id',
  customerName: 'the customer’s name when the event carries one',
  alertId: 'the alert’s id',
  orgName: 'the name of the alert’s org, in the template’s language',
} as const;
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;
export type TemplateValues = Partial<Record<TemplateVariable, string>>;

export const TEMPLATE_LOCALES = ['zh-CN', 'en-US'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

/** The longest template body (and custom message text), in characters. */
export const MAX_TEMPLATE_BODY = 500;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface TemplateIssue {
  code: 'EMPTY' | 'TOO_LONG' | 'UNKNOWN_VARIABLE' | 'MALFORMED_PLACEHOLDER' | 'CARD_NUMBER';
  message: string;
}

/** The variables a body names, in order of first use. */
export function templateVariables(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Everything wrong with a template body: empty, longer than {@link MAX_TEMPLATE_BODY}, a
 * variable that does not exist, a `{{` or `}}` that is not part of a placeholder, or a card number.
 *
 * @example checkTemplateBody('Card {{maskedCard}} paid {{amont}}') // [{code: 'UNKNOWN_VARIABLE', …}]
 */
export function checkTemplateBody(body: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  if (body.trim() === '') issues.push({ code: 'EMPTY', message: 'the body is empty' });
  const length = [...body].length;
  if (length > MAX_TEMPLATE_BODY) issues.push({ code: 'TOO_LONG', message: `the body has ${length} characters; at most ${MAX_TEMPLATE_BODY}` });
  for (const name of templateVariables(body)) {
    if (!(name in TEMPLATE_VARIABLES)) issues.push({ code: 'UNKNOWN_VARIABLE', message: `unknown variable {{${name}}}; known: ${Object.keys(TEMPLATE_VARIABLES).join(', ')}` });
  }
  const rest = body.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) issues.push({ code: 'MALFORMED_PLACEHOLDER', message: 'a {{ or }} is not part of a {{variable}} placeholder' });
  if (findCardNumber(body)) issues.push({ code: 'CARD_NUMBER', message: 'the body contains a card number' });
  return issues;
}

export interface Rendered {
  text: string;
  /** Variables the body uses that had no value: the text is not sent while any is missing. */
  missing: string[];
}

/**
 * Fills a body's placeholders. Values are inserted as they are (no placeholder inside a value is
 * expanded again); a variable without a value is reported in `missing` and left empty.
 *
 * @example renderTemplate('Card {{maskedCard}}: {{amount}} {{currency}}', {maskedCard: '622202*********0123', amount: '120.50', currency: 'CNY'})
 * // → {text: 'Card 622202*********0123: 120.50 CNY', missing: []}
 */
export function renderTemplate(body: string, values: TemplateValues): Rendered {
  const missing = new Set<string>();
  const text = body.replace(PLACEHOLDER, (_m, name: string) => {
    const v = values[name as TemplateVariable];
    if (v === undefined || v === '') {
      missing.add(name);
      return '';
    }
    return v;
  });
  return { text, missing: [...missing] };
}

/** Event time as a person in China reads it: `YYYY-MM-DD HH:mm`, UTC+8 (no daylight saving there). */
export function formatShanghaiTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** An amount for a message: two decimals, no grouping. */
export function formatAmount(amount: number): string {
  return amount.toFixed(2);
}

/** Sample values for previewing a template without an alert. */
export const SAMPLE_VALUES: Record<TemplateLocale, Required<TemplateValues>> = {
  'zh-CN': { maskedCard: '622202*********0123', amount: '1280.00', currency: 'CNY', time: '2026-03-10 18:30', merchant: '杭州示例商户', customerName: '张三', alertId: '0190f3a4-5b6c-7d8e-9f00-112233445566', orgName: '甲农商银行杭州分行' },
  'en-US': { maskedCard: '622202*********0123', amount: '1280.00', currency: 'CNY', time: '2026-03-10 18:30', merchant: 'Example Merchant Hangzhou', customerName: 'Zhang San', alertId: '0190f3a4-5b6c-7d8e-9f00-112233445566', orgName: 'Bank A Hangzhou' },
};

/** Runs of 13–19 digits, possibly grouped by spaces or dashes, as card numbers are written. */
const DIGIT_RUN = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;

/**
 * The first card number (13–19 digits passing the Luhn check) in a string, or in any string of a
 * JSON value, with its path (`''` for the value itself, else `a.b[0]`).
 *
 * @example findCardNumber({reason: 'card 4111 1111 1111 1111 stolen'}) // → {path: 'reason'}
 */
export function findCardNumber(value: unknown, path = ''): { path: string } | null {
  if (typeof value === 'string') {
    for (const m of value.matchAll(DIGIT_RUN)) if (luhnValid(m[0].replace(/[ -]/g, ''))) return { path };
    return null;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findCardNumber(v, `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findCardNumber(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return null;
}

const LEVELS = ['low', 'medium', 'high', 'critical'] as const;

/** When a template is sent by itself as an alert opens: any of `categories` (all when absent), at `minLevel` or above. */
export interface AutoSendRule {
  categories?: string[];
  minLevel?: (typeof LEVELS)[number];
}

/**
 * Whether a new alert matches a template's auto-send rule (null: never sent automatically).
 *
 * @example autoSendMatches({categories: ['card_theft'], minLevel: 'high'}, {category: 'card_theft', level: 'critical'}) // true
 */
export function autoSendMatches(rule: AutoSendRule | null, alert: { category: string; level: string }): boolean {
  if (!rule) return false;
  if (rule.categories && !rule.categories.includes(alert.category)) return false;
  if (rule.minLevel && LEVELS.indexOf(alert.level as (typeof LEVELS)[number]) < LEVELS.indexOf(rule.minLevel)) return false;
  return true;
}
