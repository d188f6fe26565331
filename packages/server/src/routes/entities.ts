import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { tryNormaliseListValue, type EntityKind, type FeatureDefinition, type FeatureObservation, type ListDimension } from '@vigil/engine';
import { entityDecisionSummary, latestEntityEvent } from '../repos/decisions.ts';
import type { Services } from '../services.ts';
import { errorResponses } from './shared-schemas.ts';
import { EntityKindSchema, EntityViewSchema } from './decision-log-schema.ts';
import { entityFieldsOf, entityLogValue, entityMatchers } from './entity-values.ts';
import { maskListValue, seesPersonalData } from './pii.ts';
import { can } from '../auth/principal.ts';
import { orgFilter } from './common.ts';

const Params = Type.Object({
  type: EntityKindSchema,
  value: Type.String({ minLength: 1, maxLength: 256 }),
});

const Query = Type.Object(
  {
    org: Type.Optional(Type.String({ maxLength: 64, description: 'Only this org of the caller’s scope and the orgs below it' })),
  },
  { additionalProperties: false },
);

const LookupBody = Type.Object({ type: EntityKindSchema, value: Params.properties.value, org: Query.properties.org }, { additionalProperties: false });

/** List dimensions holding entities of a kind (a payee is an account held at another bank). */
const LIST_DIMENSION: Partial<Record<EntityKind, ListDimension>> = {
  card: 'card',
  customer: 'customer',
  account: 'account',
  device: 'device',
  ip: 'ip',
  phone: 'phone',
  merchant: 'merchant',
  terminal: 'terminal',
  payee: 'account',
};

/** At most this many feature states are read for one entity. */
const MAX_FEATURES = 200;

/** The engine's entity key of a one-field feature state (see `scopedEntityKey` in the engine). */
function stateKey(value: string, global: boolean, org: string): string {
  return global ? value : `${org}\u0001${value}`;
}

function describe(def: FeatureDefinition): { agg: string; field: string | null; window: string | null } {
  if (def.kind === 'velocity') return { agg: def.agg, field: def.field ?? null, window: def.window };
  if (def.kind === 'profile') return { agg: def.stat, field: def.field ?? null, window: def.window ?? '90d' };
  return { agg: 'geo', field: def.field, window: def.window ?? '90d' };
}

