import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { openSecret, sealSecret } from '../auth/totp.ts';
import { getChannelForSending } from '../repos/action-channels.ts';
import { claimDueActions, recordAbandonedAttempt, recordDispatchAttempt, type ClaimedAction, type DispatchOutcome } from '../repos/alert-actions.ts';
import { OrgData } from '../repos/scoped.ts';
import type { AdapterResult, ChannelActionType, ChannelAdapter, OutboundAction } from './channels/channel-adapter.ts';
import { SimulatorChannel } from './channels/simulator-channel.ts';
import { WebhookChannel } from './channels/webhook-channel.ts';
import type { OutboundHttp } from './outbound-http.ts';

/** Actions one node sends at the same time. */
const CONCURRENCY = 10;
/** What a sender's lease adds to the call's deadline before another node may take the action over. */
const LEASE_MARGIN_MS = 30_000;
/** Retries this node wakes up for itself; beyond that the poll finds them. */
const MAX_RETRY_TIMERS = 1000;

export interface ActionDispatcherOptions {
  db: Kysely<DB>;
  /** The guarded outbound client (the webhooks' one: same SSRF guard and allow-list). */
  http: OutboundHttp;
  /** AES-256-GCM key sealing the channels' signing secrets at rest. */
  sealKey: Buffer;
  /** Deadline of one attempt, redirects included. */
  timeoutMs: number;
  /** Attempts before an action is marked `failed` (a retry on request grants as many again). */
  maxAttempts: number;
  /** Wait after the first failed attempt; it doubles after each further one, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  log: { error(o: object, msg: string): void; warn(o: object, msg: string): void };
  onAttempt?(type: string, result: 'succeeded' | 'retry' | 'failed'): void;
}

/**
 * The wait before attempt `attempt + 1`: `baseMs`, then doubling after each failed attempt, never
 * more than `maxMs`.
 *
 * @example actionRetryDelayMs(1, 10_000, 900_000) // 10 000; attempt 3 → 40 000; attempt 12 → 900 000
 */
export function actionRetryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 40), maxMs);
}

/** The outcome of an adapter's answer at a given attempt: success, another attempt, or failed for good. */
export function dispatchOutcome(r: AdapterResult, attempt: number, maxAttempts: number, delay: (attempt: number) => number): DispatchOutcome {
  if (r.ok) return { outcome: 'succeeded', result: r.result };
  if (!r.retryable || attempt >= maxAttempts) return { outcome: 'failed', error: r.error };
  return { outcome: 'retry', error: r.error, retryInMs: delay(attempt) };
}

/**
 * Sends queued actions through their channels: claims due ones (several nodes never take the same
 * one), asks the channel's adapter, records every attempt in `alert_action_attempts` and moves the
 * action on. A failed attempt worth repeating is retried with capped exponential backoff until the
 * action's attempts run out; it is then `failed`, visible and retryable through the API — never
 * dropped. Also keeps the channels' seal key: secrets are sealed for storage and opened only to sign.
 */
