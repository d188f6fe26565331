import type { OrgData } from './scoped.ts';

export const EVIDENCE_KINDS = ['document', 'screenshot', 'transaction', 'communication', 'statement', 'recording', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One item of a case's evidence list, optionally pointing at an attachment or a link of the case. */
export interface CaseEvidenceRecord {
  id: string;
  kind: EvidenceKind;
  description: string;
  attachmentId: string | null;
  linkId: string | null;
  addedBy: string;
  addedAt: Date;
  originCaseId: string | null;
}

const COLS = ['id', 'kind', 'description', 'attachment_id', 'link_id', 'added_by', 'added_at', 'origin_case_id'] as const;

type Row = { id: string; kind: string; description: string; attachment_id: string | null; link_id: string | null; added_by: string; added_at: Date; origin_case_id: string | null };

const fromRow = (r: Row): CaseEvidenceRecord => ({ id: r.id, kind: r.kind as EvidenceKind, description: r.description, attachmentId: r.attachment_id, linkId: r.link_id, addedBy: r.added_by, addedAt: r.added_at, originCaseId: r.origin_case_id });

export async function caseEvidence(data: OrgData, caseId: string): Promise<CaseEvidenceRecord[]> {
  return (await data.selectFrom('case_evidence').select(COLS).where('case_id', '=', caseId).orderBy('added_at').orderBy('id').execute()).map(fromRow);
}

export async function getCaseEvidence(data: OrgData, caseId: string, id: string): Promise<CaseEvidenceRecord | undefined> {
  const r = await data.selectFrom('case_evidence').select(COLS).where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

export async function insertCaseEvidence(data: OrgData, e: { id: string; caseId: string; orgId: string; kind: EvidenceKind; description: string; attachmentId: string | null; linkId: string | null; addedBy: string }): Promise<void> {
  await data
    .insertInto('case_evidence', { id: e.id, case_id: e.caseId, org_id: e.orgId, kind: e.kind, description: e.description, attachment_id: e.attachmentId, link_id: e.linkId, added_by: e.addedBy, added_at: new Date() })
    .execute();
}

export async function deleteCaseEvidence(data: OrgData, caseId: string, id: string): Promise<boolean> {
  const r = await data.deleteFrom('case_evidence').where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
