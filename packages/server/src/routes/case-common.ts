import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { withTransaction, type Transaction, type DB } from '@vigil/storage';
import { can } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { caseAttachments, type CaseAttachmentRecord } from '../repos/case-attachments.ts';
import { caseEvidence, type CaseEvidenceRecord } from '../repos/case-evidence.ts';
import { caseLinks, type CaseLinkRecord } from '../repos/case-links.ts';
import { caseInvestigators, caseMembers, type CaseMemberRecord } from '../repos/case-members.ts';
import { caseNotes, type CaseNoteRecord } from '../repos/case-notes.ts';
import { caseTasks, type CaseTaskRecord } from '../repos/case-tasks.ts';
import { caseTypesByIds, type CaseTypeRecord } from '../repos/case-types.ts';
import type { CaseRecord } from '../repos/cases.ts';
import type { Executor } from '../repos/executor.ts';
import type { Services } from '../services.ts';
import type { CaseContext } from '../cases/case-context.ts';
import { availableTransitions, caseTypeOf, reviewBlock } from '../cases/transition-case.ts';
import { MERGED_STATE, stateOf } from '../cases/workflow.ts';
import { audit } from './audit.ts';
import type { CaseAttachmentSchema, CaseDetailSchema, CaseEvidenceSchema, CaseLinkSchema, CaseMemberSchema, CaseNoteSchema, CaseSummarySchema, CaseTaskSchema } from './case-schema.ts';

/** The case use cases' context for a request: the caller's data (inside `tx` when given), identity, permissions and audit. */
export function caseContext(s: Services, req: FastifyRequest, tx?: Transaction<DB>): CaseContext {
  const data = tx ? req.data.in(tx) : req.data;
  return {
    orgs: s.orgs,
    tokenizer: s.tokenizer,
    data,
    actor: `${req.principal.kind}:${req.principal.name}`,
    username: req.principal.kind === 'user' ? req.principal.name : null,
    can: (p) => can(req.principal, p),
    audit: (e) => {
      if (!tx) throw new Error('a change is audited inside its transaction');
      return audit(tx, req, e);
    },
  };
}

/** Runs a change to the case center in one transaction, with the request's context. */
export function caseWrite<T>(s: Services, req: FastifyRequest, fn: (ctx: CaseContext) => Promise<T>): Promise<T> {
  return withTransaction(s.db, (tx) => fn(caseContext(s, req, tx)));
}

const MERGED_NAME = { zh: '已合并', en: 'Merged' };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export type CaseSummary = Static<typeof CaseSummarySchema>;
export type CaseDetail = Static<typeof CaseDetailSchema>;

