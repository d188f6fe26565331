import { AppError, notFound } from '../errors.ts';
import { appendCaseEvent, copyTimeline } from '../repos/case-events.ts';
import { moveCaseLinks } from '../repos/case-links.ts';
import { copyCaseMembers } from '../repos/case-members.ts';
import { getCase, updateCase, type CaseRecord } from '../repos/cases.ts';
import type { OrgData } from '../repos/scoped.ts';
import { requireOpen, requireVersion, staleCase, type CaseContext } from './case-context.ts';
import { MERGED_STATE } from './workflow.ts';

export interface MergeResult {
  case: CaseRecord;
  merged: Array<{ id: string; number: string; events: number }>;
}

/**
 * Merges cases of the same org and subject into `targetId`. Each merged case's timeline is copied
 * into the target's with its original times (marked with the case it happened in); its tasks,
 * notes, evidence, attachments and links move to the target (a thing both link stays linked once),
 * its investigators are copied; it ends in the `merged` state (phase closed) pointing at the
 * target. The target's amount becomes the sum when every amount is in one currency.
 *
 * 404 for a case the caller cannot see; 409 for one of another org or subject, one already closed
 * or merged, or a target changed since `version`.
 */
export async function mergeCases(ctx: CaseContext, targetId: string, fromIds: readonly string[], version: number): Promise<MergeResult> {
  fromIds.forEach((id, i) => {
    if (id === targetId) throw new AppError('VALIDATION_FAILED', 'a case cannot be merged into itself', { path: `from[${i}]` });
    if (fromIds.indexOf(id) !== i) throw new AppError('VALIDATION_FAILED', `${id} is named twice`, { path: `from[${i}]` });
  });
  // Locked in one order, so two merges of overlapping cases queue rather than deadlock.
  await ctx.data.selectFrom('cases').select('id').where('id', 'in', [targetId, ...fromIds]).orderBy('id').forUpdate().execute();
  const target = await getCase(ctx.data, targetId);
  if (!target) throw notFound('case', 'id');
  requireOpen(target);
  requireVersion(target, version);
  const sources: CaseRecord[] = [];
  for (const [i, id] of fromIds.entries()) {
    const c = await getCase(ctx.data, id);
    const path = `from[${i}]`;
    if (!c) throw notFound('case', path);
    if (c.orgId !== target.orgId) throw new AppError('CONFLICT', `${c.number} belongs to ${c.orgId}, ${target.number} to ${target.orgId}: only cases of one org are merged`, { path });
    if (c.subjectType !== target.subjectType || c.subjectKey !== target.subjectKey) throw new AppError('CONFLICT', `${c.number} is about ${c.subjectType} ${c.subjectDisplay}, ${target.number} about ${target.subjectType} ${target.subjectDisplay}: only cases of one subject are merged`, { path });
    if (c.state === MERGED_STATE || c.phase === 'closed') throw new AppError('CONFLICT', `${c.number} is ${c.state}: only open cases are merged`, { path });
    sources.push(c);
  }

  const merged: MergeResult['merged'] = [];
  const now = new Date();
  for (const src of sources) {
    const events = await copyTimeline(ctx.data, src.id, target.id);
    await copyCaseMembers(ctx.data, src.id, { caseId: target.id, orgId: target.orgId });
    const links = await moveCaseLinks(ctx.data, src.id, target.id);
    const parts = await moveParts(ctx.data, src.id, target.id);
    const done = await updateCase(ctx.data, src.id, src.version, { state: MERGED_STATE, phase: 'closed', mergedInto: target.id, closedAt: now });
    if (!done) throw staleCase(src);
    await appendCaseEvent(ctx.data, { caseId: src.id, orgId: src.orgId, kind: 'merged_out', actor: ctx.actor, at: now, details: { into: target.id, number: target.number, fromState: src.state } });
    await appendCaseEvent(ctx.data, { caseId: target.id, orgId: target.orgId, kind: 'merged_in', actor: ctx.actor, at: now, details: { from: src.id, number: src.number, state: src.state, events, links, ...parts } });
    merged.push({ id: src.id, number: src.number, events });
  }

  const all = [target, ...sources].filter((c) => c.amount !== null);
  const currencies = new Set(all.map((c) => c.currency));
  const amount = all.length && currencies.size === 1 ? all.reduce((n, c) => n + c.amount!, 0) : target.amount;
  const updated = await updateCase(ctx.data, target.id, version, { amount, ...(all.length && currencies.size === 1 ? { currency: all[0]!.currency } : {}) });
  if (!updated) throw staleCase(target);
  await ctx.audit({ action: 'case.merge', targetType: 'case', targetId: target.id, orgId: target.orgId, before: { amount: target.amount }, after: { merged: merged.map((m) => m.number), amount } });
  return { case: updated, merged };
}

/** Moves the tasks, notes, evidence and attachments of a merged case, each remembering the case it was made in. */
async function moveParts(data: OrgData, from: string, to: string): Promise<{ tasks: number; notes: number; evidence: number; attachments: number }> {
  const tasks = await data.updateTable('case_tasks').set((eb) => ({ case_id: to, origin_case_id: eb.fn.coalesce('origin_case_id', eb.val(from)) })).where('case_id', '=', from).executeTakeFirst();
  const notes = await data.updateTable('case_notes').set((eb) => ({ case_id: to, origin_case_id: eb.fn.coalesce('origin_case_id', eb.val(from)) })).where('case_id', '=', from).executeTakeFirst();
  const evidence = await data.updateTable('case_evidence').set((eb) => ({ case_id: to, origin_case_id: eb.fn.coalesce('origin_case_id', eb.val(from)) })).where('case_id', '=', from).executeTakeFirst();
  const attachments = await data.updateTable('case_attachments').set((eb) => ({ case_id: to, origin_case_id: eb.fn.coalesce('origin_case_id', eb.val(from)) })).where('case_id', '=', from).executeTakeFirst();
  return { tasks: Number(tasks.numUpdatedRows), notes: Number(notes.numUpdatedRows), evidence: Number(evidence.numUpdatedRows), attachments: Number(attachments.numUpdatedRows) };
}
