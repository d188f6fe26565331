import { actorText } from './model-format.ts';
import type { ModelFormat, ModelKind, ModelPurpose, ModelStatus, ModelVersionSummary, MonitoringStatus } from '../../../api/types.ts';

export const MODEL_PURPOSES: readonly ModelPurpose[] = ['application', 'behaviour', 'collection', 'fraud', 'other'];
export const MODEL_KINDS: readonly ModelKind[] = ['scorecard', 'logistic', 'decision_tree', 'tree_ensemble'];
export const MODEL_STATUSES: readonly ModelStatus[] = ['development', 'validated', 'production', 'retired'];
export const MODEL_FORMATS: readonly ModelFormat[] = ['vigil', 'xgboost_json', 'lightgbm_text', 'decision_tree'];
export const MONITORING_STATUSES: readonly MonitoringStatus[] = ['ok', 'warning', 'alert', 'insufficient', 'failed'];

/**
 * The permission to validate and promote a version. It is being added to the server's catalogue:
 * checked as a plain string so the console works before and after the server knows it.
 */
export const MODEL_APPROVE = 'model.approve' as const;

export const STATUS_COLORS: Record<ModelStatus, string> = { development: 'default', validated: 'blue', production: 'green', retired: 'default' };
export const MONITORING_COLORS: Record<MonitoringStatus, string> = { ok: 'green', warning: 'gold', alert: 'red', insufficient: 'default', failed: 'magenta' };

/** Whether the caller holds a permission the server may not have named yet. */
export function holds(permissions: ReadonlySet<string>, permission: string): boolean {
  return permissions.has(permission);
}

/**
 * The moves between statuses and the permission each needs, as the server checks them:
 * validating, promoting and sending back to development are the model risk function's
 * (`model.approve`, never the version's author); anyone who edits models may retire a version.
 */
export const TRANSITIONS: Record<ModelStatus, Partial<Record<ModelStatus, 'model.edit' | typeof MODEL_APPROVE>>> = {
  development: { validated: MODEL_APPROVE, retired: 'model.edit' },
  validated: { production: MODEL_APPROVE, development: MODEL_APPROVE, retired: 'model.edit' },
  production: { retired: 'model.edit' },
  retired: {},
};

/** The statuses a version may move to from `status`, forward moves first. */
export function nextStatuses(status: ModelStatus): ModelStatus[] {
  return MODEL_STATUSES.filter((to) => to in TRANSITIONS[status]).sort((a, b) => Number(a === 'development') - Number(b === 'development'));
}

/** Why the caller may not move a version from `from` to `to`, or null when the server would let them. */
export function statusBlock(from: ModelStatus, to: ModelStatus, version: Pick<ModelVersionSummary, 'createdBy'>, me: string | undefined, permissions: ReadonlySet<string>): 'PERMISSION' | 'SAME_USER' | null {
  const need = TRANSITIONS[from][to];
  if (!need || !holds(permissions, need)) return 'PERMISSION';
  if (need === MODEL_APPROVE && me && actorText(version.createdBy) === me) return 'SAME_USER';
  return null;
}

/** Naming the champion and challenger is the model risk function's call. */
export function mayChooseChampion(permissions: ReadonlySet<string>): boolean {
  return holds(permissions, MODEL_APPROVE);
}

/** Only a validated or production version goes into a strategy, and only for those who edit strategies. */
export function deployBlock(status: ModelStatus, permissions: ReadonlySet<string>): 'STATUS' | 'PERMISSION' | null {
  if (!holds(permissions, 'strategy.edit')) return 'PERMISSION';
  return status === 'validated' || status === 'production' ? null : 'STATUS';
}

/** Versions that may be champion (production) and challenger (validated or production). */
export function championChoices(versions: readonly Pick<ModelVersionSummary, 'version' | 'status'>[]): { champions: number[]; challengers: number[] } {
  const desc = [...versions].sort((a, b) => b.version - a.version);
  return {
    champions: desc.filter((v) => v.status === 'production').map((v) => v.version),
    challengers: desc.filter((v) => v.status === 'production' || v.status === 'validated').map((v) => v.version),
  };
}

/** A champion/challenger choice the server would refuse: the same version twice. */
export function championProblem(champion: number | null, challenger: number | null): 'SAME_VERSION' | null {
  return champion !== null && champion === challenger ? 'SAME_VERSION' : null;
}

/** A write refused because the model changed since it was read (a stale `expectedVersion`). */
export function isStaleModel(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { status?: unknown }).status === 409 && (error as { code?: unknown }).code === 'CONFLICT';
}