export class ActionDispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly sending = new Set<Promise<void>>();
  private backlog = false;
  private stopped = true;
  private poll: NodeJS.Timeout | null = null;
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly simulator = new SimulatorChannel();
  private abort = new AbortController();

  constructor(private readonly o: ActionDispatcherOptions) {}

  get maxAttempts(): number {
    return this.o.maxAttempts;
  }

  seal(secret: string): string {
    return sealSecret(this.o.sealKey, Buffer.from(secret, 'utf8'));
  }

  /** The adapter of a channel (its secret opened), for sending and for a channel test. */
  adapter(channel: { kind: string; url: string | null; sealedSecret: string | null }): ChannelAdapter {
    if (channel.kind === 'simulator') return this.simulator;
    if (!channel.url || !channel.sealedSecret) throw new Error('a webhook channel needs a URL and a secret');
    const secret = openSecret(this.o.sealKey, channel.sealedSecret).toString('utf8');
    return new WebhookChannel({ http: this.o.http, url: channel.url, secret, timeoutMs: this.o.timeoutMs });
  }

  /** Starts sending; also polls for actions queued by other nodes and for retries falling due. */
  start(pollMs = 1000): void {
    this.stopped = false;
    this.abort = new AbortController();
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
      .catch((e) => this.o.log.error({ err: e }, 'action dispatch failed'))
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

  /** Stops after the attempts in progress; queued actions stay queued for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.poll) clearInterval(this.poll);
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    await this.idle();
  }

  private async drain(): Promise<void> {
    const leaseMs = this.o.timeoutMs + LEASE_MARGIN_MS;
    while (!this.stopped && this.sending.size < CONCURRENCY) {
      const free = CONCURRENCY - this.sending.size;
      const batch = await claimDueActions(this.o.db, free, leaseMs);
      this.backlog = batch.length === free;
      if (batch.length === 0) return;
      for (const c of batch) {
        const p: Promise<void> = this.dispatch(c)
          .catch((e) => this.o.log.error({ err: e, actionId: c.record.id }, 'action dispatch failed'))
          .finally(() => {
            this.sending.delete(p);
            if (this.backlog && this.sending.size <= CONCURRENCY / 2) this.wake();
          });
        this.sending.add(p);
      }
      if (!this.backlog) return;
    }
  }

  private async dispatch(c: ClaimedAction): Promise<void> {
    const a = c.record;
    if (c.abandoned) await recordAbandonedAttempt(this.o.db, c);
    const started = performance.now();
    let answer: AdapterResult;
    try {
      answer = await this.send(c);
    } catch (e) {
      answer = { ok: false, retryable: true, error: `error: ${(e as Error).message}`.slice(0, 500) };
    }
    const outcome = dispatchOutcome(answer, c.attempt, a.maxAttempts, (n) => actionRetryDelayMs(n, this.o.retryBaseMs, this.o.retryMaxMs));
    const durationMs = performance.now() - started;
    this.o.onAttempt?.(a.type, outcome.outcome);
    if (outcome.outcome === 'failed') this.o.log.warn({ actionId: a.id, type: a.type, orgId: a.orgId, attempts: c.attempt, error: outcome.error }, 'action failed');
    try {
      await recordDispatchAttempt(this.o.db, c, outcome, {
        request: answer.exchange?.request ?? {},
        status: answer.exchange?.status ?? (answer.ok ? null : (answer.status ?? null)),
        response: answer.exchange?.response ?? null,
        durationMs,
      });
    } catch (e) {
      // The lease runs out and the action is sent again: at least once, never lost.
      this.o.log.error({ err: e, actionId: a.id }, 'action attempt could not be recorded');
      return;
    }
    if (outcome.outcome === 'retry') this.wakeIn(outcome.retryInMs);
  }

  /** One attempt through the action's channel; a channel gone, disabled or no longer serving the type fails it for good. */
  private async send(c: ClaimedAction): Promise<AdapterResult> {
    const a = c.record;
    const request = { channelId: a.channelId };
    if (!a.channelId) return { ok: false, retryable: false, error: 'no channel: retry the action once a channel serves it', exchange: { request } };
    // The worker sends every org's actions; the channel was chosen within the action's org chain when it was requested.
    const channel = await getChannelForSending(OrgData.system(this.o.db), a.channelId);
    if (!channel) return { ok: false, retryable: false, error: `channel ${a.channelId} no longer exists: retry the action to send it through the channel that serves it now`, exchange: { request } };
    if (!channel.enabled) return { ok: false, retryable: false, error: `channel ${channel.name} is disabled: enable it, or retry the action to send it through another channel`, exchange: { request } };
    if (!channel.actionTypes.includes(a.type as ChannelActionType)) return { ok: false, retryable: false, error: `channel ${channel.name} no longer serves ${a.type}`, exchange: { request } };
    const outbound: OutboundAction = { id: a.id, orgId: a.orgId, type: a.type as ChannelActionType, kind: a.kind, params: a.params, context: a.context, attempt: c.attempt, createdAt: a.createdAt };
    return this.adapter(channel).send(outbound, this.abort.signal);
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
