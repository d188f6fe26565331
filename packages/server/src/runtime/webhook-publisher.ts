import type { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { OUTCOMES } from '@vigil/engine';
import type { DecisionRecord } from '../repos/decisions.ts';
import { enqueueDeliveries, loadSubscriptions, type NewDelivery } from '../repos/webhooks.ts';
import type { FeedbackEvent } from '../services.ts';
import type { OrgDirectory } from './org-directory.ts';

/** Alert center events a webhook can subscribe to. */
export const ALERT_WEBHOOK_EVENTS = ['alert.opened', 'alert.escalated', 'alert.disposed'] as const;
/** Events a webhook can subscribe to: one per decision outcome, feedback on a decision, and alerts opened, escalated and disposed of. */
export const WEBHOOK_EVENTS = [...OUTCOMES.map((o) => `decision.${o}` as const), 'decision.feedback' as const, ...ALERT_WEBHOOK_EVENTS];
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Sent only on request (`POST /webhooks/{id}/test`), to every webhook whatever it subscribes to. */
export const PING_EVENT = 'ping';

/** Deliveries inserted per statement. */
const BATCH = 500;
/** Deliveries held in memory while the database refuses them; past this, new ones are dropped (logged and counted). */
const MAX_BUFFERED = 100_000;
const RETRY_MS = 1000;

/**
 * What a decision's webhook says: identifiers, outcome, score, risk level, hits and times, and
 * the masked forms of card numbers. Never the event's data itself (tokens, personal data).
 */
export function decisionPayload(r: DecisionRecord): Record<string, unknown> {
  const hits = (r.response as { hits?: unknown }).hits;
  return {
    decisionId: r.decisionId,
    eventId: r.eventId,
    eventType: r.eventType,
    direction: r.direction,
    orgId: r.orgId,
    outcome: r.outcome,
    score: r.score,
    riskLevel: r.riskLevel,
    hits: Array.isArray(hits) ? hits : r.hits.map((ruleId) => ({ ruleId })),
    masked: (r.event as { masked?: Record<string, string> }).masked ?? {},
    occurredAt: r.occurredAt.toISOString(),
    decidedAt: r.decidedAt.toISOString(),
  };
}

export function feedbackPayload(f: FeedbackEvent): Record<string, unknown> {
  return {
    feedbackId: f.feedbackId,
    decisionId: f.decisionId,
    eventType: f.eventType,
    orgId: f.orgId,
    challengeResult: f.challengeResult ?? null,
    businessStatus: f.businessStatus ?? null,
    note: f.note,
    receivedAt: f.receivedAt.toISOString(),
  };
}

/**
 * Turns what the bus announces (logged decisions, feedback) into webhook deliveries, off the
 * decision's critical path: subscriptions are matched in memory (an event nobody subscribes to
 * costs one map lookup per org of its chain), and matching deliveries are inserted in batches
 * by a background flush. A webhook receives the events of its org and of every org below it.
 */
export class WebhookPublisher {
  /** Org id → its enabled webhooks and the events each takes. */
  private subs = new Map<string, Array<{ id: string; events: ReadonlySet<string> }>>();
  private buffer: NewDelivery[] = [];
  private flushing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private listening = false;
  private readonly onDecision = (r: DecisionRecord) => this.publishDecision(r);
  private readonly onFeedback = (f: FeedbackEvent) => this.publish(f.orgId, 'decision.feedback', () => feedbackPayload(f));
  /** Alert events carry ids, category, level and the masked subject only; receivers read more through the API. */
  private readonly onAlert = ALERT_WEBHOOK_EVENTS.map((event) => [event, (e: { orgId: string } & Record<string, unknown>) => this.publish(e.orgId, event, () => ({ ...e }))] as const);

  constructor(
    private readonly d: {
      db: Kysely<DB>;
      bus: EventEmitter;
      orgs: OrgDirectory;
      log: { error(o: object, msg: string): void };
      /** Called after deliveries are stored, to wake the sender. */
      onQueued(): void;
      onDropped?(n: number): void;
    },
  ) {}

  /** Reloads the subscriptions (at start and after a change to webhooks). */
  async reload(): Promise<void> {
    const next = new Map<string, Array<{ id: string; events: ReadonlySet<string> }>>();
    for (const w of await loadSubscriptions(this.d.db)) {
      const list = next.get(w.orgId) ?? [];
      list.push({ id: w.id, events: new Set(w.events) });
      next.set(w.orgId, list);
    }
    this.subs = next;
  }

  start(): void {
    if (this.listening) return;
    this.listening = true;
    this.d.bus.on('decision', this.onDecision);
    this.d.bus.on('feedback', this.onFeedback);
    for (const [event, fn] of this.onAlert) this.d.bus.on(event, fn);
  }

  /** Stops listening and stores what is still buffered. */
  async stop(): Promise<void> {
    this.d.bus.off('decision', this.onDecision);
    this.d.bus.off('feedback', this.onFeedback);
    for (const [event, fn] of this.onAlert) this.d.bus.off(event, fn);
    this.listening = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.idle();
    if (this.buffer.length) {
      // One last try; what the database still refuses is lost, and said so.
      await this.flush();
      if (this.buffer.length) this.d.log.error({ deliveries: this.buffer.length }, 'webhook deliveries not stored at shutdown');
    }
  }

  /** Resolves when nothing is being written (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private publishDecision(r: DecisionRecord): void {
    this.publish(r.orgId, `decision.${r.outcome}`, () => decisionPayload(r));
  }

  private publish(orgId: string, event: string, payload: () => Record<string, unknown>): void {
    if (this.subs.size === 0) return;
    let body: Record<string, unknown> | undefined;
    const rows: NewDelivery[] = [];
    for (const org of this.d.orgs.chain(orgId)) {
      for (const w of this.subs.get(org) ?? []) {
        if (!w.events.has(event)) continue;
        body ??= payload();
        rows.push({ webhookId: w.id, orgId: org, event, payload: body });
      }
    }
    if (rows.length === 0) return;
    if (this.buffer.length + rows.length > MAX_BUFFERED) {
      this.d.log.error({ event, orgId, deliveries: rows.length }, 'webhook deliveries dropped: the queue is full');
      this.d.onDropped?.(rows.length);
      return;
    }
    this.buffer.push(...rows);
    this.schedule();
  }

  private schedule(): void {
    if (this.flushing || this.retryTimer) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flush())
      .finally(() => {
        this.flushing = null;
      });
  }

  private async flush(): Promise<void> {
    while (this.buffer.length) {
      const batch = this.buffer.slice(0, BATCH);
      try {
        await enqueueDeliveries(this.d.db, batch);
      } catch (e) {
        this.d.log.error({ err: e, deliveries: this.buffer.length }, 'webhook deliveries could not be stored; retrying');
        if (this.listening) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.schedule();
          }, RETRY_MS);
          this.retryTimer.unref();
        }
        return;
      }
      this.buffer.splice(0, batch.length);
      this.d.onQueued();
    }
  }
}
