import type { Query } from '../../../api/http-client.ts';
import type { AlertLevel, AlertStatus, Disposition } from '../../../api/types.ts';
import { ALERT_LEVELS, ALERT_STATUSES, DISPOSITIONS, isDisposition, isLevel, isStatus, isSubjectKind, type SubjectKind } from './alert-model.ts';

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
const KEY = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * An alert search as it lives in the address bar, so that a link reproduces it:
 * `/alerts/search?status=open&status=assigned&level=high&category=card_testing&org=bank_a&assignee=me&breached=1&eventType=card_auth&from=<ISO>&to=<ISO>&subjectType=card&subjectKey=tok_…`
 * (`status`, `level`, `category` and `disposition` may repeat or hold commas).
 */
export interface AlertFilters {
  statuses: AlertStatus[];
  levels: AlertLevel[];
  categories: string[];
  dispositions: Disposition[];
  /** The org with its branches. */
  org?: string;
  /** A username, or `me`. */
  assignee?: string;
  breached?: boolean;
  eventType?: string;
  from?: string;
  to?: string;
  subjectType?: SubjectKind;
  /** The subject as stored: a card's token, never its number. */
  subjectKey?: string;
  limit: number;
}

const text = (v: string | null, max: number) => {
  const t = v?.trim();
  return t ? t.slice(0, max) : undefined;
};
const iso = (v: string | null) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);
const many = (params: URLSearchParams, name: string) => [...new Set(params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
const bool = (v: string | null) => (v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined);

/** The filters of a query string; anything malformed is left out rather than sent to fail. */
export function parseAlertFilters(params: URLSearchParams): AlertFilters {
  const statuses = many(params, 'status').filter(isStatus);
  const levels = many(params, 'level').filter(isLevel);
  const dispositions = many(params, 'disposition').filter(isDisposition);
  const subjectType = params.get('subjectType') ?? '';
  const subjectKey = text(params.get('subjectKey'), 256);
  const limit = Number(params.get('limit'));
  return {
    // Kept in the API's order, whatever the link's: a reordered link is the same search.
    statuses: ALERT_STATUSES.filter((s) => statuses.includes(s)),
    levels: ALERT_LEVELS.filter((l) => levels.includes(l)),
    categories: many(params, 'category').filter((c) => KEY.test(c)).slice(0, 50),
    dispositions: DISPOSITIONS.filter((d) => dispositions.includes(d)),
    org: text(params.get('org'), 64),
    assignee: text(params.get('assignee'), 128),
    breached: bool(params.get('breached')),
    eventType: text(params.get('eventType'), 64),
    from: iso(params.get('from')),
    to: iso(params.get('to')),
    ...(isSubjectKind(subjectType) && subjectKey ? { subjectType, subjectKey } : {}),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
  };
}

/** The query string of some filters (the inverse of {@link parseAlertFilters}; defaults left out). */
export function alertFiltersToParams(f: AlertFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const s of f.statuses) p.append('status', s);
  for (const l of f.levels) p.append('level', l);
  for (const c of f.categories) p.append('category', c);
  for (const d of f.dispositions) p.append('disposition', d);
  if (f.org) p.set('org', f.org);
  if (f.assignee) p.set('assignee', f.assignee);
  if (f.breached !== undefined) p.set('breached', f.breached ? '1' : '0');
  if (f.eventType) p.set('eventType', f.eventType);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.subjectType && f.subjectKey) {
    p.set('subjectType', f.subjectType);
    p.set('subjectKey', f.subjectKey);
  }
  if (f.limit !== DEFAULT_PAGE_SIZE) p.set('limit', String(f.limit));
  return p;
}

const csv = (v: readonly string[]) => (v.length ? v.join(',') : undefined);

/**
 * The API query of a search, newest first: the address bar's org wins over the org switcher's
 * choice (a link names its org); without either, the user's whole scope.
 */
export function alertFiltersToQuery(f: AlertFilters, switcherOrg: string | undefined, cursor?: string): Query {
  return {
    status: csv(f.statuses),
    level: csv(f.levels),
    category: csv(f.categories),
    disposition: csv(f.dispositions),
    org: f.org ?? switcherOrg,
    assignee: f.assignee,
    breached: f.breached,
    eventType: f.eventType,
    from: f.from,
    to: f.to,
    subjectType: f.subjectKey ? f.subjectType : undefined,
    subjectKey: f.subjectType ? f.subjectKey : undefined,
    sort: 'newest',
    limit: f.limit,
    cursor,
  };
}
