import { json } from '@vigil/storage';
import type { Workflow } from '../cases/workflow.ts';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';

/** Subjects a case can be about. */
export const CASE_SUBJECT_TYPES = ['customer', 'account', 'card', 'merchant', 'terminal', 'device'] as const;
export type CaseSubjectType = (typeof CASE_SUBJECT_TYPES)[number];

export interface CaseTypeRecord {
  id: string;
  orgId: string;
  key: string;
  name: { zh: string; en: string };
  description: string;
  subjectTypes: CaseSubjectType[];
  workflow: Workflow;
  initialState: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CaseTypeInput {
  key: string;
  name: { zh: string; en: string };
  description: string;
  subjectTypes: CaseSubjectType[];
  workflow: Workflow;
  initialState: string;
}

const COLS = ['id', 'org_id', 'key', 'name', 'description', 'subject_types', 'workflow', 'initial_state', 'created_by', 'created_at', 'updated_at'] as const;

type Row = { id: string; org_id: string; key: string; name: { zh: string; en: string }; description: string; subject_types: string[]; workflow: Record<string, unknown>; initial_state: string; created_by: string; created_at: Date; updated_at: Date };

function fromRow(r: Row): CaseTypeRecord {
  return {
    id: r.id,
    orgId: r.org_id,
    key: r.key,
    name: r.name,
    description: r.description,
    subjectTypes: r.subject_types as CaseSubjectType[],
    workflow: r.workflow as unknown as Workflow,
    initialState: r.initial_state,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Configuration an org inherits: case types and case rules defined by the org or any org above it
 * (`chain`, nearest first, from `OrgDirectory.chain`). A bank's caller reads the union's types as
 * it reads the union's parameters; only the org's own rows are changed through the caller's scope.
 * Check that the caller may see the chain's first org before building it.
 */
export function inheritedData(db: Executor, chain: readonly string[]): OrgData {
  return OrgData.of(db, { all: false, orgIds: [...chain] });
}

export async function insertCaseType(data: OrgData, t: CaseTypeInput & { id: string; orgId: string; createdBy: string }): Promise<void> {
  await data
    .insertInto('case_types', {
      id: t.id,
      org_id: t.orgId,
      key: t.key,
      name: json(t.name),
      description: t.description,
      subject_types: json(t.subjectTypes),
      workflow: json(t.workflow as unknown as Record<string, unknown>),
      initial_state: t.initialState,
      created_by: t.createdBy,
    })
    .execute();
}

export async function getCaseType(data: OrgData, id: string): Promise<CaseTypeRecord | undefined> {
  const r = await data.selectFrom('case_types').select(COLS).where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

export async function caseTypeByKey(data: OrgData, orgId: string, key: string): Promise<CaseTypeRecord | undefined> {
  const r = await data.selectFrom('case_types').select(COLS).where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
  return r && fromRow(r);
}

/** Every type defined on the chain's orgs, nearest org first. */
export async function caseTypesOnChain(db: Executor, chain: readonly string[]): Promise<CaseTypeRecord[]> {
  const rows = await inheritedData(db, chain).selectFrom('case_types').select(COLS).orderBy('key').execute();
  return rows.map(fromRow).sort((a, b) => chain.indexOf(a.orgId) - chain.indexOf(b.orgId));
}

/** The types that apply to an org: for each key, the definition of the nearest org on its chain. */
export async function effectiveCaseTypes(db: Executor, chain: readonly string[]): Promise<CaseTypeRecord[]> {
  const seen = new Map<string, CaseTypeRecord>();
  for (const t of await caseTypesOnChain(db, chain)) if (!seen.has(t.key)) seen.set(t.key, t);
  return [...seen.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The type a new case of `key` in the chain's first org follows, if any. */
export async function resolveCaseType(db: Executor, chain: readonly string[], key: string): Promise<CaseTypeRecord | undefined> {
  const rows = await inheritedData(db, chain).selectFrom('case_types').select(COLS).where('key', '=', key).execute();
  return rows.map(fromRow).sort((a, b) => chain.indexOf(a.orgId) - chain.indexOf(b.orgId))[0];
}

export async function updateCaseType(data: OrgData, id: string, t: Omit<CaseTypeInput, 'key'>): Promise<boolean> {
  const r = await data
    .updateTable('case_types')
    .set({
      name: json(t.name),
      description: t.description,
      subject_types: json(t.subjectTypes),
      workflow: json(t.workflow as unknown as Record<string, unknown>),
      initial_state: t.initialState,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteCaseType(data: OrgData, id: string): Promise<boolean> {
  const r = await data.deleteFrom('case_types').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** How many cases follow the type, and the states that cases not yet merged are in. */
export async function caseTypeUsage(data: OrgData, typeId: string): Promise<{ cases: number; states: string[] }> {
  const rows = await data.selectFrom('cases').select(['state']).select((eb) => eb.fn.countAll<number>().as('n')).where('type_id', '=', typeId).groupBy('state').execute();
  return { cases: rows.reduce((n, r) => n + Number(r.n), 0), states: rows.map((r) => r.state) };
}

/**
 * Case types by id, for showing cases: each case's type lies on its org's chain, so the read is
 * limited to the chains of the orgs given (the orgs of the cases shown, which the caller sees).
 */
export async function caseTypesByIds(db: Executor, chainOrgs: readonly string[], ids: readonly string[]): Promise<Map<string, CaseTypeRecord>> {
  if (!ids.length) return new Map();
  const rows = await inheritedData(db, chainOrgs).selectFrom('case_types').select(COLS).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, fromRow(r)]));
}
