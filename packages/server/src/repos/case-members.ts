import { sql } from 'kysely';
import type { OrgData } from './scoped.ts';

/** An investigator of a case. */
export interface CaseMemberRecord {
  username: string;
  lead: boolean;
  addedBy: string;
  addedAt: Date;
}

export async function caseMembers(data: OrgData, caseId: string): Promise<CaseMemberRecord[]> {
  const rows = await data.selectFrom('case_members').select(['username', 'lead', 'added_by', 'added_at']).where('case_id', '=', caseId).orderBy('added_at').orderBy('username').execute();
  return rows.map((r) => ({ username: r.username, lead: r.lead, addedBy: r.added_by, addedAt: r.added_at }));
}

/**
 * Adds an investigator, or changes whether they lead; a case has at most one lead, so naming a new
 * one makes the others plain members. Returns whether they were already a member.
 */
export async function upsertCaseMember(data: OrgData, m: { caseId: string; orgId: string; username: string; lead: boolean; addedBy: string }): Promise<{ existed: boolean }> {
  if (m.lead) await data.updateTable('case_members').set({ lead: false }).where('case_id', '=', m.caseId).where('username', '<>', m.username).execute();
  const existed = await data.selectFrom('case_members').select('username').where('case_id', '=', m.caseId).where('username', '=', m.username).executeTakeFirst();
  if (existed) await data.updateTable('case_members').set({ lead: m.lead }).where('case_id', '=', m.caseId).where('username', '=', m.username).execute();
  else await data.insertInto('case_members', { case_id: m.caseId, org_id: m.orgId, username: m.username, lead: m.lead, added_by: m.addedBy, added_at: new Date() }).execute();
  return { existed: !!existed };
}

export async function removeCaseMember(data: OrgData, caseId: string, username: string): Promise<boolean> {
  const r = await data.deleteFrom('case_members').where('case_id', '=', caseId).where('username', '=', username).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Copies the members of one case to another (a merge): those already there keep their role; the copies never lead. */
export async function copyCaseMembers(data: OrgData, fromCaseId: string, to: { caseId: string; orgId: string }): Promise<number> {
  const from = await caseMembers(data, fromCaseId);
  if (!from.length) return 0;
  const added = await data
    .insertInto(
      'case_members',
      from.map((m) => ({ case_id: to.caseId, org_id: to.orgId, username: m.username, lead: false, added_by: m.addedBy, added_at: m.addedAt })),
    )
    .onConflict((oc) => oc.columns(['case_id', 'username']).doNothing())
    .returning('username')
    .execute();
  return added.length;
}

/**
 * Everyone who investigates or has investigated the case: its members now and every user the
 * timeline shows added (leaving the case does not make someone independent of it; entries copied
 * from merged cases count too).
 */
export async function caseInvestigators(data: OrgData, caseId: string): Promise<Set<string>> {
  const now = await data.selectFrom('case_members').select('username').where('case_id', '=', caseId).execute();
  const ever = await data
    .selectFrom('case_events')
    .select(sql<string>`details->>'username'`.as('username'))
    .where('case_id', '=', caseId)
    .where('kind', '=', 'member_added')
    .execute();
  return new Set([...now, ...ever].map((r) => r.username).filter((u): u is string => !!u));
}
