import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { compileStrategy, diffPackages, maskCardNumbers, renderDiff, runTestCases, ValidationError, type StrategyPackage } from '@vigil/engine';
import { isDatabaseError, withTransaction } from '@vigil/storage';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { bumpRevision } from '../repos/changes.ts';
import {
  activeDeployments,
  cancelSchedules,
  DEPLOYABLE,
  deployVersion,
  getStrategyHeader,
  getVersion,
  insertVersion,
  lockVersion,
  pendingSchedules,
  previousLive,
  replaceDraft,
  scheduleDeployment,
  transition,
  upsertStrategy,
  withdrawVersion,
  type CanarySlice,
  type DeployMode,
  type StrategyVersionRow,
} from '../repos/strategies.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { canonicalJson } from '../runtime/idempotency.ts';
import { errorResponses, requireVisibleOrg } from './common.ts';
import { expandRuleComponents } from './rule-components.ts';
import { StrategyPackageSchema } from './strategy-schema.ts';
import {
  CanaryReportSchema,
  DeploymentListSchema,
  DeployResultSchema,
  DiffResultSchema,
  ImportResultSchema,
  RollbackResultSchema,
  ShadowReportSchema,
  TestRunSchema,
  VersionViewSchema,
  WithdrawResultSchema,
} from './strategy-lifecycle-schema.ts';

export const STRATEGY_BODY_LIMIT = 4 * 1024 * 1024;

