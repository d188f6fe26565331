import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { StrategyPackage } from '@vigil/engine';
import { notFound } from '../errors.ts';
import { getStrategyHeader, getVersion, listStrategies, listVersions } from '../repos/strategies.ts';
import type { Services } from '../services.ts';
import { errorResponses, IdParam } from './common.ts';
import { StrategyDetailSchema, StrategyListSchema, ValidateResultSchema, VersionDetailSchema } from './strategy-lifecycle-schema.ts';
import { StrategyPackageSchema } from './strategy-schema.ts';
import { expandRuleComponents } from './rule-components.ts';
import { compileOrThrow, registerLifecycleRoutes, STRATEGY_BODY_LIMIT } from './strategy-lifecycle.ts';

const VersionParams = Type.Object({ id: Type.String({ maxLength: 64 }), version: Type.Integer({ minimum: 1 }) });

export const strategyRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get('/api/v1/strategies', { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], response: { 200: StrategyListSchema, ...errorResponses } } }, async () => {
    const rows = await listStrategies(s.db);
    return {
      items: rows.map((r) => ({ id: r.id, eventType: r.event_type, direction: r.direction, name: r.name, liveVersion: r.live_version ?? null, latestVersion: r.latest_version === null ? null : Number(r.latest_version), createdAt: r.created_at })),
    };
  });

  app.get<{ Params: Static<typeof IdParam> }>('/api/v1/strategies/:id', { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], params: IdParam, response: { 200: StrategyDetailSchema, ...errorResponses } } }, async (req) => {
    const h = await getStrategyHeader(s.db, req.params.id);
    if (!h) throw notFound('strategy', 'id');
    const versions = await listVersions(s.db, h.id);
    return {
      id: h.id,
      eventType: h.event_type,
      direction: h.direction,
      name: h.name,
      versions: versions.map((v) => ({
        version: v.version,
        status: v.status,
        changeNote: v.change_note,
        createdBy: v.created_by,
        createdAt: v.created_at,
        submittedBy: v.submitted_by,
        submittedAt: v.submitted_at,
        approvedBy: v.approved_by,
        approvedAt: v.approved_at,
        reviewNote: v.review_note,
      })),
    };
  });

  app.get<{ Params: Static<typeof VersionParams> }>(
    '/api/v1/strategies/:id/versions/:version',
    { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], summary: 'One version: its state, review and test results, and its package as it runs', params: VersionParams, response: { 200: VersionDetailSchema, ...errorResponses } } },
    async (req) => {
      const v = await getVersion(s.db, req.params.id, req.params.version);
      if (!v) throw notFound('strategy version');
      const { pkg, source: _source, strategyId: _id, ...meta } = v;
      return { ...meta, package: pkg };
    },
  );

  app.post<{ Body: Static<typeof StrategyPackageSchema> }>(
    '/api/v1/strategies/validate',
    { bodyLimit: STRATEGY_BODY_LIMIT, config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], summary: 'Compile a package without storing it', body: StrategyPackageSchema, response: { 200: ValidateResultSchema, ...errorResponses } } },
    async (req) => {
      const pkg = req.body as unknown as StrategyPackage;
      await expandRuleComponents(s, pkg);
      const c = compileOrThrow(s, pkg);
      return { ok: true, rules: c.rules.size, stages: c.stages.length, features: c.features.length, lists: [...c.lists] };
    },
  );

  registerLifecycleRoutes(s, app);
};