/** The entity view of `raw` (a value, or a card number or token) as the caller may see it. */
async function entityView(s: Services, req: FastifyRequest, kind: Static<typeof EntityKindSchema>, raw: string, org: string | undefined): Promise<Static<typeof EntityViewSchema>> {
  if (org) req.data.requireOrg(org, 'org');
  const orgIds = orgFilter(s, org);
  const { value, display: given } = entityLogValue(s, kind, raw, 'value');
  const fields = entityFieldsOf(s, kind);
  const matchers = entityMatchers(s, kind, value);
  const scoped = req.data;
  const summary = await entityDecisionSummary(scoped, matchers, orgIds);
  // A card asked for by its token is shown as the masked number its newest event stored.
  let display = given;
  if (kind === 'card' && value === raw.trim() && summary.total) {
    const stored = (await latestEntityEvent(scoped, matchers, orgIds)) as { data?: Record<string, unknown>; masked?: Record<string, unknown> } | undefined;
    const field = matchers.find((m) => stored?.data?.[m.field] === value)?.field;
    const masked = field ? stored?.masked?.[field] : undefined;
    if (typeof masked === 'string') display = masked;
  }

  // Feature states: one-field states of the live strategies keyed by a field of this kind. An
  // org-scoped state is read in each org the caller saw the entity in; a union-wide state only
  // when the caller has seen the entity at all (it is what their own rules read).
  const kindFields = new Map<string, Set<string>>();
  for (const f of fields) kindFields.set(f.eventType, (kindFields.get(f.eventType) ?? new Set()).add(f.field));
  const states = new Map<string, { def: FeatureDefinition; defId: string; org: string | null; strategies: Set<string> }>();
  const orgs = summary.orgs;
  for (const strategy of s.registry.current.live.values()) {
    for (const f of strategy.features) {
      const by = f.def.by;
      if (by.length !== 1 || !f.def.eventTypes.some((et) => kindFields.get(et)?.has(by[0]!))) continue;
      const global = f.def.scope === 'global';
      for (const stateOrg of global ? (summary.total ? [null] : []) : orgs) {
        const k = `${f.defId}/${stateOrg ?? ''}`;
        const seen = states.get(k);
        if (seen) seen.strategies.add(strategy.pkg.id);
        else if (states.size < MAX_FEATURES) states.set(k, { def: f.def, defId: f.defId, org: stateOrg, strategies: new Set([strategy.pkg.id]) });
      }
    }
  }
  const probes = [...states.values()];
  const mayReadStrategies = can(req.principal, 'strategy.read');
  const personal = seesPersonalData(req.principal);
  /**
   * What a state may show: counts, sums and other numbers. A value carried over from events (a
   * last IP, merchant, phone, a location) only from the caller's own orgs' states, and a
   * personal one (phone, name) only with pii.read: a union-wide state mixes every bank's events.
   */
  const shownValue = (p: (typeof probes)[number], v: unknown) => {
    // Profile stats compare with an event's value; without one they say nothing.
    if (p.def.kind === 'profile' && p.def.stat !== 'usualHour') return null;
    if (v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean') return v ?? null;
    if (p.org === null) return null;
    const field = 'field' in p.def ? p.def.field : undefined;
    const sensitive = field !== undefined && p.def.eventTypes.some((et) => s.registry.current.eventTypes.get(et)?.sensitiveFields[field] !== undefined);
    return sensitive && !personal ? null : v;
  };
  const now = Date.now();
  const batch: FeatureObservation[] = probes.map((p) => ({ def: p.def, defId: p.defId, entityKey: stateKey(value, p.org === null, p.org ?? ''), value: undefined, at: now, eventKey: 'entity-view', read: true, write: false }));
  const values = batch.length ? await s.features.peek(batch) : [];
  const features = probes
    .map((p, i) => ({
      name: p.def.name,
      kind: p.def.kind,
      ...describe(p.def),
      scope: p.org === null ? ('global' as const) : ('org' as const),
      org: p.org,
      eventTypes: p.def.eventTypes,
      // A feature's filter is strategy logic: shown to those who may read strategies.
      filter: mayReadStrategies ? (p.def.filter ?? null) : null,
      strategies: [...p.strategies].sort(),
      value: shownValue(p, values[i]),
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.org ?? '').localeCompare(b.org ?? ''));

  // List memberships: live and expired entries of this value in the lists the caller may see.
  const dimension = LIST_DIMENSION[kind];
  const listValue = dimension ? (kind === 'card' ? value : tryNormaliseListValue(dimension, value)) : null;
  let lists: Array<Static<typeof EntityViewSchema>['lists'][number]> = [];
  // List entries (names, reasons, who added them) are for those who may read lists.
  if (dimension && listValue && can(req.principal, 'list.read')) {
    let q = scoped
      .selectFrom('list_entries')
      // system-scope: the lists of entries the outer query has already scoped.
      .innerJoin('lists', 'lists.id', 'list_entries.list_id')
      .select(['lists.id as list_id', 'lists.key', 'lists.name_zh', 'lists.name_en', 'lists.kind', 'list_entries.org_id', 'list_entries.display', 'list_entries.reason', 'list_entries.source', 'list_entries.expires_at', 'list_entries.created_by', 'list_entries.created_at'])
      .where('lists.dimension', '=', dimension)
      .where('list_entries.value', '=', listValue)
      .orderBy('list_entries.created_at', 'desc')
      .limit(100);
    if (orgIds) q = q.where('list_entries.org_id', 'in', orgIds);
    lists = (await q.execute()).map((r) => ({
      listId: r.list_id,
      listKey: r.key,
      listName: { zh: r.name_zh, en: r.name_en },
      kind: r.kind,
      orgId: r.org_id,
      // Personal data (phones, names) masked for roles without pii.read, as the lists routes do.
      display: maskListValue(req.principal, dimension, r.display),
      reason: r.reason,
      source: r.source,
      expiresAt: r.expires_at ? r.expires_at.toISOString() : null,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
    }));
  }

  return {
    type: kind,
    value,
    display,
    fields,
    summary: {
      total: summary.total,
      firstSeen: summary.firstSeen?.toISOString() ?? null,
      lastSeen: summary.lastSeen?.toISOString() ?? null,
      outcomes: summary.outcomes,
      orgs: summary.orgs,
    },
    features,
    lists,
  };
}

export const entityRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(
    '/api/v1/entities/:type/:value',
    {
      config: { permission: 'decision.read' },
      schema: {
        tags: ['decision log'],
        summary: 'One entity (card, customer, device, …): its decisions in the caller’s scope, current feature values and list memberships',
        params: Params,
        querystring: Query,
        response: { 200: EntityViewSchema, ...errorResponses },
      },
    },
    (req) => entityView(s, req, req.params.type, req.params.value, req.query.org),
  );

  // The same view with the value in the body: a card number never travels in a URL (access logs).
  app.post<{ Body: Static<typeof LookupBody> }>(
    '/api/v1/entities/lookup',
    {
      config: { permission: 'decision.read' },
      schema: {
        tags: ['decision log'],
        summary: 'The entity view of a value sent in the body (for card numbers: kept out of URLs and access logs)',
        body: LookupBody,
        response: { 200: EntityViewSchema, ...errorResponses },
      },
    },
    (req) => entityView(s, req, req.body.type, req.body.value, req.body.org),
  );
};
