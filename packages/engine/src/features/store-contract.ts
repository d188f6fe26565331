import { beforeEach, describe, expect, it } from 'vitest';
import { bucketLayout, PROFILE_BUCKETS } from './bucket-layout.ts';
import { featureDefinitionId } from './feature-definition-id.ts';
import { parseWindow } from './parse-window.ts';
import type { FeatureObservation, FeatureStore } from './store.ts';
import type { Aggregation, FeatureDefinition, GeoFeature, GeoVelocity, ProfileFeature, VelocityFeature } from './types.ts';

/** 2024-01-01T00:00:00Z: a multiple of every velocity bucket width used below. */
const T0 = Date.UTC(2024, 0, 1);
const SEC = 1_000;
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export function velocity(agg: Aggregation, window = '10m', extra: Partial<VelocityFeature> = {}): VelocityFeature {
  return { kind: 'velocity', name: `${agg}_${window}`, agg, field: 'amount', by: ['card'], window, eventTypes: ['card_auth'], ...extra };
}

export function profile(stat: ProfileFeature['stat'], extra: Partial<ProfileFeature> = {}): ProfileFeature {
  return { kind: 'profile', name: `p_${stat}`, by: ['card'], field: 'device', stat, eventTypes: ['card_auth'], ...extra };
}

export function geo(extra: Partial<GeoFeature> = {}): GeoFeature {
  return { kind: 'geo', name: 'g', by: ['card'], field: 'location', eventTypes: ['card_auth'], ...extra };
}

let seq = 0;
const ids = new WeakMap<FeatureDefinition, string>();
function idOf(def: FeatureDefinition): string {
  let id = ids.get(def);
  if (id === undefined) ids.set(def, (id = featureDefinitionId(def)));
  return id;
}

/** An observation that reads and writes, with a fresh event key unless one is given. */
export function obs(def: FeatureDefinition, at: number, value?: unknown, more: Partial<FeatureObservation> = {}): FeatureObservation {
  return { def, defId: idOf(def), entityKey: 'card-1', value, at, eventKey: `card_auth:e${++seq}`, read: true, write: true, ...more };
}

async function one(store: FeatureStore, o: FeatureObservation): Promise<unknown> {
  return (await store.observe([o]))[0];
}

async function peekAt(store: FeatureStore, def: FeatureDefinition, at: number, value?: unknown, entityKey = 'card-1'): Promise<unknown> {
  return (await store.peek([obs(def, at, value, { write: false, entityKey })]))[0];
}

/** Writes events without reading; returns nothing. */
async function feed(store: FeatureStore, def: FeatureDefinition, events: Array<[at: number, value?: unknown]>, entityKey = 'card-1'): Promise<void> {
  await store.observe(events.map(([at, value]) => obs(def, at, value, { read: false, entityKey })));
}

/**
 * The behaviour every {@link FeatureStore} adapter must show, as vitest suites. Window edges follow
 * {@link bucketLayout}: reads see whole buckets whose start lies in `(at - window, at]`.
 *
 * @example featureStoreContract('memory', async () => new MemoryFeatureStore());
 */
