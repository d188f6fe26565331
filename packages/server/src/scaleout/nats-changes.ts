import { nanos } from '@nats-io/transport-node';
import type { ConsumerMessages } from '@nats-io/jetstream';
import type { ChangeTopic } from '../repos/changes.ts';
import { NatsUnavailableError, backoffMs, sleep, type NatsLink, type NatsLog } from './nats-link.ts';

/** Every topic a node can be told about; a message naming another topic is ignored. */
const TOPICS: Record<ChangeTopic, true> = { strategies: true, lists: true, event_types: true, api_keys: true, orgs: true, webhooks: true, models: true };

export interface NatsChangeBusOptions {
  /** Where to log; the link's logger by default. */
  log?: NatsLog;
  /** Deadline of one publish, in ms. Default 2000. */
  publishTimeoutMs?: number;
  /** How long the CHANGES stream keeps a notification, in ms. Default 1 hour. */
  maxAgeMs?: number;
  /** Notifications kept per topic. Default 5. */
  maxMsgsPerTopic?: number;
}

/** A function told of each change: what changed, and the node that changed it. */
export type ChangeListener = (topic: ChangeTopic, origin: string) => void;

/**
 * Tells every node within a second that shared configuration changed (strategies, lists, …) so it
 * reloads that part. Notifications go through the CHANGES stream, so a node that was briefly
 * disconnected still receives those sent meanwhile. Each node receives every notification,
 * including its own (compare `origin` to ignore them). The database revisions remain the source of
 * truth; this only shortens the time until a node notices.
 */
export class NatsChangeBus {
  private readonly listeners = new Set<ChangeListener>();
  private readonly aborter = new AbortController();
  private readonly publishTimeoutMs: number;
  private loop: Promise<void> | null = null;
  private current: ConsumerMessages | null = null;
  private lastSeq: number | null = null;
  private subscribed = false;
  private closed = false;
  private readonly offStatus: () => void;

  private readonly log: NatsLog;

  constructor(
    private readonly link: NatsLink,
    opts: NatsChangeBusOptions = {},
  ) {
    this.log = opts.log ?? link.log;
    this.publishTimeoutMs = opts.publishTimeoutMs ?? 2000;
    const maxAgeMs = opts.maxAgeMs ?? 60 * 60_000;
    link.configureStream('changes', {
      max_age: nanos(maxAgeMs),
      max_msgs_per_subject: opts.maxMsgsPerTopic ?? 5,
      // The server wants the duplicate window within the age limit.
      duplicate_window: nanos(Math.min(60_000, maxAgeMs)),
    });
    this.offStatus = link.onStatus((s) => {
      if (s === 'disconnected') this.stopConsumer();
    });
  }

  /**
   * Notifies every node that `topic` changed. Rejects with a {@link NatsUnavailableError} at once
   * while disconnected, or when the server has not stored it within the deadline.
   */
  async publish(topic: ChangeTopic, origin: string): Promise<void> {
    if (this.closed) throw new NatsUnavailableError('change bus closed');
    if (!this.link.connected) throw new NatsUnavailableError('NATS is disconnected');
    const subject = this.link.subject('changes', topic);
    const publish = this.link.js().publish(subject, JSON.stringify({ topic, origin }), { timeout: this.publishTimeoutMs });
    try {
      await this.link.deadline(publish, this.publishTimeoutMs, 'change publish');
    } catch (e) {
      this.link.repairIfMissing(e);
      throw e;
    }
  }

  /**
   * Calls `fn` for every change notified from now on, by any node; returns the function that
   * unsubscribes. Survives reconnections: notifications sent while this node was disconnected are
   * delivered when it is back (as long as the stream still holds them).
   */
  subscribe(fn: ChangeListener): () => void {
    this.listeners.add(fn);
    if (!this.loop && !this.closed) this.loop = this.run();
    return () => this.listeners.delete(fn);
  }

  /** Resolves true once notifications are being received, false after `timeoutMs`. */
  async waitSubscribed(timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (!this.subscribed && Date.now() < end && !this.closed) await sleep(20, this.aborter.signal);
    return this.subscribed;
  }

  /** Stops receiving notifications. */
  async close(): Promise<void> {
    this.closed = true;
    this.offStatus();
    this.aborter.abort();
    this.stopConsumer();
    await this.loop;
  }

  private stopConsumer(): void {
    this.subscribed = false;
    const c = this.current;
    this.current = null;
    void c?.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const signal = this.aborter.signal;
    for (let failures = 0; !this.closed && !this.link.isClosed; ) {
      if (!this.link.ready) {
        await this.link.waitReady(60_000, signal);
        continue;
      }
      let ended = false;
      try {
        await this.consume();
        ended = true;
        failures = 0;
      } catch (e) {
        if (!this.closed) this.log.warn({ err: e, failures }, 'change notifications interrupted; resubscribing');
        failures++;
      }
      if (!this.closed) await sleep(ended ? 100 : backoffMs(failures), signal);
    }
  }

  /** One ordered consumer from the position after the last notification seen, until it stops. */
  private async consume(): Promise<void> {
    const stream = this.link.streams.changes;
    const { first_seq, last_seq } = (await this.link.jsm().streams.info(stream)).state;
    let start: number;
    if (this.lastSeq === null) {
      // First subscription: only what is sent from now on.
      this.lastSeq = last_seq;
      start = last_seq + 1;
    } else if (this.lastSeq > last_seq) {
      // The server lost the stream and it was created again: all it holds is new to us.
      this.lastSeq = 0;
      start = Math.max(1, first_seq);
    } else {
      start = this.lastSeq + 1;
    }
    const consumer = await this.link.js().consumers.get(stream, { opt_start_seq: start, inactive_threshold: 30_000 });
    const msgs = await consumer.consume({ max_messages: 100, expires: 10_000 });
    if (this.closed || !this.link.connected) {
      await msgs.close();
      return;
    }
    this.current = msgs;
    this.subscribed = true;
    // Anything that means the stream or consumer went away: start over from the stream's state.
    void (async () => {
      for await (const n of msgs.status()) {
        if (n.type === 'stream_not_found' || n.type === 'consumer_not_found' || n.type === 'consumer_deleted' || n.type === 'heartbeats_missed') {
          this.log.warn({ notification: n.type }, 'change consumer lost; resubscribing');
          if (this.current === msgs) this.stopConsumer();
          else void msgs.close();
          return;
        }
      }
    })().catch(() => undefined);
    try {
      for await (const m of msgs) {
        this.lastSeq = m.seq;
        let topic: string;
        let origin: string;
        try {
          ({ topic, origin } = m.json<{ topic: string; origin: string }>());
        } catch {
          continue;
        }
        if (!Object.hasOwn(TOPICS, topic) || typeof origin !== 'string') continue;
        for (const fn of [...this.listeners]) {
          try {
            fn(topic as ChangeTopic, origin);
          } catch (e) {
            this.log.error({ err: e, topic }, 'change listener failed');
          }
        }
      }
    } finally {
      if (this.current === msgs) this.stopConsumer();
      if (this.closed && this.link.connected) await consumer.delete().catch(() => undefined);
    }
  }
}
