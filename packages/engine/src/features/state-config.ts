import { bucketLayout, PROFILE_BUCKETS, VELOCITY_BUCKETS, type BucketLayout } from './bucket-layout.ts';
import { DEFAULT_PROFILE_WINDOW, DEFAULT_TZ } from './feature-definition-id.ts';
import { FeatureError } from './feature-error.ts';
import { assertTimeZone } from './local-hour.ts';
import { parseWindow } from './parse-window.ts';
import type { Aggregation, FeatureDefinition } from './types.ts';

/** Velocity aggregations and profile stats as small integers, for the switch on the hot path. */
export const OP = {
  count: 0,
  sum: 1,
  avg: 2,
  min: 3,
  max: 4,
  distinct: 5,
  stddev: 6,
  first_seen: 7,
  last_value: 8,
  isNew: 10,
  seenCount: 11,
  share: 12,
  usualHour: 13,
  geo: 20,
} as const;

/** Per-bucket fields after the bucket index, and their value in an empty bucket. */
const VELOCITY_FIELDS: Record<Aggregation, number[]> = {
  count: [0],
  sum: [0],
  avg: [0, 0], // n, sum
  min: [Infinity],
  max: [-Infinity],
  distinct: [0], // values whose latest occurrence is in this bucket
  stddev: [0, 0, 0], // n, mean, M2 (Welford)
  first_seen: [Infinity], // earliest event time
  last_value: [-Infinity], // time of the latest event; its value sits in the parallel array
};
const PROFILE_FIELDS = [0]; // events
const HOUR_FIELDS = [0, ...new Array<number>(24).fill(0)]; // events, events per local hour

export interface StoreLimits {
  /** Recent event keys remembered per state for de-duplication. */
  dedupDepth: number;
  /** Values a distinct state tracks; beyond it the least recently seen is forgotten. */
  distinctCap: number;
  /** Values a profile state tracks; beyond it the least recently seen is forgotten. */
  profileValueCap: number;
}

export const DEFAULT_LIMITS: StoreLimits = { dedupDepth: 64, distinctCap: 1024, profileValueCap: 256 };

/** What a store needs to know about a definition, derived once per definition id. */
export interface StateConfig {
  kind: FeatureDefinition['kind'];
  op: number;
  layout: BucketLayout;
  /** Numbers per bucket in the flat bucket array: the index, then `init.length` fields. */
  stride: number;
  init: number[];
  tz: string;
  limits: StoreLimits;
}

/**
 * Validates what the store relies on (window, aggregation, time zone) and derives the layout.
 * Throws {@link FeatureError}.
 */
export function stateConfig(def: FeatureDefinition, limits: StoreLimits = DEFAULT_LIMITS): StateConfig {
  switch (def?.kind) {
    case 'velocity': {
      const init = Object.hasOwn(VELOCITY_FIELDS, def.agg) ? VELOCITY_FIELDS[def.agg] : undefined;
      if (!init) throw new FeatureError('FEATURE_AGG', `unknown aggregation ${JSON.stringify(def.agg)}`);
      const layout = bucketLayout(parseWindow(def.window), VELOCITY_BUCKETS);
      return { kind: 'velocity', op: OP[def.agg], layout, stride: 1 + init.length, init, tz: DEFAULT_TZ, limits };
    }
    case 'profile': {
      if (!['isNew', 'seenCount', 'share', 'usualHour'].includes(def.stat)) {
        throw new FeatureError('FEATURE_STAT', `unknown profile stat ${JSON.stringify(def.stat)}`);
      }
      const tz = def.tz ?? DEFAULT_TZ;
      if (def.stat === 'usualHour') assertTimeZone(tz);
      const init = def.stat === 'usualHour' ? HOUR_FIELDS : PROFILE_FIELDS;
      const layout = bucketLayout(parseWindow(def.window ?? DEFAULT_PROFILE_WINDOW), PROFILE_BUCKETS);
      return { kind: 'profile', op: OP[def.stat], layout, stride: 1 + init.length, init, tz, limits };
    }
    case 'geo': {
      const layout = bucketLayout(parseWindow(def.window ?? DEFAULT_PROFILE_WINDOW), 1);
      return { kind: 'geo', op: OP.geo, layout, stride: 1, init: [], tz: DEFAULT_TZ, limits };
    }
    default:
      throw new FeatureError('FEATURE_KIND', `unknown feature kind ${JSON.stringify((def as { kind?: unknown })?.kind)}`);
  }
}
