import { randomUUID } from 'node:crypto';
import { json } from '@vigil/storage';
import type { OrgData } from './scoped.ts';

export type ModelStatus = 'development' | 'validated' | 'production' | 'retired';

export interface MonitoringConfig {
  enabled: boolean;
  schedule: string;
  windowDays: number;
  labelMaturityDays: number;
  minDecisions: number;
  thresholds: { psiWarning: number; psiAlert: number; csiAlert: number; ksDropAlert: number; aucDropAlert: number };
}

/** Monitoring as a new model gets it: off until the owner turns it on, at the usual thresholds. */
export const DEFAULT_MONITORING: MonitoringConfig = {
  enabled: false,
  schedule: '0 2 * * *',
  windowDays: 7,
  labelMaturityDays: 30,
  minDecisions: 100,
  thresholds: { psiWarning: 0.1, psiAlert: 0.25, csiAlert: 0.25, ksDropAlert: 0.1, aucDropAlert: 0.05 },
};

export interface ModelRecord {
  id: string;
  orgId: string;
  key: string;
  name: string;
  purpose: string;
  description: string;
  owner: string;
  championVersion: number | null;
  challengerVersion: number | null;
  monitoring: MonitoringConfig;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  rowVersion: number;
}

export interface ModelVersionRecord {
  modelId: string;
  orgId: string;
  version: number;
  kind: string;
  format: string;
  status: ModelStatus;
  features: string[];
  definition: Record<string, unknown>;
  artefact: Record<string, unknown> | null;
  metrics: Record<string, unknown> | null;
  woeConvention: string | null;
  note: string;
  createdBy: string;
  createdAt: Date;
  statusChangedBy: string | null;
  statusChangedAt: Date | null;
}

type ModelRow = {
  id: string;
  org_id: string;
  key: string;
  name: string;
  purpose: string;
  description: string;
  owner: string;
  champion_version: number | null;
  challenger_version: number | null;
  monitoring: Record<string, unknown>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  row_version: number;
};

function modelFromRow(r: ModelRow): ModelRecord {
  return {
    id: r.id,
    orgId: r.org_id,
    key: r.key,
    name: r.name,
    purpose: r.purpose,
    description: r.description,
    owner: r.owner,
    championVersion: r.champion_version,
    challengerVersion: r.challenger_version,
    // Settings saved before a threshold existed get its default.
    monitoring: { ...DEFAULT_MONITORING, ...(r.monitoring as Partial<MonitoringConfig>), thresholds: { ...DEFAULT_MONITORING.thresholds, ...((r.monitoring as Partial<MonitoringConfig>).thresholds ?? {}) } },
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    rowVersion: r.row_version,
  };
}

const VERSION_SUMMARY_COLS = ['model_id', 'org_id', 'version', 'kind', 'format', 'status', 'features', 'metrics', 'woe_convention', 'note', 'created_by', 'created_at', 'status_changed_by', 'status_changed_at'] as const;

type VersionRow = {
  model_id: string;
  org_id: string;
  version: number;
  kind: string;
  format: string;
  status: string;
  features: string[];
  definition?: Record<string, unknown>;
  artefact?: Record<string, unknown> | null;
  metrics: Record<string, unknown> | null;
  woe_convention: string | null;
  note: string;
  created_by: string;
  created_at: Date;
  status_changed_by: string | null;
  status_changed_at: Date | null;
};

function versionFromRow(r: VersionRow): ModelVersionRecord {
  return {
    modelId: r.model_id,
    orgId: r.org_id,
    version: r.version,
    kind: r.kind,
    format: r.format,
    status: r.status as ModelStatus,
    features: r.features,
    definition: r.definition ?? {},
    artefact: r.artefact ?? null,
    metrics: r.metrics,
    woeConvention: r.woe_convention,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
    statusChangedBy: r.status_changed_by,
    statusChangedAt: r.status_changed_at,
  };
}

export async function insertModel(data: OrgData, m: { id: string; orgId: string; key: string; name: string; purpose: string; description: string; owner: string; createdBy: string }): Promise<void> {
  await data
    .insertInto('models', {
      id: m.id,
      org_id: m.orgId,
      key: m.key,
      name: m.name,
      purpose: m.purpose,
      description: m.description,
      owner: m.owner,
      champion_version: null,
      challenger_version: null,
      monitoring: json(DEFAULT_MONITORING as unknown as Record<string, unknown>),
      created_by: m.createdBy,
    })
    .execute();
}

export async function getModel(data: OrgData, id: string, opts: { forUpdate?: boolean } = {}): Promise<ModelRecord | undefined> {
  let q = data.selectFrom('models').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && modelFromRow(r as ModelRow);
}

export interface ModelFilter {
  orgIds?: string[];
  purpose?: string;
  q?: string;
}

export async function listModels(data: OrgData, f: ModelFilter = {}): Promise<ModelRecord[]> {
  let q = data.selectFrom('models').selectAll();
  if (f.orgIds) q = q.where('org_id', 'in', f.orgIds.length ? f.orgIds : ['']);
  if (f.purpose) q = q.where('purpose', '=', f.purpose);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('key', 'ilike', like), eb('name', 'ilike', like), eb('owner', 'ilike', like)]));
  }
  const rows = await q.orderBy('updated_at', 'desc').orderBy('id').limit(1000).execute();
  return rows.map((r) => modelFromRow(r as ModelRow));
}

