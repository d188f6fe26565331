import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { compileStrategy, FeaturePlan, type CompiledStrategy, type Direction, type EventTypeDef } from '@vigil/engine';
import { listEventTypes } from '../repos/event-types.ts';
import { activeDeployments, type CanarySlice } from '../repos/strategies.ts';
import { coalesced } from './coalesced.ts';

/** A canary: the version enforced for its slice of the traffic, and the slice. */
export interface CanaryRun {
  strategy: CompiledStrategy;
  slice: CanarySlice;
  deploymentId: number;
}

/** Everything deployed for one event type and direction. */
export interface EventDeployments {
  live?: CompiledStrategy;
  canary?: CanaryRun;
  /** Challengers evaluated after the decision, never returned. */
  shadows: CompiledStrategy[];
}

export interface RegistrySnapshot {
  eventTypes: Map<string, EventTypeDef>;
  live: Map<string, CompiledStrategy>;
  deployments: Map<string, EventDeployments>;
  plan: FeaturePlan;
  loadedAt: number;
}

const key = (eventType: string, direction: Direction) => `${eventType}/${direction}`;

/**
 * The event types and live strategies this node decides with. A reload builds a complete new
 * snapshot and swaps it in one assignment: in-flight decisions finish on the snapshot they started with.
 */
export class StrategyRegistry {
  private snap: RegistrySnapshot = { eventTypes: new Map(), live: new Map(), deployments: new Map(), plan: new FeaturePlan([], new Map()), loadedAt: 0 };

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

  deployed(eventType: string, direction: Direction): EventDeployments | undefined {
    return this.snap.deployments.get(key(eventType, direction));
  }

  /** Reloads from the database; concurrent calls coalesce into one more reload. */
  readonly reload = coalesced(() => this.load());

  private async load(): Promise<void> {
    const types = new Map((await listEventTypes(this.db)).map((t) => [t.key, t]));
    // Compiled versions are reused across reloads while neither they nor their event type changed.
    const previous = new Map<string, CompiledStrategy>();
    for (const d of this.snap.deployments.values()) for (const c of [d.live, d.canary?.strategy, ...d.shadows]) if (c) previous.set(`${c.pkg.id}@${c.version}`, c);
    const live = new Map<string, CompiledStrategy>();
    const deployments = new Map<string, EventDeployments>();
    for (const d of await activeDeployments(this.db)) {
      const et = types.get(d.eventType);
      if (!et) continue;
      const k = key(d.eventType, d.direction);
      const slot = deployments.get(k) ?? { shadows: [] };
      deployments.set(k, slot);
      const prev = previous.get(`${d.strategyId}@${d.version}`);
      let compiled: CompiledStrategy | undefined;
      if (prev && prev.eventType.revision === et.revision) compiled = prev;
      else {
        try {
          compiled = compileStrategy(d.pkg, et, d.version, types);
        } catch (e) {
          // A version that no longer compiles (e.g. its event type changed) keeps the old one running.
          this.log.error({ err: e, strategy: d.strategyId, version: d.version, mode: d.mode }, 'deployed strategy failed to compile; keeping previous');
          compiled = d.mode === 'live' ? this.snap.live.get(k) : prev;
        }
      }
      if (!compiled) continue;
      if (d.mode === 'live') {
        slot.live = compiled;
        live.set(k, compiled);
      } else if (d.mode === 'canary' && d.canary) slot.canary = { strategy: compiled, slice: d.canary, deploymentId: d.id };
      else if (d.mode === 'shadow') slot.shadows.push(compiled);
    }
    // Features of canaries and challengers are kept up to date from every event, like the champion's.
    const all = [...deployments.values()].flatMap((d) => [d.live, d.canary?.strategy, ...d.shadows].filter((c): c is CompiledStrategy => !!c));
    const plan = new FeaturePlan(all, types);
    for (const p of plan.problems) this.log.error(p, 'feature filter does not compile for an event type it counts; that type no longer feeds it');
    this.snap = { eventTypes: types, live, deployments, plan, loadedAt: Date.now() };
    const slots = [...deployments.values()];
    this.log.info({ eventTypes: types.size, strategies: live.size, canaries: slots.filter((d) => d.canary).length, shadows: slots.reduce((n, d) => n + d.shadows.length, 0) }, 'strategies loaded');
  }
}