export function summaryView(c: CaseRecord, type: CaseTypeRecord | undefined, investigators: string[]): CaseSummary {
  const state = c.state === MERGED_STATE ? { name: MERGED_NAME } : type && stateOf(type.workflow, c.state);
  return {
    id: c.id,
    number: c.number,
    orgId: c.orgId,
    type: c.typeKey,
    typeName: type?.name ?? { zh: c.typeKey, en: c.typeKey },
    title: c.title,
    state: c.state,
    stateName: state?.name ?? { zh: c.state, en: c.state },
    phase: c.phase,
    priority: c.priority,
    subjectType: c.subjectType,
    subjectKey: c.subjectKey,
    subjectDisplay: c.subjectDisplay,
    amount: c.amount,
    currency: c.currency,
    typology: c.typology,
    source: c.source,
    openedBy: c.openedBy,
    openedAt: c.openedAt.toISOString(),
    dueAt: iso(c.dueAt),
    closedAt: iso(c.closedAt),
    mergedInto: c.mergedInto,
    outcome: c.conclusion?.outcome ?? null,
    investigators,
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

/** Summaries of cases, with their types' names and their investigators (leads first). */
export async function summaries(s: Services, db: Executor, ctx: CaseContext, cases: CaseRecord[]): Promise<CaseSummary[]> {
  const chains = [...new Set(cases.flatMap((c) => s.orgs.chain(c.orgId)))];
  const types = await caseTypesByIds(db, chains, cases.map((c) => c.typeId));
  const members = cases.length
    ? await ctx.data
        .selectFrom('case_members')
        .select(['case_id', 'username', 'lead'])
        .where(
          'case_id',
          'in',
          cases.map((c) => c.id),
        )
        .orderBy('lead', 'desc')
        .orderBy('added_at')
        .execute()
    : [];
  return cases.map((c) => summaryView(c, types.get(c.typeId), members.filter((m) => m.case_id === c.id).map((m) => m.username)));
}

export const memberView = (m: CaseMemberRecord): Static<typeof CaseMemberSchema> => ({ username: m.username, lead: m.lead, addedBy: m.addedBy, addedAt: m.addedAt.toISOString() });
export const linkView = (l: CaseLinkRecord): Static<typeof CaseLinkSchema> => ({ ...l, addedAt: l.addedAt.toISOString() });
export const taskView = (t: CaseTaskRecord): Static<typeof CaseTaskSchema> => ({
  id: t.id,
  title: t.title,
  assignee: t.assignee,
  dueAt: iso(t.dueAt),
  status: t.status,
  createdBy: t.createdBy,
  createdAt: t.createdAt.toISOString(),
  doneBy: t.doneBy,
  doneAt: iso(t.doneAt),
  originCaseId: t.originCaseId,
});
export const noteView = (n: CaseNoteRecord): Static<typeof CaseNoteSchema> => ({ ...n, at: n.at.toISOString() });
export const evidenceView = (e: CaseEvidenceRecord): Static<typeof CaseEvidenceSchema> => ({ ...e, addedAt: e.addedAt.toISOString() });
export const attachmentView = (a: CaseAttachmentRecord): Static<typeof CaseAttachmentSchema> => ({ ...a, uploadedAt: a.uploadedAt.toISOString() });

/** Everything about a case the caller may see, with the transitions they can take now. */
export async function detailView(ctx: CaseContext, c: CaseRecord): Promise<CaseDetail> {
  const type = await caseTypeOf(ctx, c);
  const members = await caseMembers(ctx.data, c.id);
  const links = await caseLinks(ctx.data, c.id);
  const tasks = await caseTasks(ctx.data, c.id);
  const notes = await caseNotes(ctx.data, c.id);
  const evidence = await caseEvidence(ctx.data, c.id);
  const attachments = await caseAttachments(ctx.data, c.id);
  const pending = c.phase === 'review' && !!c.conclusion && !c.conclusion.review;
  const investigators = pending ? await caseInvestigators(ctx.data, c.id) : new Set<string>();
  const block = pending ? reviewBlock(ctx, c, investigators) : null;
  const mayReview = ctx.can('case.review');
  return {
    ...summaryView(
      c,
      type,
      [...members].sort((a, b) => Number(b.lead) - Number(a.lead)).map((m) => m.username),
    ),
    conclusion: c.conclusion,
    members: members.map(memberView),
    links: links.map(linkView),
    tasks: tasks.map(taskView),
    notes: notes.map(noteView),
    evidence: evidence.map(evidenceView),
    attachments: attachments.map(attachmentView),
    availableTransitions: availableTransitions(ctx, c, type.workflow, investigators),
    review: { pending, allowed: pending && mayReview && !block, reason: !pending ? null : block ? block.code : mayReview ? null : 'PERMISSION_REQUIRED' },
  };
}

/** An opaque keyset cursor: the time and id of the last item of a page. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (typeof id === 'string' && typeof at === 'string' && !Number.isNaN(d.getTime())) return { at: d, id };
  } catch {
    // reported below
  }
  throw new AppError('VALIDATION_FAILED', 'cursor is not one this API returned', { path: 'querystring.cursor' });
}
