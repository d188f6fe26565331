import { json } from '@vigil/storage';
import type { OrgDirectory } from '../runtime/org-directory.ts';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';
import { ALERT_LEVELS, type AlertLevel } from './alerts.ts';

/** Entity kinds an alert's subject can be, in the order a category without its own setting tries them. */
export const SUBJECT_KINDS = ['card', 'account', 'customer', 'merchant', 'terminal', 'device', 'phone', 'payee', 'ip', 'id_number'] as const;

/** How alerts of a category merge: by the first of these entity kinds the event carries, within the window. */
export interface AlertCategory {
  orgId: string;
  key: string;
  name: { zh: string; en: string };
  description: string;
  mergeBy: string[];
  windowMinutes: number;
  updatedBy: string;
  updatedAt: Date;
}

/** What a category nobody configured merges by: the card, else the account, the customer… within an hour. */
export const DEFAULT_CATEGORY = { mergeBy: ['card', 'account', 'customer', 'merchant', 'terminal', 'device'], windowMinutes: 60 } as const;

export interface QueueFilters {
  categories?: string[];
  levels?: string[];
  eventTypes?: string[];
  /** Alerts of these orgs (each with its branches). */
  orgs?: string[];
}

export type AssignmentMode = 'manual' | 'round_robin' | 'least_loaded';
export const ASSIGNMENT_MODES: readonly AssignmentMode[] = ['manual', 'round_robin', 'least_loaded'];

