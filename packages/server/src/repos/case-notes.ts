import type { OrgData } from './scoped.ts';

export interface CaseNoteRecord {
  id: string;
  body: string;
  author: string;
  at: Date;
  originCaseId: string | null;
}

export async function caseNotes(data: OrgData, caseId: string): Promise<CaseNoteRecord[]> {
  const rows = await data.selectFrom('case_notes').select(['id', 'body', 'author', 'at', 'origin_case_id']).where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, body: r.body, author: r.author, at: r.at, originCaseId: r.origin_case_id }));
}

export async function insertCaseNote(data: OrgData, n: { id: string; caseId: string; orgId: string; body: string; author: string }): Promise<void> {
  await data.insertInto('case_notes', { id: n.id, case_id: n.caseId, org_id: n.orgId, body: n.body, author: n.author, at: new Date() }).execute();
}
