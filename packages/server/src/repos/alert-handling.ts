import { sql, type Selectable } from 'kysely';
import { json, type AlertTable } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import type { TreeOrgDirectory } from '../runtime/org-directory.ts';
import { getQueue, listQueues, routeAlert, slaDue, type AlertQueue } from './alert-config.ts';
import type { AlertLevel } from './alerts.ts';
import { recordEventLabels, recordSubjectLabel } from './labels.ts';
import type { OrgData } from './scoped.ts';

export type AlertStatus = 'open' | 'assigned' | 'closed';
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'assigned', 'closed'];

/** How a handler closes an alert; fraud and genuine dispositions become labels. */
export const DISPOSITIONS = ['confirmed_fraud', 'false_positive', 'customer_confirmed_genuine', 'unreachable', 'escalated_to_case'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** The label a disposition gives the alert's events and subject: fraud, genuine, or none. */
export function dispositionLabel(d: Disposition): boolean | null {
  if (d === 'confirmed_fraud') return true;
  if (d === 'false_positive' || d === 'customer_confirmed_genuine') return false;
  return null;
}

export interface AlertView {
  id: string;
  orgId: string;
  legalEntityId: string | null;
  category: string;
  level: AlertLevel;
  status: AlertStatus;
  subject: { type: string; key: string; display: string };
  source: string;
  eventType: string | null;
  eventCount: number;
  amount: number;
  ruleIds: string[];
  merging: boolean;
  mergeUntil: Date;
  firstEventAt: Date;
  lastEventAt: Date;
  queueId: string | null;
  assignee: string | null;
  assignedAt: Date | null;
  dueAt: Date | null;
  /** `ok`, `due_soon` (within a fifth of its SLA or 15 minutes), `breached`; null without SLA or once closed. */
  sla: 'ok' | 'due_soon' | 'breached' | null;
  escalationLevel: number;
  escalatedAt: Date | null;
  disposition: Disposition | null;
  disposedBy: string | null;
  disposedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

type AlertRow = Selectable<AlertTable>;

export function slaState(r: Pick<AlertRow, 'status' | 'due_at' | 'created_at'>, now = Date.now()): AlertView['sla'] {
  if (r.status === 'closed' || !r.due_at) return null;
  const due = r.due_at.getTime();
  if (due <= now) return 'breached';
  const span = Math.max(0, due - r.created_at.getTime());
  return due - now <= Math.min(span / 5, 15 * 60_000) || due - now <= 15 * 60_000 ? 'due_soon' : 'ok';
}

export function alertView(r: AlertRow, now = Date.now()): AlertView {
  return {
    id: r.id,
    orgId: r.org_id,
    legalEntityId: r.legal_entity_id,
    category: r.category,
    level: r.level as AlertLevel,
    status: r.status as AlertStatus,
    subject: { type: r.subject_type, key: r.subject_key, display: r.subject_display },
    source: r.source,
    eventType: r.event_type,
    eventCount: r.event_count,
    amount: r.amount,
    ruleIds: r.rule_ids,
    merging: r.merging,
    mergeUntil: r.merge_until,
    firstEventAt: r.first_event_at,
    lastEventAt: r.last_event_at,
    queueId: r.queue_id,
    assignee: r.assignee,
    assignedAt: r.assigned_at,
    dueAt: r.due_at,
    sla: slaState(r, now),
    escalationLevel: r.escalation_level,
    escalatedAt: r.escalated_at,
    disposition: r.disposition as Disposition | null,
    disposedBy: r.disposed_by,
    disposedAt: r.disposed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface AlertQuery {
  status?: readonly string[];
  level?: readonly string[];
  category?: readonly string[];
  queueId?: string;
  assignee?: string;
  unassigned?: boolean;
  orgIds?: readonly string[];
  subjectType?: string;
  subjectKey?: string;
  eventType?: string;
  disposition?: readonly string[];
  breached?: boolean;
  from?: Date;
  to?: Date;
  /** `newest` (cursor paged) or `urgency` (breached and soonest due first, then highest level). */
  sort?: 'newest' | 'urgency';
  /** Newest-first paging: alerts created before this `(createdAt, id)`. */
  before?: { at: Date; id: string };
  limit: number;
}

export async function searchAlerts(data: OrgData, q: AlertQuery, now = new Date()): Promise<AlertRow[]> {
  let b = data.selectFrom('alerts').selectAll();
  if (q.status?.length) b = b.where('status', 'in', [...q.status]);
  if (q.level?.length) b = b.where('level', 'in', [...q.level]);
  if (q.category?.length) b = b.where('category', 'in', [...q.category]);
  if (q.disposition?.length) b = b.where('disposition', 'in', [...q.disposition]);
  if (q.queueId) b = b.where('queue_id', '=', q.queueId);
  if (q.assignee) b = b.where('assignee', '=', q.assignee);
  if (q.unassigned) b = b.where('assignee', 'is', null);
  if (q.orgIds) b = b.where('org_id', 'in', q.orgIds.length ? [...q.orgIds] : ['']);
  if (q.subjectType) b = b.where('subject_type', '=', q.subjectType);
  if (q.subjectKey) b = b.where('subject_key', '=', q.subjectKey);
  if (q.eventType) b = b.where('event_type', '=', q.eventType);
  if (q.breached) b = b.where('status', '<>', 'closed').where('due_at', '<=', now);
  if (q.from) b = b.where('created_at', '>=', q.from);
  if (q.to) b = b.where('created_at', '<', q.to);
  if (q.sort === 'urgency') {
    return b.orderBy(sql`due_at asc nulls last`).orderBy('level_rank', 'desc').orderBy('created_at').orderBy('id').limit(q.limit).execute();
  }
  if (q.before) {
    const { at, id } = q.before;
    b = b.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  return b.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

export async function getAlertRow(data: OrgData, id: string): Promise<AlertRow | undefined> {
  return data.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireAlert(data: OrgData, id: string): Promise<AlertRow> {
  const r = await getAlertRow(data, id);
  if (!r) throw notFound('alert');
  return r;
}

export interface TimelineEntry {
  at: Date;
  kind: string;
  actor: string | null;
  details: Record<string, unknown>;
}

/** Every contribution and every handling step of an alert, oldest first. */
export async function alertTimeline(data: OrgData, alertId: string): Promise<TimelineEntry[]> {
  const contributions = await data
    .selectFrom('alert_contributions')
    .select(['id', 'source', 'level', 'decision_id', 'event_type', 'event_id', 'rule_ids', 'note', 'at', 'amount'])
    .where('alert_id', '=', alertId)
    .orderBy('id')
    .limit(5000)
    .execute();
  const events = await data.selectFrom('alert_events').select(['kind', 'actor', 'details', 'at']).where('alert_id', '=', alertId).orderBy('id').limit(5000).execute();
  const out: TimelineEntry[] = [
    ...contributions.map((c) => ({
      at: c.at,
      kind: 'contribution',
      actor: null,
      details: { source: c.source, level: c.level, decisionId: c.decision_id, eventType: c.event_type, eventId: c.event_id, ruleIds: c.rule_ids, note: c.note, amount: c.amount },
    })),
    ...events.map((e) => ({ at: e.at, kind: e.kind, actor: e.actor, details: e.details })),
  ];
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The decisions that contributed to an alert (id, event type, event id), oldest first. */
export async function alertDecisions(data: OrgData, alertId: string): Promise<Array<{ decisionId: string; eventType: string; eventId: string; orgId: string; amount: number | null }>> {
  const rows = await data
    .selectFrom('alert_contributions')
    .select(['decision_id', 'event_type', 'event_id', 'org_id', 'amount'])
    .where('alert_id', '=', alertId)
    .where('decision_id', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.flatMap((r) => (r.decision_id && r.event_type && r.event_id ? [{ decisionId: r.decision_id, eventType: r.event_type, eventId: r.event_id, orgId: r.org_id, amount: r.amount }] : []));
}

export async function addAlertEvent(data: OrgData, e: { alertId: string; orgId: string; kind: string; actor: string; details?: Record<string, unknown>; at?: Date }): Promise<void> {
  await data.insertInto('alert_events', { alert_id: e.alertId, org_id: e.orgId, kind: e.kind, actor: e.actor, details: json(e.details ?? {}), ...(e.at ? { at: e.at } : {}) }).execute();
}

/**
 * Handlers who serve a queue: active users of its org or branches holding one of its roles — for
 * one alert, only those who can see it (of the alert's org or an org above it).
 */
export async function queueServers(data: OrgData, queue: AlertQueue, orgs: TreeOrgDirectory, alertOrg?: string): Promise<string[]> {
  const subtree = orgs.subtree(queue.orgId);
  const users = await data.selectFrom('users').select(['username', 'roles', 'org_id']).where('org_id', 'in', subtree).where('disabled', '=', false).execute();
  return users
    .filter((u) => u.roles.some((r) => queue.roles.includes(r)) && (!alertOrg || orgs.isWithin(alertOrg, u.org_id)))
    .map((u) => u.username)
    .sort();
}

/** Whether `username` serves the queue. */
export async function servesQueue(data: OrgData, queue: AlertQueue, orgs: TreeOrgDirectory, username: string, alertOrg?: string): Promise<boolean> {
  return (await queueServers(data, queue, orgs, alertOrg)).includes(username);
}

/**
 * The handler an alert is given to by the queue's mode: round-robin takes the server after the
 * last one given an alert (the queue row is locked while it does, so concurrent feeds take turns);
 * least-loaded the one with the fewest alerts assigned and not closed (ties by name). Manual: none.
 */
export async function pickAssignee(data: OrgData, queue: AlertQueue, orgs: TreeOrgDirectory, alertOrg: string): Promise<string | null> {
  if (queue.assignment === 'manual') return null;
  const servers = await queueServers(data, queue, orgs, alertOrg);
  if (servers.length === 0) return null;
  if (queue.assignment === 'round_robin') {
    const locked = await data.selectFrom('alert_queues').select('rr_last').where('id', '=', queue.id).forUpdate().executeTakeFirst();
    const last = locked?.rr_last ?? null;
    const next = servers.find((u) => last === null || u > last) ?? servers[0]!;
    await data.updateTable('alert_queues').set({ rr_last: next }).where('id', '=', queue.id).execute();
    return next;
  }
  const loads = await data
    .selectFrom('alerts')
    .select(['assignee', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', '=', 'assigned')
    .where('assignee', 'in', servers)
    .groupBy('assignee')
    .execute();
  const load = new Map(loads.map((l) => [l.assignee!, Number(l.n)]));
  return [...servers].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a.localeCompare(b))[0]!;
}

/**
 * Places a newly opened alert: the queue it joins, its SLA due time and, when the queue assigns
 * automatically, its handler. Idempotent (an alert already routed is left alone).
 */
export async function placeAlert(data: OrgData, orgs: TreeOrgDirectory, alertId: string, queues?: readonly AlertQueue[]): Promise<void> {
  const a = await data.selectFrom('alerts').selectAll().where('id', '=', alertId).where('routed', '=', false).forUpdate().executeTakeFirst();
  if (!a) return;
  const all = queues ?? (await listQueues(data, orgs.chain(a.org_id)));
  const queue = routeAlert(all, { orgId: a.org_id, category: a.category, level: a.level as AlertLevel, eventType: a.event_type }, orgs);
  const assignee = queue && a.status === 'open' ? await pickAssignee(data, queue, orgs, a.org_id) : null;
  const now = new Date();
  await data
    .updateTable('alerts')
    .set({
      routed: true,
      queue_id: queue?.id ?? null,
      due_at: slaDue(queue, a.level as AlertLevel, a.created_at),
      ...(assignee ? { assignee, assigned_at: now, status: 'assigned' } : {}),
      updated_at: now,
    })
    .where('id', '=', a.id)
    .execute();
  await addAlertEvent(data, { alertId: a.id, orgId: a.org_id, kind: 'routed', actor: 'system', details: { queueId: queue?.id ?? null } });
  if (assignee) await addAlertEvent(data, { alertId: a.id, orgId: a.org_id, kind: 'assigned', actor: 'system', details: { assignee, mode: queue!.assignment } });
}

/** After a contribution raised an alert's level: its SLA is the stricter of the old and the new level's. */
export async function tightenSla(data: OrgData, alertId: string): Promise<void> {
  const a = await data.selectFrom('alerts').select(['id', 'queue_id', 'level', 'created_at', 'due_at', 'status', 'escalation_level']).where('id', '=', alertId).executeTakeFirst();
  if (!a || a.status === 'closed' || !a.queue_id || a.escalation_level > 0) return;
  const q = await getQueue(data, a.queue_id);
  const due = slaDue(q ?? null, a.level as AlertLevel, a.created_at);
  if (due && (!a.due_at || due < a.due_at)) await data.updateTable('alerts').set({ due_at: due }).where('id', '=', a.id).execute();
}

function conflict(message: string, path?: string): AppError {
  return new AppError('CONFLICT', message, path ? { path } : {});
}

/** Takes an unassigned alert (fails with 409 when someone else took it first). */
export async function claimAlert(data: OrgData, id: string, username: string): Promise<void> {
  const r = await data.updateTable('alerts').set({ assignee: username, assigned_at: new Date(), status: 'assigned', updated_at: new Date() }).where('id', '=', id).where('status', '=', 'open').returning('org_id').executeTakeFirst();
  if (!r) throw conflict('the alert is not open for claiming (already assigned or closed)', 'status');
  await addAlertEvent(data, { alertId: id, orgId: r.org_id, kind: 'claimed', actor: username });
}

/** Gives an alert that is not closed to a handler (a reassignment when it had one). */
export async function assignAlert(data: OrgData, id: string, to: string, actor: string, note?: string): Promise<void> {
  const before = await requireAlert(data, id);
  const r = await data.updateTable('alerts').set({ assignee: to, assigned_at: new Date(), status: 'assigned', updated_at: new Date() }).where('id', '=', id).where('status', '<>', 'closed').returning('org_id').executeTakeFirst();
  if (!r) throw conflict('a closed alert cannot be assigned', 'status');
  await addAlertEvent(data, { alertId: id, orgId: r.org_id, kind: before.assignee ? 'reassigned' : 'assigned', actor, details: { from: before.assignee, assignee: to, ...(note ? { note } : {}) } });
}

/** Puts an assigned alert back into its queue. */
export async function releaseAlert(data: OrgData, id: string, actor: string): Promise<void> {
  const before = await requireAlert(data, id);
  const r = await data.updateTable('alerts').set({ assignee: null, assigned_at: null, status: 'open', updated_at: new Date() }).where('id', '=', id).where('status', '=', 'assigned').returning('org_id').executeTakeFirst();
  if (!r) throw conflict('only an assigned alert can be released', 'status');
  await addAlertEvent(data, { alertId: id, orgId: r.org_id, kind: 'released', actor, details: { from: before.assignee } });
}

export async function noteAlert(data: OrgData, id: string, actor: string, text: string): Promise<void> {
  const a = await requireAlert(data, id);
  await addAlertEvent(data, { alertId: id, orgId: a.org_id, kind: 'note', actor, details: { text } });
  await data.updateTable('alerts').set({ updated_at: new Date() }).where('id', '=', id).execute();
}

/**
 * Closes an alert with a disposition: it stops merging (the subject's next alert opens anew), and
 * a fraud or genuine disposition labels every contributed event and the subject, in the same
 * transaction. Returns the alert as it was closed, its decisions, and how many events it labelled.
 */
export async function disposeAlert(
  data: OrgData,
  id: string,
  d: { disposition: Disposition; note?: string; actor: string },
): Promise<{ alert: AlertRow; decisions: Awaited<ReturnType<typeof alertDecisions>>; labelled: number }> {
  const now = new Date();
  const r = await data
    .updateTable('alerts')
    .set({ status: 'closed', merging: false, disposition: d.disposition, disposed_by: d.actor, disposed_at: now, due_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '<>', 'closed')
    .returningAll()
    .executeTakeFirst();
  if (!r) throw conflict('the alert is already closed', 'status');
  await addAlertEvent(data, { alertId: id, orgId: r.org_id, kind: 'disposed', actor: d.actor, details: { disposition: d.disposition, ...(d.note ? { note: d.note } : {}) } });
  const decisions = await alertDecisions(data, id);
  const fraud = dispositionLabel(d.disposition);
  if (fraud !== null) {
    await recordEventLabels(
      data,
      decisions.map((x) => ({
        eventType: x.eventType,
        orgId: x.orgId,
        eventId: x.eventId,
        fraud,
        amount: x.amount,
        typology: r.category,
        subjectType: r.subject_type,
        subjectKey: r.subject_key,
        source: 'alert',
        sourceRef: `alert:${id}`,
        createdBy: d.actor,
      })),
    );
    if (r.subject_type !== 'event') {
      await recordSubjectLabel(data, { orgId: r.org_id, subjectType: r.subject_type, subjectKey: r.subject_key, subjectDisplay: r.subject_display, fraud, typology: r.category, source: 'alert', sourceRef: `alert:${id}`, createdBy: d.actor });
    }
  }
  return { alert: r, decisions, labelled: fraud === null ? 0 : decisions.length };
}

/** Opens a closed alert again for handling (its labels stay until a new disposition replaces them). */
export async function reopenAlert(data: OrgData, id: string, actor: string, note?: string): Promise<void> {
  const r = await data
    .updateTable('alerts')
    .set({ status: 'open', assignee: null, assigned_at: null, disposition: null, disposed_by: null, disposed_at: null, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'closed')
    .returning('org_id')
    .executeTakeFirst();
  if (!r) throw conflict('only a closed alert can be reopened', 'status');
  await addAlertEvent(data, { alertId: id, orgId: r.org_id, kind: 'reopened', actor, details: note ? { note } : {} });
}

/**
 * Escalates alerts whose SLA ran out by `now`: each gets its escalation level raised, a
 * `sla_breached` entry on its timeline, and — when its queue names one — moves to the escalation
 * queue, unassigned (or given to that queue's next handler), with that queue's SLA from now.
 * Otherwise it stays where it is, marked, with a new due time one SLA period on, so a still
 * unhandled alert escalates again. Rows are locked and skipped when another node holds them.
 */
export async function escalateDue(data: OrgData, orgs: TreeOrgDirectory, now: Date, limit = 200): Promise<Array<{ alertId: string; orgId: string; level: number; queueId: string | null }>> {
  const due = await data
    .selectFrom('alerts')
    .selectAll()
    .where('status', '<>', 'closed')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  const out: Array<{ alertId: string; orgId: string; level: number; queueId: string | null }> = [];
  const queues = new Map<string, AlertQueue | null>();
  const queueOf = async (id: string | null) => {
    if (!id) return null;
    if (!queues.has(id)) queues.set(id, (await getQueue(data, id)) ?? null);
    return queues.get(id)!;
  };
  for (const a of due) {
    const from = await queueOf(a.queue_id);
    const target = from?.escalateTo ? await queueOf(from.escalateTo) : null;
    const level = a.escalation_level + 1;
    const moved = target !== null;
    const q = target ?? from;
    const sla = slaDue(q, a.level as AlertLevel, now);
    const assignee = moved && target ? await pickAssignee(data, target, orgs, a.org_id) : null;
    await data
      .updateTable('alerts')
      .set({
        escalation_level: level,
        escalated_at: now,
        due_at: sla,
        ...(moved ? { queue_id: target!.id, assignee, assigned_at: assignee ? now : null, status: assignee ? 'assigned' : 'open' } : {}),
        updated_at: now,
      })
      .where('id', '=', a.id)
      .execute();
    await addAlertEvent(data, {
      alertId: a.id,
      orgId: a.org_id,
      kind: 'sla_breached',
      actor: 'system',
      at: now,
      details: { dueAt: a.due_at?.toISOString() ?? null, escalationLevel: level, from: a.queue_id, to: moved ? target!.id : a.queue_id, previousAssignee: a.assignee, ...(assignee ? { assignee } : {}) },
    });
    out.push({ alertId: a.id, orgId: a.org_id, level, queueId: moved ? target!.id : a.queue_id });
  }
  return out;
}

/** Open, assigned and breached counts per queue (the team-queue overview). */
export async function queueCounts(data: OrgData, queueIds: readonly string[], now: Date): Promise<Map<string, { open: number; assigned: number; breached: number }>> {
  const out = new Map<string, { open: number; assigned: number; breached: number }>();
  if (!queueIds.length) return out;
  const rows = await data
    .selectFrom('alerts')
    .select([
      'queue_id',
      (eb) => eb.fn.countAll<string>().filterWhere('status', '=', 'open').as('open'),
      (eb) => eb.fn.countAll<string>().filterWhere('status', '=', 'assigned').as('assigned'),
      (eb) => eb.fn.countAll<string>().filterWhere('due_at', '<=', now).as('breached'),
    ])
    .where('queue_id', 'in', [...queueIds])
    .where('status', '<>', 'closed')
    .groupBy('queue_id')
    .execute();
  for (const r of rows) out.set(r.queue_id!, { open: Number(r.open), assigned: Number(r.assigned), breached: Number(r.breached) });
  return out;
}
