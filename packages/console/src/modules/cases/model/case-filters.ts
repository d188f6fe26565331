import type { Query } from '../../../api/http-client.ts';
import type { CasePhase, CasePriority, CaseSubjectType } from '../../../api/types.ts';

export const CASE_PHASES: readonly CasePhase[] = ['open', 'active', 'review', 'closed'];
export const CASE_PRIORITIES: readonly CasePriority[] = ['low', 'medium', 'high', 'critical'];
export const CASE_SUBJECT_TYPES: readonly CaseSubjectType[] = ['customer', 'account', 'card', 'merchant', 'terminal', 'device'];

/** Page sizes offered; the API allows up to 200. */
export const CASE_PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_CASE_PAGE_SIZE = 50;

/** The investigator filter's value for "my cases": the signed-in user, whoever opens the link. */
export const MINE = 'me';

/**
 * A case search as it lives in the address bar, so that a link reproduces it:
 * `/cases?subjectType=card&subjectKey=tok_…&type=fraud_investigation&phase=open&phase=active&investigator=me&from=<ISO>&amountMin=100&q=skimming`
 * (`state` and `phase` may repeat). A card is named by its token, never its number.
 */
export interface CaseFilters {
  subjectType?: CaseSubjectType;
  subjectKey?: string;
  type?: string;
  states: string[];
  phases: CasePhase[];
  priority?: CasePriority;
  org?: string;
  /** A username, or {@link MINE}. */
  investigator?: string;
  openedFrom?: string;
  openedTo?: string;
  amountMin?: number;
  amountMax?: number;
  q?: string;
  limit: number;
}

const KEY = /^[a-z][a-z0-9_]{0,63}$/;
const USERNAME = /^[a-z][a-z0-9._-]{2,63}$/;
const isIso = (v: string) => !Number.isNaN(Date.parse(v));
const text = (v: string | null, max: number) => {
  const t = v?.trim();
  return t ? t.slice(0, max) : undefined;
};
const amount = (v: string | null) => {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};
const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined => (v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined);

/** The filters of a query string; anything malformed is left out rather than sent to fail. */
export function parseCaseFilters(params: URLSearchParams): CaseFilters {
  const subjectType = oneOf(CASE_SUBJECT_TYPES, params.get('subjectType'));
  const subjectKey = text(params.get('subjectKey'), 256);
  const phases = new Set(params.getAll('phase').flatMap((p) => p.split(',')));
  const states = [...new Set(params.getAll('state').flatMap((s) => s.split(',')).filter((s) => KEY.test(s)))].slice(0, 30);
  const type = params.get('type');
  const investigator = params.get('investigator');
  const from = params.get('from');
  const to = params.get('to');
  const limit = Number(params.get('limit'));
  return {
    ...(subjectType ? { subjectType } : {}),
    // A card number never goes into the address bar (nor to the API in a URL): only a token.
    ...(subjectKey && !notForUrl(subjectKey) ? { subjectKey } : {}),
    type: type && KEY.test(type) ? type : undefined,
    states,
    phases: CASE_PHASES.filter((p) => phases.has(p)),
    priority: oneOf(CASE_PRIORITIES, params.get('priority')),
    org: text(params.get('org'), 64),
    investigator: investigator === MINE || (investigator && USERNAME.test(investigator)) ? investigator : undefined,
    openedFrom: from && isIso(from) ? new Date(from).toISOString() : undefined,
    openedTo: to && isIso(to) ? new Date(to).toISOString() : undefined,
    amountMin: amount(params.get('amountMin')),
    amountMax: amount(params.get('amountMax')),
    q: (() => {
      const q = text(params.get('q'), 200);
      return q && !notForUrl(q) ? q : undefined;
    })(),
    limit: (CASE_PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_CASE_PAGE_SIZE,
  };
}

/** The query string of some filters (the inverse of {@link parseCaseFilters}; defaults left out). */
export function caseFiltersToParams(f: CaseFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.subjectType) p.set('subjectType', f.subjectType);
  if (f.subjectKey) p.set('subjectKey', f.subjectKey);
  if (f.type) p.set('type', f.type);
  for (const s of f.states) p.append('state', s);
  for (const ph of f.phases) p.append('phase', ph);
  if (f.priority) p.set('priority', f.priority);
  if (f.org) p.set('org', f.org);
  if (f.investigator) p.set('investigator', f.investigator);
  if (f.openedFrom) p.set('from', f.openedFrom);
  if (f.openedTo) p.set('to', f.openedTo);
  if (f.amountMin !== undefined) p.set('amountMin', String(f.amountMin));
  if (f.amountMax !== undefined) p.set('amountMax', String(f.amountMax));
  if (f.q) p.set('q', f.q);
  if (f.limit !== DEFAULT_CASE_PAGE_SIZE) p.set('limit', String(f.limit));
  return p;
}

/**
 * The API query of a search (`GET /api/v1/cases`): the address bar's org wins over the org
 * switcher's choice; "mine" becomes the signed-in user's name.
 */
export function caseFiltersToQuery(f: CaseFilters, ctx: { switcherOrg?: string; me?: string }, cursor?: string): Query {
  const investigator = f.investigator === MINE ? ctx.me : f.investigator;
  return {
    subjectType: f.subjectType,
    subjectKey: f.subjectKey,
    type: f.type,
    state: f.states.length ? f.states : undefined,
    phase: f.phases.length ? f.phases : undefined,
    priority: f.priority,
    org: f.org ?? ctx.switcherOrg,
    investigator,
    openedFrom: f.openedFrom,
    openedTo: f.openedTo,
    amountMin: f.amountMin,
    amountMax: f.amountMax,
    q: f.q,
    limit: f.limit,
    cursor,
  };
}

/** How many filters are set (the page size aside): for "n filters" and an empty-result hint. */
export function activeFilterCount(f: CaseFilters): number {
  const { limit: _l, states, phases, ...rest } = f;
  return Object.values(rest).filter((v) => v !== undefined && v !== '').length + (states.length ? 1 : 0) + (phases.length ? 1 : 0);
}

/**
 * Whether a value is a card number (13–19 digits, spaces or dashes allowed, passing the Luhn
 * check): the server refuses one in a URL and in any free text of a case.
 *
 * @example looksLikeCardNumber('4111 1111 1111 1111') // true
 */
export function looksLikeCardNumber(value: string): boolean {
  const v = value.trim();
  if (!/^[0-9][0-9 -]{11,}[0-9]$/.test(v)) return false;
  const digits = v.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Whether a value is shaped like a card number (12–19 digits, spaces or dashes between, Luhn or
 * not): the server refuses one in a URL, so the console never puts one in the address bar.
 *
 * @example isPanShaped('6222 0212 3456 7890 123') // true
 */
export function isPanShaped(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || v.length > 24 || !/^[0-9][0-9 -]*[0-9]$/.test(v)) return false;
  const digits = v.replace(/[ -]/g, '').length;
  return digits >= 12 && digits <= 19;
}

/** A value the search must not carry in its URL: a card number, whether or not it passes the Luhn check. */
export function notForUrl(value: string): boolean {
  return isPanShaped(value) || looksLikeCardNumber(value);
}

/** A subject key typed for a card search that must be swapped for its token first. */
export function needsCardToken(subjectType: CaseSubjectType | undefined, key: string | undefined): boolean {
  return subjectType === 'card' && !!key && !key.trim().startsWith('tok_');
}
