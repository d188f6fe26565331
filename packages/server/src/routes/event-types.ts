import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { compileStrategy, validateEventType, ValidationError, type EventTypeDef } from '@vigil/engine';
import { AppError, notFound, type ErrorDetail } from '../errors.ts';
import { bumpRevision } from '../repos/changes.ts';
import { deleteEventType, getEventType, insertEventType, listEventTypes, updateEventType } from '../repos/event-types.ts';
import { withTransaction } from '@vigil/storage';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses } from './common.ts';
import { EventTypeListSchema, EventTypeSchema, EventTypeUsageSchema } from './catalog-schema.ts';
import { listStrategies } from '../repos/strategies.ts';

const KeyParam = Type.Object({ key: Type.String({ maxLength: 64 }) });

function checked(body: unknown): EventTypeDef {
  const def = { ...(body as EventTypeDef) };
  delete def.revision;
  try {
    return validateEventType(def);
  } catch (e) {
    if (e instanceof ValidationError) throw new AppError('VALIDATION_FAILED', e.message, { details: e.issues });
    throw e;
  }
}

/**
 * A schema change must not break a live strategy: neither those deciding this event type nor
 * those whose features count it (a filter reads its fields). Refuse the change instead.
 */
function assertLiveStrategiesStillCompile(s: Services, def: EventTypeDef): void {
  const types = new Map(s.registry.current.eventTypes);
  types.set(def.key, def);
  const details: ErrorDetail[] = [];
  for (const live of s.registry.current.live.values()) {
    const own = types.get(live.pkg.eventType);
    if (!own) continue;
    try {
      compileStrategy(live.pkg, own, live.version, types);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      for (const i of e.issues) details.push({ ...i, path: `strategy ${live.pkg.id} v${live.version}: ${i.path}` });
    }
  }
  if (details.length) throw new AppError('CONFLICT', 'live strategies would no longer compile with this event type', { details });
}

export const eventTypeRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get('/api/v1/event-types', { config: { permission: 'event_type.read' }, schema: { tags: ['event types'], response: { 200: EventTypeListSchema, ...errorResponses } } }, async () => ({
    items: await listEventTypes(s.db),
  }));

  app.get<{ Params: Static<typeof KeyParam> }>(
    '/api/v1/event-types/:key',
    { config: { permission: 'event_type.read' }, schema: { tags: ['event types'], params: KeyParam, response: { 200: EventTypeSchema, ...errorResponses } } },
    async (req) => (await getEventType(s.db, req.params.key)) ?? Promise.reject(notFound('event type', 'key')),
  );

  app.get<{ Params: Static<typeof KeyParam> }>(
    '/api/v1/event-types/:key/usage',
    { config: { permission: 'event_type.read' }, schema: { tags: ['event types'], summary: 'Strategies defined for an event type and live features counting it', params: KeyParam, response: { 200: EventTypeUsageSchema, ...errorResponses } } },
    async (req) => {
      const key = req.params.key;
      if (!(await getEventType(s.db, key))) throw notFound('event type', 'key');
      const strategies = (await listStrategies(s.db))
        .filter((r) => r.event_type === key)
        .map((r) => ({ id: r.id, name: r.name, direction: r.direction, liveVersion: r.live_version ?? null, latestVersion: r.latest_version === null ? null : Number(r.latest_version) }));
      const features = [...s.registry.current.live.values()].flatMap((live) =>
        live.features.filter((f) => f.def.eventTypes.includes(key)).map((f) => ({ strategyId: live.pkg.id, version: live.version, feature: f.def.name })),
      );
      return { strategies, features };
    },
  );

  app.post<{ Body: Static<typeof EventTypeSchema> }>(
    '/api/v1/event-types',
    { config: { permission: 'event_type.write' }, schema: { tags: ['event types'], summary: 'Register an event type', body: EventTypeSchema, response: { 201: EventTypeSchema, ...errorResponses } } },
    async (req, reply) => {
      const def = checked(req.body);
      await withTransaction(s.db, async (tx) => {
        if (await getEventType(tx, def.key)) throw new AppError('CONFLICT', `event type ${def.key} already exists`, { path: 'key' });
        await insertEventType(tx, def);
        await audit(tx, req, { action: 'event_type.create', targetType: 'event_type', targetId: def.key, after: def });
        await bumpRevision(tx, 'event_types');
      });
      await s.changed('event_types');
      reply.status(201).send(await getEventType(s.db, def.key));
    },
  );

  app.put<{ Params: Static<typeof KeyParam>; Body: Static<typeof EventTypeSchema> }>(
    '/api/v1/event-types/:key',
    { config: { permission: 'event_type.write' }, schema: { tags: ['event types'], summary: 'Replace an event type definition', params: KeyParam, body: EventTypeSchema, response: { 200: EventTypeSchema, ...errorResponses } } },
    async (req) => {
      const def = checked(req.body);
      if (def.key !== req.params.key) throw new AppError('VALIDATION_FAILED', 'key in the body must match the URL', { path: 'key' });
      assertLiveStrategiesStillCompile(s, def);
      await withTransaction(s.db, async (tx) => {
        const before = await getEventType(tx, def.key);
        if (!(await updateEventType(tx, def))) throw notFound('event type', 'key');
        await audit(tx, req, { action: 'event_type.replace', targetType: 'event_type', targetId: def.key, before, after: def });
        await bumpRevision(tx, 'event_types');
      });
      await s.changed('event_types');
      return getEventType(s.db, def.key);
    },
  );

  app.delete<{ Params: Static<typeof KeyParam> }>(
    '/api/v1/event-types/:key',
    { config: { permission: 'event_type.write' }, schema: { tags: ['event types'], params: KeyParam, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await withTransaction(s.db, async (tx) => {
        const inUse = await tx.selectFrom('strategies').select('id').where('event_type', '=', req.params.key).executeTakeFirst();
        if (inUse) throw new AppError('CONFLICT', `event type is used by strategy ${inUse.id}`, { path: 'key' });
        for (const live of s.registry.current.live.values()) {
          const counting = live.features.find((f) => f.def.eventTypes.includes(req.params.key));
          if (counting) throw new AppError('CONFLICT', `feature ${counting.def.name} of live strategy ${live.pkg.id} counts this event type`, { path: 'key' });
        }
        const before = await getEventType(tx, req.params.key);
        if (!(await deleteEventType(tx, req.params.key))) throw notFound('event type', 'key');
        await audit(tx, req, { action: 'event_type.delete', targetType: 'event_type', targetId: req.params.key, before });
        await bumpRevision(tx, 'event_types');
      });
      await s.changed('event_types');
      reply.status(204).send();
    },
  );
};
