import { nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, ReplayPolicy, type Consumer, type ConsumerMessages, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { InboxItem } from '../repos/inbox.ts';
import { NatsUnavailableError, backoffMs, isMissingResource, sleep, type NatsLink, type NatsLog } from './nats-link.ts';

/** Code of the error {@link JetStreamIntake.accept} rejects with: store the events elsewhere. */
export const INTAKE_UNAVAILABLE = 'INTAKE_UNAVAILABLE';

/** What became of an event handed to the handler. */
export type IntakeOutcome = 'done' | 'retry' | 'parked';

/** About one delivery of an event to the handler. */
export interface IntakeDelivery {
  /** 1 on the first delivery, counting every delivery (retries, redeliveries after a node died). */
  deliveryCount: number;
  /**
   * True on the last delivery the stream makes: the handler should park the event (store it as
   * failed) rather than ask for a retry, which would give the event up.
   */
  lastAttempt: boolean;
}

/**
 * Evaluates one accepted event. Resolve `done` once it is handled, `parked` once it is stored as
 * failed elsewhere (both remove it from the intake), `retry` to have it delivered again later (also
 * what a thrown error does).
 */
export type IntakeHandler = (item: InboxItem, info: IntakeDelivery) => Promise<IntakeOutcome>;

export interface JetStreamIntakeOptions {
  /** Where to log; the link's logger by default. */
  log?: NatsLog;
  /** Window during which an event published again (same type, org and id) is reported `duplicate`, in ms. Default 10 min. */
  duplicateWindowMs?: number;
  /** Size limit of the EVENTS stream in bytes; when full, `accept` is refused. Default unlimited (-1). */
  maxBytes?: number;
  /** How long a node may hold an event without acknowledging it before another node gets it, in ms. Default 30 000. */
  ackWaitMs?: number;
  /** Deliveries of one event before the stream gives it up. Default 10. */
  maxDeliver?: number;
  /** Events delivered and not yet acknowledged, across all nodes. Default 1000. */
  maxAckPending?: number;
  /** Deadline of one publish in `accept`, in ms. Default 2000. */
  publishTimeoutMs?: number;
  /** Publishes in flight at once within one `accept` call. Default 64. */
  publishConcurrency?: number;
  /** Pause before a retried event is delivered again, by delivery count. Default 1 s doubling up to 60 s. */
  retryDelayMs?: (deliveryCount: number) => number;
  /** How long a running handler keeps its event from being redelivered elsewhere, in ms. Default 5 min. */
  maxHandlerMs?: number;
  /**
   * Called when an event is given up (a retry or an error on its last delivery), e.g. to store it as
   * failed; once it resolves the event is removed from the intake. Without it, or if it rejects, the
   * event stays in the stream, no longer delivered: never lost, but needing an operator.
   */
  onGiveUp?: (item: InboxItem, reason: unknown) => Promise<void> | void;
}

/** The error {@link JetStreamIntake.accept} rejects with, code `INTAKE_UNAVAILABLE`. */
export class IntakeUnavailableError extends NatsUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, INTAKE_UNAVAILABLE, options);
    this.name = 'IntakeUnavailableError';
  }
}

/**
 * Async event intake on JetStream, shared by every node: `accept` stores events in the EVENTS
 * stream (work-queue retention, file storage, deduplicated by event type, org and id), and `start`
 * has this node evaluate them through one durable consumer shared with every other node, so each
 * event is handled by one node at a time. An event leaves the stream only once its handler is done
 * with it; the events a node held when it died are delivered to another node after the ack wait.
 */
export class JetStreamIntake {
  /** The durable consumer every node pulls from, `<prefix>-intake`. */
  readonly durable: string;
  private readonly o: Required<Omit<JetStreamIntakeOptions, 'onGiveUp' | 'maxBytes' | 'duplicateWindowMs' | 'log'>> & Pick<JetStreamIntakeOptions, 'onGiveUp'>;
  private readonly log: NatsLog;
  private handler: IntakeHandler | null = null;
  private concurrency = 1;
  private running: Promise<void> | null = null;
  private stopping = false;
  private aborter = new AbortController();
  private current: ConsumerMessages | null = null;
  private held = 0;
  private slotWaiters: Array<() => void> = [];
  private offStatus: (() => void) | null = null;

  constructor(
    private readonly link: NatsLink,
    opts: JetStreamIntakeOptions = {},
  ) {
    this.log = opts.log ?? link.log;
    this.durable = `${link.prefix}-intake`;
    this.o = {
      ackWaitMs: opts.ackWaitMs ?? 30_000,
      maxDeliver: opts.maxDeliver ?? 10,
      maxAckPending: opts.maxAckPending ?? 1000,
      publishTimeoutMs: opts.publishTimeoutMs ?? 2000,
      publishConcurrency: Math.max(1, opts.publishConcurrency ?? 64),
      retryDelayMs: opts.retryDelayMs ?? ((n) => Math.min(60_000, 1000 * 2 ** Math.max(0, n - 1))),
      maxHandlerMs: opts.maxHandlerMs ?? 5 * 60_000,
      onGiveUp: opts.onGiveUp,
    };
    link.configureStream('events', {
      duplicate_window: nanos(opts.duplicateWindowMs ?? 10 * 60_000),
      max_bytes: opts.maxBytes ?? -1,
    });
    link.onEnsure((jsm) => this.ensureConsumer(jsm));
  }