/** Applies a patch when the row is still at `expectedVersion`; false when it moved on (or is gone). */
export async function updateModel(
  data: OrgData,
  id: string,
  expectedVersion: number | null,
  patch: Partial<{ name: string; purpose: string; description: string; owner: string; championVersion: number | null; challengerVersion: number | null; monitoring: MonitoringConfig }>,
): Promise<boolean> {
  let q = data
    .updateTable('models')
    .set((eb) => ({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.purpose !== undefined ? { purpose: patch.purpose } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.owner !== undefined ? { owner: patch.owner } : {}),
      ...(patch.championVersion !== undefined ? { champion_version: patch.championVersion } : {}),
      ...(patch.challengerVersion !== undefined ? { challenger_version: patch.challengerVersion } : {}),
      ...(patch.monitoring !== undefined ? { monitoring: json(patch.monitoring as unknown as Record<string, unknown>) } : {}),
      updated_at: new Date(),
      row_version: eb('row_version', '+', 1),
    }))
    .where('id', '=', id);
  if (expectedVersion !== null) q = q.where('row_version', '=', expectedVersion);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The next version number of a model; call with the model row locked. */
export async function nextVersion(data: OrgData, modelId: string): Promise<number> {
  const r = await data.selectFrom('model_versions').select((eb) => eb.fn.max('version').as('v')).where('model_id', '=', modelId).executeTakeFirst();
  return Number(r?.v ?? 0) + 1;
}

export async function insertVersion(
  data: OrgData,
  v: Omit<ModelVersionRecord, 'createdAt' | 'statusChangedBy' | 'statusChangedAt'>,
): Promise<void> {
  await data
    .insertInto('model_versions', {
      model_id: v.modelId,
      org_id: v.orgId,
      version: v.version,
      kind: v.kind,
      format: v.format,
      status: v.status,
      features: json(v.features),
      definition: json(v.definition),
      artefact: v.artefact === null ? null : json(v.artefact),
      metrics: v.metrics === null ? null : json(v.metrics),
      woe_convention: v.woeConvention,
      note: v.note,
      created_by: v.createdBy,
    })
    .execute();
}

/** Version summaries (no definition or artefact), newest first. */
export async function listVersions(data: OrgData, modelId: string): Promise<ModelVersionRecord[]> {
  const rows = await data.selectFrom('model_versions').select(VERSION_SUMMARY_COLS).where('model_id', '=', modelId).orderBy('version', 'desc').execute();
  return rows.map((r) => versionFromRow(r as VersionRow));
}

/** The latest version of each model, by model id (summaries). */
export async function latestVersions(data: OrgData, modelIds: string[]): Promise<Map<string, ModelVersionRecord>> {
  if (!modelIds.length) return new Map();
  const rows = await data
    .selectFrom('model_versions')
    .select(VERSION_SUMMARY_COLS)
    .where('model_id', 'in', modelIds)
    .where(({ eb, selectFrom }) => eb('version', '=', selectFrom('model_versions as mv').select((e) => e.fn.max('mv.version').as('m')).whereRef('mv.model_id', '=', 'model_versions.model_id')))
    .execute();
  return new Map(rows.map((r) => [r.model_id, versionFromRow(r as VersionRow)]));
}

export async function getVersion(data: OrgData, modelId: string, version: number): Promise<ModelVersionRecord | undefined> {
  const r = await data.selectFrom('model_versions').selectAll().where('model_id', '=', modelId).where('version', '=', version).executeTakeFirst();
  return r && versionFromRow(r as unknown as VersionRow);
}

export async function setVersionStatus(data: OrgData, modelId: string, version: number, from: ModelStatus, to: ModelStatus, actor: string): Promise<boolean> {
  const r = await data
    .updateTable('model_versions')
    .set({ status: to, status_changed_by: actor, status_changed_at: new Date() })
    .where('model_id', '=', modelId)
    .where('version', '=', version)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface ModelEventRecord {
  id: string;
  version: number | null;
  action: string;
  actor: string;
  at: Date;
  note: string;
  details: Record<string, unknown>;
}

export async function addModelEvent(data: OrgData, e: { modelId: string; orgId: string; version?: number | null; action: string; actor: string; note?: string; details?: Record<string, unknown> }): Promise<void> {
  await data
    .insertInto('model_events', { id: randomUUID(), model_id: e.modelId, org_id: e.orgId, version: e.version ?? null, action: e.action, actor: e.actor, note: e.note ?? '', details: json(e.details ?? {}) as never })
    .execute();
}

export async function listModelEvents(data: OrgData, modelId: string, limit = 200): Promise<ModelEventRecord[]> {
  const rows = await data.selectFrom('model_events').selectAll().where('model_id', '=', modelId).orderBy('at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, version: r.version, action: r.action, actor: r.actor, at: r.at, note: r.note, details: r.details as Record<string, unknown> }));
}
