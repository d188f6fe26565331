import type { ErrorDetail } from '../errors.ts';

/** Where a state is in a case's life; a case's phase is its state's. */
export const CASE_PHASES = ['open', 'active', 'review', 'closed'] as const;
export type CasePhase = (typeof CASE_PHASES)[number];

/** Permissions a transition may require. */
export const TRANSITION_PERMISSIONS = ['case.investigate', 'case.review', 'case.configure'] as const;
export type TransitionPermission = (typeof TRANSITION_PERMISSIONS)[number];

/**
 * What a transition needs besides its permission, and the route that takes it:
 * - `conclusion`: a proposed conclusion (`POST /cases/{id}/conclusion`), into a review state;
 * - `approval` / `rejection`: a reviewer's decision on it (`POST /cases/{id}/review`), by someone
 *   who neither proposed it nor investigates the case.
 */
export const TRANSITION_REQUIREMENTS = ['conclusion', 'approval', 'rejection'] as const;
export type TransitionRequirement = (typeof TRANSITION_REQUIREMENTS)[number];

/** The state of a case merged into another; no workflow may define it. */
export const MERGED_STATE = 'merged';

export interface I18nText {
  zh: string;
  en: string;
}

export interface WorkflowState {
  key: string;
  name: I18nText;
  phase: CasePhase;
}

export interface WorkflowTransition {
  key: string;
  from: string;
  to: string;
  name: I18nText;
  permission: TransitionPermission;
  requires?: TransitionRequirement;
}

export interface Workflow {
  states: WorkflowState[];
  transitions: WorkflowTransition[];
}

/** How a transition is taken: `transition` by `POST /transitions`, the others by their own routes. */
export type TransitionVia = 'transition' | 'conclusion' | 'review';

export function viaOf(t: WorkflowTransition): TransitionVia {
  if (t.requires === 'conclusion') return 'conclusion';
  if (t.requires === 'approval' || t.requires === 'rejection') return 'review';
  return 'transition';
}

export const MAX_STATES = 30;
export const MAX_TRANSITIONS = 60;

/**
 * Every problem of a workflow, each at its JSON path under `path` (`workflow.states[2].phase`):
 * duplicate or reserved keys, transitions naming unknown states, an initial state that is not
 * open or active, no closed state, states the initial state cannot reach, states from which no
 * closed state can be reached, a transition into review that does not require a conclusion, a
 * review state without exactly one approval (to a closed state) and one rejection (back to work),
 * an approval or rejection that is not `case.review`'s, and a way out of review into a closed state
 * that skips approval. An empty list means the workflow is sound.
 *
 * @example
 * validateWorkflow({states: [{key: 'open', name, phase: 'open'}], transitions: []}, 'open')
 * // [{path: 'workflow.states', code: 'NO_CLOSED_STATE', message: 'at least one state must be in the closed phase'}]
 */