export function featureStoreContract(name: string, makeStore: () => Promise<FeatureStore>): void {
  describe(`FeatureStore contract: ${name}`, () => {
    let store: FeatureStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    describe('velocity aggregations', () => {
      it('count sees the events before the current one by default', async () => {
        const def = velocity('count');
        const got = [];
        for (let i = 0; i < 4; i++) got.push(await one(store, obs(def, T0 + i * MIN)));
        expect(got).toEqual([0, 1, 2, 3]);
      });

      it('includeCurrent counts the current event too', async () => {
        const def = velocity('count', '10m', { includeCurrent: true });
        const got = [];
        for (let i = 0; i < 3; i++) got.push(await one(store, obs(def, T0 + i * MIN)));
        expect(got).toEqual([1, 2, 3]);
      });

      it('returns the documented empty values', async () => {
        const aggs: Array<[Aggregation, unknown]> = [
          ['count', 0],
          ['sum', 0],
          ['distinct', 0],
          ['avg', null],
          ['min', null],
          ['max', null],
          ['stddev', null],
          ['first_seen', null],
          ['last_value', null],
        ];
        for (const [agg, empty] of aggs) expect([agg, await peekAt(store, velocity(agg), T0)]).toEqual([agg, empty]);
      });

      it('folds numbers with sum, avg, min, max and stddev', async () => {
        const amounts = [120, 80.5, 300, 99.5];
        const aggs: Aggregation[] = ['sum', 'avg', 'min', 'max', 'stddev'];
        for (const agg of aggs) await feed(store, velocity(agg), amounts.map((a, i) => [T0 + i * MIN, a]));
        const at = T0 + 5 * MIN;
        expect(await peekAt(store, velocity('sum'), at)).toBeCloseTo(600, 9);
        expect(await peekAt(store, velocity('avg'), at)).toBeCloseTo(150, 9);
        expect(await peekAt(store, velocity('min'), at)).toBe(80.5);
        expect(await peekAt(store, velocity('max'), at)).toBe(300);
        // population stddev of 120, 80.5, 300, 99.5 around mean 150
        const sd = Math.sqrt((30 ** 2 + 69.5 ** 2 + 150 ** 2 + 50.5 ** 2) / 4);
        expect(await peekAt(store, velocity('stddev'), at)).toBeCloseTo(sd, 9);
      });

      it('ignores values a numeric aggregation cannot use', async () => {
        const def = velocity('avg');
        await feed(store, def, [[T0, 10], [T0 + SEC, '20'], [T0 + 2 * SEC, null], [T0 + 3 * SEC, Number.NaN], [T0 + 4 * SEC, 30]]);
        expect(await peekAt(store, def, T0 + MIN)).toBe(20);
        expect(await peekAt(store, velocity('stddev'), T0 + MIN)).toBeNull();
      });

      it('counts distinct values, keeping 1 and "1" apart and ignoring missing values', async () => {
        const def = velocity('distinct', '1h', { field: 'device' });
        await feed(store, def, [[T0, 'd1'], [T0 + MIN, 'd2'], [T0 + 2 * MIN, 'd1'], [T0 + 3 * MIN, 1], [T0 + 4 * MIN, '1'], [T0 + 5 * MIN, null]]);
        expect(await peekAt(store, def, T0 + 10 * MIN)).toBe(4);
      });

      it('first_seen is the earliest event time in the window, last_value the latest value', async () => {
        const first = velocity('first_seen', '1h');
        const last = velocity('last_value', '1h', { field: 'merchant' });
        await feed(store, first, [[T0 + 5 * MIN], [T0 + 7 * MIN]]);
        await feed(store, last, [[T0 + 5 * MIN, 'm1'], [T0 + 7 * MIN, 'm2'], [T0 + 8 * MIN, null]]);
        expect(await peekAt(store, first, T0 + 10 * MIN)).toBe(T0 + 5 * MIN);
        expect(await peekAt(store, last, T0 + 10 * MIN)).toBe('m2');
        expect(await peekAt(store, first, T0 + 5 * MIN + HOUR)).toBe(T0 + 7 * MIN);
        expect(await peekAt(store, last, T0 + 8 * MIN + HOUR)).toBeNull();
      });

      it('keeps entities and definitions apart, and shares state between equal definitions', async () => {
        const def = velocity('count');
        await feed(store, def, [[T0], [T0 + SEC]], 'card-1');
        await feed(store, def, [[T0]], 'card-2');
        expect(await peekAt(store, def, T0 + MIN, undefined, 'card-1')).toBe(2);
        expect(await peekAt(store, def, T0 + MIN, undefined, 'card-2')).toBe(1);
        expect(await peekAt(store, velocity('count', '1h'), T0 + MIN)).toBe(0);
        const renamed = { ...def, name: 'auths_10m_other_strategy', window: '600s' };
        expect(featureDefinitionId(renamed)).toBe(featureDefinitionId(def));
        expect(await peekAt(store, renamed, T0 + MIN)).toBe(2);
      });

      it('returns values in batch order, undefined where read is false, and applies write:false nowhere', async () => {
        const count = velocity('count');
        const sum = velocity('sum');
        const values = await store.observe([
          obs(count, T0, 5, { read: false }),
          obs(sum, T0, 5),
          obs(count, T0 + SEC, 5, { write: false }),
          obs(sum, T0 + SEC, 7),
        ]);
        expect(values).toEqual([undefined, 0, 1, 5]);
        expect(await peekAt(store, count, T0 + MIN)).toBe(1);
        expect(await peekAt(store, sum, T0 + MIN)).toBe(12);
      });
    });

    describe('windows', () => {
      it('slides: events leave the window as time passes', async () => {
        const def = velocity('count', '10m');
        await feed(store, def, [[T0], [T0 + 5 * MIN], [T0 + 9 * MIN]]);
        expect(await peekAt(store, def, T0 + 9 * MIN)).toBe(3);
        expect(await peekAt(store, def, T0 + 12 * MIN)).toBe(2);
        expect(await peekAt(store, def, T0 + 16 * MIN)).toBe(1);
        expect(await peekAt(store, def, T0 + 30 * MIN)).toBe(0);
      });

      it('sees whole buckets whose start lies in (at - window, at]', async () => {
        const def = velocity('count', '10m');
        const { width } = bucketLayout(parseWindow('10m'));
        await feed(store, def, [[T0], [T0 + width - 1]]);
        // The bucket starting at T0 is seen up to just before T0 + 10m, then both events go at once.
        expect(await peekAt(store, def, T0 + 10 * MIN - 1)).toBe(2);
        expect(await peekAt(store, def, T0 + 10 * MIN)).toBe(0);
        // A bucket is seen from its start: an event later in the same bucket already counts.
        expect(await peekAt(store, def, T0)).toBe(2);
        expect(await peekAt(store, def, T0 - 1)).toBe(0);
      });

      it('supports windows from 1m to 90d', async () => {
        const minute = velocity('count', '1m');
        await feed(store, minute, [[T0], [T0 + 30 * SEC]]);
        expect(await peekAt(store, minute, T0 + 59 * SEC)).toBe(2);
        expect(await peekAt(store, minute, T0 + 61 * SEC)).toBe(1);
        const quarter = velocity('sum', '90d');
        await feed(store, quarter, [[T0, 100], [T0 + 30 * DAY, 50], [T0 + 80 * DAY, 25]]);
        expect(await peekAt(store, quarter, T0 + 85 * DAY)).toBe(175);
        expect(await peekAt(store, quarter, T0 + 100 * DAY)).toBe(75);
        expect(await peekAt(store, quarter, T0 + 200 * DAY)).toBe(0);
      });

      it('refuses a bad window and applies nothing of the batch', async () => {
        const good = velocity('count');
        const bad = { ...velocity('count'), window: '2y' };
        await expect(store.observe([obs(good, T0), { ...obs(good, T0), def: bad, defId: 'bad' }])).rejects.toMatchObject({ code: 'FEATURE_WINDOW' });
        expect(await peekAt(store, good, T0 + MIN)).toBe(0);
      });
    });

    describe('late events', () => {
      it('land in the bucket of their own time', async () => {
        const def = velocity('count', '10m');
        await feed(store, def, [[T0 + 8 * MIN], [T0 + 2 * MIN]]);
        expect(await peekAt(store, def, T0 + 9 * MIN)).toBe(2);
        expect(await peekAt(store, def, T0 + 5 * MIN)).toBe(1);
        expect(await peekAt(store, def, T0 + 13 * MIN)).toBe(1);
      });

      it('read the state as of their own time', async () => {
        const def = velocity('sum', '10m');
        await feed(store, def, [[T0 + MIN, 10], [T0 + 6 * MIN, 20]]);
        expect(await one(store, obs(def, T0 + 3 * MIN, 5))).toBe(10);
        expect(await peekAt(store, def, T0 + 7 * MIN)).toBe(35);
      });

      it('are dropped when older than the window of the newest event', async () => {
        const def = velocity('count', '10m');
        await feed(store, def, [[T0 + 30 * MIN], [T0 + 5 * MIN]]);
        expect(await peekAt(store, def, T0 + 31 * MIN)).toBe(1);
        expect(await peekAt(store, def, T0 + 6 * MIN)).toBe(0);
      });

      it('do not replace a newer last value', async () => {
        const def = velocity('last_value', '1h', { field: 'merchant' });
        await feed(store, def, [[T0 + 10 * MIN, 'new'], [T0 + 5 * MIN, 'old']]);
        expect(await peekAt(store, def, T0 + 20 * MIN)).toBe('new');
        expect(await peekAt(store, def, T0 + 6 * MIN)).toBe('old');
      });
    });

    describe('de-duplication', () => {
      it('never applies the same event key twice to a state', async () => {
        const defs = [velocity('count'), velocity('sum'), velocity('distinct'), profile('seenCount'), profile('usualHour')];
        for (const def of defs) {
          const first = obs(def, T0, 10, { read: false });
          await store.observe([first]);
          await store.observe([{ ...first }]);
          await store.observe([{ ...first, at: T0 + SEC, value: 11 }]);
        }
        expect(await peekAt(store, defs[0]!, T0 + MIN)).toBe(1);
        expect(await peekAt(store, defs[1]!, T0 + MIN)).toBe(10);
        expect(await peekAt(store, defs[2]!, T0 + MIN)).toBe(1);
        expect(await peekAt(store, defs[3]!, T0 + MIN, 10)).toBe(1);
        expect(await peekAt(store, defs[4]!, T0 + MIN)).toBe(1);
      });

      it('applies the same event key to each entity and each definition once', async () => {
        const count = velocity('count');
        const sum = velocity('sum');
        const eventKey = 'card_auth:retry-me';
        for (let i = 0; i < 3; i++) {
          await store.observe([
            obs(count, T0, 1, { eventKey, read: false, entityKey: 'a' }),
            obs(count, T0, 1, { eventKey, read: false, entityKey: 'b' }),
            obs(sum, T0, 1, { eventKey, read: false, entityKey: 'a' }),
          ]);
        }
        expect(await peekAt(store, count, T0 + MIN, undefined, 'a')).toBe(1);
        expect(await peekAt(store, count, T0 + MIN, undefined, 'b')).toBe(1);
        expect(await peekAt(store, sum, T0 + MIN, undefined, 'a')).toBe(1);
      });

      it('recognises a retry after a few dozen other events of the entity', async () => {
        const def = velocity('count', '1h');
        const retried = obs(def, T0, undefined, { read: false });
        await store.observe([retried]);
        await feed(store, def, Array.from({ length: 40 }, (_, i) => [T0 + (i + 1) * SEC]));
        await store.observe([{ ...retried }]);
        expect(await peekAt(store, def, T0 + MIN)).toBe(41);
      });
    });

    describe('peek', () => {
      it('reads without applying', async () => {
        const def = velocity('count');
        await feed(store, def, [[T0]]);
        expect(await store.peek([obs(def, T0 + SEC)])).toEqual([1]);
        expect(await store.peek([obs(def, T0 + SEC)])).toEqual([1]);
        expect(store.stats().keys).toBe(1);
      });

      it('includes the current event for includeCurrent definitions, without applying it', async () => {
        const def = velocity('max', '10m', { includeCurrent: true });
        await feed(store, def, [[T0, 5]]);
        expect(await store.peek([obs(def, T0 + SEC, 9)])).toEqual([9]);
        expect(await store.peek([obs(def, T0 + SEC, 9, { write: false })])).toEqual([5]);
        expect(await peekAt(store, def, T0 + 2 * SEC)).toBe(5);
      });

      it('creates no state for unseen entities', async () => {
        await store.peek([obs(velocity('count'), T0), obs(profile('isNew'), T0, 'd1'), obs(geo(), T0, { lat: 1, lon: 2 })]);
        expect(store.stats().keys).toBe(0);
      });
    });

    describe('profiles', () => {
      it('isNew, seenCount and share describe the value before the current event', async () => {
        const defs = { isNew: profile('isNew'), seen: profile('seenCount'), share: profile('share') };
        const got: unknown[][] = [];
        for (const [i, device] of ['d1', 'd1', 'd2', 'd1'].entries()) {
          const values = await store.observe([obs(defs.isNew, T0 + i * HOUR, device), obs(defs.seen, T0 + i * HOUR, device), obs(defs.share, T0 + i * HOUR, device)]);
          got.push(values);
        }
        expect(got).toEqual([
          [true, 0, 0],
          [false, 1, 1],
          [true, 0, 0],
          [false, 2, 2 / 3],
        ]);
      });

      it('reads null for a missing value and still counts the event in the total', async () => {
        const share = profile('share');
        expect(await one(store, obs(share, T0, null))).toBeNull();
        expect(await one(store, obs(profile('isNew'), T0, undefined))).toBeNull();
        await feed(store, share, [[T0 + MIN, 'd1']]);
        expect(await peekAt(store, share, T0 + HOUR, 'd1')).toBe(0.5);
      });

      it('forgets values seen only before the window', async () => {
        const def = profile('isNew', { window: '30d' });
        const { width } = bucketLayout(30 * DAY, PROFILE_BUCKETS);
        await feed(store, def, [[T0, 'd1'], [T0 + 20 * DAY, 'd2']]);
        expect(await peekAt(store, def, T0 + 29 * DAY, 'd1')).toBe(false);
        expect(await peekAt(store, def, T0 + 30 * DAY + width, 'd1')).toBe(true);
        expect(await peekAt(store, def, T0 + 30 * DAY + width, 'd2')).toBe(false);
      });

      it('usualHour is the share of past events in the current local hour', async () => {
        const def = profile('usualHour', { tz: 'Asia/Shanghai' });
        // 02:00 UTC is 10:00 in Shanghai; 16:00 UTC is 00:00 the next day.
        const tenLocal = T0 + 2 * HOUR;
        await feed(store, def, [[tenLocal], [tenLocal + DAY], [tenLocal + 2 * DAY + 30 * MIN], [T0 + 3 * DAY + 16 * HOUR]]);
        expect(await peekAt(store, def, tenLocal + 5 * DAY)).toBe(0.75);
        expect(await peekAt(store, def, T0 + 5 * DAY + 16 * HOUR)).toBe(0.25);
        expect(await peekAt(store, def, T0 + 5 * DAY + 20 * HOUR)).toBe(0);
        expect(await peekAt(store, profile('usualHour', { tz: 'UTC' }), T0)).toBe(0);
      });

      it('usualHour takes the hour from a timestamp field when given one', async () => {
        const def = profile('usualHour', { field: 'localTime', tz: 'UTC' });
        await feed(store, def, [[T0, T0 + 5 * HOUR], [T0 + MIN, '2024-01-01T05:30:00Z']]);
        expect(await peekAt(store, def, T0 + 2 * MIN, T0 + DAY + 5 * HOUR)).toBe(1);
        expect(await peekAt(store, def, T0 + 5 * HOUR + 2 * MIN)).toBe(1);
        expect(await peekAt(store, def, T0 + 2 * MIN)).toBe(0);
      });

      it('refuses an unknown time zone', async () => {
        await expect(store.observe([obs(profile('usualHour', { tz: 'Mars/Olympus' }), T0)])).rejects.toMatchObject({ code: 'FEATURE_TZ' });
      });
    });

    describe('geo-velocity', () => {
      const shanghai = { lat: 31.2304, lon: 121.4737 };
      const beijing = { lat: 39.9042, lon: 116.4074 };

      it('measures distance and speed from the previous located event', async () => {
        const def = geo();
        expect(await one(store, obs(def, T0, shanghai))).toBeNull();
        expect(await one(store, obs(def, T0 + 30 * MIN, null))).toBeNull();
        const v = (await one(store, obs(def, T0 + HOUR, beijing))) as GeoVelocity;
        expect(v.distanceKm).toBeGreaterThan(1060);
        expect(v.distanceKm).toBeLessThan(1075);
        expect(v.minutes).toBe(60);
        expect(v.speedKmh).toBeCloseTo(v.distanceKm, 6);
        const back = (await one(store, obs(def, T0 + HOUR + 10 * SEC, shanghai))) as GeoVelocity;
        expect(back.speedKmh).toBeCloseTo(back.distanceKm * 360, 3);
      });

      it('keeps speed finite for simultaneous events and ignores invalid points', async () => {
        const def = geo();
        await feed(store, def, [[T0, shanghai], [T0 + MIN, { lat: 200, lon: 0 }], [T0 + MIN, { lat: '1', lon: 2 }]]);
        const v = (await peekAt(store, def, T0, beijing)) as GeoVelocity;
        expect(Number.isFinite(v.speedKmh)).toBe(true);
        expect(v.minutes).toBe(0);
        expect(await peekAt(store, def, T0 + MIN, { lat: 200, lon: 0 })).toBeNull();
      });

      it('forgets a location older than its window', async () => {
        const def = geo({ window: '1d' });
        await feed(store, def, [[T0, shanghai]]);
        expect(await peekAt(store, def, T0 + DAY - 1, beijing)).not.toBeNull();
        expect(await peekAt(store, def, T0 + DAY, beijing)).toBeNull();
      });
    });

    describe('snapshot and restore', () => {
      it('reproduce identical values and keep de-duplicating', async () => {
        const defs: FeatureDefinition[] = [
          ...(['count', 'sum', 'avg', 'min', 'max', 'distinct', 'stddev', 'first_seen', 'last_value'] as Aggregation[]).map((a) => velocity(a, '1h')),
          profile('isNew'),
          profile('share'),
          profile('usualHour'),
          geo(),
        ];
        const valueOf = (def: FeatureDefinition, i: number) =>
          def.kind === 'geo' ? { lat: 30 + (i % 7), lon: 120 + (i % 5) } : def.kind === 'profile' ? `d${i % 4}` : (i * 37) % 101;
        const batches: FeatureObservation[][] = [];
        for (let i = 0; i < 200; i++) {
          const at = T0 + i * 23 * SEC - (i % 9 === 0 ? 5 * MIN : 0);
          batches.push(defs.map((def) => obs(def, at, valueOf(def, i), { entityKey: `card-${i % 3}`, eventKey: `card_auth:s${i}`, read: false })));
        }
        for (const b of batches) await store.observe(b);
        const copy = await makeStore();
        await copy.restore(await store.snapshot());
        expect(copy.stats().keys).toBe(store.stats().keys);
        const probes = defs.flatMap((def) =>
          [0, 1, 2].flatMap((c) => [T0 + 30 * MIN, T0 + 77 * MIN, T0 + 2 * HOUR].map((at, j) => obs(def, at, valueOf(def, j), { entityKey: `card-${c}`, write: false }))),
        );
        expect(await copy.peek(probes)).toEqual(await store.peek(probes));
        // Replaying already-applied events changes nothing in the restored store.
        for (const b of batches.slice(-20)) await copy.observe(b);
        expect(await copy.peek(probes)).toEqual(await store.peek(probes));
        // And both evolve identically afterwards.
        const more = defs.map((def) => obs(def, T0 + 80 * MIN, valueOf(def, 5), { entityKey: 'card-1', eventKey: 'card_auth:after' }));
        expect(await copy.observe(more)).toEqual(await store.observe(more.map((o) => ({ ...o }))));
      });

      it('restores an empty snapshot and refuses garbage', async () => {
        await feed(store, velocity('count'), [[T0]]);
        const empty = await makeStore();
        await store.restore(await empty.snapshot());
        expect(store.stats().keys).toBe(0);
        expect(await peekAt(store, velocity('count'), T0 + SEC)).toBe(0);
        await expect(store.restore(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'FEATURE_SNAPSHOT' });
      });
    });

    describe('eviction', () => {
      it('drops keys nothing can see any more and keeps the rest', async () => {
        const short = velocity('count', '10m');
        const long = velocity('count', '1d');
        await feed(store, short, [[T0]], 'a');
        await feed(store, short, [[T0 + 15 * MIN]], 'b');
        await feed(store, long, [[T0]], 'a');
        await feed(store, geo({ window: '1h' }), [[T0, { lat: 1, lon: 1 }]], 'a');
        await feed(store, profile('isNew', { window: '1d' }), [[T0, 'd1']], 'a');
        expect(store.stats().keys).toBe(5);
        const before = store.stats().approxBytes;
        expect(await store.evictExpired(T0 + 20 * MIN)).toBe(1);
        expect(store.stats().keys).toBe(4);
        expect(store.stats().approxBytes).toBeLessThan(before);
        expect(await peekAt(store, short, T0 + 20 * MIN, undefined, 'b')).toBe(1);
        expect(await peekAt(store, long, T0 + 20 * MIN, undefined, 'a')).toBe(1);
        expect(await store.evictExpired(T0 + 2 * HOUR)).toBe(2);
        expect(await store.evictExpired(T0 + 2 * DAY)).toBe(2);
        expect(store.stats().keys).toBe(0);
      });

      it('leaves values seen at or after now unchanged', async () => {
        const defs = [velocity('distinct', '1h', { field: 'device' }), velocity('count', '1h'), profile('seenCount', { window: '1d' })];
        for (const def of defs) await feed(store, def, Array.from({ length: 120 }, (_, i) => [T0 + i * MIN, `d${i % 50}`]));
        const now = T0 + 150 * MIN;
        const probes = defs.flatMap((def) => [now, now + 10 * MIN, now + 20 * HOUR].map((at) => obs(def, at, 'd7', { write: false })));
        const expected = await store.peek(probes);
        await store.evictExpired(now);
        expect(await store.peek(probes)).toEqual(expected);
      });
    });

    describe('bounded memory', () => {
      it('a key fed 100k distinct values stays small', async () => {
        const def = velocity('distinct', '90d', { field: 'payee' });
        for (let i = 0; i < 100_000; i += 1_000) {
          await feed(store, def, Array.from({ length: 1_000 }, (_, j) => [T0 + (i + j) * SEC, `payee-account-number-${i + j}`]));
        }
        expect(store.stats().keys).toBe(1);
        expect(store.stats().approxBytes).toBeLessThan(256 * 1024);
        expect((await store.snapshot()).byteLength).toBeLessThan(256 * 1024);
        expect(await peekAt(store, def, T0 + 100_000 * SEC)).toBe(1024);
      });

      it('a profile fed 100k distinct values stays small', async () => {
        const def = profile('isNew');
        for (let i = 0; i < 100_000; i += 1_000) {
          await feed(store, def, Array.from({ length: 1_000 }, (_, j) => [T0 + (i + j) * MIN, `device-${i + j}`]));
        }
        expect(store.stats().approxBytes).toBeLessThan(128 * 1024);
        expect((await store.snapshot()).byteLength).toBeLessThan(128 * 1024);
        expect(await peekAt(store, def, T0 + 100_000 * MIN, 'device-99999')).toBe(false);
      });

      it('a busy count key keeps a bounded number of buckets', async () => {
        const def = velocity('count', '1h');
        for (let i = 0; i < 100_000; i += 5_000) {
          await feed(store, def, Array.from({ length: 5_000 }, (_, j) => [T0 + (i + j) * 7 * SEC]));
        }
        expect(store.stats().approxBytes).toBeLessThan(4 * 1024);
        expect((await store.snapshot()).byteLength).toBeLessThan(8 * 1024);
        expect(await peekAt(store, def, T0 + 100_000 * 7 * SEC)).toBeGreaterThan(450);
      });

      it('long string values cost no more than short ones', async () => {
        const def = velocity('distinct', '1h', { field: 'note' });
        await feed(store, def, Array.from({ length: 100 }, (_, i) => [T0 + i * SEC, `${i}:${'x'.repeat(100_000)}`]));
        expect((await store.snapshot()).byteLength).toBeLessThan(32 * 1024);
        expect(await peekAt(store, def, T0 + 2 * MIN)).toBe(100);
      });
    });
  });
}
