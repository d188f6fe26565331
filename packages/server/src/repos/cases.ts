import { sql } from 'kysely';
import { json } from '@vigil/storage';
import type { CasePhase } from '../cases/workflow.ts';
import type { CasePriority } from './case-rules.ts';
import type { OrgData } from './scoped.ts';

export type CaseOutcome = 'fraud_confirmed' | 'not_fraud' | 'inconclusive';
export type CaseSource = 'manual' | 'import' | 'rule';

/** A reviewer's decision on a proposed conclusion. */
export interface CaseReview {
  reviewer: string;
  decision: 'approve' | 'reject';
  note: string;
  at: string;
}

/** What the investigation concluded, as proposed, and (once reviewed) the review. */
export interface CaseConclusion {
  outcome: CaseOutcome;
  lossAmount: number | null;
  typology: string | null;
  summary: string;
  proposedBy: string;
  proposedAt: string;
  review: CaseReview | null;
}

/** What a new case is stored with. */
export interface NewCase {
  id: string;
  orgId: string;
  number: string;
  typeId: string;
  typeKey: string;
  title: string;
  state: string;
  phase: CasePhase;
  priority: CasePriority;
  subjectType: string;
  subjectKey: string;
  subjectDisplay: string;
  amount: number | null;
  currency: string | null;
  typology: string | null;
  source: CaseSource;
  openedBy: string;
  openedAt: Date;
  dueAt: Date | null;
}

export interface CaseRecord extends NewCase {  closedAt: Date | null;
  mergedInto: string | null;
  conclusion: CaseConclusion | null;
  updatedAt: Date;
  version: number;
}

const COLS = [
  'id',
  'org_id',
  'number',
  'type_id',
  'type_key',
  'title',
  'state',
  'phase',
  'priority',
  'subject_type',
  'subject_key',
  'subject_display',
  'amount',
  'currency',
  'typology',
  'source',
  'opened_by',
  'opened_at',
  'due_at',
  'closed_at',
  'merged_into',
  'conclusion',
  'updated_at',
  'version',
] as const;

type Row = {
  id: string;
  org_id: string;
  number: string;
  type_id: string;
  type_key: string;
  title: string;
  state: string;
  phase: string;
  priority: string;
  subject_type: string;
  subject_key: string;
  subject_display: string;
  amount: number | null;
  currency: string | null;
  typology: string | null;
  source: string;
  opened_by: string;
  opened_at: Date;
  due_at: Date | null;
  closed_at: Date | null;
  merged_into: string | null;
  conclusion: Record<string, unknown> | null;
  updated_at: Date;
  version: number;
};

