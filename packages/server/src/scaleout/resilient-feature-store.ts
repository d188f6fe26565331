import { FEATURE_STORE_UNAVAILABLE, type FeatureObservation, type FeatureStore } from '@vigil/engine';

export interface ResilientFeatureStoreOptions {
  /** Feature updates kept while the store is away; past it the oldest events' updates are dropped. */
  maxPending: number;
  /** How soon kept updates are tried again (also when the store says it is back). Default 1000 ms. */
  retryMs?: number;
  onPending?(n: number): void;
  onDropped?(n: number): void;
  log?: { warn(o: object, msg: string): void; info(o: object, msg: string): void };
}

/**
 * A shared feature store (Redis) seen through its outages. While the store cannot be reached,
 * `observe` still rejects with `FEATURE_STORE_UNAVAILABLE` (the engine then decides with null
 * features, degraded), but the updates the event would have made are kept — bounded, oldest
 * dropped first and counted — and applied by {@link catchUp} once the store is back, so the
 * counters of events decided during the outage are not lost. An update that did reach the store
 * before the connection broke is not applied twice: the store ignores an event key it has seen.
 */
export class ResilientFeatureStore implements FeatureStore {
  private pending: FeatureObservation[][] = [];
  private pendingCount = 0;
  private catching: Promise<number> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly inner: FeatureStore,
    private readonly o: ResilientFeatureStoreOptions,
  ) {}

  /** Updates waiting for the store to come back. */
  get pendingWrites(): number {
    return this.pendingCount;
  }

  observe(batch: FeatureObservation[]): Promise<unknown[]> {
    return this.inner.observe(batch).catch((e: unknown) => {
      if ((e as { code?: unknown })?.code === FEATURE_STORE_UNAVAILABLE) this.keep(batch);
      throw e;
    });
  }

  private keep(batch: FeatureObservation[]): void {
    const writes: FeatureObservation[] = [];
    for (const o of batch) if (o.write) writes.push({ ...o, read: false });
    if (!writes.length) return;
    this.pending.push(writes);
    this.pendingCount += writes.length;
    let dropped = 0;
    while (this.pendingCount > this.o.maxPending && this.pending.length > 1) {
      const old = this.pending.shift()!;
      this.pendingCount -= old.length;
      dropped += old.length;
    }
    if (dropped) this.o.onDropped?.(dropped);
    this.o.onPending?.(this.pendingCount);
    this.scheduleCatchUp();
  }

  /** A single failed call (a reply late under load) leaves the store up: try again shortly. */
  private scheduleCatchUp(): void {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.catchUp().then(() => {
        if (this.pendingCount > 0) this.scheduleCatchUp();
      });
    }, this.o.retryMs ?? 1000);
    this.retry.unref();
  }

  /** Stops retrying (the kept updates stay, for a last {@link catchUp}). */
  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  /**
   * Applies the kept updates in the order they were made; stops (keeping the rest) if the store
   * fails again. Returns how many were applied. Concurrent calls share one run.
   */
  catchUp(): Promise<number> {
    if (this.catching) return this.catching;
    const run = this.applyPending();
    this.catching = run;
    void run.finally(() => {
      if (this.catching === run) this.catching = null;
    });
    return run;
  }

  private async applyPending(): Promise<number> {
    let applied = 0;
    try {
      while (this.pending.length) {
        const next = this.pending[0]!;
        await this.inner.observe(next);
        this.pending.shift();
        this.pendingCount -= next.length;
        applied += next.length;
        this.o.onPending?.(this.pendingCount);
      }
      if (applied) this.o.log?.info({ applied }, 'feature updates kept during the feature store outage applied');
    } catch (e) {
      this.o.log?.warn({ err: e, applied, left: this.pendingCount }, 'feature store still unavailable; kept updates wait');
    }
    return applied;
  }

  peek(batch: FeatureObservation[]): Promise<unknown[]> {
    return this.inner.peek(batch);
  }

  snapshot(): Promise<Uint8Array> {
    return this.inner.snapshot();
  }

  restore(state: Uint8Array): Promise<void> {
    return this.inner.restore(state);
  }

  evictExpired(now: number): Promise<number> {
    return this.inner.evictExpired(now);
  }

  stats(): { keys: number; approxBytes: number } {
    return this.inner.stats();
  }
}
