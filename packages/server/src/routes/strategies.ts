import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { compileStrategy, ValidationError, type StrategyPackage } from '@vigil/engine';
import { isDatabaseError, withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { bumpRevision } from '../repos/changes.ts';
import { activateVersion, getStrategyHeader, getVersion, insertVersion, listStrategies, listVersions, upsertStrategy } from '../repos/strategies.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses, IdParam } from './common.ts';
import { StrategyPackageSchema } from './strategy-schema.ts';
import { expandRuleComponents } from './rule-components.ts';

const ImportBody = Type.Object(
  {
    package: StrategyPackageSchema,
    changeNote: Type.String({ maxLength: 2000, default: '' }),
    activate: Type.Boolean({ default: false, description: 'Make the imported version live at once' }),
  },
  { additionalProperties: false },
);
const VersionParams = Type.Object({ id: Type.String({ maxLength: 64 }), version: Type.Integer({ minimum: 1 }) });
const ActivateBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
const STRATEGY_BODY_LIMIT = 4 * 1024 * 1024;

/** Compiles a package against its event type; every problem comes back with its path. */
function compileOrThrow(s: Services, pkg: StrategyPackage, version = 0) {
  const et = s.registry.eventType(pkg.eventType);
  if (!et) throw new AppError('EVENT_TYPE_NOT_FOUND', `event type ${pkg.eventType} is not registered`, { path: 'package.eventType' });
  try {
    return compileStrategy(pkg, et, version, s.registry.current.eventTypes);
  } catch (e) {
    if (e instanceof ValidationError) {
      throw new AppError('INVALID_STRATEGY', e.message, { details: e.issues.map((i) => ({ ...i, path: `package.${i.path}` })) });
    }
    throw e;
  }
}

/** Two activations racing for one event type: the database lets one win; the other is told so. */
function concurrentActivation(e: unknown): never {
  if (isDatabaseError(e) && e.code === '23505') throw new AppError('CONFLICT', 'a concurrent import or activation for this strategy or event type won; retry');
  throw e;
}

export const strategyRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get('/api/v1/strategies', { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'] } }, async () => {
    const rows = await listStrategies(s.db);
    return {
      items: rows.map((r) => ({ id: r.id, eventType: r.event_type, direction: r.direction, name: r.name, liveVersion: r.live_version ?? null, latestVersion: r.latest_version === null ? null : Number(r.latest_version), createdAt: r.created_at })),
    };
  });

  app.get<{ Params: Static<typeof IdParam> }>('/api/v1/strategies/:id', { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], params: IdParam } }, async (req) => {
    const h = await getStrategyHeader(s.db, req.params.id);
    if (!h) throw notFound('strategy', 'id');
    const versions = await listVersions(s.db, h.id);
    return {
      id: h.id,
      eventType: h.event_type,
      direction: h.direction,
      name: h.name,
      versions: versions.map((v) => ({ version: v.version, status: v.status, changeNote: v.change_note, createdBy: v.created_by, createdAt: v.created_at })),
    };
  });

  app.get<{ Params: Static<typeof VersionParams> }>(
    '/api/v1/strategies/:id/versions/:version',
    { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], summary: 'Export one version as a package document', params: VersionParams } },
    async (req) => {
      const v = await getVersion(s.db, req.params.id, req.params.version);
      if (!v) throw notFound('strategy version');
      return { version: v.version, status: v.status, changeNote: v.changeNote, createdBy: v.createdBy, createdAt: v.createdAt, package: v.pkg };
    },
  );

  app.post<{ Body: Static<typeof StrategyPackageSchema> }>(
    '/api/v1/strategies/validate',
    { bodyLimit: STRATEGY_BODY_LIMIT, config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], summary: 'Compile a package without storing it', body: StrategyPackageSchema } },
    async (req) => {
      const pkg = req.body as unknown as StrategyPackage;
      await expandRuleComponents(s, pkg);
      const c = compileOrThrow(s, pkg);
      return { ok: true, rules: c.rules.size, stages: c.stages.length, features: c.features.length, lists: [...c.lists] };
    },
  );

  app.post<{ Body: Static<typeof ImportBody> }>(
    '/api/v1/strategies/import',
    {
      bodyLimit: STRATEGY_BODY_LIMIT,
      config: { permission: 'strategy.edit' },
      schema: { tags: ['strategies'], summary: 'Import a strategy package as a new version, optionally making it live', body: ImportBody, response: { 201: Type.Object({ id: Type.String(), version: Type.Integer(), status: Type.String() }), ...errorResponses } },
    },
    async (req, reply) => {
      const pkg = req.body.package as unknown as StrategyPackage;
      if (req.body.activate && !req.principal.permissions.has('strategy.deploy')) throw new AppError('FORBIDDEN', 'permission strategy.deploy required to activate');
      await expandRuleComponents(s, pkg);
      compileOrThrow(s, pkg);
      const actor = `${req.principal.kind}:${req.principal.name}`;
      const version = await withTransaction(s.db, async (tx) => {
        const existing = await getStrategyHeader(tx, pkg.id);
        if (existing && (existing.event_type !== pkg.eventType || existing.direction !== pkg.direction)) {
          throw new AppError('CONFLICT', `strategy ${pkg.id} belongs to ${existing.event_type}/${existing.direction}`, { path: 'package.id' });
        }
        await upsertStrategy(tx, pkg);
        const v = await insertVersion(tx, pkg, req.body.changeNote, actor);
        await audit(tx, req, { action: 'strategy.import', targetType: 'strategy_version', targetId: `${pkg.id}@${v}`, after: { eventType: pkg.eventType, direction: pkg.direction, rules: pkg.rules.length }, reason: req.body.changeNote });
        if (req.body.activate) {
          await activateVersion(tx, pkg, v, actor, req.body.changeNote || 'imported and activated');
          await audit(tx, req, { action: 'strategy.activate', targetType: 'strategy_version', targetId: `${pkg.id}@${v}`, reason: req.body.changeNote || 'imported and activated' });
          await bumpRevision(tx, 'strategies');
        }
        return v;
      }).catch(concurrentActivation);
      if (req.body.activate) await s.changed('strategies');
      reply.status(201).send({ id: pkg.id, version, status: req.body.activate ? 'live' : 'draft' });
    },
  );

  app.post<{ Params: Static<typeof VersionParams>; Body: Static<typeof ActivateBody> }>(
    '/api/v1/strategies/:id/versions/:version/activate',
    { config: { permission: 'strategy.deploy' }, schema: { tags: ['strategies'], summary: 'Make a version live (hot reload, no restart)', params: VersionParams, body: ActivateBody } },
    async (req) => {
      const v = await getVersion(s.db, req.params.id, req.params.version);
      if (!v) throw notFound('strategy version');
      compileOrThrow(s, v.pkg, v.version);
      await withTransaction(s.db, async (tx) => {
        const before = s.registry.live(v.pkg.eventType, v.pkg.direction);
        await activateVersion(tx, v.pkg, v.version, `${req.principal.kind}:${req.principal.name}`, req.body.reason);
        await audit(tx, req, { action: 'strategy.activate', targetType: 'strategy_version', targetId: `${v.strategyId}@${v.version}`, before: before ? { live: `${before.pkg.id}@${before.version}` } : undefined, reason: req.body.reason });
        await bumpRevision(tx, 'strategies');
      }).catch(concurrentActivation);
      await s.changed('strategies');
      return { id: v.strategyId, version: v.version, status: 'live' };
    },
  );
};