function fromRow(r: Row): CaseRecord {
  return {
    id: r.id,
    orgId: r.org_id,
    number: r.number,
    typeId: r.type_id,
    typeKey: r.type_key,
    title: r.title,
    state: r.state,
    phase: r.phase as CasePhase,
    priority: r.priority as CasePriority,
    subjectType: r.subject_type,
    subjectKey: r.subject_key,
    subjectDisplay: r.subject_display,
    amount: r.amount === null ? null : Number(r.amount),
    currency: r.currency,
    typology: r.typology,
    source: r.source as CaseSource,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    dueAt: r.due_at,
    closedAt: r.closed_at,
    mergedInto: r.merged_into,
    conclusion: r.conclusion as unknown as CaseConclusion | null,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/**
 * The next case number of an org: `CASE-<year>-<6 digits>`, counted per org and year in one upsert,
 * so concurrent openings never share a number.
 */
export async function nextCaseNumber(data: OrgData, orgId: string, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const r = await data
    .insertInto('case_counters', { org_id: orgId, year, last: 1 })
    .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet({ last: sql`case_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return `CASE-${year}-${String(r.last).padStart(6, '0')}`;
}


export async function insertCase(data: OrgData, c: NewCase): Promise<void> {
  await data
    .insertInto('cases', {
      id: c.id,
      org_id: c.orgId,
      number: c.number,
      type_id: c.typeId,
      type_key: c.typeKey,
      title: c.title,
      state: c.state,
      phase: c.phase,
      priority: c.priority,
      subject_type: c.subjectType,
      subject_key: c.subjectKey,
      subject_display: c.subjectDisplay,
      amount: c.amount,
      currency: c.currency,
      typology: c.typology,
      source: c.source,
      opened_by: c.openedBy,
      opened_at: c.openedAt,
      due_at: c.dueAt,
      updated_at: c.openedAt,
    })
    .execute();
}

/** A case of the caller's orgs; with `lock`, its row is locked until the transaction ends (changes to it and its parts queue behind). */
export async function getCase(data: OrgData, id: string, opts: { lock?: boolean } = {}): Promise<CaseRecord | undefined> {
  let q = data.selectFrom('cases').select(COLS).where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && fromRow(r);
}

export async function getCases(data: OrgData, ids: readonly string[]): Promise<CaseRecord[]> {
  if (!ids.length) return [];
  return (await data.selectFrom('cases').select(COLS).where('id', 'in', [...ids]).execute()).map(fromRow);
}

export interface CasePatch {
  title?: string;
  priority?: CasePriority;
  amount?: number | null;
  currency?: string | null;
  typology?: string | null;
  dueAt?: Date | null;
  subjectDisplay?: string;
  state?: string;
  phase?: CasePhase;
  closedAt?: Date | null;
  mergedInto?: string | null;
  conclusion?: CaseConclusion | null;
}

/**
 * Changes the case if it is still at `version` (what the writer read) and adds one to it. Returns
 * the case as changed, or undefined when its version has moved on (or it is not the caller's).
 */
export async function updateCase(data: OrgData, id: string, version: number, p: CasePatch): Promise<CaseRecord | undefined> {
  const set: Record<string, unknown> = { updated_at: new Date(), version: sql`version + 1` };
  if (p.title !== undefined) set.title = p.title;
  if (p.priority !== undefined) set.priority = p.priority;
  if (p.amount !== undefined) set.amount = p.amount;
  if (p.currency !== undefined) set.currency = p.currency;
  if (p.typology !== undefined) set.typology = p.typology;
  if (p.dueAt !== undefined) set.due_at = p.dueAt;
  if (p.subjectDisplay !== undefined) set.subject_display = p.subjectDisplay;
  if (p.state !== undefined) set.state = p.state;
  if (p.phase !== undefined) set.phase = p.phase;
  if (p.closedAt !== undefined) set.closed_at = p.closedAt;
  if (p.mergedInto !== undefined) set.merged_into = p.mergedInto;
  if (p.conclusion !== undefined) set.conclusion = p.conclusion === null ? null : json(p.conclusion);
  const r = await data.updateTable('cases').set(set).where('id', '=', id).where('version', '=', version).returning(COLS).executeTakeFirst();
  return r && fromRow(r as Row);
}

/** Marks a change to the case's parts (tasks, notes, members …): its `updatedAt` moves, not its version. */
export async function touchCase(data: OrgData, id: string): Promise<void> {
  await data.updateTable('cases').set({ updated_at: new Date() }).where('id', '=', id).execute();
}

/** The open (not closed, not merged) case of an org for a subject and type, the oldest first. */
export async function findOpenCase(data: OrgData, orgId: string, typeKey: string, subjectType: string, subjectKey: string): Promise<CaseRecord | undefined> {
  const r = await data
    .selectFrom('cases')
    .select(COLS)
    .where('org_id', '=', orgId)
    .where('type_key', '=', typeKey)
    .where('subject_type', '=', subjectType)
    .where('subject_key', '=', subjectKey)
    .where('phase', '<>', 'closed')
    .orderBy('opened_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return r && fromRow(r);
}

export interface CaseQuery {
  orgIds?: readonly string[];
  subjectType?: string;
  subjectKey?: string;
  type?: string;
  states?: readonly string[];
  phases?: readonly string[];
  priority?: string;
  investigator?: string;
  openedFrom?: Date;
  openedTo?: Date;
  amountMin?: number;
  amountMax?: number;
  text?: string;
  /** Keyset: cases opened before this one (newest first). */
  after?: { openedAt: Date; id: string };
  limit: number;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Cases of the caller's orgs matching every filter given, newest first. */
export async function searchCases(data: OrgData, q: CaseQuery): Promise<CaseRecord[]> {
  let query = data.selectFrom('cases').select(COLS).orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.orgIds) query = query.where('org_id', 'in', q.orgIds.length ? [...q.orgIds] : ['']);
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.subjectKey) query = query.where('subject_key', '=', q.subjectKey);
  if (q.type) query = query.where('type_key', '=', q.type);
  if (q.states?.length) query = query.where('state', 'in', [...q.states]);
  if (q.phases?.length) query = query.where('phase', 'in', [...q.phases]);
  if (q.priority) query = query.where('priority', '=', q.priority);
  if (q.investigator) query = query.where('id', 'in', data.selectFrom('case_members').select('case_id').where('username', '=', q.investigator));
  if (q.openedFrom) query = query.where('opened_at', '>=', q.openedFrom);
  if (q.openedTo) query = query.where('opened_at', '<', q.openedTo);
  if (q.amountMin !== undefined) query = query.where('amount', '>=', q.amountMin);
  if (q.amountMax !== undefined) query = query.where('amount', '<=', q.amountMax);
  if (q.text) {
    const p = likePattern(q.text);
    const text = q.text;
    query = query.where((eb) => eb.or([eb('title', 'ilike', p), eb('subject_display', 'ilike', p), eb('typology', 'ilike', p), eb('number', '=', text.toUpperCase()), eb('subject_key', '=', text)]));
  }
  if (q.after) {
    const { openedAt, id } = q.after;
    query = query.where((eb) => eb.or([eb('opened_at', '<', openedAt), eb.and([eb('opened_at', '=', openedAt), eb('id', '<', id)])]));
  }
  return (await query.execute()).map(fromRow);
}
