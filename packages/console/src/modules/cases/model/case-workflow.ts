import { isApiError } from '../../../api/api-error.ts';
import type { CaseConclusionRequest, CaseDetail, CaseOutcome, CasePhase, CasePriority, CaseTransition, Permission } from '../../../api/types.ts';

/** The colour of each phase, the same in tags of the list, the header and the timeline. */
export const PHASE_COLORS: Record<CasePhase, string> = { open: 'blue', active: 'gold', review: 'purple', closed: 'green' };
/** A merged case is closed, but not concluded: grey. */
export const MERGED_STATE = 'merged';
export const PRIORITY_COLORS: Record<CasePriority, string> = { low: 'default', medium: 'blue', high: 'orange', critical: 'red' };
export const CASE_OUTCOMES: readonly CaseOutcome[] = ['fraud_confirmed', 'not_fraud', 'inconclusive'];

export function stateColor(state: string, phase: CasePhase): string {
  return state === MERGED_STATE ? 'default' : PHASE_COLORS[phase];
}

/**
 * The caller's ways forward from the answer's `availableTransitions`, by the route that takes
 * each: plain transitions (a note), those taken by proposing a conclusion, and a reviewer's
 * approval and rejection (present only when the server says the caller may review).
 */
export interface TransitionActions {
  plain: CaseTransition[];
  conclusion: CaseTransition[];
  approve?: CaseTransition;
  reject?: CaseTransition;
}

export function transitionActions(transitions: readonly CaseTransition[]): TransitionActions {
  const out: TransitionActions = { plain: [], conclusion: [] };
  for (const t of transitions) {
    if (t.via === 'transition') out.plain.push(t);
    else if (t.via === 'conclusion') out.conclusion.push(t);
    else if (t.requires === 'approval') out.approve ??= t;
    else if (t.requires === 'rejection') out.reject ??= t;
  }
  return out;
}

/** A case that takes changes (tasks, notes, evidence…): not closed or merged, and the caller investigates. */
export function mayWork(c: Pick<CaseDetail, 'phase'>, permissions: ReadonlySet<Permission>): boolean {
  return c.phase !== 'closed' && permissions.has('case.investigate');
}

/** The server's answer that the case changed since the version the page read (409 at `version`). */
export function isStaleVersion(error: unknown): boolean {
  return isApiError(error) && error.status === 409 && (error.path === 'version' || (error.details ?? []).some((d) => d.path === 'version'));
}

/** Why a reviewer may not review: the code of the server's refusal, from the detail or an error. */
export type ReviewBlock = 'REVIEWER_IS_PROPOSER' | 'REVIEWER_IS_INVESTIGATOR' | 'PERMISSION_REQUIRED';
const REVIEW_BLOCKS: readonly string[] = ['REVIEWER_IS_PROPOSER', 'REVIEWER_IS_INVESTIGATOR', 'PERMISSION_REQUIRED'];

export function reviewBlockOf(c: Pick<CaseDetail, 'review'>, error?: unknown): ReviewBlock | undefined {
  const fromError = isApiError(error) ? error.details?.find((d) => REVIEW_BLOCKS.includes(d.code))?.code : undefined;
  const code = fromError ?? c.review.reason ?? undefined;
  return code && REVIEW_BLOCKS.includes(code) ? (code as ReviewBlock) : undefined;
}

/** What the conclusion form holds. */
export interface ConclusionForm {
  outcome: CaseOutcome;
  lossAmount?: number | null;
  typology?: string;
  summary: string;
  transition?: string;
}

/**
 * The conclusion request of the form: a confirmed fraud names its loss and typology; the other
 * outcomes carry neither (a left-over loss typed before the outcome changed is not sent).
 */
export function conclusionRequest(f: ConclusionForm, version: number): CaseConclusionRequest {
  const fraud = f.outcome === 'fraud_confirmed';
  const typology = f.typology?.trim();
  return {
    outcome: f.outcome,
    lossAmount: fraud && f.lossAmount !== undefined && f.lossAmount !== null ? f.lossAmount : null,
    typology: fraud && typology ? typology : null,
    summary: f.summary.trim(),
    version,
    ...(f.transition ? { transition: f.transition } : {}),
  };
}

/** "Investigators" of a list row: the lead first (the server sorts), at most `max` names then "+n". */
export function investigatorsText(names: readonly string[], max = 2): { shown: string[]; more: number } {
  return { shown: names.slice(0, max), more: Math.max(0, names.length - max) };
}

/** Whether a due date has passed for a case still being worked on. */
export function isOverdue(dueAt: string | null, phase: CasePhase, now = Date.now()): boolean {
  return !!dueAt && phase !== 'closed' && Date.parse(dueAt) < now;
}

/** The user name of an actor as the API writes it (`user:b.investigator`, `key:…`). */
export function actorName(actor: string): string {
  const i = actor.indexOf(':');
  return i >= 0 ? actor.slice(i + 1) : actor;
}
