import { nanos } from '@nats-io/transport-node';
import { NatsUnavailableError, backoffMs, errorChain, sleep, type NatsLink, type NatsLog } from './nats-link.ts';


export interface DecisionStreamOptions {
  /** Where to log; the link's logger by default. */
  log?: NatsLog;
  /** How long the DECISIONS stream keeps a decision, in ms. Default 7 days. */
  maxAgeMs?: number;
  /** Size limit of the DECISIONS stream in bytes; the oldest decisions go first. Default 1 GiB. */
  maxBytes?: number;
  /** Decisions waiting to be published at most; past it the oldest are dropped. Default 10 000. */
  maxQueue?: number;
  /** Decisions published at once. Default 100. */
  batchSize?: number;
  /** Deadline of one publish, in ms. Default 5000. */
  publishTimeoutMs?: number;
  /** Called with the number of decisions dropped (queue full, unpublishable, or left at close). */
  onDropped?: (n: number) => void;
}

interface Entry {
  eventType: string;
  decisionId: string;
  record: object;
  data: string | null;
  failures: number;
}

/** Refusals that are not about NATS being unreachable; past this many a decision is dropped. */
const MAX_REFUSALS = 3;

/**
 * Publishes stored decisions to the DECISIONS stream (subject `<prefix>.decisions.<eventType>`,
 * deduplicated by decision id) for downstream consumers, off the decision path: `publish` only
 * queues. While NATS is unreachable decisions wait in a bounded queue and are published when it is
 * back; when the queue is full the oldest are dropped and counted, so memory stays bounded.
 */
export class DecisionStreamPublisher {
  private queue: Entry[] = [];
  private head = 0;
  private inFlight = 0;
  private droppedTotal = 0;
  private publishedTotal = 0;
  private unreported = 0;
  private closing = false;
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly aborter = new AbortController();
  private readonly loop: Promise<void>;
  private readonly queueLimit: number;
  private readonly batchSize: number;
  private readonly publishTimeoutMs: number;
  private readonly onDropped?: (n: number) => void;

  private readonly log: NatsLog;

  constructor(
    private readonly link: NatsLink,
    opts: DecisionStreamOptions = {},
  ) {
    this.log = opts.log ?? link.log;
    this.queueLimit = Math.max(1, opts.maxQueue ?? 10_000);
    this.batchSize = Math.min(this.queueLimit, Math.max(1, opts.batchSize ?? 100));
    this.publishTimeoutMs = opts.publishTimeoutMs ?? 5000;
    this.onDropped = opts.onDropped;
    const maxAgeMs = opts.maxAgeMs ?? 7 * 24 * 60 * 60_000;
    link.configureStream('decisions', {
      max_age: nanos(maxAgeMs),
      max_bytes: opts.maxBytes ?? 1024 ** 3,
      // The server wants the duplicate window within the age limit.
      duplicate_window: nanos(Math.min(2 * 60_000, maxAgeMs)),
    });
    this.loop = this.run();
  }

  /** Decisions waiting or being published. */
  get queued(): number {
    return this.queue.length - this.head + this.inFlight;
  }

  /** Decisions dropped since start. */
  get dropped(): number {
    return this.droppedTotal;
  }

  /** Decisions the stream has confirmed since start (duplicates included). */
  get published(): number {
    return this.publishedTotal;
  }

  /**
   * Queues a stored decision for publishing to `<prefix>.decisions.<eventType>`, deduplicated by
   * `decisionId`; never blocks nor throws. `record` (any JSON object) is serialised when published,
   * so it must not be changed afterwards.
   */
  publish(eventType: string, decisionId: string, record: object): void {
    if (this.closing) {
      this.drop(1);
      return;
    }
    this.queue.push({ eventType, decisionId, record, data: null, failures: 0 });
    this.trim();
    this.wake?.();
  }

  /** Resolves true once everything queued so far is published, false if `timeoutMs` pass first. */
  async flush(timeoutMs = 5000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (this.queued > 0 && Date.now() < end && !this.closed) await sleep(10);
    return this.queued === 0;
  }

