import type { CategoryBody, QueueBody } from '../../../api/alerts-api.ts';
import type { AlertCategory, AlertLevel, AlertQueue, AssignmentMode } from '../../../api/types.ts';
import { ALERT_LEVELS } from './alert-model.ts';

/** The queue editor's values: the API's body with every list present and the SLA per level optional. */
export interface QueueFormValues {
  orgId?: string;
  name: { zh: string; en: string };
  position: number;
  filters: { categories: string[]; levels: AlertLevel[]; eventTypes: string[]; orgs: string[] };
  roles: string[];
  assignment: AssignmentMode;
  slaMinutes: Partial<Record<AlertLevel, number | null>>;
  escalateTo?: string | null;
  enabled: boolean;
}

export function newQueueValues(orgId: string | undefined): QueueFormValues {
  return {
    orgId,
    name: { zh: '', en: '' },
    position: 100,
    filters: { categories: [], levels: [], eventTypes: [], orgs: [] },
    roles: ['alert_handler'],
    assignment: 'round_robin',
    slaMinutes: { critical: 15, high: 60, medium: 240, low: 1440 },
    escalateTo: null,
    enabled: true,
  };
}

export function queueValues(q: AlertQueue): QueueFormValues {
  return {
    orgId: q.orgId,
    name: { ...q.name },
    position: q.position,
    filters: { categories: q.filters.categories ?? [], levels: q.filters.levels ?? [], eventTypes: q.filters.eventTypes ?? [], orgs: q.filters.orgs ?? [] },
    roles: [...q.roles],
    assignment: q.assignment,
    slaMinutes: { ...q.slaMinutes },
    escalateTo: q.escalateTo,
    enabled: q.enabled,
  };
}

/** The body sent: names trimmed, empty filters left out (an empty filter takes everything), unset SLAs left out. */
export function queueBody(v: QueueFormValues, creating: boolean): QueueBody {
  const filters: QueueBody['filters'] = {};
  for (const k of ['categories', 'levels', 'eventTypes', 'orgs'] as const) {
    const list = v.filters?.[k] ?? [];
    if (list.length) (filters as Record<string, string[]>)[k] = [...list];
  }
  const slaMinutes: QueueBody['slaMinutes'] = {};
  for (const l of ALERT_LEVELS) {
    const m = v.slaMinutes?.[l];
    if (typeof m === 'number' && Number.isFinite(m)) slaMinutes[l] = m;
  }
  return {
    ...(creating && v.orgId ? { orgId: v.orgId } : {}),
    name: { zh: v.name.zh.trim(), en: v.name.en.trim() },
    position: v.position,
    filters,
    roles: [...v.roles],
    assignment: v.assignment,
    slaMinutes,
    escalateTo: v.escalateTo || null,
    enabled: v.enabled,
  };
}

export interface CategoryFormValues {
  key: string;
  name: { zh: string; en: string };
  description: string;
  mergeBy: string[];
  windowMinutes: number;
}

/** An existing category's values (its inherited or default setting, for an override). */
export function categoryValues(c: AlertCategory): CategoryFormValues {
  return { key: c.key, name: { ...c.name }, description: c.description, mergeBy: [...c.mergeBy], windowMinutes: c.windowMinutes };
}

export function categoryBody(v: CategoryFormValues, orgId: string | undefined): CategoryBody {
  return { ...(orgId ? { orgId } : {}), name: { zh: v.name.zh.trim(), en: v.name.en.trim() }, description: v.description ?? '', mergeBy: [...v.mergeBy], windowMinutes: v.windowMinutes };
}

/** Moves the item at `index` one place up (-1) or down (+1) in an ordered list; out of range changes nothing. */
export function moveItem<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

/**
 * The form field a server issue names, or undefined when it names none of `fields`: the API's
 * paths come as `filters.orgs[1]`, `/slaMinutes/high`, `body.name.zh` or `roles.0`, and an index
 * names an item of a list edited as one field.
 *
 * @example fieldOfIssue('filters.orgs[1]', QUEUE_FIELDS) // ['filters', 'orgs']
 */
export function fieldOfIssue(path: string, fields: ReadonlyArray<readonly string[]>): string[] | undefined {
  const parts = path
    .replace(/^\//, '')
    .replace(/^body[./]/, '')
    .split(/[./[\]]+/)
    .filter(Boolean);
  while (parts.length && /^\d+$/.test(parts[parts.length - 1]!)) parts.pop();
  return fields.find((f) => f.length === parts.length && f.every((p, i) => p === parts[i]))?.slice();
}

export const QUEUE_FIELDS: ReadonlyArray<readonly string[]> = [
  ['orgId'],
  ['name', 'zh'],
  ['name', 'en'],
  ['position'],
  ['filters', 'categories'],
  ['filters', 'levels'],
  ['filters', 'eventTypes'],
  ['filters', 'orgs'],
  ['roles'],
  ['assignment'],
  ...ALERT_LEVELS.map((l) => ['slaMinutes', l]),
  ['escalateTo'],
  ['enabled'],
];

export const CATEGORY_FIELDS: ReadonlyArray<readonly string[]> = [['key'], ['orgId'], ['name', 'zh'], ['name', 'en'], ['description'], ['mergeBy'], ['windowMinutes']];
