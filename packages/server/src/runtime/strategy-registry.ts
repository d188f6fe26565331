import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { compileStrategy, FeaturePlan, type CompiledStrategy, type Direction, type EventTypeDef } from '@vigil/engine';
import { listEventTypes } from '../repos/event-types.ts';
import { liveDeployments } from '../repos/strategies.ts';
import { coalesced } from './coalesced.ts';

export interface RegistrySnapshot {
  eventTypes: Map<string, EventTypeDef>;
  live: Map<string, CompiledStrategy>;
  plan: FeaturePlan;
  loadedAt: number;
}

const key = (eventType: string, direction: Direction) => `${eventType}/${direction}`;

/**
 * The event types and live strategies this node decides with. A reload builds a complete new
 * snapshot and swaps it in one assignment: in-flight decisions finish on the snapshot they started with.
 */
export class StrategyRegistry {
  private snap: RegistrySnapshot = { eventTypes: new Map(), live: new Map(), plan: new FeaturePlan([], new Map()), loadedAt: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: { error(o: object, msg: string): void; info(o: object, msg: string): void },
  ) {}

  get current(): RegistrySnapshot {
    return this.snap;
  }

  eventType(k: string): EventTypeDef | undefined {
    return this.snap.eventTypes.get(k);
  }

  live(eventType: string, direction: Direction): CompiledStrategy | undefined {
    return this.snap.live.get(key(eventType, direction));
  }

  /** Reloads from the database; concurrent calls coalesce into one more reload. */
  readonly reload = coalesced(() => this.load());

  private async load(): Promise<void> {
    const types = new Map((await listEventTypes(this.db)).map((t) => [t.key, t]));
    const deployments = await liveDeployments(this.db);
    const live = new Map<string, CompiledStrategy>();
    for (const d of deployments) {
      const et = types.get(d.eventType);
      if (!et) continue;
      const k = key(d.eventType, d.direction);
      const prev = this.snap.live.get(k);
      if (prev && prev.pkg.id === d.strategyId && prev.version === d.version && prev.eventType.revision === et.revision) {
        live.set(k, prev);
        continue;
      }
      try {
        live.set(k, compileStrategy(d.pkg, et, d.version, types));
      } catch (e) {
        // A version that no longer compiles (e.g. its event type changed) keeps the old one running.
        this.log.error({ err: e, strategy: d.strategyId, version: d.version }, 'live strategy failed to compile; keeping previous');
        if (prev) live.set(k, prev);
      }
    }
    const plan = new FeaturePlan([...live.values()], types);
    for (const p of plan.problems) this.log.error(p, 'feature filter does not compile for an event type it counts; that type no longer feeds it');
    this.snap = { eventTypes: types, live, plan, loadedAt: Date.now() };
    this.log.info({ eventTypes: types.size, strategies: live.size }, 'strategies loaded');
  }
}