  /** Publishes what is queued (at most `timeoutMs`), then stops; what is left is dropped and counted. */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.closing) return this.loop;
    this.closing = true;
    await this.flush(timeoutMs);
    this.closed = true;
    this.aborter.abort();
    this.wake?.();
    await this.loop;
    const left = this.queue.length - this.head;
    this.queue = [];
    this.head = 0;
    if (left > 0) {
      this.log.warn({ left }, 'decision stream closed with decisions unpublished');
      this.drop(left);
    }
  }

  private drop(n: number): void {
    this.droppedTotal += n;
    this.unreported += n;
    // Report drops together, once per turn of the event loop.
    if (this.unreported === n) {
      queueMicrotask(() => {
        const k = this.unreported;
        this.unreported = 0;
        try {
          this.onDropped?.(k);
        } catch (e) {
          this.log.error({ err: e }, 'decision drop callback failed');
        }
      });
    }
  }

  /** Keeps the queue within its limit, dropping the oldest decisions. */
  private trim(): void {
    const over = this.queue.length - this.head + this.inFlight - this.queueLimit;
    if (over <= 0) return;
    const n = Math.min(over, this.queue.length - this.head);
    this.head += n;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (n > 0) this.drop(n);
  }

  private take(n: number): Entry[] {
    const batch = this.queue.slice(this.head, this.head + n);
    this.head += batch.length;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return batch;
  }

  private async run(): Promise<void> {
    const signal = this.aborter.signal;
    let failures = 0;
    while (!this.closed) {
      if (this.queue.length - this.head === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      if (!this.link.ready) {
        // A closed link never comes back: wait for close() to drop what is left.
        if (this.link.isClosed) await new Promise<void>((resolve) => (this.wake = resolve));
        else await this.link.waitReady(60_000, signal);
        this.wake = null;
        continue;
      }
      const batch = this.take(this.batchSize);
      this.inFlight = batch.length;
      const retry: Entry[] = [];
      let unreachable = false;
      await Promise.all(
        batch.map(async (e) => {
          try {
            e.data ??= JSON.stringify(e.record);
          } catch (err) {
            this.log.error({ err, decisionId: e.decisionId }, 'decision not serialisable; dropped');
            this.drop(1);
            return;
          }
          try {
            const subject = this.link.subject('decisions', e.eventType);
            const publish = this.link.js().publish(subject, e.data, { msgID: e.decisionId, timeout: this.publishTimeoutMs });
            await this.link.deadline(publish, this.publishTimeoutMs, 'decision publish');
            this.publishedTotal++;
          } catch (err) {
            this.link.repairIfMissing(err);
            if (isUnreachable(err) || !this.link.connected) {
              unreachable = true;
              retry.push(e);
            } else if (++e.failures >= MAX_REFUSALS) {
              this.log.error({ err, decisionId: e.decisionId }, 'decision refused by NATS; dropped');
              this.drop(1);
            } else {
              retry.push(e);
            }
          }
        }),
      );
      this.inFlight = 0;
      if (retry.length > 0) {
        // Back to the front, oldest first, then within the limit again.
        this.queue = [...retry, ...this.queue.slice(this.head)];
        this.head = 0;
        this.trim();
        if (unreachable && failures % 20 === 0) this.log.warn({ queued: this.queued, failures }, 'decision stream unreachable; queueing');
        await sleep(backoffMs(failures++), signal);
      } else {
        failures = 0;
      }
    }
  }
}

/**
 * Whether a publish failed because NATS could not take it now (unreachable, timed out, or no stream
 * answering yet) rather than refusing the message itself.
 */
function isUnreachable(e: unknown): boolean {
  const chain = errorChain(e);
  if (chain.length === 0) return true;
  // A deadline or disconnection detected by the link carries no cause.
  if (chain.length === 1 && chain[0] instanceof NatsUnavailableError) return true;
  return chain.some((x) => /Timeout|NoResponders|ClosedConnection|Disconnect|JetStreamNotEnabled/i.test(x.name) || /timeout|timed out|no responders|not enabled|closed|disconnect/i.test(x.message));
}