  /** Events this node is handling right now. */
  get inHand(): number {
    return this.held;
  }

  /**
   * Stores events for evaluation; returns per item `accepted`, or `duplicate` when the same event
   * (type, org, id) was accepted within the duplicate window. Rejects with an
   * {@link IntakeUnavailableError} (code `INTAKE_UNAVAILABLE`) at once while NATS is disconnected,
   * or when a publish is not confirmed within its deadline: the caller then stores the whole batch
   * elsewhere. Items published before the failure stay accepted here too, so an event may be
   * evaluated by both paths; the decision log keeps one decision per event. The stream compares
   * ids only: an id reused with a different payload is also reported `duplicate`.
   */
  async accept(items: InboxItem[]): Promise<Array<'accepted' | 'duplicate'>> {
    if (items.length === 0) return [];
    if (!this.link.connected) throw new IntakeUnavailableError('event intake unavailable: NATS is disconnected');
    const js = this.link.js();
    const out = new Array<'accepted' | 'duplicate'>(items.length);
    let next = 0;
    let failure: unknown = null;
    const worker = async () => {
      while (failure === null && next < items.length) {
        const i = next++;
        const it = items[i]!;
        try {
          const ack = await this.link.deadline(
            js.publish(this.link.subject('events', it.eventType), JSON.stringify(it), {
              msgID: `${it.eventType}/${it.orgId}/${it.eventId}`,
              timeout: this.o.publishTimeoutMs,
            }),
            this.o.publishTimeoutMs,
            'event intake',
            INTAKE_UNAVAILABLE,
          );
          out[i] = ack.duplicate ? 'duplicate' : 'accepted';
        } catch (e) {
          failure ??= e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.publishConcurrency, items.length) }, worker));
    if (failure !== null) {
      const e = failure as Error;
      this.link.repairIfMissing(e);
      if (e instanceof NatsUnavailableError && e.code === INTAKE_UNAVAILABLE) throw e;
      throw new IntakeUnavailableError(`event intake unavailable: ${e.message}`, { cause: e });
    }
    return out;
  }

  /**
   * Has this node evaluate accepted events with `handler`, at most `concurrency` at once. An event is
   * acknowledged only after the handler resolves `done` or `parked`; on `retry` or an error it is
   * delivered again after a growing delay. Keeps going across NATS outages.
   */
  start(handler: IntakeHandler, opts: { concurrency: number }): void {
    if (this.running) throw new Error('intake already started');
    this.handler = handler;
    this.concurrency = Math.max(1, Math.floor(opts.concurrency));
    this.stopping = false;
    this.aborter = new AbortController();
    this.offStatus = this.link.onStatus((s) => {
      if (s === 'disconnected') this.closeFetch();
    });
    this.running = this.pump().catch((e) => this.log.error({ err: e }, 'intake consumer stopped'));
  }

  /**
   * Stops taking events and waits (at most `timeoutMs`) for the events in hand to be handled and
   * acknowledged. Events taken but not handled are redelivered to another node.
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.aborter.abort();
    this.closeFetch();
    this.wakeSlots();
    await this.running;
    const end = Date.now() + timeoutMs;
    while (this.held > 0 && Date.now() < end) await sleep(10);
    this.offStatus?.();
    this.offStatus = null;
    this.running = null;
    this.handler = null;
  }

  /** Events accepted and not yet done, across all nodes: waiting plus delivered and unacknowledged. */
  async pending(): Promise<number> {
    const ci = await this.link.deadline(this.link.jsm().consumers.info(this.link.streams.events, this.durable), this.link.timeoutMs, 'intake info');
    return ci.num_pending + ci.num_ack_pending;
  }

  private async ensureConsumer(jsm: JetStreamManager): Promise<void> {
    const stream = this.link.streams.events;
    const config = {
      ack_wait: nanos(this.o.ackWaitMs),
      max_deliver: this.o.maxDeliver,
      max_ack_pending: this.o.maxAckPending,
    };
    try {
      const ci = await jsm.consumers.info(stream, this.durable);
      const c = ci.config;
      if (c.ack_wait !== config.ack_wait || c.max_deliver !== config.max_deliver || c.max_ack_pending !== config.max_ack_pending) {
        await jsm.consumers.update(stream, this.durable, config);
        this.log.info({ stream, consumer: this.durable }, 'NATS intake consumer updated');
      }
    } catch (e) {
      if (!isMissingResource(e)) throw e;
      await jsm.consumers.add(stream, {
        durable_name: this.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        replay_policy: ReplayPolicy.Instant,
        ...config,
      });
      this.log.info({ stream, consumer: this.durable }, 'NATS intake consumer created');
    }
  }

  private closeFetch(): void {
    const c = this.current;
    this.current = null;
    void c?.close().catch(() => undefined);
  }

  private async pump(): Promise<void> {
    const signal = this.aborter.signal;
    for (let failures = 0; !this.stopping && !this.link.isClosed; ) {
      if (!this.link.ready) {
        await this.link.waitReady(60_000, signal);
        continue;
      }
      let consumer: Consumer;
      try {
        consumer = await this.link.js().consumers.get(this.link.streams.events, this.durable);
      } catch (e) {
        if (this.stopping) return;
        this.link.repairIfMissing(e);
        if (failures % 20 === 0) this.log.warn({ err: e, failures }, 'intake consumer unavailable; retrying');
        await sleep(backoffMs(failures++), signal);
        continue;
      }
      try {
        await this.fetchLoop(consumer);
        failures = 0;
      } catch (e) {
        if (this.stopping) return;
        if (failures % 20 === 0) this.log.warn({ err: e, failures }, 'intake fetch failed; retrying');
        await sleep(backoffMs(failures++), signal);
      }
    }
  }

  /** Pulls exactly as many events as there are free handler slots, until disconnected or stopped. */
  private async fetchLoop(consumer: Consumer): Promise<void> {
    while (!this.stopping && this.link.connected) {
      while (this.held >= this.concurrency && !this.stopping) await this.freeSlot();
      if (this.stopping || !this.link.connected) return;
      const want = this.concurrency - this.held;
      const msgs = await consumer.fetch({ max_messages: want, expires: 10_000 });
      if (this.stopping || !this.link.connected) {
        await msgs.close();
        return;
      }
      this.current = msgs;
      let got = 0;
      try {
        for await (const m of msgs) {
          // Past the request (after a reconnection the client may pull again), or stopping: hand it back.
          if (this.stopping || ++got > want) {
            safe(() => m.nak());
            continue;
          }
          this.dispatch(m);
        }
      } finally {
        if (this.current === msgs) this.current = null;
      }
    }
  }

  private dispatch(m: JsMsg): void {
    this.held++;
    void this.handle(m).finally(() => {
      this.held--;
      this.wakeSlots();
    });
  }

  private async handle(m: JsMsg): Promise<void> {
    let item: InboxItem;
    try {
      item = m.json<InboxItem>();
    } catch (e) {
      this.log.error({ err: e, seq: m.seq, subject: m.subject }, 'unreadable intake message dropped');
      safe(() => m.term());
      return;
    }
    const deliveryCount = m.info.deliveryCount;
    const info: IntakeDelivery = { deliveryCount, lastAttempt: this.o.maxDeliver > 0 && deliveryCount >= this.o.maxDeliver };
    // Keep the event ours while the handler runs, within limits.
    const started = Date.now();
    const beat = setInterval(() => {
      if (Date.now() - started < this.o.maxHandlerMs) safe(() => m.working());
    }, Math.max(200, Math.floor(this.o.ackWaitMs / 3)));
    beat.unref();
    let outcome: IntakeOutcome | null = null;
    let error: unknown = null;
    try {
      outcome = await this.handler!(item, info);
    } catch (e) {
      error = e;
    } finally {
      clearInterval(beat);
    }
    if (outcome === 'done' || outcome === 'parked') {
      safe(() => m.ack());
      return;
    }
    const reason = error ?? new Error('handler asked for a retry');
    if (info.lastAttempt) {
      const about = { err: reason, eventType: item.eventType, eventId: item.eventId, orgId: item.orgId, deliveryCount };
      if (!this.o.onGiveUp) {
        // Not delivered again, but kept in the stream rather than lost.
        this.log.error(about, 'intake event not handled after its last delivery; left in the stream');
        return;
      }
      try {
        await this.o.onGiveUp(item, reason);
      } catch (e) {
        this.log.error({ ...about, giveUpErr: e }, 'intake give-up callback failed; event left in the stream');
        return;
      }
      this.log.warn(about, 'intake event given up after its last delivery');
      safe(() => m.term());
      return;
    }
    if (error) this.log.warn({ err: error, eventType: item.eventType, eventId: item.eventId, deliveryCount }, 'intake handler failed; retrying later');
    safe(() => m.nak(this.o.retryDelayMs(deliveryCount)));
  }

  private freeSlot(): Promise<void> {
    if (this.held < this.concurrency || this.stopping) return Promise.resolve();
    return new Promise((resolve) => this.slotWaiters.push(resolve));
  }

  private wakeSlots(): void {
    const w = this.slotWaiters;
    this.slotWaiters = [];
    for (const fn of w) fn();
  }
}

/** Acks and naks are best effort: on a closed connection the event is redelivered after the ack wait. */
function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // ignored
  }
}
