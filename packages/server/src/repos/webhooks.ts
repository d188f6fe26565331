import { json } from '@vigil/storage';
import { sql, type Selectable } from 'kysely';
import type { WebhookDeliveryTable } from '@vigil/storage';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';

/** A webhook endpoint as shown: never its secret. */
export interface WebhookRecord {
  id: string;
  orgId: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLS = ['id', 'org_id', 'name', 'url', 'events', 'enabled', 'created_by', 'created_at', 'updated_at'] as const;

function fromRow(r: { id: string; org_id: string; name: string; url: string; events: string[]; enabled: boolean; created_by: string; created_at: Date; updated_at: Date }): WebhookRecord {
  return { id: r.id, orgId: r.org_id, name: r.name, url: r.url, events: r.events, enabled: r.enabled, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function insertWebhook(data: OrgData, w: { id: string; orgId: string; name: string; url: string; events: string[]; sealedSecret: string; enabled: boolean; createdBy: string }): Promise<void> {
  await data
    .insertInto('webhooks', { id: w.id, org_id: w.orgId, name: w.name, url: w.url, events: json(w.events), secret: w.sealedSecret, enabled: w.enabled, created_by: w.createdBy })
    .execute();
}

export async function getWebhook(data: OrgData, id: string): Promise<WebhookRecord | undefined> {
  const r = await data.selectFrom('webhooks').select(COLS).where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

export async function listWebhooks(data: OrgData): Promise<WebhookRecord[]> {
  return (await data.selectFrom('webhooks').select(COLS).orderBy('created_at').orderBy('id').execute()).map(fromRow);
}

export async function updateWebhook(data: OrgData, id: string, patch: { name?: string; url?: string; events?: string[]; enabled?: boolean }): Promise<boolean> {
  const r = await data
    .updateTable('webhooks')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.events !== undefined ? { events: json(patch.events) } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes a webhook and, with it, its deliveries (pending ones are never sent). */
export async function deleteWebhook(data: OrgData, id: string): Promise<boolean> {
  const r = await data.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRecord {
  id: string;
  webhookId: string;
  orgId: string;
  event: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  /** When the next attempt is due; null unless pending. */
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

type DeliveryRow = Selectable<WebhookDeliveryTable>;

function deliveryFromRow(r: DeliveryRow): DeliveryRecord {
  return {
    id: String(r.id),
    webhookId: r.webhook_id,
    orgId: r.org_id,
    event: r.event,
    payload: r.payload,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

export interface NewDelivery {
  webhookId: string;
  orgId: string;
  event: string;
  payload: Record<string, unknown>;
}

const toRow = (d: NewDelivery) => ({ webhook_id: d.webhookId, org_id: d.orgId, event: d.event, payload: json(d.payload) });

/** Queues deliveries of a caller's webhook (a test ping). */
export async function insertDeliveries(data: OrgData, rows: NewDelivery[]): Promise<DeliveryRecord[]> {
  if (rows.length === 0) return [];
  const out = await data.insertInto('webhook_deliveries', rows.map(toRow)).returningAll().execute();
  return out.map(deliveryFromRow);
}

/** Queues the deliveries of events the node saw, for every org's webhooks. */
export async function enqueueDeliveries(db: Executor, rows: NewDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await OrgData.system(db).insertInto('webhook_deliveries', rows.map(toRow)).execute();
}

export async function listDeliveries(data: OrgData, webhookId: string, q: { status?: DeliveryStatus; before?: number; limit: number }): Promise<DeliveryRecord[]> {
  let query = data.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(q.limit);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  return (await query.execute()).map(deliveryFromRow);
}

export async function getDelivery(data: OrgData, id: number): Promise<DeliveryRecord | undefined> {
  const r = await data.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return r && deliveryFromRow(r);
}

/** Puts a failed delivery back in the queue with a fresh set of attempts; undefined unless it had failed. */
export async function requeueFailedDelivery(data: OrgData, id: number): Promise<DeliveryRecord | undefined> {
  const r = await data
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirst();
  return r && deliveryFromRow(r);
}

/** Enabled webhooks of every org and the events they take, for matching events in memory. */
export async function loadSubscriptions(db: Executor): Promise<Array<{ id: string; orgId: string; events: string[] }>> {
  const rows = await OrgData.system(db).selectFrom('webhooks').select(['id', 'org_id', 'events']).where('enabled', '=', true).execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, events: r.events }));
}

/** A delivery taken by one sender, with what it needs to send it. */
export interface ClaimedDelivery {
  id: number;
  webhookId: string;
  orgId: string;
  event: string;
  payload: Record<string, unknown>;
  /** This attempt's number (1 for the first). */
  attempt: number;
  createdAt: Date;
  url: string;
  sealedSecret: string;
}

/**
 * Takes up to `limit` due deliveries of enabled webhooks for this sender: counts the attempt and
 * moves `next_attempt_at` to the end of a lease, in one statement. `FOR UPDATE SKIP LOCKED` lets
 * nodes sharing a database claim at the same time without taking the same row; the lease makes
 * a row whose sender died due again once it runs out.
 */
export async function claimDueDeliveries(db: Executor, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  // system-scope: the delivery worker sends every org's deliveries.
  const { rows } = await sql<{ id: number; webhook_id: string; org_id: string; event: string; payload: Record<string, unknown>; attempts: number; created_at: Date; url: string; secret: string }>`
    update webhook_deliveries as d
    set attempts = d.attempts + 1, next_attempt_at = now() + cast(${leaseMs} as double precision) * interval '1 millisecond'
    from webhooks as w
    where w.id = d.webhook_id and d.id in (
      select q.id from webhook_deliveries as q
      where q.status = 'pending' and q.next_attempt_at <= now()
        and q.webhook_id in (select e.id from webhooks as e where e.enabled)
      order by q.next_attempt_at, q.id
      limit ${limit}
      for update of q skip locked)
    returning d.id, d.webhook_id, d.org_id, d.event, d.payload, d.attempts, d.created_at, w.url, w.secret`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), webhookId: r.webhook_id, orgId: r.org_id, event: r.event, payload: r.payload, attempt: r.attempts, createdAt: r.created_at, url: r.url, sealedSecret: r.secret }));
}

export type AttemptResult = { delivered: true; status: number } | { delivered: false; status: number | null; error: string; retryInMs: number | null };

/**
 * Records how an attempt went: delivered, due again after `retryInMs`, or failed for good
 * (`retryInMs` null). Only the sender holding this attempt may record it.
 */
export async function recordDeliveryAttempt(db: Executor, id: number, attempt: number, r: AttemptResult): Promise<void> {
  const set = r.delivered
    ? { status: 'delivered', last_status: r.status, last_error: null, delivered_at: sql<Date>`now()` }
    : r.retryInMs === null
      ? { status: 'failed', last_status: r.status, last_error: r.error }
      : { last_status: r.status, last_error: r.error, next_attempt_at: sql<Date>`now() + cast(${r.retryInMs} as double precision) * interval '1 millisecond'` };
  await OrgData.system(db).updateTable('webhook_deliveries').set(set).where('id', '=', id).where('attempts', '=', attempt).where('status', '=', 'pending').execute();
}
