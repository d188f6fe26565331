import { json } from '@vigil/storage';
import { sql } from 'kysely';
import type { Direction, StrategyPackage } from '@vigil/engine';
import type { Executor } from './executor.ts';

export interface StrategyVersionRow {
  strategyId: string;
  version: number;
  status: string;
  changeNote: string;
  createdBy: string;
  createdAt: Date;
  /** The package as it runs (rule components expanded). */
  pkg: StrategyPackage;
  /** The document as authored, exported exactly as imported. */
  source: Record<string, unknown>;
  submittedBy: string | null;
  submittedAt: Date | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  reviewNote: string;
  testResults: unknown[] | null;
}


export async function upsertStrategy(db: Executor, pkg: StrategyPackage): Promise<void> {
  await db
    .insertInto('strategies')
    .values({ id: pkg.id, event_type: pkg.eventType, direction: pkg.direction, name: pkg.name.en })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: pkg.name.en }))
    .execute();
}

export async function getStrategyHeader(db: Executor, id: string) {
  return db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Stores a new draft version (`max + 1`) of the package; the caller holds the transaction. */
export async function insertVersion(db: Executor, pkg: StrategyPackage, changeNote: string, actor: string, source: unknown = null): Promise<number> {
  const row = await db
    .selectFrom('strategy_versions')
    .select(sql<number>`coalesce(max(version), 0)`.as('v'))
    .where('strategy_id', '=', pkg.id)
    .executeTakeFirstOrThrow();
  const version = Number(row.v) + 1;
  await db
    .insertInto('strategy_versions')
    .values({
      strategy_id: pkg.id,
      version,
      package: json(pkg as unknown as Record<string, unknown>),
      status: 'draft',
      change_note: changeNote,
      created_by: actor,
      source: source === null ? null : json(source as Record<string, unknown>),
    })
    .execute();
  return version;
}

/** Replaces the package of a version that is still a draft; false when it is not (any more). */
export async function replaceDraft(db: Executor, strategyId: string, version: number, pkg: StrategyPackage, source: unknown, changeNote: string): Promise<boolean> {
  const r = await db
    .updateTable('strategy_versions')
    .set({ package: json(pkg as unknown as Record<string, unknown>), source: json(source as Record<string, unknown>), change_note: changeNote })
    .where('strategy_id', '=', strategyId)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Reads a version's status and package, locking the row until the transaction ends. */
export async function lockVersion(db: Executor, strategyId: string, version: number) {
  return db.selectFrom('strategy_versions').select(['status', 'package']).where('strategy_id', '=', strategyId).where('version', '=', version).forUpdate().executeTakeFirst();
}

/** Moves a version from one status to another; false when it was not in `from` (a concurrent change won). */
export async function transition(
  db: Executor,
  strategyId: string,
  version: number,
  from: string[],
  to: string,
  extra: { submittedBy?: string; approvedBy?: string; reviewNote?: string; testResults?: unknown[] } = {},
): Promise<boolean> {
  const r = await db
    .updateTable('strategy_versions')
    .set({
      status: to,
      ...(extra.submittedBy !== undefined ? { submitted_by: extra.submittedBy, submitted_at: new Date() } : {}),
      ...(extra.approvedBy !== undefined ? { approved_by: extra.approvedBy, approved_at: new Date() } : {}),
      ...(extra.reviewNote !== undefined ? { review_note: extra.reviewNote } : {}),
      ...(extra.testResults !== undefined ? { test_results: json(extra.testResults) } : {}),
    })
    .where('strategy_id', '=', strategyId)
    .where('version', '=', version)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function getVersion(db: Executor, strategyId: string, version: number): Promise<StrategyVersionRow | undefined> {
  const r = await db.selectFrom('strategy_versions').selectAll().where('strategy_id', '=', strategyId).where('version', '=', version).executeTakeFirst();
  return (
    r && {
      strategyId: r.strategy_id,
      version: r.version,
      status: r.status,
      changeNote: r.change_note,
      createdBy: r.created_by,
      createdAt: r.created_at,
      pkg: r.package as unknown as StrategyPackage,
      source: r.source ?? (r.package as unknown as Record<string, unknown>),
      submittedBy: r.submitted_by,
      submittedAt: r.submitted_at,
      approvedBy: r.approved_by,
      approvedAt: r.approved_at,
      reviewNote: r.review_note,
      testResults: r.test_results,
    }
  );
}

export async function listStrategies(db: Executor) {
  return db
    .selectFrom('strategies as s')
    .leftJoin('deployments as d', (j) => j.onRef('d.strategy_id', '=', 's.id').on('d.active', '=', true).on('d.mode', '=', 'live'))
    .select(['s.id', 's.event_type', 's.direction', 's.name', 's.created_at', 'd.version as live_version'])
    .select((eb) => eb.selectFrom('strategy_versions as v').select(sql<number>`max(v.version)`.as('m')).whereRef('v.strategy_id', '=', 's.id').as('latest_version'))
    .orderBy('s.id')
    .execute();
}

export async function listVersions(db: Executor, strategyId: string) {
  return db
    .selectFrom('strategy_versions')
    .select(['version', 'status', 'change_note', 'created_by', 'created_at', 'submitted_by', 'submitted_at', 'approved_by', 'approved_at', 'review_note'])
    .where('strategy_id', '=', strategyId)
    .orderBy('version', 'desc')
    .execute();
}

export type DeployMode = 'live' | 'shadow' | 'canary';
/** Statuses of versions that passed review and may be deployed (again). */
export const DEPLOYABLE: ReadonlySet<string> = new Set(['approved', 'shadow', 'canary', 'retired']);
/** A canary's slice of traffic: a share by stable hash of an entity field, or a set of legal entities. */
export type CanarySlice = { percent: number; key: string } | { orgs: string[] };

export interface Deployment {
  id: number;
  eventType: string;
  direction: Direction;
  strategyId: string;
  version: number;
  mode: DeployMode;
  canary: CanarySlice | null;
  actor: string;
  reason: string;
  createdAt: Date;
  scheduledFor: Date | null;
}

export interface ActiveDeployment extends Deployment {
  pkg: StrategyPackage;
}

function deploymentFromRow(r: { id: number; event_type: string; direction: string; strategy_id: string; version: number; mode: string; canary: Record<string, unknown> | null; actor: string; reason: string; created_at: Date; scheduled_for: Date | null }): Deployment {
  return {
    id: r.id,
    eventType: r.event_type,
    direction: r.direction as Direction,
    strategyId: r.strategy_id,
    version: r.version,
    mode: r.mode as DeployMode,
    canary: r.canary as CanarySlice | null,
    actor: r.actor,
    reason: r.reason,
    createdAt: r.created_at,
    scheduledFor: r.scheduled_for,
  };
}

const DEPLOYMENT_COLUMNS = ['d.id', 'd.event_type', 'd.direction', 'd.strategy_id', 'd.version', 'd.mode', 'd.canary', 'd.actor', 'd.reason', 'd.created_at', 'd.scheduled_for'] as const;

/** Ends active deployments matching the filter; returns the (strategy, version) pairs ended. */
async function endDeployments(
  db: Executor,
  where: { eventType: string; direction: string; mode?: DeployMode; strategyId?: string; version?: number },
  actor: string,
  reason: string,
): Promise<Array<{ strategy_id: string; version: number; mode: string }>> {
  let q = db
    .updateTable('deployments')
    .set({ active: false, ended_at: new Date(), ended_by: actor, end_reason: reason })
    .where('event_type', '=', where.eventType)
    .where('direction', '=', where.direction)
    .where('active', '=', true);
  if (where.mode) q = q.where('mode', '=', where.mode);
  if (where.strategyId) q = q.where('strategy_id', '=', where.strategyId);
  if (where.version !== undefined) q = q.where('version', '=', where.version);
  return q.returning(['strategy_id', 'version', 'mode']).execute();
}

async function setStatus(db: Executor, strategyId: string, version: number, status: string): Promise<void> {
  await db.updateTable('strategy_versions').set({ status }).where('strategy_id', '=', strategyId).where('version', '=', version).execute();
}

/**
 * Deploys a version in the caller's transaction. Live: the previous live version is retired and
 * any shadow or canary run of this version ends. Canary: replaces the event type's canary.
 * Shadow: adds a challenger. The version's status becomes the mode.
 */
export async function deployVersion(
  db: Executor,
  pkg: StrategyPackage,
  version: number,
  mode: DeployMode,
  actor: string,
  reason: string,
  canary: CanarySlice | null = null,
): Promise<number> {
  const scope = { eventType: pkg.eventType, direction: pkg.direction };
  if (mode === 'live') {
    for (const p of await endDeployments(db, { ...scope, mode: 'live' }, actor, reason)) {
      if (p.strategy_id !== pkg.id || p.version !== version) await setStatus(db, p.strategy_id, p.version, 'retired');
    }
    await endDeployments(db, { ...scope, strategyId: pkg.id, version }, actor, reason);
  } else if (mode === 'canary') {
    for (const p of await endDeployments(db, { ...scope, mode: 'canary' }, actor, reason)) {
      if (p.strategy_id !== pkg.id || p.version !== version) await setStatus(db, p.strategy_id, p.version, 'approved');
    }
    await endDeployments(db, { ...scope, mode: 'shadow', strategyId: pkg.id, version }, actor, reason);
  } else {
    await endDeployments(db, { ...scope, mode: 'shadow', strategyId: pkg.id, version }, actor, reason);
  }
  const row = await db
    .insertInto('deployments')
    .values({ event_type: pkg.eventType, direction: pkg.direction, strategy_id: pkg.id, version, mode, actor, reason, active: true, canary: canary === null ? null : json(canary as unknown as Record<string, unknown>) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setStatus(db, pkg.id, version, mode);
  return row.id;
}

/** Ends the shadow and/or canary run of a version (it stays approved and can be deployed again). */
export async function withdrawVersion(db: Executor, pkg: StrategyPackage, version: number, actor: string, reason: string, modes: Array<'shadow' | 'canary'> = ['shadow', 'canary']): Promise<boolean> {
  // A live version is replaced or rolled back, never withdrawn: only trial runs end here.
  const running = [];
  for (const mode of modes) running.push(...(await endDeployments(db, { eventType: pkg.eventType, direction: pkg.direction, mode, strategyId: pkg.id, version }, actor, reason)));
  if (running.length) await setStatus(db, pkg.id, version, 'approved');
  return running.length > 0;
}

/** Records a deployment to take effect at a time; the scheduler applies it when due. */
export async function scheduleDeployment(db: Executor, pkg: StrategyPackage, version: number, mode: DeployMode, actor: string, reason: string, canary: CanarySlice | null, at: Date): Promise<number> {
  const row = await db
    .insertInto('deployments')
    .values({ event_type: pkg.eventType, direction: pkg.direction, strategy_id: pkg.id, version, mode, actor, reason, active: false, canary: canary === null ? null : json(canary as unknown as Record<string, unknown>), scheduled_for: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Scheduled deployments not applied or cancelled yet, soonest first. */
export async function pendingSchedules(db: Executor): Promise<Deployment[]> {
  const rows = await db
    .selectFrom('deployments as d')
    .select(DEPLOYMENT_COLUMNS)
    .where('d.active', '=', false)
    .where('d.ended_at', 'is', null)
    .where('d.scheduled_for', 'is not', null)
    .orderBy('d.scheduled_for')
    .execute();
  return rows.map(deploymentFromRow);
}

/** Takes a due schedule for applying (locked, so one node applies it); marks it consumed. */
export async function claimSchedule(db: Executor, id: number, actor: string): Promise<Deployment | undefined> {
  const r = await db
    .selectFrom('deployments as d')
    .select(DEPLOYMENT_COLUMNS)
    .where('d.id', '=', id)
    .where('d.active', '=', false)
    .where('d.ended_at', 'is', null)
    .where('d.scheduled_for', '<=', new Date())
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!r) return undefined;
  await db.updateTable('deployments').set({ ended_at: new Date(), ended_by: actor, end_reason: 'applied as scheduled' }).where('id', '=', id).execute();
  return deploymentFromRow(r);
}

export async function cancelSchedules(db: Executor, strategyId: string, version: number, actor: string, reason: string): Promise<number> {
  const r = await db
    .updateTable('deployments')
    .set({ ended_at: new Date(), ended_by: actor, end_reason: reason })
    .where('strategy_id', '=', strategyId)
    .where('version', '=', version)
    .where('active', '=', false)
    .where('ended_at', 'is', null)
    .where('scheduled_for', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Every active deployment (live, canary, shadow) with its package. */
export async function activeDeployments(db: Executor): Promise<ActiveDeployment[]> {
  const rows = await db
    .selectFrom('deployments as d')
    .innerJoin('strategy_versions as v', (j) => j.onRef('v.strategy_id', '=', 'd.strategy_id').onRef('v.version', '=', 'd.version'))
    .select([...DEPLOYMENT_COLUMNS, 'v.package'])
    .where('d.active', '=', true)
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({ ...deploymentFromRow(r), pkg: r.package as unknown as StrategyPackage }));
}

/**
 * The live version before the current one for an event type and direction (the target of a
 * rollback): the newest earlier live deployment of a different version.
 */
export async function previousLive(db: Executor, eventType: string, direction: string): Promise<{ strategyId: string; version: number; current: { strategyId: string; version: number } } | undefined> {
  const rows = await db
    .selectFrom('deployments')
    .select(['strategy_id', 'version', 'active', 'end_reason'])
    .where('event_type', '=', eventType)
    .where('direction', '=', direction)
    .where('mode', '=', 'live')
    .where('scheduled_for', 'is', null)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const current = rows.find((r) => r.active);
  if (!current) return undefined;
  // A version taken off by a rollback is not "previous": rolling back twice walks further back.
  const prev = rows.find((r) => !r.active && !r.end_reason?.startsWith('rollback:') && (r.strategy_id !== current.strategy_id || r.version !== current.version));
  return prev && { strategyId: prev.strategy_id, version: prev.version, current: { strategyId: current.strategy_id, version: current.version } };
}

/** The newest version number of a strategy, or undefined when it has none. */
export async function latestVersionNumber(db: Executor, strategyId: string): Promise<number | undefined> {
  const r = await db.selectFrom('strategy_versions').select(sql<number | null>`max(version)`.as('v')).where('strategy_id', '=', strategyId).executeTakeFirst();
  return r?.v === null || r?.v === undefined ? undefined : Number(r.v);
}
