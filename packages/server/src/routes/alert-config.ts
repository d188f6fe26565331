import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import {
  categoriesOfOrgs,
  DEFAULT_CATEGORY,
  deleteCategory,
  deleteQueue,
  getQueue,
  insertQueue,
  listCategories,
  queuesOfOrgs,
  SUBJECT_KINDS,
  updateQueue,
  upsertCategory,
  type AlertQueue,
} from '../repos/alert-config.ts';
import { queueCounts, queueServers } from '../repos/alert-handling.ts';
import { builtInRole } from '../auth/roles.ts';
import { ROOT_ORG } from '../runtime/org-directory.ts';
import type { Services } from '../services.ts';
import { actorOf } from './alerts.ts';
import { AlertCategoryList, AlertQueueList, AlertQueueSchema, AssignmentModeSchema, QueueFiltersSchema, QueueHandlerList, SlaMinutesSchema } from './alert-schema.ts';
import { audit } from './audit.ts';
import { errorResponses, I18nTextSchema, IdParam, requireVisibleOrg } from './common.ts';

const QueueBody = Type.Object(
  {
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Owner org (default the caller’s): it takes alerts of this org and its branches' })),
    name: I18nTextSchema,
    position: Type.Integer({ minimum: 0, maximum: 10_000, default: 100 }),
    filters: QueueFiltersSchema,
    roles: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20, uniqueItems: true }),
    assignment: AssignmentModeSchema,
    slaMinutes: SlaMinutesSchema,
    escalateTo: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()])),
    enabled: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
const CategoryKey = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }) });
const CategoryBody = Type.Object(
  {
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    name: I18nTextSchema,
    description: Type.String({ maxLength: 1000, default: '' }),
    mergeBy: Type.Array(Type.Union(SUBJECT_KINDS.map((k) => Type.Literal(k))), { minItems: 1, maxItems: SUBJECT_KINDS.length, uniqueItems: true }),
    windowMinutes: Type.Integer({ minimum: 1, maximum: 43_200, description: 'How long after it opens an alert takes further contributions (at most 30 days)' }),
  },
  { additionalProperties: false },
);
const OrgQuery = Type.Object({ org: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });

/** The alert categories strategies raise, with the strategies raising each (from every live and deployed version). */
function strategyCategories(s: Services): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (v: unknown, strategy: string): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, strategy));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'alert' && typeof o.category === 'string') {
      const set = out.get(o.category) ?? new Set();
      set.add(strategy);
      out.set(o.category, set);
    }
    for (const x of Object.values(o)) walk(x, strategy);
  };
  for (const d of s.registry.current.deployments.values()) {
    for (const c of [d.live, d.canary?.strategy, ...d.shadows]) if (c) walk(c.pkg, c.pkg.id);
  }
  return out;
}

/**
 * Configuration of the alert center: categories (how alerts of a category merge) and queues
 * (which alerts they take, who serves them, how they assign, their SLA and where they escalate).
 * An org works under its own settings and those of the orgs above it; it edits only its own.
 */
