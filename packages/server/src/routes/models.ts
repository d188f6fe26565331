import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { sql } from 'kysely';
import { isDatabaseError, withTransaction } from '@vigil/storage';
import { scoreModel, type ModelDefinition, type Stage, type StrategyPackage } from '@vigil/engine';
import { renderScorecardReport, type ScorecardArtefact } from '@vigil/modeling';
import { AppError, notFound } from '../errors.ts';
import { refuseCardNumbers } from '../card-numbers.ts';
import {
  addModelEvent,
  getModel,
  getVersion,
  insertModel,
  insertVersion,
  latestVersions,
  listModelEvents,
  listModels,
  listVersions,
  nextVersion,
  setVersionStatus,
  updateModel,
  type ModelRecord,
  type ModelStatus,
  type ModelVersionRecord,
} from '../repos/models.ts';
import { getStrategyHeader, getVersion as getStrategyVersion, insertVersion as insertStrategyVersion, latestVersionNumber } from '../repos/strategies.ts';
import { lastRuns, listRuns, runModelMonitoring } from '../runtime/model-monitoring.ts';
import { importModel, withInputs } from '../runtime/model-import.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { bumpRevision } from '../repos/changes.ts';
import { errorResponses, IdParam, requireVisibleOrg } from './common.ts';
import { compileOrThrow, lifecycleActor } from './strategy-lifecycle.ts';
import {
  ChampionSchema,
  ChangeStatusSchema,
  CreateModelSchema,
  DeployResultSchema,
  DeployToStrategySchema,
  ModelDetailSchema,
  ModelListSchema,
  ModelVersionDetailSchema,
  MonitoringConfigSchema,
  MonitoringRunSchema,
  MonitoringSchema,
  RegisterVersionSchema,
  ScoreRequestSchema,
  ScoreResultSchema,
  UpdateModelSchema,
} from './model-schema.ts';

/** Largest model upload: tree ensembles of a few thousand trees fit well within it. */
export const MODEL_BODY_LIMIT = 16 * 1024 * 1024;

