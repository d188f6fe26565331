import type { CasePriority, CaseSubjectType, CaseType, CreateCaseRequest } from '../../../api/types.ts';

/** The "New case" dialog: from scratch (a subject) or from alerts (their ids). */
export interface NewCaseForm {
  type: string;
  subjectType: CaseSubjectType;
  subjectKey: string;
  title: string;
  amount?: number | null;
  currency?: string;
  priority: CasePriority;
  /** Alert ids, one per line or separated by commas or spaces. */
  alerts?: string;
}

/** The ids of a pasted list: split on commas and white space, repeats dropped, order kept. */
export function parseIds(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

/**
 * The `POST /api/v1/cases` body. A card is sent by its number (or token) as typed: the server
 * keeps only its token and shows it masked.
 */
export function newCaseRequest(f: NewCaseForm, orgId?: string): CreateCaseRequest {
  const alerts = parseIds(f.alerts);
  const currency = f.currency?.trim().toUpperCase();
  return {
    type: f.type,
    title: f.title.trim(),
    subjectType: f.subjectType,
    subjectKey: f.subjectKey.trim(),
    priority: f.priority,
    ...(f.amount !== undefined && f.amount !== null ? { amount: f.amount, currency: currency || 'CNY' } : {}),
    ...(alerts.length ? { fromAlerts: alerts } : {}),
    ...(orgId ? { orgId } : {}),
  };
}

/** The subject types a case type allows (all when it names none the console knows). */
export function subjectTypesOf(type: Pick<CaseType, 'subjectTypes'> | undefined, all: readonly CaseSubjectType[]): CaseSubjectType[] {
  const allowed = all.filter((s) => type?.subjectTypes.includes(s));
  return allowed.length ? allowed : [...all];
}