export const alertConfigRoutes = (s: Services) => async (app: FastifyInstance) => {
  const queueOut = (q: AlertQueue, req: FastifyRequest, counts: { open: number; assigned: number; breached: number } | undefined, serving: boolean) => ({
    ...q,
    createdAt: q.createdAt.toISOString(),
    updatedAt: q.updatedAt.toISOString(),
    inherited: !req.data.allows(q.orgId),
    serving,
    counts: counts ?? { open: 0, assigned: 0, breached: 0 },
  });

  /** The queues the caller sees: those of its orgs (and branches) and those its orgs inherit. */
  const visibleQueues = async (req: FastifyRequest): Promise<AlertQueue[]> => {
    const mine = req.data.scope.all ? s.orgs.subtree(ROOT_ORG) : req.data.scope.orgIds;
    return queuesOfOrgs(s.db, [...new Set([...mine, ...s.orgs.chain(req.principal.orgId)])]);
  };

  const checkQueue = async (req: FastifyRequest, b: Static<typeof QueueBody>, orgId: string, selfId?: string) => {
    for (const [i, r] of b.roles.entries()) {
      if (builtInRole(r)) continue;
      const custom = await req.data.selectFrom('roles').select('id').where('id', '=', r).executeTakeFirst();
      if (!custom) throw new AppError('VALIDATION_FAILED', `no such role: ${r}`, { path: `roles[${i}]` });
    }
    for (const [i, o] of (b.filters.orgs ?? []).entries()) {
      if (!s.orgs.has(o) || !s.orgs.isWithin(o, orgId)) throw new AppError('VALIDATION_FAILED', 'must be the queue’s org or one of its branches', { path: `filters.orgs[${i}]` });
    }
    if (b.escalateTo) {
      if (b.escalateTo === selfId) throw new AppError('VALIDATION_FAILED', 'a queue cannot escalate to itself', { path: 'escalateTo' });
      const target = (await queuesOfOrgs(s.db, s.orgs.chain(orgId))).find((q) => q.id === b.escalateTo);
      if (!target) throw new AppError('VALIDATION_FAILED', 'must be a queue of this org or an org above it', { path: 'escalateTo' });
    }
  };

  app.get<{ Querystring: Static<typeof OrgQuery> }>(
    '/api/v1/alert-queues',
    { config: { permission: 'alert.read' }, schema: { tags: ['alerts'], summary: 'Queues of the caller’s orgs and those they inherit, with live counts and whether the caller serves each', querystring: OrgQuery, response: { 200: AlertQueueList, ...errorResponses } } },
    async (req) => {
      if (req.query.org) requireVisibleOrg(s, req, req.query.org, 'org');
      let queues = await visibleQueues(req);
      if (req.query.org) {
        const chain = s.orgs.chain(req.query.org);
        queues = queues.filter((q) => chain.includes(q.orgId) || s.orgs.isWithin(q.orgId, req.query.org!));
      }
      const counts = await queueCounts(req.data, queues.map((q) => q.id), new Date());
      const out = [];
      for (const q of queues) out.push(queueOut(q, req, counts.get(q.id), req.principal.kind === 'user' && (await queueServers(req.data, q, s.orgs)).includes(req.principal.name)));
      return { items: out };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/alert-queues/:id/handlers',
    { config: { permission: 'alert.read' }, schema: { tags: ['alerts'], summary: 'Who serves a queue (in the caller’s orgs) and how many open alerts each holds', params: IdParam, response: { 200: QueueHandlerList, ...errorResponses } } },
    async (req) => {
      const q = (await visibleQueues(req)).find((x) => x.id === req.params.id);
      if (!q) throw notFound('queue', 'id');
      const servers = await queueServers(req.data, q, s.orgs);
      const loads = servers.length
        ? await req.data.selectFrom('alerts').select(['assignee', (eb) => eb.fn.countAll<string>().as('n')]).where('status', '=', 'assigned').where('assignee', 'in', servers).groupBy('assignee').execute()
        : [];
      const load = new Map(loads.map((l) => [l.assignee!, Number(l.n)]));
      return { items: servers.map((username) => ({ username, assigned: load.get(username) ?? 0 })) };
    },
  );

  app.post<{ Body: Static<typeof QueueBody> }>(
    '/api/v1/alert-queues',
    { config: { permission: 'alert.configure' }, schema: { tags: ['alerts'], summary: 'Create a queue', body: QueueBody, response: { 201: AlertQueueSchema, ...errorResponses } } },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      await checkQueue(req, req.body, orgId);
      const id = randomUUID();
      await withTransaction(s.db, async (tx) => {
        await insertQueue(req.data.in(tx), { id, orgId, ...queueFields(req.body), updatedBy: actorOf(req) });
        await audit(tx, req, { action: 'alert_queue.create', targetType: 'alert_queue', targetId: id, orgId, after: req.body });
      });
      reply.status(201).send(queueOut((await getQueue(req.data, id))!, req, undefined, false));
    },
  );

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof QueueBody> }>(
    '/api/v1/alert-queues/:id',
    { config: { permission: 'alert.configure' }, schema: { tags: ['alerts'], summary: 'Replace a queue’s settings (its org stays)', params: IdParam, body: QueueBody, response: { 200: AlertQueueSchema, ...errorResponses } } },
    async (req) => {
      const before = await getQueue(req.data, req.params.id);
      if (!before) throw notFound('queue', 'id');
      if (req.body.orgId && req.body.orgId !== before.orgId) throw new AppError('VALIDATION_FAILED', 'a queue’s org cannot change', { path: 'orgId' });
      await checkQueue(req, req.body, before.orgId, before.id);
      await withTransaction(s.db, async (tx) => {
        await updateQueue(req.data.in(tx), before.id, { ...queueFields(req.body), updatedBy: actorOf(req) });
        await audit(tx, req, { action: 'alert_queue.update', targetType: 'alert_queue', targetId: before.id, orgId: before.orgId, before, after: req.body });
      });
      return queueOut((await getQueue(req.data, before.id))!, req, undefined, false);
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/api/v1/alert-queues/:id',
    { config: { permission: 'alert.configure' }, schema: { tags: ['alerts'], summary: 'Delete a queue; its open alerts are routed again', params: IdParam, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      const q = await getQueue(req.data, req.params.id);
      if (!q) throw notFound('queue', 'id');
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        const target = await data.selectFrom('alert_queues').select('id').where('escalate_to', '=', q.id).executeTakeFirst();
        if (target) throw new AppError('CONFLICT', `queue ${target.id} escalates to this queue`, { path: 'id' });
        await deleteQueue(data, q.id);
        // Its alerts that are still being handled find a queue again (the next matching one).
        await data.updateTable('alerts').set({ queue_id: null, routed: false }).where('queue_id', '=', q.id).where('status', '<>', 'closed').execute();
        await audit(tx, req, { action: 'alert_queue.delete', targetType: 'alert_queue', targetId: q.id, orgId: q.orgId, before: q });
      });
      await s.alerts.feed.routeUnrouted();
      reply.status(204).send();
    },
  );

  app.get<{ Querystring: Static<typeof OrgQuery> }>(
    '/api/v1/alert-categories',
    { config: { permission: 'alert.read' }, schema: { tags: ['alerts'], summary: 'Alert categories as they apply to an org (default the caller’s): merge subject and window, who set them, which strategies raise them', querystring: OrgQuery, response: { 200: AlertCategoryList, ...errorResponses } } },
    async (req) => {
      const org = req.query.org ?? req.principal.orgId;
      requireVisibleOrg(s, req, org, 'org');
      const chain = s.orgs.chain(org);
      const settings = await categoriesOfOrgs(s.db, chain);
      const used = strategyCategories(s);
      const keys = [...new Set([...settings.map((c) => c.key), ...used.keys()])].sort();
      const items = keys.map((key) => {
        const c = chain.map((o) => settings.find((x) => x.orgId === o && x.key === key)).find(Boolean);
        return {
          key,
          orgId: c?.orgId ?? null,
          name: c?.name ?? { zh: key, en: key },
          description: c?.description ?? '',
          mergeBy: c?.mergeBy ?? [...DEFAULT_CATEGORY.mergeBy],
          windowMinutes: c?.windowMinutes ?? DEFAULT_CATEGORY.windowMinutes,
          inherited: !!c && c.orgId !== org,
          usedByStrategies: [...(used.get(key) ?? [])].sort(),
          updatedBy: c?.updatedBy ?? null,
          updatedAt: c?.updatedAt.toISOString() ?? null,
        };
      });
      return { items, defaults: { mergeBy: [...DEFAULT_CATEGORY.mergeBy], windowMinutes: DEFAULT_CATEGORY.windowMinutes }, subjectKinds: [...SUBJECT_KINDS] };
    },
  );

  app.put<{ Params: Static<typeof CategoryKey>; Body: Static<typeof CategoryBody> }>(
    '/api/v1/alert-categories/:key',
    { config: { permission: 'alert.configure' }, schema: { tags: ['alerts'], summary: 'Set how alerts of a category merge for an org (and its branches, unless they set their own)', params: CategoryKey, body: CategoryBody, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      await withTransaction(s.db, async (tx) => {
        const before = (await listCategories(req.data.in(tx), [orgId])).find((c) => c.key === req.params.key);
        await upsertCategory(req.data.in(tx), { orgId, key: req.params.key, name: req.body.name, description: req.body.description, mergeBy: req.body.mergeBy, windowMinutes: req.body.windowMinutes, updatedBy: actorOf(req) });
        await audit(tx, req, { action: 'alert_category.set', targetType: 'alert_category', targetId: req.params.key, orgId, before: before ?? null, after: req.body });
      });
      reply.status(204).send();
    },
  );

  app.delete<{ Params: Static<typeof CategoryKey>; Querystring: Static<typeof OrgQuery> }>(
    '/api/v1/alert-categories/:key',
    { config: { permission: 'alert.configure' }, schema: { tags: ['alerts'], summary: 'Remove an org’s own setting of a category (the inherited one, or the default, applies again)', params: CategoryKey, querystring: OrgQuery, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      const orgId = req.query.org ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'org');
      const gone = await withTransaction(s.db, async (tx) => {
        const ok = await deleteCategory(req.data.in(tx), orgId, req.params.key);
        if (ok) await audit(tx, req, { action: 'alert_category.delete', targetType: 'alert_category', targetId: req.params.key, orgId });
        return ok;
      });
      if (!gone) throw notFound('category setting', 'key');
      reply.status(204).send();
    },
  );
};

function queueFields(b: Static<typeof QueueBody>) {
  return { name: b.name, position: b.position, filters: b.filters, roles: b.roles, assignment: b.assignment, slaMinutes: b.slaMinutes, escalateTo: b.escalateTo ?? null, enabled: b.enabled };
}