export function validateWorkflow(wf: Workflow, initialState: string, path = 'workflow', initialPath = 'initialState'): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const add = (p: string, code: string, message: string) => issues.push({ path: p, code, message });
  const states = new Map<string, WorkflowState>();
  wf.states.forEach((s, i) => {
    if (s.key === MERGED_STATE) add(`${path}.states[${i}].key`, 'RESERVED_STATE', `"${MERGED_STATE}" is the state of merged cases and cannot be defined`);
    else if (states.has(s.key)) add(`${path}.states[${i}].key`, 'DUPLICATE_STATE', `state "${s.key}" is defined twice`);
    else states.set(s.key, s);
  });
  if (wf.states.length > MAX_STATES) add(`${path}.states`, 'TOO_MANY_STATES', `at most ${MAX_STATES} states`);
  if (wf.transitions.length > MAX_TRANSITIONS) add(`${path}.transitions`, 'TOO_MANY_TRANSITIONS', `at most ${MAX_TRANSITIONS} transitions`);
  if (![...states.values()].some((s) => s.phase === 'closed')) add(`${path}.states`, 'NO_CLOSED_STATE', 'at least one state must be in the closed phase');

  const initial = states.get(initialState);
  if (!initial) add(initialPath, 'UNKNOWN_STATE', `the initial state "${initialState}" is not a state of the workflow`);
  else if (initial.phase !== 'open' && initial.phase !== 'active') add(initialPath, 'BAD_INITIAL_STATE', `the initial state must be in the open or active phase, not ${initial.phase}`);

  const keys = new Set<string>();
  // Transitions between known states make the graph that reachability is judged on (one with
  // another problem still counts, so a single mistake is reported once, not again as dead ends).
  const valid: WorkflowTransition[] = [];
  wf.transitions.forEach((t, i) => {
    const at = `${path}.transitions[${i}]`;
    if (keys.has(t.key)) add(`${at}.key`, 'DUPLICATE_TRANSITION', `transition "${t.key}" is defined twice`);
    keys.add(t.key);
    const from = states.get(t.from);
    const to = states.get(t.to);
    if (!from) add(`${at}.from`, 'UNKNOWN_STATE', `"${t.from}" is not a state of the workflow`);
    if (!to) add(`${at}.to`, 'UNKNOWN_STATE', `"${t.to}" is not a state of the workflow`);
    if (t.from === t.to) add(`${at}.to`, 'SELF_TRANSITION', 'a transition must lead to another state');
    if ((t.requires === 'approval' || t.requires === 'rejection') && t.permission !== 'case.review') add(`${at}.permission`, 'REVIEW_PERMISSION_REQUIRED', `an ${t.requires} must require case.review`);
    if (from && to) {
      if (to.phase === 'review' && t.requires !== 'conclusion') add(`${at}.requires`, 'CONCLUSION_REQUIRED', `a transition into the review state "${to.key}" must require a conclusion`);
      if (t.requires === 'conclusion' && to.phase !== 'review') add(`${at}.requires`, 'NOT_INTO_REVIEW', 'only a transition into a review state can require a conclusion');
      if ((t.requires === 'approval' || t.requires === 'rejection') && from.phase !== 'review') add(`${at}.from`, 'NOT_FROM_REVIEW', `an ${t.requires} is made on a case in review: "${t.from}" is not a review state`);
      if (t.requires === 'approval' && to.phase !== 'closed') add(`${at}.to`, 'APPROVAL_MUST_CLOSE', 'an approval must lead to a closed state');
      if (t.requires === 'rejection' && (to.phase === 'closed' || to.phase === 'review')) add(`${at}.to`, 'REJECTION_MUST_REOPEN', 'a rejection must send the case back to an open or active state');
      if (from.phase === 'review' && to.phase === 'closed' && t.requires !== 'approval') add(`${at}.requires`, 'APPROVAL_REQUIRED', 'leaving review for a closed state needs the reviewer’s approval');
    }
    if (from && to && t.from !== t.to) valid.push(t);
  });

  wf.states.forEach((s, i) => {
    if (s.phase !== 'review' || states.get(s.key) !== s) return;
    const out = valid.filter((t) => t.from === s.key);
    const approvals = out.filter((t) => t.requires === 'approval').length;
    const rejections = out.filter((t) => t.requires === 'rejection').length;
    if (approvals !== 1) add(`${path}.states[${i}]`, 'REVIEW_NEEDS_APPROVAL', `the review state "${s.key}" needs exactly one approval transition (it has ${approvals})`);
    if (rejections !== 1) add(`${path}.states[${i}]`, 'REVIEW_NEEDS_REJECTION', `the review state "${s.key}" needs exactly one rejection transition (it has ${rejections})`);
  });

  if (initial) {
    const reached = reach([initial.key], valid, 'forward');
    wf.states.forEach((s, i) => {
      if (states.get(s.key) === s && !reached.has(s.key)) add(`${path}.states[${i}]`, 'UNREACHABLE_STATE', `state "${s.key}" cannot be reached from the initial state "${initial.key}"`);
    });
  }
  const closed = [...states.values()].filter((s) => s.phase === 'closed').map((s) => s.key);
  if (closed.length) {
    const canClose = reach(closed, valid, 'backward');
    wf.states.forEach((s, i) => {
      if (states.get(s.key) === s && !canClose.has(s.key)) add(`${path}.states[${i}]`, 'DEAD_END_STATE', `no closed state can be reached from "${s.key}"`);
    });
  }
  return issues;
}

function reach(start: string[], transitions: readonly WorkflowTransition[], direction: 'forward' | 'backward'): Set<string> {
  const seen = new Set(start);
  const stack = [...start];
  while (stack.length) {
    const at = stack.pop()!;
    for (const t of transitions) {
      const [a, b] = direction === 'forward' ? [t.from, t.to] : [t.to, t.from];
      if (a === at && !seen.has(b)) {
        seen.add(b);
        stack.push(b);
      }
    }
  }
  return seen;
}

export function stateOf(wf: Workflow, key: string): WorkflowState | undefined {
  return wf.states.find((s) => s.key === key);
}

/** Transitions leaving `state`, in the workflow's order. */
export function transitionsFrom(wf: Workflow, state: string): WorkflowTransition[] {
  return wf.transitions.filter((t) => t.from === state);
}
