import { DEFAULT_PROFILE_WINDOW, parseWindow, type FeatureDefinition } from '@vigil/engine';
import type { FeaturePersistence } from '../runtime/feature-persistence.ts';
import type { StrategyRegistry } from '../runtime/strategy-registry.ts';

/** How long a rebuild may hold its claim before another node may start one (its node may have died). */
const REBUILD_CLAIM_MS = 10 * 60_000;

export interface RebuildDeps {
  redis: { client: { set(key: string, value: string, options?: object): Promise<unknown> } };
  prefix: string;
  persistence: FeaturePersistence;
  registry: StrategyRegistry;
  log: { info(o: object, msg: string): void };
}

/** The longest window among the features of the live strategies: how far back state can reach. */
export function longestWindowMs(registry: StrategyRegistry): number {
  let longest = 0;
  for (const et of registry.current.eventTypes.keys()) {
    for (const w of [...registry.current.plan.writesFor(et), ...registry.current.plan.feedbackWritesFor(et)]) {
      longest = Math.max(longest, windowOf(w.def));
    }
  }
  return longest;
}

function windowOf(def: FeatureDefinition): number {
  return parseWindow(def.kind === 'velocity' ? def.window : (def.window ?? DEFAULT_PROFILE_WINDOW));
}

/**
 * Redis keeps a marker (`<prefix>:epoch`) beside the feature state. When it is missing — a new
 * Redis, or one that restarted without persistence and lost everything — the first node to notice
 * claims the marker and replays the decision log of the longest feature window into Redis, so the
 * counters are again what the log says. Events applied live meanwhile are not counted twice (the
 * store ignores an event key it has already applied). Returns whether this node rebuilt.
 */
export async function rebuildIfLost(d: RebuildDeps): Promise<boolean> {
  const marker = `${d.prefix}:epoch`;
  const claimed = await d.redis.client.set(marker, `rebuilding:${Date.now()}`, { condition: 'NX', expiration: { type: 'PX', value: REBUILD_CLAIM_MS } });
  if (claimed === null) return false;
  const windowMs = longestWindowMs(d.registry);
  const t0 = Date.now();
  const r = await d.persistence.rebuild(new Date(Date.now() - windowMs));
  await d.redis.client.set(marker, `ready:${Date.now()}`);
  d.log.info({ ...r, windowMs, ms: Date.now() - t0 }, 'feature state in Redis rebuilt from the decision log');
  return true;
}
