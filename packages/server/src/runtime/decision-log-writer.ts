import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { encodeDecision, insertDecisions, type DecisionRecord, type EncodedDecision } from '../repos/decisions.ts';
import type { Durability } from '../config.ts';

interface Pending {
  row: EncodedDecision;
  resolve: (stored: boolean) => void;
  reject: (e: Error) => void;
}

export interface WriterStats {
  queued: number;
  flushes: number;
  written: number;
  lastFlushMs: number;
}

/**
 * Group commit for the decision log. Records accumulate while a write is in progress and go
 * out together in the next statement, so under load one round trip carries hundreds of decisions.
 * In `sync` mode a caller's promise settles after its record is committed; in `async` mode callers
 * do not wait and at most one flush interval of decisions can be lost on a crash.
 */
export class DecisionLogWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private closed = false;
  readonly stats: WriterStats = { queued: 0, flushes: 0, written: 0, lastFlushMs: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: { durability: Durability; flushIntervalMs: number; batchSize: number; maxQueue: number; onFlush?: (ms: number, rows: number) => void; onError?: (e: Error) => void },
  ) {}

  /** Records waiting to be written; the decision API sheds load when this grows past its bound. */
  get backlog(): number {
    return this.queue.length;
  }

  get overloaded(): boolean {
    return this.queue.length >= this.opts.maxQueue;
  }

  /**
   * Queues a record. Resolves `true` once stored, `false` when a decision for the same event
   * already existed (the caller then answers with the stored one).
   */
  append(record: DecisionRecord): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('decision log is closed'));
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ row: encodeDecision(record), resolve, reject });
      this.stats.queued = this.queue.length;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing) return;
    if (this.opts.durability === 'sync' || this.queue.length >= this.opts.batchSize) {
      // Sync callers are waiting: write at the next turn of the event loop, batching whatever
      // arrived in the same tick; more arrives while that write runs and forms the next batch.
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      if (!this.immediate) this.immediate = setImmediate(() => this.kick());
      return;
    }
    if (!this.timer) this.timer = setTimeout(() => this.kick(), this.opts.flushIntervalMs);
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.immediate = null;
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = null;
      if (this.queue.length) this.schedule();
    });
  }

  private async flushOnce(): Promise<void> {
    const batch = this.queue.splice(0, this.opts.batchSize);
    this.stats.queued = this.queue.length;
    const t0 = performance.now();
    try {
      const stored = await insertDecisions(this.db, batch.map((p) => p.row));
      for (const p of batch) p.resolve(stored.has(p.row.decisionId));
      this.stats.written += stored.size;
    } catch (e) {
      // A failed batch is retried row by row so one bad record cannot sink the others.
      if (batch.length > 1) {
        for (const p of batch) {
          try {
            const stored = await insertDecisions(this.db, [p.row]);
            p.resolve(stored.has(p.row.decisionId));
            this.stats.written += stored.size;
          } catch (err) {
            this.opts.onError?.(err as Error);
            p.reject(err as Error);
          }
        }
      } else {
        this.opts.onError?.(e as Error);
        for (const p of batch) p.reject(e as Error);
      }
    }
    const ms = performance.now() - t0;
    this.stats.flushes++;
    this.stats.lastFlushMs = ms;
    this.opts.onFlush?.(ms, batch.length);
  }

  /** Writes everything still queued. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.flushing || this.queue.length) {
      if (this.flushing) await this.flushing;
      else this.kick();
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}
