import type { Query } from '../../api/http-client.ts';
import type { EntityKind } from '../../api/types.ts';

/** Outcomes, mildest first (the API's values). */
export const FILTER_OUTCOMES = ['pass', 'review', 'challenge', 'reject'] as const;
export type FilterOutcome = (typeof FILTER_OUTCOMES)[number];

/** Entity kinds the log is searched by, in the order an analyst reaches for them. */
export const ENTITY_TYPES: readonly EntityKind[] = ['card', 'customer', 'account', 'device', 'ip', 'phone', 'merchant', 'terminal', 'payee'];

/** Page sizes offered; the API allows up to 500. */
export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

/**
 * A decision-log search as it lives in the address bar, so that a link reproduces it:
 * `/decisions?outcome=reject&eventType=card_auth&rule=R1&org=bank_a&from=<ISO>&to=<ISO>&degraded=1`
 * (`outcome` may repeat; `entityType` + `value` search one entity).
 */
export interface DecisionFilters {
  outcomes: FilterOutcome[];
  eventType?: string;
  rule?: string;
  org?: string;
  entityType?: EntityKind;
  value?: string;
  from?: string;
  to?: string;
  degraded?: boolean;
  limit: number;
}

const isOutcome = (v: string): v is FilterOutcome => (FILTER_OUTCOMES as readonly string[]).includes(v);
const isEntityType = (v: string): v is EntityKind => (ENTITY_TYPES as readonly string[]).includes(v);
const isIso = (v: string) => !Number.isNaN(Date.parse(v));
const text = (v: string | null, max: number) => {
  const t = v?.trim();
  return t ? t.slice(0, max) : undefined;
};

/** The filters of a query string; anything malformed is left out rather than sent to fail. */
export function parseFilters(params: URLSearchParams): DecisionFilters {
  const outcomes = [...new Set(params.getAll('outcome').flatMap((o) => o.split(',')).filter(isOutcome))];
  const entityType = params.get('entityType') ?? undefined;
  const value = text(params.get('value'), 256);
  const degraded = params.get('degraded');
  const from = params.get('from');
  const to = params.get('to');
  const limit = Number(params.get('limit'));
  return {
    outcomes: FILTER_OUTCOMES.filter((o) => outcomes.includes(o)),
    eventType: text(params.get('eventType'), 64),
    rule: text(params.get('rule'), 80),
    org: text(params.get('org'), 64),
    ...(entityType && isEntityType(entityType) && value ? { entityType, value } : {}),
    from: from && isIso(from) ? new Date(from).toISOString() : undefined,
    to: to && isIso(to) ? new Date(to).toISOString() : undefined,
    degraded: degraded === '1' || degraded === 'true' ? true : degraded === '0' || degraded === 'false' ? false : undefined,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
  };
}

/** The query string of some filters (the inverse of {@link parseFilters}; defaults left out). */
export function filtersToParams(f: DecisionFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const o of f.outcomes) p.append('outcome', o);
  if (f.eventType) p.set('eventType', f.eventType);
  if (f.rule) p.set('rule', f.rule);
  if (f.org) p.set('org', f.org);
  if (f.entityType && f.value) {
    p.set('entityType', f.entityType);
    p.set('value', f.value);
  }
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.degraded !== undefined) p.set('degraded', f.degraded ? '1' : '0');
  if (f.limit !== DEFAULT_PAGE_SIZE) p.set('limit', String(f.limit));
  return p;
}

/**
 * The API query of a search: the address bar's org wins over the org switcher's choice (a link
 * names its org); without either, the user's whole scope.
 */
export function filtersToQuery(f: DecisionFilters, switcherOrg: string | undefined, cursor?: string): Query {
  return {
    outcome: f.outcomes.length ? f.outcomes : undefined,
    eventType: f.eventType,
    rule: f.rule,
    org: f.org ?? switcherOrg,
    entityType: f.entityType,
    value: f.entityType ? f.value : undefined,
    from: f.from,
    to: f.to,
    degraded: f.degraded,
    limit: f.limit,
    cursor,
  };
}

/** The export's query: the same filters, no cursor, no page size (the export's own default). */
export function exportQuery(f: DecisionFilters, switcherOrg: string | undefined): Query {
  const { cursor: _c, limit: _l, ...rest } = filtersToQuery(f, switcherOrg);
  return rest;
}

/** A value that is a card number rather than a token: it must never reach the address bar. */
export function isCardNumber(type: EntityKind | undefined, value: string | undefined): boolean {
  return type === 'card' && !!value && !value.trim().startsWith('tok_');
}

/** The kind of a value typed without one: a card number or token is a card, anything else a customer. */
export function guessEntityType(value: string): EntityKind {
  const v = value.trim();
  return v.startsWith('tok_') || /^[0-9][0-9 -]{10,}[0-9]$/.test(v) ? 'card' : 'customer';
}

/** Relative time ranges offered as presets, in milliseconds. */
export const RANGE_PRESETS = [
  { key: '15m', ms: 15 * 60_000, labelKey: 'decisions.range.15m' },
  { key: '1h', ms: 3_600_000, labelKey: 'decisions.range.1h' },
  { key: '24h', ms: 86_400_000, labelKey: 'decisions.range.24h' },
  { key: '7d', ms: 7 * 86_400_000, labelKey: 'decisions.range.7d' },
  { key: '30d', ms: 30 * 86_400_000, labelKey: 'decisions.range.30d' },
] as const;

