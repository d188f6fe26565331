import { json, withTransaction, type AlertActionAttemptTable, type AlertActionTable, type DB } from '@vigil/storage';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';

export const ACTION_TYPES = ['sms', 'call', 'control', 'add_to_list'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const ACTION_STATUSES = ['queued', 'sending', 'succeeded', 'failed', 'cancelled', 'awaiting_result'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** The answer of an attempt's receiver is kept up to this many characters in the log. */
export const MAX_LOGGED_RESPONSE = 4096;

/** An action as shown on the alert's (or case's) timeline and in the operations view. */
export interface ActionRecord {
  id: string;
  orgId: string;
  alertId: string | null;
  caseId: string | null;
  type: ActionType;
  kind: string | null;
  source: 'manual' | 'auto';
  params: Record<string, unknown>;
  context: Record<string, unknown>;
  channelId: string | null;
  status: ActionStatus;
  /** Attempts made so far (a manual call's recorded result and a list write count as one). */
  attempts: number;
  /** The attempt after which the action fails (a retry on request adds a fresh set). */
  maxAttempts: number;
  /** When a queued action is due. */
  nextAttemptAt: Date | null;
  result: Record<string, unknown> | null;
  lastError: string | null;
  requestedBy: string;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

/** One attempt of the visible delivery log. */
export interface AttemptRecord {
  id: string;
  actionId: string;
  attempt: number;
  outcome: 'succeeded' | 'retry' | 'failed' | 'recorded';
  request: Record<string, unknown>;
  status: number | null;
  response: string | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

type ActionRow = Selectable<AlertActionTable>;

function fromRow(r: ActionRow): ActionRecord {
  return {
    id: r.id,
    orgId: r.org_id,
    alertId: r.alert_id,
    caseId: r.case_id,
    type: r.type as ActionType,
    kind: r.kind,
    source: r.source as 'manual' | 'auto',
    params: r.params,
    context: r.context,
    channelId: r.channel_id,
    status: r.status as ActionStatus,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextAttemptAt: r.status === 'queued' ? r.next_attempt_at : null,
    result: r.result,
    lastError: r.last_error,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    completedAt: r.completed_at,
  };
}

function attemptFromRow(r: Selectable<AlertActionAttemptTable>): AttemptRecord {
  return {
    id: String(r.id),
    actionId: r.action_id,
    attempt: r.attempt,
    outcome: r.outcome as AttemptRecord['outcome'],
    request: r.request,
    status: r.status,
    response: r.response,
    error: r.error,
    durationMs: r.duration_ms,
    at: r.at,
  };
}

export interface NewAction {
  id: string;
  orgId: string;
  alertId: string | null;
  caseId: string | null;
  type: ActionType;
  kind: string | null;
  source: 'manual' | 'auto';
  params: Record<string, unknown>;
  context: Record<string, unknown>;
  channelId: string | null;
  status: ActionStatus;
  attempts?: number;
  maxAttempts: number;
  /** Queued actions: due now unless given. */
  nextAttemptAt?: Date | null;
  result?: Record<string, unknown> | null;
  lastError?: string | null;
  requestedBy: string;
  completedAt?: Date | null;
}

/**
 * Stores a new action. With `skipDuplicate`, an automatic action the alert already has (the same
 * template) is not stored again and the answer is undefined.
 */
export async function insertAction(data: OrgData, a: NewAction, opts: { skipDuplicate?: boolean } = {}): Promise<ActionRecord | undefined> {
  let q = data.insertInto('alert_actions', {
    id: a.id,
    org_id: a.orgId,
    alert_id: a.alertId,
    case_id: a.caseId,
    type: a.type,
    kind: a.kind,
    source: a.source,
    params: json(a.params),
    context: json(a.context),
    channel_id: a.channelId,
    status: a.status,
    attempts: a.attempts ?? 0,
    max_attempts: a.maxAttempts,
    next_attempt_at: a.status === 'queued' ? (a.nextAttemptAt ?? sql<Date>`now()`) : null,
    result: a.result ? json(a.result) : null,
    last_error: a.lastError ?? null,
    requested_by: a.requestedBy,
    completed_at: a.completedAt ?? null,
  });
  if (opts.skipDuplicate) q = q.onConflict((oc) => oc.doNothing());
  const r = await q.returningAll().executeTakeFirst();
  return r && fromRow(r);
}

export interface NewAttempt {
  actionId: string;
  orgId: string;
  attempt: number;
  outcome: AttemptRecord['outcome'];
  request: Record<string, unknown>;
  status?: number | null;
  response?: string | null;
  error?: string | null;
  durationMs: number;
}

export async function insertAttempt(data: OrgData, a: NewAttempt): Promise<void> {
  await data
    .insertInto('alert_action_attempts', {
      action_id: a.actionId,
      org_id: a.orgId,
      attempt: a.attempt,
      outcome: a.outcome,
      request: json(a.request),
      status: a.status ?? null,
      response: a.response == null ? null : a.response.slice(0, MAX_LOGGED_RESPONSE),
      error: a.error ?? null,
      duration_ms: Math.max(0, Math.round(a.durationMs)),
    })
    .execute();
}

export async function getAction(data: OrgData, id: string): Promise<ActionRecord | undefined> {
  const r = await data.selectFrom('alert_actions').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/**
 * The actions of an alert or a case, oldest first (their timeline), each with its attempt count.
 * With neither `alertId` nor `caseId` there is nothing to list.
 */
export async function listActions(data: OrgData, by: { alertId?: string; caseId?: string }): Promise<ActionRecord[]> {
  if (by.alertId === undefined && by.caseId === undefined) return [];
  let q = data.selectFrom('alert_actions').selectAll().orderBy('created_at').orderBy('id');
  if (by.alertId !== undefined) q = q.where('alert_id', '=', by.alertId);
  if (by.caseId !== undefined) q = q.where('case_id', '=', by.caseId);
  return (await q.execute()).map(fromRow);
}

export interface ActionQuery {
  status?: ActionStatus;
  type?: ActionType;
  orgIds?: readonly string[];
  /** Opaque cursor: the id of the last action of the previous page (ids are time-ordered). */
  before?: string;
  limit: number;
}

/** Actions of the caller's orgs, newest first, for the operations view (failed deliveries). */
export async function pageActions(data: OrgData, q: ActionQuery): Promise<ActionRecord[]> {
  let query = data.selectFrom('alert_actions').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.orgIds) query = query.where('org_id', 'in', q.orgIds.length ? [...q.orgIds] : ['']);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  return (await query.execute()).map(fromRow);
}

/** The delivery log of an action, first attempt first. */
export async function listAttempts(data: OrgData, actionId: string): Promise<AttemptRecord[]> {
  const rows = await data.selectFrom('alert_action_attempts').selectAll().where('action_id', '=', actionId).orderBy('id').execute();
  return rows.map(attemptFromRow);
}

/**
 * Puts a failed action back in the queue with a fresh set of attempts (its history stays), through
 * the channel given; undefined unless it had failed.
 */
export async function requeueFailedAction(data: OrgData, id: string, channelId: string | null, freshAttempts: number): Promise<ActionRecord | undefined> {
  const r = await data
    .updateTable('alert_actions')
    .set({
      status: 'queued',
      channel_id: channelId,
      max_attempts: sql<number>`attempts + ${freshAttempts}`,
      next_attempt_at: sql<Date>`now()`,
      lease_until: null,
      completed_at: null,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirst();
  return r && fromRow(r);
}

/** Ends an action that is in one of `from` (a person recorded a call, or cancelled it); undefined otherwise. */
export async function finishAction(
  data: OrgData,
  id: string,
  from: readonly ActionStatus[],
  to: { status: 'succeeded' | 'failed' | 'cancelled'; attempts?: number; result?: Record<string, unknown> | null; lastError?: string | null },
): Promise<ActionRecord | undefined> {
  const r = await data
    .updateTable('alert_actions')
    .set({
      status: to.status,
      ...(to.attempts !== undefined ? { attempts: to.attempts } : {}),
      ...(to.result !== undefined ? { result: to.result ? json(to.result) : null } : {}),
      ...(to.lastError !== undefined ? { last_error: to.lastError } : {}),
      next_attempt_at: null,
      lease_until: null,
      completed_at: sql<Date>`now()`,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst();
  return r && fromRow(r);
}

/** An action taken by one dispatcher for one attempt, with what it needs to send it. */
export interface ClaimedAction {
  record: ActionRecord;
  /** This attempt's number (1 for the first). */
  attempt: number;
  /** The previous attempt's sender stopped before recording it (its lease ran out). */
  abandoned: boolean;
}

/**
 * Takes up to `limit` due actions for this dispatcher: queued ones whose time has come, and ones
 * whose sender's lease ran out (a `sending` action's `next_attempt_at` is the end of its lease). Counts the attempt, marks them `sending` and leases them, in one
 * statement. `FOR UPDATE SKIP LOCKED` lets nodes sharing a database claim at the same time without
 * taking the same action; the lease makes an action whose sender died due again.
 */
export async function claimDueActions(db: Executor, limit: number, leaseMs: number): Promise<ClaimedAction[]> {
  // system-scope: the dispatcher sends every org's actions.
  const { rows } = await sql<ActionRow & { prev_status: string }>`
    update alert_actions as a
    set status = 'sending', attempts = a.attempts + 1, updated_at = now(),
        lease_until = now() + cast(${leaseMs} as double precision) * interval '1 millisecond',
        next_attempt_at = now() + cast(${leaseMs} as double precision) * interval '1 millisecond'
    from (
      select q.id, q.status as prev_status from alert_actions as q
      where q.status in ('queued', 'sending') and q.next_attempt_at <= now()
      order by q.next_attempt_at, q.id
      limit ${limit}
      for update of q skip locked) as due
    where a.id = due.id
    returning a.*, due.prev_status`.execute(db);
  return rows.map((r) => ({ record: fromRow(r), attempt: r.attempts, abandoned: r.prev_status === 'sending' }));
}

/** How a dispatched attempt ended, for {@link recordDispatchAttempt}. */
export type DispatchOutcome =
  | { outcome: 'succeeded'; result: Record<string, unknown> }
  | { outcome: 'retry'; error: string; retryInMs: number }
  | { outcome: 'failed'; error: string };

/**
 * Records an attempt in the log and moves the action on (succeeded, due again, or failed for good),
 * in one transaction. The action is moved only if this sender still holds the attempt; the log
 * row is written either way, since the attempt was made.
 */
export async function recordDispatchAttempt(db: Kysely<DB>, claimed: ClaimedAction, o: DispatchOutcome, log: Omit<NewAttempt, 'actionId' | 'orgId' | 'attempt' | 'outcome' | 'error'>): Promise<boolean> {
  const a = claimed.record;
  return withTransaction(db, async (tx) => {
    const data = OrgData.system(tx);
    await insertAttempt(data, { ...log, actionId: a.id, orgId: a.orgId, attempt: claimed.attempt, outcome: o.outcome, error: o.outcome === 'succeeded' ? null : o.error });
    const set =
      o.outcome === 'succeeded'
        ? { status: 'succeeded', result: json(o.result), last_error: null, lease_until: null, next_attempt_at: null, completed_at: sql<Date>`now()` }
        : o.outcome === 'failed'
          ? { status: 'failed', last_error: o.error, lease_until: null, next_attempt_at: null, completed_at: sql<Date>`now()` }
          : { status: 'queued', last_error: o.error, lease_until: null, next_attempt_at: sql<Date>`now() + cast(${o.retryInMs} as double precision) * interval '1 millisecond'` };
    const r = await data
      .updateTable('alert_actions')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', a.id)
      .where('attempts', '=', claimed.attempt)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  });
}

/** Logs an attempt whose sender stopped before recording it, when the action is claimed again. */
export async function recordAbandonedAttempt(db: Executor, claimed: ClaimedAction): Promise<void> {
  await insertAttempt(OrgData.system(db), {
    actionId: claimed.record.id,
    orgId: claimed.record.orgId,
    attempt: claimed.attempt - 1,
    outcome: 'retry',
    request: {},
    error: 'no result recorded: the sending node stopped during the attempt (its lease ran out); the receiver may have received it',
    durationMs: 0,
  });
}
