import { AppError } from '../errors.ts';
import { appendCaseEvent } from '../repos/case-events.ts';
import { getCaseType, inheritedData, type CaseTypeRecord } from '../repos/case-types.ts';
import { updateCase, type CasePatch, type CaseRecord } from '../repos/cases.ts';
import { refuseCardNumbers } from '../card-numbers.ts';
import { requireVersion, staleCase, type CaseContext } from './case-context.ts';
import { stateOf, transitionsFrom, viaOf, type CasePhase, type I18nText, type TransitionRequirement, type TransitionVia, type Workflow, type WorkflowTransition } from './workflow.ts';

/** The type (and so the workflow) a case follows: the definition it was opened with, on its org's chain. */
export async function caseTypeOf(ctx: CaseContext, c: CaseRecord): Promise<CaseTypeRecord> {
  const t = await getCaseType(inheritedData(ctx.data.db, ctx.orgs.chain(c.orgId)), c.typeId);
  if (!t) throw new Error(`case ${c.id} follows case type ${c.typeId}, which is not on its org's chain`);
  return t;
}

/**
 * Why the caller may not review this case's conclusion: they proposed it, or they investigate or
 * have investigated the case (`investigators`, from `caseInvestigators`).
 */
export function reviewBlock(ctx: CaseContext, c: CaseRecord, investigators: ReadonlySet<string>): { code: 'REVIEWER_IS_PROPOSER' | 'REVIEWER_IS_INVESTIGATOR'; message: string } | null {
  if (c.conclusion && c.conclusion.proposedBy === ctx.actor) return { code: 'REVIEWER_IS_PROPOSER', message: 'a conclusion is reviewed by someone other than the person who proposed it' };
  if (ctx.username && investigators.has(ctx.username)) return { code: 'REVIEWER_IS_INVESTIGATOR', message: `${ctx.username} investigates (or investigated) this case and cannot review its conclusion` };
  return null;
}

export interface AvailableTransition {
  key: string;
  name: I18nText;
  to: string;
  toName: I18nText;
  toPhase: CasePhase;
  requires: TransitionRequirement | null;
  /** The route that takes it: `transition` (POST …/transitions), `conclusion` or `review`. */
  via: TransitionVia;
}

/**
 * The transitions the caller can take now: those leaving the case's state whose permission they
 * hold; an approval or rejection only while a conclusion awaits review and only for someone who
 * neither proposed it nor investigates (or investigated) the case.
 */
export function availableTransitions(ctx: CaseContext, c: CaseRecord, wf: Workflow, investigators: ReadonlySet<string>): AvailableTransition[] {
  return transitionsFrom(wf, c.state)
    .filter((t) => ctx.can(t.permission))
    .filter((t) => viaOf(t) !== 'review' || (!!c.conclusion && !c.conclusion.review && !reviewBlock(ctx, c, investigators)))
    .map((t) => {
      const to = stateOf(wf, t.to)!;
      return { key: t.key, name: t.name, to: to.key, toName: to.name, toPhase: to.phase, requires: t.requires ?? null, via: viaOf(t) };
    });
}

/**
 * Moves the case along `t` (with any other change in `patch`) if it is still at `version`, sets or
 * clears its closing time as the phase closes or reopens, and records the transition on its
 * timeline. 409 when the case changed meanwhile.
 */
export async function applyTransition(ctx: CaseContext, c: CaseRecord, wf: Workflow, t: WorkflowTransition, version: number, note: string, patch: CasePatch = {}): Promise<CaseRecord> {
  const to = stateOf(wf, t.to)!;
  const closing = to.phase === 'closed' && c.phase !== 'closed';
  const reopening = to.phase !== 'closed' && c.phase === 'closed';
  const updated = await updateCase(ctx.data, c.id, version, { ...patch, state: to.key, phase: to.phase, ...(closing ? { closedAt: new Date() } : reopening ? { closedAt: null } : {}) });
  if (!updated) throw staleCase(c);
  await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'transition', actor: ctx.actor, details: { transition: t.key, name: t.name, from: c.state, to: to.key, phase: to.phase, note } });
  return updated;
}

/**
 * Takes a plain transition (`POST /cases/{id}/transitions`): 403 when the caller lacks its
 * permission, 409 when it does not leave the case's current state (or the case changed since
 * `version` was read), 400 for a transition that is taken by proposing a conclusion or reviewing one.
 */
export async function transitionCase(ctx: CaseContext, c: CaseRecord, key: string, version: number, note: string): Promise<CaseRecord> {
  refuseCardNumbers({ note });
  const type = await caseTypeOf(ctx, c);
  const wf = type.workflow;
  const named = wf.transitions.find((t) => t.key === key);
  if (named && !ctx.can(named.permission)) throw new AppError('FORBIDDEN', `the transition "${key}" requires ${named.permission}`, { path: 'transition' });
  requireVersion(c, version);
  const t = transitionsFrom(wf, c.state).find((x) => x.key === key);
  if (!t) {
    const from = transitionsFrom(wf, c.state).map((x) => x.key);
    throw new AppError('CONFLICT', `${c.number} is ${c.state}: "${key}" is not a transition from there${from.length ? ` (available: ${from.join(', ')})` : ''}`, { path: 'transition' });
  }
  const via = viaOf(t);
  if (via === 'conclusion') throw new AppError('VALIDATION_FAILED', `"${key}" is taken by proposing a conclusion: POST /api/v1/cases/${c.id}/conclusion`, { path: 'transition' });
  if (via === 'review') throw new AppError('VALIDATION_FAILED', `"${key}" is taken by reviewing the conclusion: POST /api/v1/cases/${c.id}/review`, { path: 'transition' });
  const updated = await applyTransition(ctx, c, wf, t, version, note);
  await ctx.audit({ action: 'case.transition', targetType: 'case', targetId: c.id, orgId: c.orgId, before: { state: c.state, version: c.version }, after: { state: updated.state, transition: key, note } });
  return updated;
}
