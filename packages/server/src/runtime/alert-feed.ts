import type { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { Action, EventTypeDef } from '@vigil/engine';
import { withTransaction, type DB } from '@vigil/storage';
import { listCategories, effectiveCategory, listQueues, type AlertCategory, type AlertQueue } from '../repos/alert-config.ts';
import { placeAlert, tightenSla } from '../repos/alert-handling.ts';
import { contributeAlert, levelRank, type AlertLevel } from '../repos/alerts.ts';
import { decodeEvent, decodeTrace } from '../repos/decision-encoding.ts';
import { OrgData } from '../repos/scoped.ts';
import type { TreeOrgDirectory } from './org-directory.ts';

/** Decisions filed per transaction. */
const BATCH = 100;

export interface AlertFeedDeps {
  db: Kysely<DB>;
  orgs: TreeOrgDirectory;
  eventType(key: string): EventTypeDef | undefined;
  bus: EventEmitter;
  log: { error(o: object, msg: string): void };
}

/** What the bus's `alert.opened` event carries (after the alert is committed). */
export interface AlertOpenedEvent {
  alertId: string;
  orgId: string;
  category: string;
  level: AlertLevel;
  subjectType: string;
  /** The subject as shown (a masked card number), never its token. */
  subjectDisplay: string;
  eventType: string | null;
  source: string;
  openedAt: string;
}

/** The subject an alert is about: the first entity of the category's merge kinds the event carries. */
export function pickSubject(
  mergeBy: readonly string[],
  entityFields: Readonly<Record<string, string>>,
  entities: Readonly<Record<string, string>>,
  masked: Readonly<Record<string, string>>,
): { type: string; key: string; display: string } | null {
  for (const kind of mergeBy) {
    for (const [field, k] of Object.entries(entityFields)) {
      const value = entities[field];
      if (k === kind && value) return { type: kind, key: value, display: masked[field] ?? value };
    }
  }
  return null;
}

/** The alert actions of a decision, one per category at the highest level any of them asked for. */
export function alertRequests(actions: readonly Action[]): Array<{ category: string; level: AlertLevel }> {
  const by = new Map<string, AlertLevel>();
  for (const a of actions) {
    if (a.type !== 'alert') continue;
    const level: AlertLevel = a.level === 'none' ? 'low' : a.level;
    const had = by.get(a.category);
    if (!had || levelRank(level) > levelRank(had)) by.set(a.category, level);
  }
  return [...by].map(([category, level]) => ({ category, level }));
}

/**
 * Files the alerts decisions raised. A decision with an alert action is written to the log with
 * `alert_pending`; the feed takes such rows in batches (locked, so nodes sharing the database
 * never file one twice), contributes each to its alert — merging by the category's subject and
 * window — places newly opened alerts in their queue, and clears the flag in the same
 * transaction. A crash anywhere leaves the flag set and the batch is filed again: nothing is lost,
 * and a decision's contribution counts once (see {@link contributeAlert}).
 */
export class AlertFeed {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly d: AlertFeedDeps) {}

  start(pollMs = 1000): void {
    this.stopped = false;
    this.poll = setInterval(() => this.wake(), pollMs);
    this.poll.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.idle();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((e) => this.d.log.error({ err: e }, 'alert feed failed; retrying'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Files everything pending now (tests and shutdown call it directly). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.fileBatch();
      total += n;
      if (n < BATCH || this.stopped) return total;
    }
  }

  private async fileBatch(): Promise<number> {
    const opened: AlertOpenedEvent[] = [];
    const n = await withTransaction(this.d.db, async (tx) => {
      const data = OrgData.system(tx);
      const rows = await data
        .selectFrom('decisions')
        .select(['seq', 'decision_id', 'event_id', 'event_type', 'direction', 'org_id', 'occurred_at', 'entities', 'hits', 'event', 'trace'])
        .where('alert_pending', '=', true)
        .orderBy('seq')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return 0;
      const chains = new Set(rows.flatMap((r) => this.d.orgs.chain(r.org_id)));
      const categories = await listCategories(data, [...chains]);
      const queues = await listQueues(data, [...chains]);
      const legal = await legalEntities(tx, this.d.orgs, rows.map((r) => r.org_id));
      for (const r of rows) {
        const trace = decodeTrace(r.trace);
        const requests = alertRequests((trace.actions as Action[] | undefined) ?? []);
        if (requests.length === 0) continue;
        const event = decodeEvent(r.event) as { data?: Record<string, unknown>; masked?: Record<string, string> };
        const et = this.d.eventType(r.event_type);
        const amount = typeof event.data?.amount === 'number' && Number.isFinite(event.data.amount) ? event.data.amount : null;
        for (const req of requests) {
          const placed = await this.file(data, categories, queues, r, req, et, event.masked ?? {}, amount, legal.get(r.org_id) ?? null);
          if (placed) opened.push(placed);
        }
      }
      await data
        .updateTable('decisions')
        .set({ alert_pending: false })
        .where(
          'seq',
          'in',
          rows.map((r) => r.seq),
        )
        .execute();
      return rows.length;
    });
    for (const o of opened) this.d.bus.emit('alert.opened', o);
    return n;
  }

  private async file(
    data: OrgData,
    categories: readonly AlertCategory[],
    queues: readonly AlertQueue[],
    r: { decision_id: string; event_id: string; event_type: string; direction: string; org_id: string; occurred_at: Date; entities: Record<string, string>; hits: string[] },
    req: { category: string; level: AlertLevel },
    et: EventTypeDef | undefined,
    masked: Record<string, string>,
    amount: number | null,
    legalEntityId: string | null,
  ): Promise<AlertOpenedEvent | null> {
    const cat = effectiveCategory(categories, this.d.orgs.chain(r.org_id), req.category);
    const subject = pickSubject(cat.mergeBy, et?.entityFields ?? {}, r.entities, masked) ?? { type: 'event', key: `${r.event_type}:${r.event_id}`, display: r.event_id };
    const res = await contributeAlert(data, {
      orgId: r.org_id,
      category: req.category,
      level: req.level,
      source: r.direction === 'post' ? 'post_event' : 'decision',
      subjectType: subject.type,
      subjectKey: subject.key,
      subjectDisplay: subject.display,
      mergeKey: `${subject.type}:${subject.key}`,
      windowMs: cat.windowMinutes * 60_000,
      at: r.occurred_at,
      decisionId: r.decision_id,
      eventType: r.event_type,
      eventId: r.event_id,
      ruleIds: r.hits,
      amount,
      legalEntityId,
    });
    if (res.duplicate) return null;
    if (res.opened) {
      await placeAlert(data, this.d.orgs, res.alertId, queues);
      return { alertId: res.alertId, orgId: r.org_id, category: req.category, level: res.level, subjectType: subject.type, subjectDisplay: subject.display, eventType: r.event_type, source: r.direction === 'post' ? 'post_event' : 'decision', openedAt: new Date().toISOString() };
    }
    // The contribution brought the alert's (possibly new) highest level: its SLA may tighten.
    if (res.level === req.level) await tightenSla(data, res.alertId);
    return null;
  }

  /**
   * Places a newly opened alert (a manual report's) in its queue within the caller's transaction:
   * routing is the node's work, across the queues and handlers of the orgs above the reporter's.
   */
  async place(tx: Kysely<DB>, alertId: string): Promise<void> {
    await placeAlert(OrgData.system(tx), this.d.orgs, alertId);
  }

  /** Places alerts left without a queue (their queue was deleted) in the next matching one. */
  async routeUnrouted(): Promise<number> {
    return withTransaction(this.d.db, async (tx) => {
      const data = OrgData.system(tx);
      const rows = await data.selectFrom('alerts').select('id').where('routed', '=', false).where('status', '<>', 'closed').limit(10_000).execute();
      for (const r of rows) await placeAlert(data, this.d.orgs, r.id);
      return rows.length;
    });
  }
}

/** The legal entity (bank) each org belongs to: the nearest org of kind `legal_entity` up its chain. */
export async function legalEntities(db: Kysely<DB>, orgs: TreeOrgDirectory, orgIds: readonly string[]): Promise<Map<string, string | null>> {
  const chains = new Map([...new Set(orgIds)].map((o) => [o, orgs.chain(o)]));
  const all = [...new Set([...chains.values()].flat())];
  const kinds = new Map((await db.selectFrom('orgs').select(['id', 'kind']).where('id', 'in', all).execute()).map((o) => [o.id, o.kind]));
  return new Map([...chains].map(([o, chain]) => [o, chain.find((c) => kinds.get(c) === 'legal_entity') ?? null]));
}
