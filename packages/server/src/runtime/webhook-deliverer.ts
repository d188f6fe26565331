import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { openSecret, sealSecret } from '../auth/totp.ts';
import { claimDueDeliveries, recordDeliveryAttempt, type AttemptResult, type ClaimedDelivery } from '../repos/webhooks.ts';
import { MAX_REDIRECTS, OutboundError, type OutboundHttp } from './outbound-http.ts';
import { signWebhook } from './webhook-signature.ts';

/** Deliveries one node sends at the same time. */
const CONCURRENCY = 20;
/** Longest wait between two attempts, however many came before. */
const MAX_RETRY_DELAY_MS = 3_600_000;
/** A receiver's answer is read up to this size, then the call fails. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** What a sender's lease adds to the call's deadline before another node may take the delivery over. */
const LEASE_MARGIN_MS = 30_000;
/** Retries this node wakes up for itself; beyond that the poll finds them. */
const MAX_RETRY_TIMERS = 1000;

export interface WebhookDelivererOptions {
  db: Kysely<DB>;
  http: OutboundHttp;
  /** AES-256-GCM key sealing the signing secrets at rest. */
  sealKey: Buffer;
  /** Deadline of one attempt, redirects included. */
  timeoutMs: number;
  /** Attempts before a delivery is marked `failed`. */
  maxAttempts: number;
  /** Wait after the first failed attempt; it doubles after each further one. */
  retryBaseMs: number;
  log: { error(o: object, msg: string): void; warn(o: object, msg: string): void };
  onAttempt?(result: 'delivered' | 'retry' | 'failed'): void;
}

/** The wait before attempt `attempt + 1`: exponential from the base, capped at an hour. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS);
}

/**
 * Sends webhook deliveries: claims due ones in batches (several nodes never take the same one),
 * signs each body, posts it through the guarded outbound client and records the outcome. A
 * failed attempt is retried with exponential backoff until the attempts run out; the delivery is
 * then `failed`, visible and retryable through the API — never dropped. Also keeps the signing
 * secrets' seal key: secrets are sealed for storage and opened only to sign.
 */
export class WebhookDeliverer {
  private running: Promise<void> | null = null;
  private again = false;
  /** Sends in progress; the claim loop does not wait for them, so one slow receiver holds one slot only. */
  private readonly sending = new Set<Promise<void>>();
  /** The last claim filled every free slot: more may be due as soon as slots free up. */
  private backlog = false;
  private stopped = true;
  private poll: NodeJS.Timeout | null = null;
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(private readonly o: WebhookDelivererOptions) {}

  seal(secret: string): string {
    return sealSecret(this.o.sealKey, Buffer.from(secret, 'utf8'));
  }

  /** Starts sending; also polls for deliveries queued by other nodes and for retries falling due. */
  start(pollMs = 1000): void {
    this.stopped = false;
    this.poll = setInterval(() => this.wake(), pollMs);
    this.poll.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e) => this.o.log.error({ err: e }, 'webhook delivery failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves when nothing is being claimed or sent. */
  async idle(): Promise<void> {
    while (this.running || this.sending.size) await Promise.all([this.running, ...this.sending]);
  }

  /** Stops after the attempts in progress; pending deliveries stay queued for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    await this.idle();
  }

  /** Claims due deliveries into the free slots and starts sending them. */
  private async drain(): Promise<void> {
    const leaseMs = this.o.timeoutMs + LEASE_MARGIN_MS;
    while (!this.stopped && this.sending.size < CONCURRENCY) {
      const free = CONCURRENCY - this.sending.size;
      const batch = await claimDueDeliveries(this.o.db, free, leaseMs);
      this.backlog = batch.length === free;
      if (batch.length === 0) return;
      for (const d of batch) {
        const p: Promise<void> = this.deliver(d)
          .catch((e) => this.o.log.error({ err: e, deliveryId: d.id }, 'webhook delivery failed'))
          .finally(() => {
            this.sending.delete(p);
            // Claim again once half the slots are free, rather than one query per finished send.
            if (this.backlog && this.sending.size <= CONCURRENCY / 2) this.wake();
          });
        this.sending.add(p);
      }
      if (!this.backlog) return;
    }
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    let result: AttemptResult;
    try {
      const secret = openSecret(this.o.sealKey, d.sealedSecret).toString('utf8');
      const body = JSON.stringify({ id: String(d.id), type: d.event, createdAt: d.createdAt.toISOString(), data: d.payload });
      const res = await this.o.http.request({
        url: d.url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Vigil-Webhooks/1',
          'x-vigil-event': d.event,
          'x-vigil-delivery': String(d.id),
          'x-vigil-signature': signWebhook(secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        timeoutMs: this.o.timeoutMs,
        maxRedirects: MAX_REDIRECTS,
        maxResponseBytes: MAX_ANSWER_BYTES,
        credentialHeaders: ['x-vigil-signature'],
      });
      result = res.status >= 200 && res.status < 300 ? { delivered: true, status: res.status } : this.failure(d, res.status, `HTTP ${res.status}`);
    } catch (e) {
      const code = e instanceof OutboundError ? e.code : 'error';
      result = this.failure(d, null, `${code}: ${(e as Error).message}`.slice(0, 500));
    }
    this.o.onAttempt?.(result.delivered ? 'delivered' : result.retryInMs === null ? 'failed' : 'retry');
    try {
      await recordDeliveryAttempt(this.o.db, d.id, d.attempt, result);
    } catch (e) {
      // The lease runs out and the delivery is sent again: at least once, never lost.
      this.o.log.error({ err: e, deliveryId: d.id }, 'webhook delivery result could not be recorded');
      return;
    }
    if (!result.delivered && result.retryInMs !== null) this.wakeIn(result.retryInMs);
  }

  private failure(d: ClaimedDelivery, status: number | null, error: string): AttemptResult {
    if (d.attempt >= this.o.maxAttempts) {
      this.o.log.warn({ deliveryId: d.id, webhookId: d.webhookId, attempts: d.attempt, error }, 'webhook delivery failed after its last attempt');
      return { delivered: false, status, error, retryInMs: null };
    }
    return { delivered: false, status, error, retryInMs: retryDelayMs(d.attempt, this.o.retryBaseMs) };
  }

  /** Comes back when a retry this node scheduled falls due, rather than at the next poll. */
  private wakeIn(ms: number): void {
    if (this.stopped || this.retries.size >= MAX_RETRY_TIMERS) return;
    const t = setTimeout(() => {
      this.retries.delete(t);
      this.wake();
    }, ms + 5);
    t.unref();
    this.retries.add(t);
  }
}
