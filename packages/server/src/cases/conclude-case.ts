import { AppError } from '../errors.ts';
import { decodeEvent } from '../repos/decision-encoding.ts';
import { appendCaseEvent } from '../repos/case-events.ts';
import { caseLinks } from '../repos/case-links.ts';
import { caseInvestigators } from '../repos/case-members.ts';
import type { CaseConclusion, CaseOutcome, CaseRecord } from '../repos/cases.ts';
import { recordEventLabels, recordSubjectLabel, type EventLabelInput } from '../repos/labels.ts';
import { refuseCardNumbers } from '../card-numbers.ts';
import { requireOpen, requireVersion, type CaseContext } from './case-context.ts';
import { applyTransition, caseTypeOf, reviewBlock } from './transition-case.ts';
import { transitionsFrom } from './workflow.ts';

export interface ProposedConclusion {
  outcome: CaseOutcome;
  lossAmount?: number | null;
  typology?: string | null;
  summary: string;
  /** The transition into review to take, when the state has several. */
  transition?: string;
}

/**
 * Proposes the investigation's conclusion and takes the case into review along the transition that
 * requires one (the only one leaving the state, or the one named). A fraud conclusion names its
 * typology and loss. 403 without the transition's permission; 409 when the case is closed, changed
 * since `version`, or no transition from its state leads to review.
 */
export async function proposeConclusion(ctx: CaseContext, c: CaseRecord, p: ProposedConclusion, version: number): Promise<CaseRecord> {
  requireOpen(c);
  refuseCardNumbers({ summary: p.summary, typology: p.typology });
  const wf = (await caseTypeOf(ctx, c)).workflow;
  const candidates = transitionsFrom(wf, c.state).filter((t) => t.requires === 'conclusion');
  if (!candidates.length) throw new AppError('CONFLICT', `${c.number} is ${c.state}: no transition from there takes a conclusion to review`, { path: 'id' });
  let t = candidates[0]!;
  if (p.transition !== undefined) {
    const named = candidates.find((x) => x.key === p.transition);
    if (!named) throw new AppError('CONFLICT', `"${p.transition}" is not a transition from ${c.state} that takes a conclusion (available: ${candidates.map((x) => x.key).join(', ')})`, { path: 'transition' });
    t = named;
  } else if (candidates.length > 1) throw new AppError('VALIDATION_FAILED', `name the transition to take: ${candidates.map((x) => x.key).join(', ')}`, { path: 'transition' });
  if (!ctx.can(t.permission)) throw new AppError('FORBIDDEN', `proposing a conclusion here ("${t.key}") requires ${t.permission}`, { path: 'transition' });
  requireVersion(c, version);
  if (p.outcome === 'fraud_confirmed') {
    if (!p.typology) throw new AppError('VALIDATION_FAILED', 'a confirmed fraud names its typology', { path: 'typology' });
    if (p.lossAmount === undefined || p.lossAmount === null) throw new AppError('VALIDATION_FAILED', 'a confirmed fraud states its loss amount (0 when nothing was lost)', { path: 'lossAmount' });
  }
  const conclusion: CaseConclusion = {
    outcome: p.outcome,
    lossAmount: p.lossAmount ?? null,
    typology: p.typology ?? null,
    summary: p.summary.trim(),
    proposedBy: ctx.actor,
    proposedAt: new Date().toISOString(),
    review: null,
  };
  const updated = await applyTransition(ctx, c, wf, t, version, '', { conclusion });
  await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'conclusion_proposed', actor: ctx.actor, details: { outcome: conclusion.outcome, lossAmount: conclusion.lossAmount, typology: conclusion.typology, summary: conclusion.summary } });
  await ctx.audit({ action: 'case.conclusion.propose', targetType: 'case', targetId: c.id, orgId: c.orgId, before: { state: c.state, conclusion: c.conclusion }, after: { state: updated.state, conclusion } });
  return updated;
}

export interface ReviewResult {
  case: CaseRecord;
  labels: { events: number; subject: boolean };
}

/**
 * A reviewer's decision on the proposed conclusion (maker-checker): the reviewer may be neither the
 * proposer nor someone who investigates or investigated the case (403 `FORBIDDEN` with `REVIEWER_IS_PROPOSER` or
 * `REVIEWER_IS_INVESTIGATOR`). Approval closes the case through the workflow's approval transition
 * and records labels; rejection sends it back through the rejection transition, the conclusion kept
 * with its rejected review until a new one is proposed. 409 when no conclusion awaits review or the
 * case changed since `version`.
 */
