import type { Alert, AlertLevel, AlertStatus, AssignmentMode, Disposition } from '../../../api/types.ts';

/** Levels, mildest first (the API's values). */
export const ALERT_LEVELS: readonly AlertLevel[] = ['low', 'medium', 'high', 'critical'];
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'assigned', 'closed'];
export const DISPOSITIONS: readonly Disposition[] = ['confirmed_fraud', 'false_positive', 'customer_confirmed_genuine', 'unreachable', 'escalated_to_case'];
export const ASSIGNMENT_MODES: readonly AssignmentMode[] = ['manual', 'round_robin', 'least_loaded'];
/** The entity kinds an alert can be about, in the API's order (its categories merge by them). */
export const SUBJECT_KINDS = ['card', 'account', 'customer', 'merchant', 'terminal', 'device', 'phone', 'payee', 'ip', 'id_number'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** The colour of each level, the same in tags, timelines and queues. */
export const LEVEL_COLORS: Record<AlertLevel, string> = { low: 'blue', medium: 'gold', high: 'volcano', critical: 'magenta' };
export const STATUS_COLORS: Record<AlertStatus, string> = { open: 'processing', assigned: 'purple', closed: 'default' };
export const DISPOSITION_COLORS: Record<Disposition, string> = {
  confirmed_fraud: 'red',
  false_positive: 'green',
  customer_confirmed_genuine: 'green',
  unreachable: 'default',
  escalated_to_case: 'purple',
};

export const isLevel = (v: string): v is AlertLevel => (ALERT_LEVELS as readonly string[]).includes(v);
export const isStatus = (v: string): v is AlertStatus => (ALERT_STATUSES as readonly string[]).includes(v);
export const isDisposition = (v: string): v is Disposition => (DISPOSITIONS as readonly string[]).includes(v);
export const isSubjectKind = (v: string): v is SubjectKind => (SUBJECT_KINDS as readonly string[]).includes(v);

const rank = (l: string) => ALERT_LEVELS.indexOf(l as AlertLevel);

/**
 * Most urgent first, as the API's `sort=urgency` orders one answer — for lists merged from several
 * answers (the claimable alerts of every queue one serves): breached first, then the soonest due
 * (no due time last), then the higher level, then the oldest.
 */
export function compareUrgency(a: Pick<Alert, 'sla' | 'dueAt' | 'level' | 'createdAt'>, b: Pick<Alert, 'sla' | 'dueAt' | 'level' | 'createdAt'>): number {
  const breached = Number(b.sla === 'breached') - Number(a.sla === 'breached');
  if (breached) return breached;
  const due = (x: typeof a) => (x.dueAt ? Date.parse(x.dueAt) : Number.POSITIVE_INFINITY);
  if (due(a) !== due(b)) return due(a) < due(b) ? -1 : 1;
  if (rank(a.level) !== rank(b.level)) return rank(b.level) - rank(a.level);
  return Date.parse(a.createdAt) - Date.parse(b.createdAt);
}

/** The link into the entity view for an alert's subject (a card's key is its token), or none for kinds it does not show. */
export function subjectEntityPath(subject: { type: string; key: string }): string | undefined {
  const shown = ['card', 'customer', 'account', 'device', 'ip', 'phone', 'merchant', 'terminal', 'payee'];
  return shown.includes(subject.type) ? `/entity/${subject.type}/${encodeURIComponent(subject.key)}` : undefined;
}

/**
 * Where a rule of an alert leads: the decisions of the alert's subject that hit it (the decision
 * search takes the same entity kinds and a card's token).
 */
export function ruleDecisionsPath(ruleId: string, subject: { type: string; key: string }): string {
  const p = new URLSearchParams({ rule: ruleId });
  if (subjectEntityPath(subject)) {
    p.set('entityType', subject.type);
    p.set('value', subject.key);
  }
  return `/decisions?${p.toString()}`;
}

export const isAssignmentMode = (v: string): v is AssignmentMode => (ASSIGNMENT_MODES as readonly string[]).includes(v);
