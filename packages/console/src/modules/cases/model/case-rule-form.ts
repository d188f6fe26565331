import type { CasePriority, CaseRule, CreateCaseRuleRequest, ReplaceCaseRuleRequest } from '../../../api/types.ts';

/** Alert dispositions a rule may act on (the alert center's values). */
export const ALERT_DISPOSITIONS = ['confirmed_fraud', 'false_positive', 'customer_confirmed_genuine', 'unreachable', 'escalated_to_case'] as const;
export const ALERT_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export interface CaseRuleForm {
  name: string;
  enabled: boolean;
  dispositions: string[];
  categories: string[];
  minLevel: AlertLevel;
  minAmount?: number | null;
  caseType: string;
  priority: CasePriority;
  linkOpen: boolean;
}

export function blankCaseRule(): CaseRuleForm {
  return { name: '', enabled: true, dispositions: ['confirmed_fraud'], categories: [], minLevel: 'low', minAmount: null, caseType: 'fraud_investigation', priority: 'medium', linkOpen: true };
}

export function caseRuleToForm(r: CaseRule): CaseRuleForm {
  return {
    name: r.name,
    enabled: r.enabled,
    dispositions: r.dispositions,
    categories: r.categories,
    minLevel: (ALERT_LEVELS as readonly string[]).includes(r.minLevel) ? (r.minLevel as AlertLevel) : 'low',
    minAmount: r.minAmount,
    caseType: r.caseType,
    priority: r.priority,
    linkOpen: r.linkOpen,
  };
}

export function formToRuleRequest(f: CaseRuleForm): ReplaceCaseRuleRequest {
  return {
    name: f.name.trim(),
    enabled: f.enabled,
    dispositions: [...new Set(f.dispositions)],
    categories: [...new Set(f.categories.map((c) => c.trim()).filter(Boolean))],
    minLevel: f.minLevel,
    minAmount: f.minAmount === undefined || f.minAmount === null ? null : f.minAmount,
    caseType: f.caseType,
    priority: f.priority,
    linkOpen: f.linkOpen,
  };
}

export function formToCreateRuleRequest(f: CaseRuleForm, orgId?: string): CreateCaseRuleRequest {
  return { ...(orgId ? { orgId } : {}), ...formToRuleRequest(f) };
}