const RunBody = Type.Optional(
  Type.Object({ asOf: Type.Optional(Type.String({ format: 'date-time', description: 'End of the window (now by default): re-run a past window' })) }, { additionalProperties: false }),
);
const VersionParams = Type.Object({ id: IdParam.properties.id, version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
const ListQuery = Type.Object(
  {
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    purpose: Type.Optional(Type.String({ maxLength: 32 })),
    status: Type.Optional(Type.String({ maxLength: 32, description: 'Status of the latest version' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

/**
 * Moves between statuses and who may make them. Validation and production are the model risk
 * function's call (model.approve), never the version's author: a modeller cannot validate her own
 * model. Anyone who edits models may retire one (unless it is the champion).
 */
const TRANSITIONS: Record<ModelStatus, Partial<Record<ModelStatus, 'model.edit' | 'model.approve'>>> = {
  development: { validated: 'model.approve', retired: 'model.edit' },
  validated: { production: 'model.approve', development: 'model.approve', retired: 'model.edit' },
  production: { retired: 'model.edit' },
  retired: {},
};

function actorName(req: FastifyRequest): string {
  return lifecycleActor(req);
}

function versionSummary(v: ModelVersionRecord) {
  return {
    version: v.version,
    kind: v.kind as 'scorecard',
    format: v.format as 'vigil',
    status: v.status,
    features: v.features,
    metrics: v.metrics as never,
    note: v.note,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    statusChangedBy: v.statusChangedBy,
    statusChangedAt: v.statusChangedAt ? v.statusChangedAt.toISOString() : null,
  };
}

function summary(m: ModelRecord, latest: ModelVersionRecord | undefined, lastRun: { status: string; at: Date } | undefined) {
  return {
    id: m.id,
    key: m.key,
    orgId: m.orgId,
    name: m.name,
    purpose: m.purpose as 'other',
    kind: (latest?.kind ?? null) as 'scorecard' | null,
    owner: m.owner,
    description: m.description,
    championVersion: m.championVersion,
    challengerVersion: m.challengerVersion,
    latestVersion: latest?.version ?? null,
    latestStatus: latest?.status ?? null,
    monitoringEnabled: m.monitoring.enabled,
    lastMonitoringStatus: (lastRun?.status ?? null) as 'ok' | null,
    lastMonitoringAt: lastRun ? lastRun.at.toISOString() : null,
    createdBy: m.createdBy,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    rowVersion: m.rowVersion,
  };
}

/** Strategy versions whose package holds a model taken from this registry version. */
async function usedBy(s: Services, modelId: string, version: number) {
  // system-scope: strategies are global; the match is on the registry id the caller already sees.
  const rows = await s.db
    .selectFrom('strategy_versions')
    .select(['strategy_id', 'version', 'status', 'package'])
    .where(sql<boolean>`package->'models' @> ${JSON.stringify([{ source: { model: modelId, version } }])}::jsonb`)
    .orderBy('strategy_id')
    .orderBy('version')
    .limit(200)
    .execute();
  return rows.map((r) => {
    const pkg = r.package as unknown as StrategyPackage;
    const m = pkg.models.find((x) => (x as { source?: { model: string; version: number } }).source?.model === modelId);
    return { strategyId: r.strategy_id, version: r.version, status: r.status, modelId: m?.id ?? '' };
  });
}

/** Definitions scored recently, by `model@version`: versions never change, and a tree ensemble compiles once. */
const SCORING_CACHE_SIZE = 32;

export const modelRoutes = (s: Services) => async (app: FastifyInstance) => {
  const scoring = new Map<string, ModelDefinition>();
  const definitionOf = (v: ModelVersionRecord): ModelDefinition => {
    const key = `${v.modelId}@${v.version}`;
    let def = scoring.get(key);
    if (def) scoring.delete(key);
    else def = v.definition as unknown as ModelDefinition;
    scoring.set(key, def);
    while (scoring.size > SCORING_CACHE_SIZE) scoring.delete(scoring.keys().next().value!);
    return def;
  };
  const modelOr404 = async (req: FastifyRequest, id: string, forUpdate = false) => {
    const m = await getModel(req.data, id, { forUpdate });
    if (!m) throw notFound('model', 'id');
    return m;
  };
  const versionOr404 = async (req: FastifyRequest, id: string, version: number) => {
    const v = await getVersion(req.data, id, version);
    if (!v) throw notFound('model version', 'version');
    return v;
  };
  const detail = async (req: FastifyRequest, id: string) => {
    const m = await modelOr404(req, id);
    const [versions, events, runs] = await Promise.all([listVersions(req.data, id), listModelEvents(req.data, id), lastRuns(req.data, [id])]);
    return {
      ...summary(m, versions[0], runs.get(id)),
      monitoring: m.monitoring,
      versions: versions.map(versionSummary),
      events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    };
  };
  const versionDetail = async (req: FastifyRequest, v: ModelVersionRecord) => ({
    ...versionSummary(v),
    modelId: v.modelId,
    definition: v.definition,
    artefact: v.artefact,
    woeConvention: v.woeConvention,
    usedBy: await usedBy(s, v.modelId, v.version),
  });

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/models',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'Registered models of the caller’s orgs, with their latest version and monitoring status', querystring: ListQuery, response: { 200: ModelListSchema, ...errorResponses } } },
    async (req) => {
      let orgIds: string[] | undefined;
      if (req.query.org) {
        requireVisibleOrg(s, req, req.query.org, 'querystring.org');
        orgIds = s.orgs.subtree(req.query.org);
      }
      const models = await listModels(req.data, { orgIds, purpose: req.query.purpose, q: req.query.q });
      const ids = models.map((m) => m.id);
      const [latest, runs] = await Promise.all([latestVersions(req.data, ids), lastRuns(req.data, ids)]);
      const items = models.map((m) => summary(m, latest.get(m.id), runs.get(m.id))).filter((x) => !req.query.status || x.latestStatus === req.query.status);
      return { items };
    },
  );

  app.post<{ Body: Static<typeof CreateModelSchema> }>(
    '/api/v1/models',
    { config: { permission: 'model.edit' }, schema: { tags: ['models'], summary: 'Register a model (its versions come next)', body: CreateModelSchema, response: { 201: ModelDetailSchema, ...errorResponses } } },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      refuseCardNumbers({ name: req.body.name, description: req.body.description ?? '' });
      const id = randomUUID();
      const owner = req.body.owner ?? (req.principal.kind === 'user' ? req.principal.name : 'unassigned');
      try {
        await withTransaction(s.db, async (tx) => {
          const data = req.data.in(tx);
          await insertModel(data, { id, orgId, key: req.body.key, name: req.body.name, purpose: req.body.purpose, description: req.body.description ?? '', owner, createdBy: actorName(req) });
          await addModelEvent(data, { modelId: id, orgId, action: 'created', actor: actorName(req), details: { key: req.body.key, purpose: req.body.purpose, owner } });
          await audit(tx, req, { action: 'model.create', targetType: 'model', targetId: id, orgId, after: { key: req.body.key, name: req.body.name, purpose: req.body.purpose, owner } });
        });
      } catch (e) {
        if (isDatabaseError(e) && e.code === '23505') throw new AppError('CONFLICT', `${orgId} already has a model ${req.body.key}`, { path: 'key' });
        throw e;
      }
      reply.status(201).send(await detail(req, id));
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/models/:id',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'A model with its versions, timeline and monitoring settings', params: IdParam, response: { 200: ModelDetailSchema, ...errorResponses } } },
    async (req) => detail(req, req.params.id),
  );

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof UpdateModelSchema> }>(
    '/api/v1/models/:id',
    { config: { permission: 'model.edit' }, schema: { tags: ['models'], summary: 'Change the name, purpose, documentation or owner (409 on a stale rowVersion)', params: IdParam, body: UpdateModelSchema, response: { 200: ModelDetailSchema, ...errorResponses } } },
    async (req) => {
      const before = await modelOr404(req, req.params.id);
      const { expectedVersion, ...patch } = req.body;
      refuseCardNumbers({ name: patch.name ?? '', description: patch.description ?? '' });
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        if (!(await updateModel(data, before.id, expectedVersion, patch))) throw new AppError('CONFLICT', 'the model was changed since you read it: reload and apply your change again', { path: 'expectedVersion' });
        await addModelEvent(data, { modelId: before.id, orgId: before.orgId, action: 'updated', actor: actorName(req), details: { fields: Object.keys(patch) } });
        await audit(tx, req, { action: 'model.update', targetType: 'model', targetId: before.id, orgId: before.orgId, before: { name: before.name, purpose: before.purpose, owner: before.owner }, after: patch });
      });
      return detail(req, before.id);
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof RegisterVersionSchema> }>(
    '/api/v1/models/:id/versions',
    {
      bodyLimit: MODEL_BODY_LIMIT,
      config: { permission: 'model.edit' },
      schema: { tags: ['models'], summary: 'Register a new version (development status) from a Vigil artefact or definition, XGBoost JSON, LightGBM text or a decision tree', params: IdParam, body: RegisterVersionSchema, response: { 201: ModelVersionDetailSchema, ...errorResponses } },
    },
    async (req, reply) => {
      const m = await modelOr404(req, req.params.id);
      const imported = importModel(req.body.format, req.body.content, m.key, req.body.features, req.body.xgboost);
      const metrics = req.body.metrics ?? imported.metrics;
      const version = await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        await modelOr404({ ...req, data } as FastifyRequest, m.id, true);
        const v = await nextVersion(data, m.id);
        await insertVersion(data, {
          modelId: m.id,
          orgId: m.orgId,
          version: v,
          kind: imported.kind,
          format: req.body.format,
          status: 'development',
          features: imported.features,
          definition: imported.definition as unknown as Record<string, unknown>,
          artefact: imported.artefact,
          metrics: (metrics as Record<string, unknown>) ?? null,
          woeConvention: imported.woeConvention,
          note: req.body.note ?? '',
          createdBy: actorName(req),
        });
        await updateModel(data, m.id, null, {});
        await addModelEvent(data, { modelId: m.id, orgId: m.orgId, version: v, action: 'version_registered', actor: actorName(req), note: req.body.note ?? '', details: { format: req.body.format, kind: imported.kind, features: imported.features.length } });
        await audit(tx, req, { action: 'model.version.register', targetType: 'model_version', targetId: `${m.id}@${v}`, orgId: m.orgId, after: { format: req.body.format, kind: imported.kind, features: imported.features } });
        return v;
      });
      reply.status(201).send(await versionDetail(req, (await getVersion(req.data, m.id, version))!));
    },
  );

  app.get<{ Params: Static<typeof VersionParams> }>(
    '/api/v1/models/:id/versions/:version',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'A version with its definition, training artefact and the strategies using it', params: VersionParams, response: { 200: ModelVersionDetailSchema, ...errorResponses } } },
    async (req) => versionDetail(req, await versionOr404(req, req.params.id, req.params.version)),
  );

  app.get<{ Params: Static<typeof VersionParams> }>(
    '/api/v1/models/:id/versions/:version/report',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'The self-contained HTML report of a Vigil scorecard version', params: VersionParams, produces: ['text/html'] } },
    async (req, reply) => {
      const m = await modelOr404(req, req.params.id);
      const v = await versionOr404(req, req.params.id, req.params.version);
      if (!v.artefact) throw new AppError('NOT_FOUND', 'this version has no training artefact to report on (only Vigil scorecards fitted by the toolkit do)', { path: 'version' });
      reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      return renderScorecardReport(v.artefact as unknown as ScorecardArtefact, { title: `${m.name} v${v.version}` });
    },
  );

  app.post<{ Params: Static<typeof VersionParams>; Body: Static<typeof ChangeStatusSchema> }>(
    '/api/v1/models/:id/versions/:version/status',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'Move a version: development → validated → production → retired (validation and production by model.approve, not the author)', params: VersionParams, body: ChangeStatusSchema, response: { 200: ModelVersionDetailSchema, ...errorResponses } } },
    async (req) => {
      const m = await modelOr404(req, req.params.id);
      const v = await versionOr404(req, m.id, req.params.version);
      const to = req.body.status;
      const need = TRANSITIONS[v.status][to];
      if (!need) throw new AppError('CONFLICT', `a ${v.status} version cannot become ${to}`, { path: 'status' });
      if (!req.principal.permissions.has(need)) throw new AppError('FORBIDDEN', `making a version ${to} needs the ${need} permission`, { path: 'status' });
      if (need === 'model.approve' && v.createdBy === actorName(req)) throw new AppError('FORBIDDEN', 'the author of a version cannot validate or promote it: another reviewer must', { path: 'status' });
      if (to === 'retired' && (m.championVersion === v.version || m.challengerVersion === v.version)) throw new AppError('CONFLICT', `version ${v.version} is the model’s ${m.championVersion === v.version ? 'champion' : 'challenger'}: name another first`, { path: 'status' });
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        if (!(await setVersionStatus(data, m.id, v.version, v.status, to, actorName(req)))) throw new AppError('CONFLICT', 'the version’s status changed meanwhile: reload', { path: 'status' });
        await updateModel(data, m.id, null, {});
        await addModelEvent(data, { modelId: m.id, orgId: m.orgId, version: v.version, action: 'status_changed', actor: actorName(req), note: req.body.note, details: { from: v.status, to } });
        await audit(tx, req, { action: 'model.version.status', targetType: 'model_version', targetId: `${m.id}@${v.version}`, orgId: m.orgId, before: { status: v.status }, after: { status: to }, reason: req.body.note });
      });
      return versionDetail(req, (await getVersion(req.data, m.id, v.version))!);
    },
  );

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof ChampionSchema> }>(
    '/api/v1/models/:id/champion',
    { config: { permission: 'model.approve' }, schema: { tags: ['models'], summary: 'Name the champion (a production version) and the challenger (validated or production)', params: IdParam, body: ChampionSchema, response: { 200: ModelDetailSchema, ...errorResponses } } },
    async (req) => {
      const m = await modelOr404(req, req.params.id);
      const { champion, challenger, note } = req.body;
      if (champion !== null && champion === challenger) throw new AppError('VALIDATION_FAILED', 'the challenger must be another version than the champion', { path: 'challenger' });
      for (const [field, v, allowed] of [
        ['champion', champion, ['production']],
        ['challenger', challenger, ['validated', 'production']],
      ] as const) {
        if (v === null) continue;
        const row = await getVersion(req.data, m.id, v);
        if (!row) throw notFound('model version', field);
        if (!(allowed as readonly string[]).includes(row.status)) throw new AppError('CONFLICT', `version ${v} is ${row.status}; a ${field} must be ${allowed.join(' or ')}`, { path: field });
      }
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        await updateModel(data, m.id, null, { championVersion: champion, challengerVersion: challenger });
        await addModelEvent(data, { modelId: m.id, orgId: m.orgId, action: 'champion_changed', actor: actorName(req), note, details: { champion, challenger, before: { champion: m.championVersion, challenger: m.challengerVersion } } });
        await audit(tx, req, { action: 'model.champion', targetType: 'model', targetId: m.id, orgId: m.orgId, before: { champion: m.championVersion, challenger: m.challengerVersion }, after: { champion, challenger }, reason: note });
      });
      return detail(req, m.id);
    },
  );

  app.post<{ Params: Static<typeof VersionParams>; Body: Static<typeof ScoreRequestSchema> }>(
    '/api/v1/models/:id/versions/:version/score',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'Score one set of inputs with a version, as the engine would (nothing is stored)', params: VersionParams, body: ScoreRequestSchema, response: { 200: ScoreResultSchema, ...errorResponses } } },
    async (req) => {
      const v = await versionOr404(req, req.params.id, req.params.version);
      const unknown = Object.keys(req.body.inputs).filter((k) => !v.features.includes(k));
      if (unknown.length) throw new AppError('VALIDATION_FAILED', `the model has no input ${unknown[0]}`, { path: `inputs.${unknown[0]}` });
      const values = v.features.map((f) => req.body.inputs[f]);
      const t0 = performance.now();
      const r = scoreModel(definitionOf(v), values);
      const micros = Math.round((performance.now() - t0) * 1000 * 10) / 10;
      return { score: r.score, probability: r.probability, reasons: r.reasons ?? [], contributions: r.contributions.map((c, i) => ({ ...c, input: v.features[i] ?? c.input, value: c.value ?? null })), micros };
    },
  );

  app.post<{ Params: Static<typeof VersionParams>; Body: Static<typeof DeployToStrategySchema> }>(
    '/api/v1/models/:id/versions/:version/deploy',
    { config: { permission: 'strategy.edit' }, schema: { tags: ['models'], summary: 'Put a validated or production version into a new draft of a strategy, with a model stage and the input mapping', params: VersionParams, body: DeployToStrategySchema, response: { 201: DeployResultSchema, ...errorResponses } } },
    async (req, reply) => {
      if (!req.principal.permissions.has('model.read')) throw new AppError('FORBIDDEN', 'deploying a model needs model.read as well', { path: 'id' });
      const m = await modelOr404(req, req.params.id);
      const v = await versionOr404(req, m.id, req.params.version);
      if (v.status !== 'validated' && v.status !== 'production') throw new AppError('CONFLICT', `version ${v.version} is ${v.status}: only validated or production versions go into a strategy`, { path: 'version' });
      const body = req.body;
      const unknownInputs = Object.keys(body.inputs ?? {}).filter((k) => !v.features.includes(k));
      if (unknownInputs.length) throw new AppError('VALIDATION_FAILED', `the model has no input ${unknownInputs[0]}`, { path: `inputs.${unknownInputs[0]}` });
      const header = await getStrategyHeader(s.db, body.strategyId);
      if (!header) throw notFound('strategy', 'strategyId');
      const baseVersion = body.baseVersion ?? (await latestVersionNumber(s.db, body.strategyId));
      const base = baseVersion === undefined ? undefined : await getStrategyVersion(s.db, body.strategyId, baseVersion);
      if (!base) throw notFound('strategy version', 'baseVersion');
      const modelId = body.modelId ?? m.key;
      const pkg = structuredClone(base.pkg);
      const source = structuredClone(base.source) as Record<string, unknown>;
      const inputs = v.features.map((f) => body.inputs?.[f] ?? `event.${f}`);
      const def = { ...withInputs(v.definition as unknown as ModelDefinition, inputs), id: modelId, source: { model: m.id, version: v.version, key: m.key, org: m.orgId } } as unknown as ModelDefinition;
      const replace = <T extends { id: string }>(list: T[], item: T) => {
        const i = list.findIndex((x) => x.id === item.id);
        if (i >= 0) list[i] = item;
        else list.push(item);
      };
      replace(pkg.models as ModelDefinition[], def);
      const srcModels = ((source.models as ModelDefinition[] | undefined) ?? []).slice();
      replace(srcModels, def);
      source.models = srcModels;
      // A model stage for it, unless one already scores this model id.
      let stageId = pkg.flow.stages.find((st) => st.type === 'model' && st.model === modelId)?.id;
      if (!stageId) {
        stageId = `model_${modelId}`.slice(0, 64);
        const stage = { id: stageId, type: 'model', model: modelId, ...(body.bands ? { bands: body.bands } : {}) } as Stage;
        const insertAt = (stages: Stage[]) => {
          const at = body.before !== undefined ? stages.findIndex((x) => x.id === body.before) : stages.length;
          if (at < 0) throw new AppError('VALIDATION_FAILED', `the strategy has no stage ${body.before}`, { path: 'before' });
          stages.splice(at, 0, stage);
        };
        insertAt(pkg.flow.stages);
        const srcFlow = (source.flow as { stages: Stage[] } | undefined) ?? { stages: [] };
        insertAt(srcFlow.stages);
        source.flow = srcFlow;
      } else if (body.bands) {
        for (const st of [...pkg.flow.stages, ...(((source.flow as { stages?: Stage[] }) ?? {}).stages ?? [])]) if (st.id === stageId && st.type === 'model') st.bands = body.bands as never;
      }
      compileOrThrow(s, pkg);
      const version = await withTransaction(s.db, async (tx) => {
        const nv = await insertStrategyVersion(tx, pkg, body.note, lifecycleActor(req), source);
        const data = req.data.in(tx);
        await addModelEvent(data, { modelId: m.id, orgId: m.orgId, version: v.version, action: 'deployed', actor: actorName(req), note: body.note, details: { strategyId: body.strategyId, strategyVersion: nv, modelId, stageId } });
        await audit(tx, req, { action: 'strategy.import', targetType: 'strategy_version', targetId: `${body.strategyId}@${nv}`, after: { fromModel: `${m.id}@${v.version}`, modelId, stageId, baseVersion }, reason: body.note });
        return nv;
      });
      reply.status(201).send({ strategyId: body.strategyId, version, modelId, stageId });
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/models/:id/monitoring',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'Monitoring settings and the history of runs, newest first', params: IdParam, response: { 200: MonitoringSchema, ...errorResponses } } },
    async (req) => {
      const m = await modelOr404(req, req.params.id);
      return { config: m.monitoring, runs: await listRuns(req.data, m.id) };
    },
  );

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof MonitoringConfigSchema> }>(
    '/api/v1/models/:id/monitoring',
    { config: { permission: 'model.edit' }, schema: { tags: ['models'], summary: 'Change the monitoring schedule, window and thresholds', params: IdParam, body: MonitoringConfigSchema, response: { 200: MonitoringSchema, ...errorResponses } } },
    async (req) => {
      const m = await modelOr404(req, req.params.id);
      const { Cron } = await import('croner');
      try {
        new Cron(req.body.schedule, { paused: true }).stop();
      } catch (e) {
        throw new AppError('VALIDATION_FAILED', `the schedule is not a cron expression: ${(e as Error).message}`, { path: 'schedule' });
      }
      if (req.body.thresholds.psiWarning > req.body.thresholds.psiAlert) throw new AppError('VALIDATION_FAILED', 'the PSI warning threshold must not exceed the alert threshold', { path: 'thresholds.psiWarning' });
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        await updateModel(data, m.id, null, { monitoring: req.body });
        await addModelEvent(data, { modelId: m.id, orgId: m.orgId, action: 'monitoring_changed', actor: actorName(req), details: { before: m.monitoring, after: req.body } });
        await audit(tx, req, { action: 'model.monitoring', targetType: 'model', targetId: m.id, orgId: m.orgId, before: m.monitoring, after: req.body });
        await bumpRevision(tx, 'models');
      });
      // Every node reschedules: this one now, the others from the revision they poll.
      await s.changed('models');
      return { config: req.body, runs: await listRuns(req.data, m.id) };
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof RunBody> }>(
    '/api/v1/models/:id/monitoring/run',
    { config: { permission: 'model.edit' }, schema: { tags: ['models'], summary: 'Run monitoring now over the configured window (the champion, else the newest production or validated version)', params: IdParam, body: RunBody, response: { 201: MonitoringRunSchema, ...errorResponses } } },
    async (req, reply) => {
      const m = await modelOr404(req, req.params.id);
      const now = req.body?.asOf ? new Date(req.body.asOf) : new Date();
      if (now.getTime() > Date.now() + 60_000) throw new AppError('VALIDATION_FAILED', 'asOf must not be in the future', { path: 'asOf' });
      reply.status(201).send(await runModelMonitoring(s, m, { trigger: 'manual', now }));
    },
  );
};
