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
  pkg: StrategyPackage;
}

export interface LiveDeployment {
  eventType: string;
  direction: Direction;
  strategyId: string;
  version: number;
  pkg: StrategyPackage;
  deployedAt: Date;
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

/** Stores a new version (`max + 1`) of the package; the caller holds the transaction. */
export async function insertVersion(db: Executor, pkg: StrategyPackage, changeNote: string, actor: string): Promise<number> {
  const row = await db
    .selectFrom('strategy_versions')
    .select(sql<number>`coalesce(max(version), 0)`.as('v'))
    .where('strategy_id', '=', pkg.id)
    .executeTakeFirstOrThrow();
  const version = Number(row.v) + 1;
  await db
    .insertInto('strategy_versions')
    .values({ strategy_id: pkg.id, version, package: json(pkg as unknown as Record<string, unknown>), status: 'draft', change_note: changeNote, created_by: actor })
    .execute();
  return version;
}

export async function getVersion(db: Executor, strategyId: string, version: number): Promise<StrategyVersionRow | undefined> {
  const r = await db.selectFrom('strategy_versions').selectAll().where('strategy_id', '=', strategyId).where('version', '=', version).executeTakeFirst();
  return r && { strategyId: r.strategy_id, version: r.version, status: r.status, changeNote: r.change_note, createdBy: r.created_by, createdAt: r.created_at, pkg: r.package as unknown as StrategyPackage };
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
    .select(['version', 'status', 'change_note', 'created_by', 'created_at'])
    .where('strategy_id', '=', strategyId)
    .orderBy('version', 'desc')
    .execute();
}

/**
 * Makes a version the live one for its event type and direction, retiring the previous live
 * version. Runs in the caller's transaction so the switch is atomic.
 */
export async function activateVersion(db: Executor, pkg: StrategyPackage, version: number, actor: string, reason: string): Promise<void> {
  const prev = await db
    .selectFrom('deployments')
    .select(['strategy_id', 'version'])
    .where('event_type', '=', pkg.eventType)
    .where('direction', '=', pkg.direction)
    .where('mode', '=', 'live')
    .where('active', '=', true)
    .execute();
  await db.updateTable('deployments').set({ active: false }).where('event_type', '=', pkg.eventType).where('direction', '=', pkg.direction).where('mode', '=', 'live').where('active', '=', true).execute();
  for (const p of prev) {
    if (p.strategy_id === pkg.id && p.version === version) continue;
    await db.updateTable('strategy_versions').set({ status: 'retired' }).where('strategy_id', '=', p.strategy_id).where('version', '=', p.version).execute();
  }
  await db
    .insertInto('deployments')
    .values({ event_type: pkg.eventType, direction: pkg.direction, strategy_id: pkg.id, version, mode: 'live', actor, reason, active: true })
    .execute();
  await db.updateTable('strategy_versions').set({ status: 'live' }).where('strategy_id', '=', pkg.id).where('version', '=', version).execute();
}

export async function liveDeployments(db: Executor): Promise<LiveDeployment[]> {
  const rows = await db
    .selectFrom('deployments as d')
    .innerJoin('strategy_versions as v', (j) => j.onRef('v.strategy_id', '=', 'd.strategy_id').onRef('v.version', '=', 'd.version'))
    .select(['d.event_type', 'd.direction', 'd.strategy_id', 'd.version', 'd.created_at', 'v.package'])
    .where('d.active', '=', true)
    .where('d.mode', '=', 'live')
    .execute();
  return rows.map((r) => ({
    eventType: r.event_type,
    direction: r.direction as Direction,
    strategyId: r.strategy_id,
    version: r.version,
    pkg: r.package as unknown as StrategyPackage,
    deployedAt: r.created_at,
  }));
}
