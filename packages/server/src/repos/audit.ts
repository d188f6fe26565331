import { createHash } from 'node:crypto';
import { json } from '@vigil/storage';
import { canonicalJson } from '../runtime/idempotency.ts';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';

/** One change, as recorded: who did what to which object, before and after, and why. */
export interface AuditEntry {
  actor: string;
  orgId: string;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

function entryHash(prevHash: string, at: Date, e: AuditEntry): string {
  const body = canonicalJson({ at: at.toISOString(), actor: e.actor, org: e.orgId, action: e.action, type: e.targetType, id: e.targetId, before: e.before ?? null, after: e.after ?? null, reason: e.reason ?? '' });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends an entry inside the caller's transaction, chained to the previous one. The head row is
 * locked, so concurrent appends (on any node) chain one after another in commit order.
 */
export async function appendAudit(tx: Executor, e: AuditEntry): Promise<void> {
  const head = await tx.selectFrom('audit_head').select('hash').where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  const at = new Date();
  const hash = entryHash(head.hash, at, e);
  // The log records every change, whoever made it: appending is the node's own work.
  await OrgData.system(tx)
    .insertInto('audit_log', {
      at,
      actor: e.actor,
      org_id: e.orgId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      before: e.before === undefined ? null : json(e.before as object),
      after: e.after === undefined ? null : json(e.after as object),
      reason: e.reason ?? '',
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await tx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose content or link does not match, when the chain is broken. */
  brokenAt?: { id: number; problem: string };
}

/** Recomputes the whole chain and reports the first broken link. */
export async function verifyAudit(db: Executor): Promise<AuditVerification> {
  let prev = 'genesis';
  let last = 0;
  let entries = 0;
  for (;;) {
    const rows = await OrgData.system(db).selectFrom('audit_log').selectAll().where('id', '>', last).orderBy('id').limit(1000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      last = Number(r.id);
      entries++;
      if (r.prev_hash !== prev) return { ok: false, entries, brokenAt: { id: last, problem: 'does not link to the entry before it (an entry was removed or inserted)' } };
      const e: AuditEntry = { actor: r.actor, orgId: r.org_id, action: r.action, targetType: r.target_type, targetId: r.target_id, before: r.before ?? undefined, after: r.after ?? undefined, reason: r.reason };
      if (entryHash(prev, r.at, e) !== r.hash) return { ok: false, entries, brokenAt: { id: last, problem: 'its content does not match its hash (the entry was changed)' } };
      prev = r.hash;
    }
  }
  const head = await db.selectFrom('audit_head').select('hash').where('id', '=', 1).executeTakeFirstOrThrow();
  if (head.hash !== prev) return { ok: false, entries, brokenAt: { id: last + 1, problem: 'the newest entries are missing (the chain head does not match the last entry)' } };
  return { ok: true, entries };
}

export async function listAudit(data: OrgData, q: { before?: number; limit: number; targetType?: string; targetId?: string }) {
  let query = data.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  if (q.targetType) query = query.where('target_type', '=', q.targetType);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  return (await query.execute()).map((r) => ({ id: Number(r.id), at: r.at, actor: r.actor, orgId: r.org_id, action: r.action, targetType: r.target_type, targetId: r.target_id, before: r.before, after: r.after, reason: r.reason, hash: r.hash }));
}

/** The login log, newest first: a bank sees the attempts on its own users (unknown names are the union's). */
export async function listLogins(data: OrgData, q: { before?: number; limit: number; username?: string; outcome?: string }) {
  let query = data.selectFrom('login_log').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  if (q.username) query = query.where('username', '=', q.username);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  return query.execute();
}
