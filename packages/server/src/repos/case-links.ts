import type { OrgData } from './scoped.ts';

export type CaseLinkKind = 'alert' | 'decision' | 'entity';

/** Something a case is about besides its subject: an alert, a decision (and its event) or a related entity. */
export interface CaseLinkRecord {
  id: string;
  kind: CaseLinkKind;
  alertId: string | null;
  decisionId: string | null;
  eventType: string | null;
  eventId: string | null;
  eventOrgId: string | null;
  entityType: string | null;
  entityKey: string | null;
  display: string;
  addedBy: string;
  addedAt: Date;
  originCaseId: string | null;
}

export interface NewCaseLink {
  id: string;
  kind: CaseLinkKind;
  alertId?: string;
  decisionId?: string;
  eventType?: string;
  eventId?: string;
  eventOrgId?: string;
  entityType?: string;
  entityKey?: string;
  display: string;
}

const COLS = ['id', 'kind', 'alert_id', 'decision_id', 'event_type', 'event_id', 'event_org_id', 'entity_type', 'entity_key', 'display', 'added_by', 'added_at', 'origin_case_id'] as const;

/** The identity of a link within its case: a thing is linked to a case once. */
export function linkRef(l: Pick<NewCaseLink, 'kind' | 'alertId' | 'decisionId' | 'entityType' | 'entityKey'>): string {
  if (l.kind === 'alert') return `alert:${l.alertId}`;
  if (l.kind === 'decision') return `decision:${l.decisionId}`;
  return `entity:${l.entityType}:${l.entityKey}`;
}

export async function caseLinks(data: OrgData, caseId: string): Promise<CaseLinkRecord[]> {
  const rows = await data.selectFrom('case_links').select(COLS).where('case_id', '=', caseId).orderBy('added_at').orderBy('kind').orderBy('display').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as CaseLinkKind,
    alertId: r.alert_id,
    decisionId: r.decision_id,
    eventType: r.event_type,
    eventId: r.event_id,
    eventOrgId: r.event_org_id,
    entityType: r.entity_type,
    entityKey: r.entity_key,
    display: r.display,
    addedBy: r.added_by,
    addedAt: r.added_at,
    originCaseId: r.origin_case_id,
  }));
}

/** Links what is not linked yet; returns the links added (a thing already linked is skipped). */
export async function addCaseLinks(data: OrgData, c: { caseId: string; orgId: string }, links: readonly NewCaseLink[], addedBy: string): Promise<NewCaseLink[]> {
  if (!links.length) return [];
  const now = new Date();
  const added = await data
    .insertInto(
      'case_links',
      links.map((l) => ({
        id: l.id,
        case_id: c.caseId,
        org_id: c.orgId,
        kind: l.kind,
        ref: linkRef(l),
        alert_id: l.alertId ?? null,
        decision_id: l.decisionId ?? null,
        event_type: l.eventType ?? null,
        event_id: l.eventId ?? null,
        event_org_id: l.eventOrgId ?? null,
        entity_type: l.entityType ?? null,
        entity_key: l.entityKey ?? null,
        display: l.display,
        added_by: addedBy,
        added_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['case_id', 'ref']).doNothing())
    .returning('id')
    .execute();
  const ids = new Set(added.map((r) => r.id));
  return links.filter((l) => ids.has(l.id));
}

/**
 * Moves the links of a merged case to the target: a thing both link stays linked once (evidence
 * that named the source's link is re-pointed to the target's), the rest move with their origin.
 */
export async function moveCaseLinks(data: OrgData, fromCaseId: string, toCaseId: string): Promise<number> {
  const target = new Map((await data.selectFrom('case_links').select(['id', 'ref']).where('case_id', '=', toCaseId).execute()).map((r) => [r.ref, r.id]));
  const source = await data.selectFrom('case_links').select(['id', 'ref']).where('case_id', '=', fromCaseId).execute();
  let moved = 0;
  for (const l of source) {
    const twin = target.get(l.ref);
    if (twin) {
      await data.updateTable('case_evidence').set({ link_id: twin }).where('link_id', '=', l.id).execute();
      await data.deleteFrom('case_links').where('id', '=', l.id).execute();
    } else {
      await data
        .updateTable('case_links')
        .set((eb) => ({ case_id: toCaseId, origin_case_id: eb.fn.coalesce('origin_case_id', eb.val(fromCaseId)) }))
        .where('id', '=', l.id)
        .execute();
      moved++;
    }
  }
  return moved;
}