/** Compiles a package against its event type; every problem comes back with its path. */
export function compileOrThrow(s: Services, pkg: StrategyPackage, version = 0) {
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

/**
 * Runs a package's test cases exactly as submit does: compiled against today's event type, each
 * case by the engine's runTestCases. The test route and submit share it, so a green run in the
 * console is the run submit repeats.
 */
export async function runVersionTestCases(s: Services, pkg: StrategyPackage, version: number) {
  return runTestCases(compileOrThrow(s, pkg, version), pkg.testCases ?? []);
}

/** Two deployments racing for one event type: the database lets one win; the other is told so. */
function concurrent(e: unknown): never {
  if (isDatabaseError(e) && e.code === '23505') throw new AppError('CONFLICT', 'a concurrent import or deployment for this strategy or event type won; retry');
  throw e;
}

/**
 * Who acts, as recorded on a version: a user by username, an API key by name and id (key names
 * are not unique), so maker-checker compares real identities.
 */
export function lifecycleActor(req: FastifyRequest): string {
  const p = req.principal;
  return p.kind === 'user' ? `user:${p.name}` : `api_key:${p.name}#${p.id.slice(0, 8)}`;
}

async function versionOr404(s: Services, id: string, version: number): Promise<StrategyVersionRow> {
  const v = await getVersion(s.db, id, version);
  if (!v) throw notFound('strategy version', 'version');
  return v;
}

function versionView(v: StrategyVersionRow) {
  return {
    id: v.strategyId,
    version: v.version,
    status: v.status,
    changeNote: v.changeNote,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
    submittedBy: v.submittedBy,
    submittedAt: v.submittedAt,
    reviewedBy: v.approvedBy,
    reviewedAt: v.approvedAt,
    reviewNote: v.reviewNote,
    testResults: v.testResults,
  };
}

const isYaml = (req: FastifyRequest) => /^(application|text)\/(x-)?yaml/.test(String(req.headers['content-type'] ?? ''));

/**
 * Before validation: a YAML body (the package document itself, the change note in the query)
 * becomes the JSON shape `{package, changeNote}`, so both are validated alike; and the package
 * as sent — before schema defaults fill it in — is kept, since that is what export returns.
 */
async function readDocument(req: FastifyRequest): Promise<void> {
  if (isYaml(req) && typeof req.body === 'string') {
    let doc: unknown;
    try {
      doc = parseYaml(req.body, { maxAliasCount: 50 });
    } catch (e) {
      throw new AppError('VALIDATION_FAILED', `the YAML document does not parse: ${(e as Error).message}`, { path: '' });
    }
    req.body = { package: doc, changeNote: (req.query as { changeNote?: string }).changeNote ?? '' };
  }
  const body = req.body as { package?: unknown } | undefined;
  if (body && typeof body === 'object') (req as DocumentRequest).rawPackage = structuredClone(body.package);
}

type DocumentRequest = FastifyRequest & { rawPackage?: unknown };

/**
 * Test cases are stored as written and shown to every reader of strategies, so they must never
 * hold a real card number: a number that passes the Luhn check is refused (test cases work with
 * any digits of a card's length that fail it).
 */
function refuseCardNumbersInTestCases(pkg: StrategyPackage): void {
  const details = (pkg.testCases ?? []).flatMap((c, i) =>
    Object.entries(c.data ?? {})
      .filter(([, v]) => typeof v === 'string' && maskCardNumbers(v) !== v)
      .map(([k]) => ({ path: `package.testCases[${i}].data.${k}`, code: 'CARD_NUMBER_REFUSED', message: 'a test case must not hold a real card number: use digits that fail the Luhn check' })),
  );
  if (details.length) throw new AppError('SENSITIVE_DATA_REFUSED', 'test cases hold card numbers; nothing was stored', { details });
}

/** A canary slice as a caller may see it: another bank's orgs are not named, only counted. */
function visibleSlice(req: FastifyRequest, slice: CanarySlice | null): CanarySlice | (CanarySlice & { otherOrgs: number }) | null {
  if (!slice || !('orgs' in slice) || req.data.scope.all) return slice;
  const mine = slice.orgs.filter((o) => req.data.allows(o));
  return mine.length === slice.orgs.length ? slice : { orgs: mine, otherOrgs: slice.orgs.length - mine.length };
}

/** A canary slice of orgs all within the caller's: the bank's own pilot. */
function ownCanary(req: FastifyRequest, slice: CanarySlice): boolean {
  return 'orgs' in slice && slice.orgs.every((o) => req.data.allows(o));
}

export function registerLifecycleRoutes(s: Services, app: FastifyInstance): void {
  /** Expands components and compiles; returns the runnable package and the authored one. */
  async function prepare(req: FastifyRequest): Promise<{ pkg: StrategyPackage; source: unknown; changeNote: string }> {
    const body = req.body as { package: unknown; changeNote: string };
    const source = (req as DocumentRequest).rawPackage ?? body.package;
    const pkg = structuredClone(body.package) as StrategyPackage;
    const changeNote = body.changeNote;
    refuseCardNumbersInTestCases(pkg);
    await expandRuleComponents(s, pkg);
    compileOrThrow(s, pkg);
    return { pkg, source, changeNote };
  }

  app.post(
    '/api/v1/strategies/import',
    {
      bodyLimit: STRATEGY_BODY_LIMIT,
      preValidation: readDocument,
      config: { permission: 'strategy.edit' },
      schema: {
        tags: ['strategies'],
        summary: 'Import a package as a new draft version (JSON {package, changeNote}, or the package as YAML with ?changeNote=)',
        consumes: ['application/json', 'application/yaml'],
        querystring: NoteQuery,
        body: ImportBody,
        response: { 201: ImportResultSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { pkg, source, changeNote } = await prepare(req);
      const version = await withTransaction(s.db, async (tx) => {
        const existing = await getStrategyHeader(tx, pkg.id);
        if (existing && (existing.event_type !== pkg.eventType || existing.direction !== pkg.direction)) {
          throw new AppError('CONFLICT', `strategy ${pkg.id} belongs to ${existing.event_type}/${existing.direction}`, { path: 'package.id' });
        }
        await upsertStrategy(tx, pkg);
        const v = await insertVersion(tx, pkg, changeNote, lifecycleActor(req), source);
        await audit(tx, req, { action: 'strategy.import', targetType: 'strategy_version', targetId: `${pkg.id}@${v}`, after: { eventType: pkg.eventType, direction: pkg.direction, rules: pkg.rules.length }, reason: changeNote });
        return v;
      }).catch(concurrent);
      reply.status(201).send({ id: pkg.id, version, status: 'draft' });
    },
  );

  app.put<{ Params: Static<typeof VersionParams> }>(
    '/api/v1/strategies/:id/versions/:version',
    {
      bodyLimit: STRATEGY_BODY_LIMIT,
      preValidation: readDocument,
      config: { permission: 'strategy.edit' },
      schema: { tags: ['strategies'], summary: 'Replace the package of a draft (a submitted version is immutable)', params: VersionParams, querystring: NoteQuery, consumes: ['application/json', 'application/yaml'], body: ReplaceBody, response: { 200: VersionViewSchema, ...errorResponses } },
    },
    async (req) => {
      const v = await versionOr404(s, req.params.id, req.params.version);
      // Whoever changes a draft would be its author: only its author may, so the reviewer can
      // never be someone who wrote part of it (maker-checker). Others import a new version.
      if (lifecycleActor(req) !== v.createdBy) throw new AppError('FORBIDDEN', 'only the author of a draft changes it; import a new version instead', { path: 'version' });
      const { pkg, source, changeNote } = await prepare(req);
      if (pkg.id !== v.strategyId || pkg.eventType !== v.pkg.eventType || pkg.direction !== v.pkg.direction) throw new AppError('VALIDATION_FAILED', 'the package must keep the id, event type and direction of the version it replaces', { path: 'package.id' });
      await withTransaction(s.db, async (tx) => {
        if (!(await replaceDraft(tx, v.strategyId, v.version, pkg, source, changeNote))) throw new AppError('CONFLICT', `version ${v.version} is ${v.status}; only a draft can change`, { path: 'version' });
        await audit(tx, req, { action: 'strategy.edit', targetType: 'strategy_version', targetId: `${v.strategyId}@${v.version}`, after: { rules: pkg.rules.length }, reason: changeNote });
      });
      return versionView((await getVersion(s.db, v.strategyId, v.version))!);
    },
  );

  app.post<{ Params: Static<typeof VersionParams>; Body: Static<typeof NoteBody> }>(
    '/api/v1/strategies/:id/versions/:version/submit',
    { config: { permission: 'strategy.edit' }, schema: { tags: ['strategies'], summary: 'Submit a draft for approval: its test cases run first, and any failure refuses the submission', params: VersionParams, body: NoteBody, response: { 200: VersionViewSchema, ...errorResponses } } },
    async (req) => {
      const v = await versionOr404(s, req.params.id, req.params.version);
      if (v.status !== 'draft') throw new AppError('CONFLICT', `version ${v.version} is ${v.status}; only a draft can be submitted`, { path: 'version' });
      const results = await runVersionTestCases(s, v.pkg, v.version);
      const failed = results.filter((r) => !r.passed);
      if (failed.length) {
        throw new AppError('VALIDATION_FAILED', `${failed.length} of ${results.length} test cases fail; nothing was submitted`, {
          details: failed.map((r) => ({ path: `package.testCases[${results.indexOf(r)}]`, code: 'TEST_CASE_FAILED', message: `${r.name}: ${r.problems.join('; ')}` })),
        });
      }
      await withTransaction(s.db, async (tx) => {
        // The tested package must be the one submitted: an edit committed meanwhile refuses it.
        const now = await lockVersion(tx, v.strategyId, v.version);
        if (!now || now.status !== 'draft' || canonicalJson(now.package) !== canonicalJson(v.pkg)) throw new AppError('CONFLICT', 'the version changed while its test cases ran; submit again', { path: 'version' });
        if (!(await transition(tx, v.strategyId, v.version, ['draft'], 'submitted', { submittedBy: lifecycleActor(req), testResults: results, reviewNote: req.body.note }))) throw new AppError('CONFLICT', 'the version changed meanwhile; reload it', { path: 'version' });
        await audit(tx, req, { action: 'strategy.submit', targetType: 'strategy_version', targetId: `${v.strategyId}@${v.version}`, after: { testCases: results.length }, reason: req.body.note });
      });
      return versionView((await getVersion(s.db, v.strategyId, v.version))!);
    },
  );

  app.post<{ Params: Static<typeof VersionParams>; Body: Static<typeof TestBody> }>(
    '/api/v1/strategies/:id/versions/:version/test',
    {
      bodyLimit: STRATEGY_BODY_LIMIT,
      // Reading: nothing is stored or changed, as with validate. With a package in the body, its
      // unsaved edits are tested (the editor's "run test cases" before saving).
      config: { permission: 'strategy.read' },
      schema: {
        tags: ['strategies'],
        summary: "Run a version's test cases without submitting it, as submit runs them; with {package}, the unsaved package instead of the stored one",
        params: VersionParams,
        body: TestBody,
        response: { 200: TestRunSchema, ...errorResponses },
      },
    },
    async (req) => {
      const v = await versionOr404(s, req.params.id, req.params.version);
      let pkg = v.pkg;
      if (req.body.package) {
        pkg = structuredClone(req.body.package) as unknown as StrategyPackage;
        if (pkg.id !== v.strategyId || pkg.eventType !== v.pkg.eventType || pkg.direction !== v.pkg.direction) throw new AppError('VALIDATION_FAILED', 'the package must keep the id, event type and direction of the version', { path: 'package.id' });
        refuseCardNumbersInTestCases(pkg);
        await expandRuleComponents(s, pkg);
      }
      const results = await runVersionTestCases(s, pkg, v.version);
      return { id: v.strategyId, version: v.version, tested: req.body.package ? 'body' : 'stored', passed: results.every((r) => r.passed), results };
    },
  );

  for (const [action, to, summary] of [
    ['approve', 'approved', 'Approve a submitted version (maker-checker: not its author nor its submitter)'],
    ['reject', 'rejected', 'Reject a submitted version with the reason; the author imports a corrected version'],
  ] as const) {
    app.post<{ Params: Static<typeof VersionParams>; Body: Static<typeof ReviewBody> }>(
      `/api/v1/strategies/:id/versions/:version/${action}`,
      { config: { permission: 'strategy.approve' }, schema: { tags: ['strategies'], summary, params: VersionParams, body: ReviewBody, response: { 200: VersionViewSchema, ...errorResponses } } },
      async (req) => {
        const v = await versionOr404(s, req.params.id, req.params.version);
        if (v.status !== 'submitted') throw new AppError('CONFLICT', `version ${v.version} is ${v.status}; only a submitted version can be reviewed`, { path: 'version' });
        const actor = lifecycleActor(req);
        if (actor === v.createdBy || actor === v.submittedBy) throw new AppError('FORBIDDEN', 'the author or submitter of a version cannot review it (maker-checker)', { path: 'version' });
        await withTransaction(s.db, async (tx) => {
          if (!(await transition(tx, v.strategyId, v.version, ['submitted'], to, { approvedBy: actor, reviewNote: req.body.note }))) throw new AppError('CONFLICT', 'the version changed meanwhile; reload it', { path: 'version' });
          await audit(tx, req, { action: `strategy.${action}`, targetType: 'strategy_version', targetId: `${v.strategyId}@${v.version}`, reason: req.body.note });
        });
        return versionView((await getVersion(s.db, v.strategyId, v.version))!);
      },
    );
  }

  app.post<{ Params: Static<typeof VersionParams>; Body: Static<typeof DeployBody> }>(
    '/api/v1/strategies/:id/versions/:version/deploy',
    {
      config: { permission: 'strategy.deploy' },
      schema: { tags: ['strategies'], summary: 'Deploy an approved version as live (champion), canary (a stable slice) or shadow (challenger), now or at a time', params: VersionParams, body: DeployBody, response: { 200: DeployResultSchema, ...errorResponses } },
    },
    async (req) => {
      const v = await versionOr404(s, req.params.id, req.params.version);
      const mode = req.body.mode as DeployMode;
      if (v.status === 'live') throw new AppError('CONFLICT', `version ${v.version} is live; deploy another version, or roll back`, { path: 'version' });
      if (!DEPLOYABLE.has(v.status)) throw new AppError('CONFLICT', `version ${v.version} is ${v.status}; only an approved version can be deployed`, { path: 'version' });
      const canary = (req.body.canary ?? null) as CanarySlice | null;
      if (mode === 'canary' && !canary) throw new AppError('VALIDATION_FAILED', 'a canary needs its slice: {percent, key} or {orgs}', { path: 'canary' });
      if (mode !== 'canary' && canary) throw new AppError('VALIDATION_FAILED', 'only a canary has a slice', { path: 'canary' });
      if (canary && 'orgs' in canary) canary.orgs.forEach((o, i) => requireVisibleOrg(s, req, o, `canary.orgs[${i}]`));
      // A deployment for every bank is the union's to make; a bank may canary on its own traffic,
      // and replace only a canary that is its own too.
      const ownSlice = canary !== null && 'orgs' in canary;
      if (!req.data.scope.all && !(mode === 'canary' && ownSlice)) throw new AppError('FORBIDDEN', 'this deployment affects every bank; only the union deploys it (a bank may run a canary on its own orgs)', { path: 'mode' });
      if (!req.data.scope.all && req.body.at) throw new AppError('FORBIDDEN', 'only the union schedules deployments', { path: 'at' });
      const current = s.registry.deployed(v.pkg.eventType, v.pkg.direction)?.canary;
      if (mode === 'canary' && current && !req.data.scope.all && !ownCanary(req, current.slice)) throw new AppError('CONFLICT', 'another canary runs for this event type; only its owner or the union replaces it', { path: 'mode' });
      if (mode === 'canary' && !req.data.scope.all && (v.status === 'shadow')) throw new AppError('FORBIDDEN', 'this version runs as a challenger for every bank; only the union moves it', { path: 'version' });
      if (mode !== 'live' && !s.registry.live(v.pkg.eventType, v.pkg.direction)) throw new AppError('CONFLICT', `a ${mode} runs beside a live version; ${v.pkg.eventType} has none`, { path: 'mode' });
      if (canary && 'key' in canary && !Object.hasOwn(s.registry.eventType(v.pkg.eventType)!.fields, canary.key)) throw new AppError('VALIDATION_FAILED', `${canary.key} is not a field of ${v.pkg.eventType}`, { path: 'canary.key' });
      compileOrThrow(s, v.pkg, v.version);
      const actor = lifecycleActor(req);
      const at = req.body.at ? new Date(req.body.at) : null;
      const target = `${v.strategyId}@${v.version}`;
      if (at && at.getTime() > Date.now()) {
        const id = await withTransaction(s.db, async (tx) => {
          const scheduled = await scheduleDeployment(tx, v.pkg, v.version, mode, actor, req.body.reason, canary, at);
          await audit(tx, req, { action: 'strategy.schedule', targetType: 'strategy_version', targetId: target, after: { mode, canary, at: at.toISOString() }, reason: req.body.reason });
          await bumpRevision(tx, 'strategies');
          return scheduled;
        });
        await s.changed('strategies');
        return { id: v.strategyId, version: v.version, status: v.status, scheduled: { deploymentId: id, mode, at: at.toISOString() } };
      }
      await withTransaction(s.db, async (tx) => {
        const before = s.registry.deployed(v.pkg.eventType, v.pkg.direction);
        await deployVersion(tx, v.pkg, v.version, mode, actor, req.body.reason, canary);
        await audit(tx, req, {
          action: 'strategy.deploy',
          targetType: 'strategy_version',
          targetId: target,
          before: { live: before?.live ? `${before.live.pkg.id}@${before.live.version}` : null, canary: before?.canary ? `${before.canary.strategy.pkg.id}@${before.canary.strategy.version}` : null },
          after: { mode, canary },
          reason: req.body.reason,
        });
        await bumpRevision(tx, 'strategies');
      }).catch(concurrent);
      await s.changed('strategies');
      return { id: v.strategyId, version: v.version, status: mode };
    },
  );

  app.post<{ Params: Static<typeof VersionParams>; Body: Static<typeof ReasonBody> }>(
    '/api/v1/strategies/:id/versions/:version/withdraw',
    { config: { permission: 'strategy.deploy' }, schema: { tags: ['strategies'], summary: 'End a shadow or canary run of a version and cancel its scheduled deployments', params: VersionParams, body: ReasonBody, response: { 200: WithdrawResultSchema, ...errorResponses } } },
    async (req) => {
      const v = await versionOr404(s, req.params.id, req.params.version);
      const canary = s.registry.deployed(v.pkg.eventType, v.pkg.direction)?.canary;
      const bankOwnCanary = !req.data.scope.all && v.status === 'canary' && !!canary && canary.strategy.pkg.id === v.strategyId && canary.strategy.version === v.version && ownCanary(req, canary.slice);
      if (!req.data.scope.all && !bankOwnCanary) throw new AppError('FORBIDDEN', 'only the union withdraws a deployment for every bank (a bank withdraws its own canary)', { path: 'version' });
      const done = await withTransaction(s.db, async (tx) => {
        // A bank ends its canary only; shadows and schedules are the union's.
        const ended = await withdrawVersion(tx, v.pkg, v.version, lifecycleActor(req), req.body.reason, bankOwnCanary ? ['canary'] : ['shadow', 'canary']);
        const cancelled = bankOwnCanary ? 0 : await cancelSchedules(tx, v.strategyId, v.version, lifecycleActor(req), req.body.reason);
        if (!ended && !cancelled) throw new AppError('CONFLICT', `version ${v.version} has no shadow, canary or scheduled deployment`, { path: 'version' });
        await audit(tx, req, { action: 'strategy.withdraw', targetType: 'strategy_version', targetId: `${v.strategyId}@${v.version}`, after: { ended, cancelledSchedules: cancelled }, reason: req.body.reason });
        await bumpRevision(tx, 'strategies');
        return { ended, cancelledSchedules: cancelled };
      });
      await s.changed('strategies');
      return done;
    },
  );

  app.post<{ Body: Static<typeof RollbackBody> }>(
    '/api/v1/deployments/rollback',
    { config: { permission: 'strategy.deploy' }, schema: { tags: ['strategies'], summary: 'Restore the previous live version of an event type, on every node within a second', body: RollbackBody, response: { 200: RollbackResultSchema, ...errorResponses } } },
    async (req) => {
      if (!req.data.scope.all) throw new AppError('FORBIDDEN', 'a rollback affects every bank; only the union rolls back', { path: 'eventType' });
      const target = await previousLive(s.db, req.body.eventType, req.body.direction);
      if (!target) throw new AppError('CONFLICT', `${req.body.eventType}/${req.body.direction} has no earlier live version to restore`, { path: 'eventType' });
      const v = await versionOr404(s, target.strategyId, target.version);
      compileOrThrow(s, v.pkg, v.version);
      await withTransaction(s.db, async (tx) => {
        await deployVersion(tx, v.pkg, v.version, 'live', lifecycleActor(req), `rollback: ${req.body.reason}`);
        await audit(tx, req, { action: 'strategy.rollback', targetType: 'strategy_version', targetId: `${v.strategyId}@${v.version}`, before: { live: `${target.current.strategyId}@${target.current.version}` }, after: { live: `${v.strategyId}@${v.version}` }, reason: req.body.reason });
        await bumpRevision(tx, 'strategies');
      }).catch(concurrent);
      await s.changed('strategies');
      return { eventType: req.body.eventType, direction: req.body.direction, live: { id: v.strategyId, version: v.version }, replaced: { id: target.current.strategyId, version: target.current.version } };
    },
  );

  app.get('/api/v1/deployments', { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], summary: 'What decides each event type: live, canary and shadow versions, and scheduled deployments', response: { 200: DeploymentListSchema, ...errorResponses } } }, async (req) => {
    const view = (d: { id: number; eventType: string; direction: string; strategyId: string; version: number; mode: string; canary: CanarySlice | null; actor: string; reason: string; createdAt: Date; scheduledFor: Date | null }) => ({
      deploymentId: d.id,
      eventType: d.eventType,
      direction: d.direction,
      strategy: { id: d.strategyId, version: d.version },
      mode: d.mode,
      canary: visibleSlice(req, d.canary),
      actor: d.actor,
      reason: d.reason,
      since: d.createdAt,
      ...(d.scheduledFor ? { scheduledFor: d.scheduledFor } : {}),
    });
    return { active: (await activeDeployments(s.db)).map(view), scheduled: (await pendingSchedules(s.db)).map(view) };
  });

  app.get<{ Params: Static<typeof VersionParams>; Querystring: Static<typeof ExportQuery> }>(
    '/api/v1/strategies/:id/versions/:version/export',
    { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], summary: 'The version as the document it was imported from (JSON or YAML); importing it gives the same package', params: VersionParams, querystring: ExportQuery } },
    async (req, reply) => {
      const v = await versionOr404(s, req.params.id, req.params.version);
      const name = `${v.strategyId}-v${v.version}`;
      if (req.query.format === 'yaml') {
        return reply.header('content-type', 'application/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${name}.yaml"`).send(toYaml(v.source, { aliasDuplicateObjects: false }));
      }
      return reply.header('content-disposition', `attachment; filename="${name}.json"`).send(v.source);
    },
  );

  app.get<{ Params: { id: string }; Querystring: Static<typeof DiffQuery> }>(
    '/api/v1/strategies/:id/diff',
    { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], summary: 'What changed between two versions: structured, and as text for reviewers', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), querystring: DiffQuery, response: { 200: DiffResultSchema, ...errorResponses } } },
    async (req) => {
      const a = await versionOr404(s, req.params.id, req.query.from);
      const b = await versionOr404(s, req.params.id, req.query.to);
      const diff = diffPackages(a.pkg, b.pkg);
      return { from: a.version, to: b.version, diff, text: renderDiff(diff, req.query.lang) };
    },
  );

  app.get<{ Params: Static<typeof VersionParams>; Querystring: Static<typeof ReportQuery> }>(
    '/api/v1/strategies/:id/versions/:version/shadow-report',
    { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], summary: 'A challenger against the champion on live traffic: agreement matrix, per-rule hits, changed decisions', params: VersionParams, querystring: ReportQuery, response: { 200: ShadowReportSchema, ...errorResponses } } },
    async (req) => {
      const v = await versionOr404(s, req.params.id, req.params.version);
      let base = req.data.selectFrom('shadow_results').where('strategy_id', '=', v.strategyId).where('version', '=', v.version);
      if (req.query.from) base = base.where('occurred_at', '>=', new Date(req.query.from));
      if (req.query.to) base = base.where('occurred_at', '<', new Date(req.query.to));
      const matrix = await base.select(['champion_outcome', 'outcome', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['champion_outcome', 'outcome']).execute();
      // Counted by the database: a long challenger run has millions of hits.
      const hitCounts = async (column: 'hits' | 'champion_hits') => {
        const inner = base.select(sql<string>`jsonb_array_elements_text(${sql.ref(column)})`.as('rule'));
        const rows = await (req.data.db as Kysely<DB>)
          .selectFrom(inner.as('x'))
          .select(['x.rule', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('x.rule')
          .execute();
        return Object.fromEntries(rows.map((r) => [r.rule, Number(r.n)]));
      };
      const challengerHits = await hitCounts('hits');
      const championHits = await hitCounts('champion_hits');
      const changed = await base
        .select(['decision_id', 'org_id', 'occurred_at', 'champion_outcome', 'outcome', 'champion_score', 'score', 'champion_hits', 'hits'])
        .where(sql<boolean>`outcome <> champion_outcome`)
        .orderBy('id', 'desc')
        .limit(req.query.limit)
        .execute();
      const total = matrix.reduce((t, r) => t + Number(r.n), 0);
      const agree = matrix.filter((r) => r.champion_outcome === r.outcome).reduce((t, r) => t + Number(r.n), 0);
      return {
        strategy: { id: v.strategyId, version: v.version },
        decisions: total,
        agreement: total ? agree / total : null,
        matrix: matrix.map((r) => ({ champion: r.champion_outcome, challenger: r.outcome, count: Number(r.n) })),
        ruleHits: { challenger: challengerHits, champion: championHits },
        changed: changed.map((r) => ({ decisionId: r.decision_id, orgId: r.org_id, occurredAt: r.occurred_at, champion: { outcome: r.champion_outcome, score: r.champion_score, hits: r.champion_hits }, challenger: { outcome: r.outcome, score: r.score, hits: r.hits } })),
      };
    },
  );

  app.get<{ Querystring: Static<typeof CanaryQuery> }>(
    '/api/v1/deployments/canary-report',
    { config: { permission: 'strategy.read' }, schema: { tags: ['strategies'], summary: "A canary's decisions beside the champion's: volume, outcome shares, mean score, degraded share, latency", querystring: CanaryQuery, response: { 200: CanaryReportSchema, ...errorResponses } } },
    async (req) => {
      let q = req.data.selectFrom('decisions').where('event_type', '=', req.query.eventType).where('direction', '=', req.query.direction);
      if (req.query.from) q = q.where('occurred_at', '>=', new Date(req.query.from));
      if (req.query.to) q = q.where('occurred_at', '<', new Date(req.query.to));
      const rows = await q
        .select(['strategy_id', 'strategy_version', 'outcome', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`avg(score)`.as('score'), sql<number>`avg(latency_ms)`.as('latency'), sql<number>`sum(case when degraded then 1 else 0 end)`.as('degraded')])
        .groupBy(['strategy_id', 'strategy_version', 'outcome'])
        .execute();
      const deployed = s.registry.deployed(req.query.eventType, req.query.direction);
      const summarise = (id: string | undefined, version: number | undefined) => {
        const mine = rows.filter((r) => r.strategy_id === id && r.strategy_version === version);
        const n = mine.reduce((t, r) => t + Number(r.n), 0);
        const outcomes: Record<string, number> = {};
        for (const r of mine) outcomes[r.outcome] = Number(r.n) / (n || 1);
        const wavg = (k: 'score' | 'latency') => (n ? mine.reduce((t, r) => t + Number(r[k]) * Number(r.n), 0) / n : null);
        return { strategy: id ? { id, version } : null, decisions: n, outcomes, meanScore: wavg('score'), meanLatencyMs: wavg('latency'), degradedShare: n ? mine.reduce((t, r) => t + Number(r.degraded), 0) / n : null };
      };
      return {
        eventType: req.query.eventType,
        direction: req.query.direction,
        canary: deployed?.canary ? { ...summarise(deployed.canary.strategy.pkg.id, deployed.canary.strategy.version), slice: visibleSlice(req, deployed.canary.slice) } : null,
        champion: summarise(deployed?.live?.pkg.id, deployed?.live?.version),
      };
    },
  );
}

const ImportBody = Type.Object({ package: StrategyPackageSchema, changeNote: Type.String({ maxLength: 2000, default: '' }) }, { additionalProperties: false });
const ReplaceBody = ImportBody;
const NoteQuery = Type.Object({ changeNote: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const VersionParams = Type.Object({ id: Type.String({ maxLength: 64 }), version: Type.Integer({ minimum: 1 }) });
const TestBody = Type.Object({ package: Type.Optional(StrategyPackageSchema) }, { additionalProperties: false });
const NoteBody = Type.Object({ note: Type.String({ maxLength: 2000, default: '' }) }, { additionalProperties: false });
const ReviewBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
const Canary = Type.Union([
  Type.Object({ percent: Type.Number({ minimum: 0.01, maximum: 100, description: 'Share of the traffic, in steps of 0.01' }), key: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$', description: 'Entity field whose stable hash picks the slice, e.g. customer_id or card' }) }, { additionalProperties: false }),
  Type.Object({ orgs: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 200, uniqueItems: true, description: 'Legal entities (and their branches) whose traffic the canary decides' }) }, { additionalProperties: false }),
]);
const DeployBody = Type.Object(
  {
    mode: Type.Union([Type.Literal('live'), Type.Literal('shadow'), Type.Literal('canary')]),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    canary: Type.Optional(Canary),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'Take effect at this time instead of now' })),
  },
  { additionalProperties: false },
);
const ExportQuery = Type.Object({ format: Type.Union([Type.Literal('json'), Type.Literal('yaml')], { default: 'json' }) }, { additionalProperties: false });
const DiffQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }), lang: Type.Union([Type.Literal('en'), Type.Literal('zh')], { default: 'en' }) }, { additionalProperties: false });
const RollbackBody = Type.Object({ eventType: Type.String({ maxLength: 64 }), direction: Type.Union([Type.Literal('in'), Type.Literal('post')], { default: 'in' }), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
const ReportQuery = Type.Object(
  { from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })), limit: Type.Integer({ minimum: 0, maximum: 1000, default: 100, description: 'Changed decisions to list' }) },
  { additionalProperties: false },
);
const CanaryQuery = Type.Object(
  { eventType: Type.String({ maxLength: 64 }), direction: Type.Union([Type.Literal('in'), Type.Literal('post')], { default: 'in' }), from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })) },
  { additionalProperties: false },
);