export interface AlertQueue {
  id: string;
  orgId: string;
  name: { zh: string; en: string };
  position: number;
  filters: QueueFilters;
  roles: string[];
  assignment: AssignmentMode;
  /** Minutes per level until an alert of that level breaches its SLA (absent: no SLA). */
  slaMinutes: Partial<Record<AlertLevel, number>>;
  escalateTo: string | null;
  enabled: boolean;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const CATEGORY_COLS = ['org_id', 'key', 'name', 'description', 'merge_by', 'window_minutes', 'updated_by', 'updated_at'] as const;
const QUEUE_COLS = ['id', 'org_id', 'name', 'position', 'filters', 'roles', 'assignment', 'sla_minutes', 'escalate_to', 'enabled', 'updated_by', 'created_at', 'updated_at'] as const;

function categoryOf(r: { org_id: string; key: string; name: { zh: string; en: string }; description: string; merge_by: string[]; window_minutes: number; updated_by: string; updated_at: Date }): AlertCategory {
  return { orgId: r.org_id, key: r.key, name: r.name, description: r.description, mergeBy: r.merge_by, windowMinutes: r.window_minutes, updatedBy: r.updated_by, updatedAt: r.updated_at };
}

function queueOf(r: {
  id: string;
  org_id: string;
  name: { zh: string; en: string };
  position: number;
  filters: QueueFilters;
  roles: string[];
  assignment: string;
  sla_minutes: Record<string, number>;
  escalate_to: string | null;
  enabled: boolean;
  updated_by: string;
  created_at: Date;
  updated_at: Date;
}): AlertQueue {
  return {
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    position: r.position,
    filters: r.filters,
    roles: r.roles,
    assignment: r.assignment as AssignmentMode,
    slaMinutes: r.sla_minutes as AlertQueue['slaMinutes'],
    escalateTo: r.escalate_to,
    enabled: r.enabled,
    updatedBy: r.updated_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Categories defined by these orgs (an org's own and those it inherits: pass its chain). */
export async function listCategories(data: OrgData, orgIds?: readonly string[]): Promise<AlertCategory[]> {
  let q = data.selectFrom('alert_categories').select(CATEGORY_COLS);
  if (orgIds) q = q.where('org_id', 'in', orgIds.length ? [...orgIds] : ['']);
  return (await q.orderBy('key').orderBy('org_id').execute()).map(categoryOf);
}

export async function upsertCategory(data: OrgData, c: Omit<AlertCategory, 'updatedAt'>): Promise<void> {
  await data
    .insertInto('alert_categories', { org_id: c.orgId, key: c.key, name: json(c.name), description: c.description, merge_by: json(c.mergeBy), window_minutes: c.windowMinutes, updated_by: c.updatedBy })
    .onConflict((oc) =>
      oc.columns(['org_id', 'key']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        description: eb.ref('excluded.description'),
        merge_by: eb.ref('excluded.merge_by'),
        window_minutes: eb.ref('excluded.window_minutes'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: new Date(),
      })),
    )
    .execute();
}

export async function deleteCategory(data: OrgData, orgId: string, key: string): Promise<boolean> {
  const r = await data.deleteFrom('alert_categories').where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The category setting that applies to an org: its own, else the nearest ancestor's. */
export function effectiveCategory(categories: readonly AlertCategory[], chain: readonly string[], key: string): Pick<AlertCategory, 'mergeBy' | 'windowMinutes'> & { definedBy: string | null } {
  for (const org of chain) {
    const c = categories.find((x) => x.orgId === org && x.key === key);
    if (c) return { mergeBy: c.mergeBy, windowMinutes: c.windowMinutes, definedBy: org };
  }
  return { mergeBy: [...DEFAULT_CATEGORY.mergeBy], windowMinutes: DEFAULT_CATEGORY.windowMinutes, definedBy: null };
}

export async function listQueues(data: OrgData, orgIds?: readonly string[]): Promise<AlertQueue[]> {
  let q = data.selectFrom('alert_queues').select(QUEUE_COLS);
  if (orgIds) q = q.where('org_id', 'in', orgIds.length ? [...orgIds] : ['']);
  return (await q.orderBy('org_id').orderBy('position').orderBy('id').execute()).map(queueOf);
}

export async function getQueue(data: OrgData, id: string): Promise<AlertQueue | undefined> {
  const r = await data.selectFrom('alert_queues').select(QUEUE_COLS).where('id', '=', id).executeTakeFirst();
  return r && queueOf(r);
}

export async function insertQueue(data: OrgData, q: Omit<AlertQueue, 'createdAt' | 'updatedAt'>): Promise<void> {
  await data
    .insertInto('alert_queues', {
      id: q.id,
      org_id: q.orgId,
      name: json(q.name),
      position: q.position,
      filters: json(q.filters),
      roles: json(q.roles),
      assignment: q.assignment,
      sla_minutes: json(q.slaMinutes as Record<string, number>),
      escalate_to: q.escalateTo,
      enabled: q.enabled,
      updated_by: q.updatedBy,
    })
    .execute();
}

export async function updateQueue(data: OrgData, id: string, q: Omit<AlertQueue, 'id' | 'orgId' | 'createdAt' | 'updatedAt'>): Promise<boolean> {
  const r = await data
    .updateTable('alert_queues')
    .set({
      name: json(q.name),
      position: q.position,
      filters: json(q.filters),
      roles: json(q.roles),
      assignment: q.assignment,
      sla_minutes: json(q.slaMinutes as Record<string, number>),
      escalate_to: q.escalateTo,
      enabled: q.enabled,
      updated_by: q.updatedBy,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteQueue(data: OrgData, id: string): Promise<boolean> {
  const r = await data.deleteFrom('alert_queues').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** What routing looks at in an alert. */
export interface RoutableAlert {
  orgId: string;
  category: string;
  level: AlertLevel;
  eventType: string | null;
}

/** Whether the queue takes the alert by its filters (empty filters take everything in the queue's orgs). */
export function queueMatches(q: AlertQueue, a: RoutableAlert, orgs: OrgDirectory): boolean {
  if (!q.enabled || !orgs.isWithin(a.orgId, q.orgId)) return false;
  const f = q.filters;
  if (f.categories?.length && !f.categories.includes(a.category)) return false;
  if (f.levels?.length && !f.levels.includes(a.level)) return false;
  if (f.eventTypes?.length && (!a.eventType || !f.eventTypes.includes(a.eventType))) return false;
  if (f.orgs?.length && !f.orgs.some((o) => orgs.isWithin(a.orgId, o))) return false;
  return true;
}

/**
 * The queue an alert joins: among the queues of its org and its ancestors, the nearest org's first
 * matching queue by position (a branch's own queue before its bank's, the bank's before the union's).
 */
export function routeAlert(queues: readonly AlertQueue[], a: RoutableAlert, orgs: OrgDirectory): AlertQueue | null {
  const chain = orgs.chain(a.orgId);
  for (const org of chain) {
    const own = queues.filter((q) => q.orgId === org).sort((x, y) => x.position - y.position || x.id.localeCompare(y.id));
    const hit = own.find((q) => queueMatches(q, a, orgs));
    if (hit) return hit;
  }
  return null;
}

/** When an alert of this level, opened at `openedAt`, breaches the queue's SLA (null: no SLA). */
export function slaDue(queue: AlertQueue | null, level: AlertLevel, from: Date): Date | null {
  const minutes = queue?.slaMinutes[level];
  return typeof minutes === 'number' && minutes > 0 ? new Date(from.getTime() + minutes * 60_000) : null;
}

export function isAlertLevel(v: unknown): v is AlertLevel {
  return typeof v === 'string' && (ALERT_LEVELS as readonly string[]).includes(v);
}

/**
 * Category settings of these orgs (an org's chain: the settings it works under). Read for the
 * node, not the caller: a bank's handler cannot read the union's settings, yet they apply.
 */
export function categoriesOfOrgs(db: Executor, chain: readonly string[]): Promise<AlertCategory[]> {
  return listCategories(OrgData.system(db), chain);
}

/** Queues of these orgs (an org's chain: the queues its alerts can join), read for the node. */
export function queuesOfOrgs(db: Executor, chain: readonly string[]): Promise<AlertQueue[]> {
  return listQueues(OrgData.system(db), chain);
}
