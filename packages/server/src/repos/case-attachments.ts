import { sql } from 'kysely';
import type { OrgData } from './scoped.ts';

/** An attachment as listed: never its content. */
export interface CaseAttachmentRecord {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
  originCaseId: string | null;
}

const COLS = ['id', 'file_name', 'media_type', 'size', 'sha256', 'uploaded_by', 'uploaded_at', 'origin_case_id'] as const;

type Row = { id: string; file_name: string; media_type: string; size: number; sha256: string; uploaded_by: string; uploaded_at: Date; origin_case_id: string | null };

const fromRow = (r: Row): CaseAttachmentRecord => ({ id: r.id, fileName: r.file_name, mediaType: r.media_type, size: r.size, sha256: r.sha256, uploadedBy: r.uploaded_by, uploadedAt: r.uploaded_at, originCaseId: r.origin_case_id });

export async function caseAttachments(data: OrgData, caseId: string): Promise<CaseAttachmentRecord[]> {
  return (await data.selectFrom('case_attachments').select(COLS).where('case_id', '=', caseId).orderBy('uploaded_at').orderBy('id').execute()).map(fromRow);
}

export async function countCaseAttachments(data: OrgData, caseId: string): Promise<number> {
  const r = await data.selectFrom('case_attachments').select(sql<number>`count(*)`.as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function getCaseAttachment(data: OrgData, caseId: string, id: string): Promise<CaseAttachmentRecord | undefined> {
  const r = await data.selectFrom('case_attachments').select(COLS).where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** An attachment with its bytes, for download. */
export async function caseAttachmentContent(data: OrgData, caseId: string, id: string): Promise<(CaseAttachmentRecord & { content: Buffer }) | undefined> {
  const r = await data
    .selectFrom('case_attachments')
    .select([...COLS, 'content'])
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { ...fromRow(r), content: Buffer.from(r.content) };
}

export async function insertCaseAttachment(data: OrgData, a: { id: string; caseId: string; orgId: string; fileName: string; mediaType: string; sha256: string; content: Buffer; uploadedBy: string }): Promise<void> {
  await data
    .insertInto('case_attachments', { id: a.id, case_id: a.caseId, org_id: a.orgId, file_name: a.fileName, media_type: a.mediaType, size: a.content.length, sha256: a.sha256, content: a.content, uploaded_by: a.uploadedBy, uploaded_at: new Date() })
    .execute();
}
