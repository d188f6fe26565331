import type { OrgData } from './scoped.ts';

export interface CaseTaskRecord {
  id: string;
  caseId: string;
  title: string;
  assignee: string | null;
  dueAt: Date | null;
  status: 'open' | 'done';
  createdBy: string;
  createdAt: Date;
  doneBy: string | null;
  doneAt: Date | null;
  originCaseId: string | null;
}

const COLS = ['id', 'case_id', 'title', 'assignee', 'due_at', 'status', 'created_by', 'created_at', 'done_by', 'done_at', 'origin_case_id'] as const;

type Row = { id: string; case_id: string; title: string; assignee: string | null; due_at: Date | null; status: string; created_by: string; created_at: Date; done_by: string | null; done_at: Date | null; origin_case_id: string | null };

const fromRow = (r: Row): CaseTaskRecord => ({
  id: r.id,
  caseId: r.case_id,
  title: r.title,
  assignee: r.assignee,
  dueAt: r.due_at,
  status: r.status as 'open' | 'done',
  createdBy: r.created_by,
  createdAt: r.created_at,
  doneBy: r.done_by,
  doneAt: r.done_at,
  originCaseId: r.origin_case_id,
});

export async function caseTasks(data: OrgData, caseId: string): Promise<CaseTaskRecord[]> {
  return (await data.selectFrom('case_tasks').select(COLS).where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute()).map(fromRow);
}

export async function getCaseTask(data: OrgData, caseId: string, id: string): Promise<CaseTaskRecord | undefined> {
  const r = await data.selectFrom('case_tasks').select(COLS).where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

export async function insertCaseTask(data: OrgData, t: { id: string; caseId: string; orgId: string; title: string; assignee: string | null; dueAt: Date | null; createdBy: string }): Promise<void> {
  const now = new Date();
  await data.insertInto('case_tasks', { id: t.id, case_id: t.caseId, org_id: t.orgId, title: t.title, assignee: t.assignee, due_at: t.dueAt, created_by: t.createdBy, created_at: now, updated_at: now }).execute();
}

export async function updateCaseTask(data: OrgData, caseId: string, id: string, p: { title?: string; assignee?: string | null; dueAt?: Date | null; done?: { by: string; at: Date } | null }): Promise<void> {
  const set: Record<string, unknown> = { updated_at: new Date() };
  if (p.title !== undefined) set.title = p.title;
  if (p.assignee !== undefined) set.assignee = p.assignee;
  if (p.dueAt !== undefined) set.due_at = p.dueAt;
  if (p.done !== undefined) Object.assign(set, p.done ? { status: 'done', done_by: p.done.by, done_at: p.done.at } : { status: 'open', done_by: null, done_at: null });
  await data.updateTable('case_tasks').set(set).where('case_id', '=', caseId).where('id', '=', id).execute();
}

export async function deleteCaseTask(data: OrgData, caseId: string, id: string): Promise<boolean> {
  const r = await data.deleteFrom('case_tasks').where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
