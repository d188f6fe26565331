import { json } from '@vigil/storage';
import type { AlertLevel } from './alerts.ts';
import { inheritedData } from './case-types.ts';
import type { Executor } from './executor.ts';
import type { OrgData } from './scoped.ts';

export type CasePriority = 'low' | 'medium' | 'high' | 'critical';

export interface CaseRuleRecord {
  id: string;
  orgId: string;
  name: string;
  enabled: boolean;
  dispositions: string[];
  categories: string[];
  minLevel: AlertLevel;
  minAmount: number | null;
  caseType: string;
  priority: CasePriority;
  linkOpen: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CaseRuleInput {
  name: string;
  enabled: boolean;
  dispositions: string[];
  categories: string[];
  minLevel: AlertLevel;
  minAmount: number | null;
  caseType: string;
  priority: CasePriority;
  linkOpen: boolean;
}

const COLS = ['id', 'org_id', 'name', 'enabled', 'dispositions', 'categories', 'min_level', 'min_amount', 'case_type', 'priority', 'link_open', 'created_by', 'created_at', 'updated_at'] as const;

type Row = { id: string; org_id: string; name: string; enabled: boolean; dispositions: string[]; categories: string[]; min_level: string; min_amount: number | null; case_type: string; priority: string; link_open: boolean; created_by: string; created_at: Date; updated_at: Date };

function fromRow(r: Row): CaseRuleRecord {
  return {
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    enabled: r.enabled,
    dispositions: r.dispositions,
    categories: r.categories,
    minLevel: r.min_level as AlertLevel,
    minAmount: r.min_amount === null ? null : Number(r.min_amount),
    caseType: r.case_type,
    priority: r.priority as CasePriority,
    linkOpen: r.link_open,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function columns(r: CaseRuleInput) {
  return {
    name: r.name,
    enabled: r.enabled,
    dispositions: json(r.dispositions),
    categories: json(r.categories),
    min_level: r.minLevel,
    min_amount: r.minAmount,
    case_type: r.caseType,
    priority: r.priority,
    link_open: r.linkOpen,
  };
}

export async function insertCaseRule(data: OrgData, r: CaseRuleInput & { id: string; orgId: string; createdBy: string }): Promise<void> {
  await data.insertInto('case_rules', { id: r.id, org_id: r.orgId, created_by: r.createdBy, ...columns(r) }).execute();
}

export async function getCaseRule(data: OrgData, id: string): Promise<CaseRuleRecord | undefined> {
  const r = await data.selectFrom('case_rules').select(COLS).where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** Rules of the caller's orgs (optionally only some of them), oldest first. */
export async function listCaseRules(data: OrgData, orgIds?: readonly string[]): Promise<CaseRuleRecord[]> {
  let q = data.selectFrom('case_rules').select(COLS).orderBy('created_at').orderBy('id');
  if (orgIds) q = q.where('org_id', 'in', orgIds.length ? [...orgIds] : ['']);
  return (await q.execute()).map(fromRow);
}

/** The rules that apply to an org's alerts: its own and every org's above it, nearest org first. */
export async function caseRulesOnChain(db: Executor, chain: readonly string[]): Promise<CaseRuleRecord[]> {
  const rows = await inheritedData(db, chain).selectFrom('case_rules').select(COLS).orderBy('created_at').orderBy('id').execute();
  return rows.map(fromRow).sort((a, b) => chain.indexOf(a.orgId) - chain.indexOf(b.orgId));
}

export async function updateCaseRule(data: OrgData, id: string, r: CaseRuleInput): Promise<boolean> {
  const res = await data
    .updateTable('case_rules')
    .set({ ...columns(r), updated_at: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function deleteCaseRule(data: OrgData, id: string): Promise<boolean> {
  const r = await data.deleteFrom('case_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
