import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { tryNormaliseListValue, type EntityKind, type FeatureDefinition, type FeatureObservation, type ListDimension } from '@vigil/engine';
import { entityDecisionSummary, latestEntityEvent } from '../repos/decisions.ts';
import type { Services } from '../services.ts';
import { errorResponses } from './shared-schemas.ts';
import { EntityKindSchema, EntityViewSchema } from './decision-log-schema.ts';
import { entityFieldsOf, entityLogValue, entityMatchers } from './entity-values.ts';
import { maskListValue } from './pii.ts';

const Params = Type.Object({
  type: EntityKindSchema,
  value: Type.String({ minLength: 1, maxLength: 256 }),
});

const Query = Type.Object(
  {
    org: Type.Optional(Type.String({ maxLength: 64, description: 'Only this org of the caller’s scope' })),
  },
  { additionalProperties: false },
);

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
    async (req) => {
      const kind = req.params.type;
      if (req.query.org) req.data.requireOrg(req.query.org, 'org');
      const { value, display: given } = entityLogValue(s, kind, req.params.value, 'value');
      const fields = entityFieldsOf(s, kind);
      const matchers = entityMatchers(s, kind, value);
      const scoped = req.data;
      const summary = await entityDecisionSummary(scoped, matchers, req.query.org);
      // A card asked for by its token is shown as the masked number its newest event stored.
      let display = given;
      if (kind === 'card' && value === req.params.value.trim() && summary.total) {
        const stored = (await latestEntityEvent(scoped, matchers, req.query.org)) as { data?: Record<string, unknown>; masked?: Record<string, unknown> } | undefined;
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
      const orgs = req.query.org ? [req.query.org].filter((o) => summary.orgs.includes(o)) : summary.orgs;
      for (const strategy of s.registry.current.live.values()) {
        for (const f of strategy.features) {
          const by = f.def.by;
          if (by.length !== 1 || !f.def.eventTypes.some((et) => kindFields.get(et)?.has(by[0]!))) continue;
          const global = f.def.scope === 'global';
          for (const org of global ? (summary.total ? [null] : []) : orgs) {
            const k = `${f.defId}/${org ?? ''}`;
            const seen = states.get(k);
            if (seen) seen.strategies.add(strategy.pkg.id);
            else if (states.size < MAX_FEATURES) states.set(k, { def: f.def, defId: f.defId, org, strategies: new Set([strategy.pkg.id]) });
          }
        }
      }
      const probes = [...states.values()];
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
          filter: p.def.filter ?? null,
          strategies: [...p.strategies].sort(),
          // Profile stats compare with an event's value; without one they say nothing.
          value: p.def.kind === 'profile' && p.def.stat !== 'usualHour' ? null : (values[i] ?? null),
        }))
        .sort((a, b) => a.name.localeCompare(b.name) || (a.org ?? '').localeCompare(b.org ?? ''));

      // List memberships: live and expired entries of this value in the lists the caller may see.
      const dimension = LIST_DIMENSION[kind];
      const listValue = dimension ? (kind === 'card' ? value : tryNormaliseListValue(dimension, value)) : null;
      let lists: Array<Static<typeof EntityViewSchema>['lists'][number]> = [];
      if (dimension && listValue) {
        let q = scoped
          .selectFrom('list_entries')
          // system-scope: the lists of entries the outer query has already scoped.
          .innerJoin('lists', 'lists.id', 'list_entries.list_id')
          .select(['lists.id as list_id', 'lists.key', 'lists.name_zh', 'lists.name_en', 'lists.kind', 'list_entries.org_id', 'list_entries.display', 'list_entries.reason', 'list_entries.source', 'list_entries.expires_at', 'list_entries.created_by', 'list_entries.created_at'])
          .where('lists.dimension', '=', dimension)
          .where('list_entries.value', '=', listValue)
          .orderBy('list_entries.created_at', 'desc')
          .limit(100);
        if (req.query.org) q = q.where('list_entries.org_id', '=', req.query.org);
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
    },
  );
};
