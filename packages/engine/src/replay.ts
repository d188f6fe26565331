import { historicalInput, RecordedSources } from './backtest.ts';
import type { CompiledStrategy } from './compile-strategy.ts';
import { featureWrites, runStrategy, type DataSourceCaller, type ListLookup } from './evaluate.ts';
import { FeaturePlan } from './feature-plan.ts';
import { MemoryFeatureStore } from './features/index.ts';
import type { EngineResult, EventTypeDef } from './types.ts';

/** One event to replay, in time order; card numbers already tokenised (see `prepareEvent`). */
export interface ReplayEvent {
  eventType: string;
  eventId: string;
  org: string;
  /** Event time, epoch ms. */
  at: number;
  data: Record<string, unknown>;
}

export interface ReplayOptions {
  /** The deployed strategies: at most one per event type. */
  strategies: readonly CompiledStrategy[];
  eventTypes: ReadonlyMap<string, EventTypeDef>;
  /** The lists as the event's org sees them at the event's time. */
  lists(org: string, at: number): ListLookup;
  params?(org: string): Record<string, unknown>;
  /** Default: every source unavailable, so each answers with its `fallback`. */
  dataSources?: DataSourceCaller;
}

/**
 * Replays a stream of events of many types through a set of deployed strategies, as one live
 * node would decide them: one shared feature state, every event updating it in time order, each
 * event evaluated by its type's strategy against the state built from the events before it.
 * Unlike {@link Backtester} (one candidate version), this is a whole deployment — the way to
 * measure a set of strategy packs on a simulated or recorded day.
 */
export class LiveReplay {
  private readonly store = new MemoryFeatureStore();
  private readonly plan: FeaturePlan;
  private readonly byType = new Map<string, CompiledStrategy>();
  private readonly sources: DataSourceCaller;
  private pushed = 0;
  private latest = -Infinity;

  constructor(private readonly o: ReplayOptions) {
    for (const s of o.strategies) {
      if (this.byType.has(s.pkg.eventType)) throw new Error(`two strategies for event type ${s.pkg.eventType}: a replay runs one deployment`);
      this.byType.set(s.pkg.eventType, s);
    }
    this.plan = new FeaturePlan([...o.strategies], new Map(o.eventTypes));
    this.sources = o.dataSources ?? new RecordedSources();
  }

  /** The strategy that decides events of this type, if any. */
  strategyFor(eventType: string): CompiledStrategy | undefined {
    return this.byType.get(eventType);
  }

  /** Decides the event (null when no strategy decides its type; it still feeds features). */
  async push(ev: ReplayEvent): Promise<EngineResult | null> {
    this.latest = Math.max(this.latest, ev.at);
    if (++this.pushed % 50_000 === 0) await this.store.evictExpired(this.latest);
    const et = this.o.eventTypes.get(ev.eventType);
    if (!et) throw new Error(`unknown event type ${ev.eventType}`);
    const input = historicalInput(et, ev, this.o.params?.(ev.org) ?? {});
    const s = this.byType.get(ev.eventType);
    if (!s) {
      const batch = featureWrites(this.plan, input, true);
      if (batch.length) this.store.observeNow(batch);
      return null;
    }
    // Synchronous unless a data source stage runs.
    return runStrategy(s, input, { features: this.store, plan: this.plan, lists: this.o.lists(ev.org, ev.at), dataSources: this.sources, now: () => ev.at }, { writeFeatures: true });
  }
}