export async function reviewConclusion(ctx: CaseContext, c: CaseRecord, decision: 'approve' | 'reject', note: string, version: number): Promise<ReviewResult> {
  refuseCardNumbers({ note });
  if (c.phase !== 'review' || !c.conclusion || c.conclusion.review) throw new AppError('CONFLICT', `${c.number} has no conclusion awaiting review (it is ${c.state})`, { path: 'id' });
  const block = reviewBlock(ctx, c, await caseInvestigators(ctx.data, c.id));
  if (block) throw new AppError('FORBIDDEN', block.message, { details: [{ path: 'reviewer', code: block.code, message: block.message }] });
  const wf = (await caseTypeOf(ctx, c)).workflow;
  const requirement = decision === 'approve' ? 'approval' : 'rejection';
  const t = transitionsFrom(wf, c.state).find((x) => x.requires === requirement);
  if (!t) throw new AppError('CONFLICT', `the workflow has no ${requirement} transition from ${c.state}`, { path: 'decision' });
  if (!ctx.can(t.permission)) throw new AppError('FORBIDDEN', `the ${requirement} ("${t.key}") requires ${t.permission}`, { path: 'decision' });
  requireVersion(c, version);
  const conclusion: CaseConclusion = { ...c.conclusion, review: { reviewer: ctx.actor, decision, note, at: new Date().toISOString() } };
  const updated = await applyTransition(ctx, c, wf, t, version, note, { conclusion, ...(decision === 'approve' && conclusion.typology ? { typology: conclusion.typology } : {}) });
  await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: decision === 'approve' ? 'conclusion_approved' : 'conclusion_rejected', actor: ctx.actor, details: { outcome: conclusion.outcome, proposedBy: conclusion.proposedBy, note } });
  const labels = decision === 'approve' ? await recordCaseLabels(ctx, updated, conclusion) : { events: 0, subject: false };
  if (labels.events || labels.subject) await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'labels_recorded', actor: ctx.actor, details: { fraud: conclusion.outcome === 'fraud_confirmed', events: labels.events, subject: labels.subject } });
  await ctx.audit({ action: 'case.conclusion.review', targetType: 'case', targetId: c.id, orgId: c.orgId, before: { state: c.state }, after: { state: updated.state, decision, note, outcome: conclusion.outcome, labels } });
  return { case: updated, labels };
}

/**
 * The labels of an approved conclusion: fraud (`fraud_confirmed`) or genuine (`not_fraud`) on the
 * event of every linked decision and on the case's subject, with the typology, source `case` and
 * `case:<id>`; an inconclusive case labels nothing. An event label carries the event's amount when
 * the event has one.
 */
export async function recordCaseLabels(ctx: CaseContext, c: CaseRecord, conclusion: CaseConclusion): Promise<{ events: number; subject: boolean }> {
  if (conclusion.outcome === 'inconclusive') return { events: 0, subject: false };
  const fraud = conclusion.outcome === 'fraud_confirmed';
  const typology = fraud ? conclusion.typology : null;
  const sourceRef = `case:${c.id}`;
  const decisions = (await caseLinks(ctx.data, c.id)).filter((l) => l.kind === 'decision' && l.eventType && l.eventId && l.eventOrgId);
  const amounts = new Map<string, number>();
  const ids = decisions.map((d) => d.decisionId!);
  if (ids.length) {
    for (const r of await ctx.data.selectFrom('decisions').select(['decision_id', 'event']).where('decision_id', 'in', ids).execute()) {
      const amount = (decodeEvent(r.event).data as Record<string, unknown> | undefined)?.amount;
      if (typeof amount === 'number' && Number.isFinite(amount)) amounts.set(r.decision_id, amount);
    }
  }
  // One label per event (two decisions on one event, e.g. in and out, label it once).
  const byEvent = new Map<string, EventLabelInput>();
  for (const d of decisions) byEvent.set(`${d.eventType}\n${d.eventOrgId}\n${d.eventId}`, {
    eventType: d.eventType!,
    orgId: d.eventOrgId!,
    eventId: d.eventId!,
    fraud,
    amount: amounts.get(d.decisionId!) ?? null,
    typology,
    subjectType: c.subjectType,
    subjectKey: c.subjectKey,
    source: 'case',
    sourceRef,
    createdBy: ctx.actor,
  });
  const labels = [...byEvent.values()];
  await recordEventLabels(ctx.data, labels);
  await recordSubjectLabel(ctx.data, { orgId: c.orgId, subjectType: c.subjectType, subjectKey: c.subjectKey, subjectDisplay: c.subjectDisplay, fraud, typology, source: 'case', sourceRef, createdBy: ctx.actor });
  return { events: labels.length, subject: true };
}
