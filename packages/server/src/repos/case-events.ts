import { sql } from 'kysely';
import { json } from '@vigil/storage';
import type { OrgData } from './scoped.ts';

/** What can happen to a case; each is one entry of its timeline. */
export type CaseEventKind =
  | 'created'
  | 'updated'
  | 'transition'
  | 'member_added'
  | 'member_removed'
  | 'task_added'
  | 'task_updated'
  | 'task_completed'
  | 'task_removed'
  | 'note_added'
  | 'attachment_added'
  | 'evidence_added'
  | 'evidence_removed'
  | 'link_added'
  | 'conclusion_proposed'
  | 'conclusion_approved'
  | 'conclusion_rejected'
  | 'labels_recorded'
  | 'merged_in'
  | 'merged_out';

export interface CaseEventRecord {
  id: string;
  caseId: string;
  kind: CaseEventKind;
  actor: string;
  at: Date;
  details: Record<string, unknown>;
  /** The case this entry happened in, when it came with a merged case. */
  originCaseId: string | null;
}

export interface NewCaseEvent {
  caseId: string;
  orgId: string;
  kind: CaseEventKind;
  actor: string;
  details?: Record<string, unknown>;
  /** Default now (in milliseconds, like every time the timeline is paged by). */
  at?: Date;
}

export async function appendCaseEvents(data: OrgData, events: readonly NewCaseEvent[]): Promise<void> {
  if (!events.length) return;
  const now = new Date();
  await data
    .insertInto(
      'case_events',
      events.map((e) => ({ case_id: e.caseId, org_id: e.orgId, kind: e.kind, actor: e.actor, at: e.at ?? now, details: json(e.details ?? {}) })),
    )
    .execute();
}

export function appendCaseEvent(data: OrgData, e: NewCaseEvent): Promise<void> {
  return appendCaseEvents(data, [e]);
}

/** A case's timeline in time order (entries of merged cases at their original times); keyset-paged. */
export async function caseTimeline(data: OrgData, caseId: string, q: { after?: { at: Date; id: string }; limit: number }): Promise<CaseEventRecord[]> {
  let query = data.selectFrom('case_events').select(['id', 'case_id', 'kind', 'actor', 'at', 'details', 'origin_case_id']).where('case_id', '=', caseId).orderBy('at').orderBy('id').limit(q.limit);
  if (q.after) {
    const { at, id } = q.after;
    query = query.where((eb) => eb.or([eb('at', '>', at), eb.and([eb('at', '=', at), eb('id', '>', id)])]));
  }
  const rows = await query.execute();
  return rows.map((r) => ({ id: String(r.id), caseId: r.case_id, kind: r.kind as CaseEventKind, actor: r.actor, at: r.at, details: r.details, originCaseId: r.origin_case_id }));
}

/**
 * Copies every timeline entry of `fromCaseId` into `toCaseId` with its original time, actor and
 * details, marked with the case it happened in (entries the source had itself received from an
 * earlier merge keep their own origin).
 */
export async function copyTimeline(data: OrgData, fromCaseId: string, toCaseId: string): Promise<number> {
  const rows = await data.selectFrom('case_events').select(['org_id', 'kind', 'actor', 'at', 'details', 'origin_case_id']).where('case_id', '=', fromCaseId).orderBy('at').orderBy('id').execute();
  if (!rows.length) return 0;
  await data
    .insertInto(
      'case_events',
      rows.map((r) => ({ case_id: toCaseId, org_id: r.org_id, kind: r.kind, actor: r.actor, at: r.at, details: json(r.details), origin_case_id: r.origin_case_id ?? fromCaseId })),
    )
    .execute();
  return rows.length;
}

/** Number of timeline entries of a case. */
export async function countCaseEvents(data: OrgData, caseId: string): Promise<number> {
  const r = await data.selectFrom('case_events').select(sql<number>`count(*)`.as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow();
  return Number(r.n);
}
