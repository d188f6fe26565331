import fc from 'fast-check';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { featureDefinitionId } from './feature-definition-id.ts';
import { MemoryFeatureStore } from './memory-store.ts';
import type { FeatureObservation } from './store.ts';
import type { FeatureDefinition } from './types.ts';

/**
 * The store keeps the states of one entity key together, one slot per definition. Whatever the
 * mix of definitions, entities, evictions, snapshots and definitions coming and going, it must
 * answer exactly what one store per definition answers (where the layout degenerates to a Map of
 * entity keys per definition, as before the grouping).
 */

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

const DEFS: FeatureDefinition[] = [
  { kind: 'velocity', name: 'n10m', agg: 'count', by: ['card'], window: '10m', eventTypes: ['t'] },
  { kind: 'velocity', name: 'sum1h', agg: 'sum', field: 'v', by: ['card'], window: '1h', eventTypes: ['t'] },
  { kind: 'velocity', name: 'now10m', agg: 'count', by: ['card'], window: '10m', eventTypes: ['t'], includeCurrent: true, filter: 'true' },
  { kind: 'velocity', name: 'dist1h', agg: 'distinct', field: 'v', by: ['device'], window: '1h', eventTypes: ['t'] },
  { kind: 'velocity', name: 'last2h', agg: 'last_value', field: 'v', by: ['card'], window: '2h', eventTypes: ['t'] },
  { kind: 'profile', name: 'isNew', by: ['card'], field: 'v', stat: 'isNew', window: '1d', eventTypes: ['t'] },
  { kind: 'profile', name: 'hour', by: ['card'], stat: 'usualHour', window: '1d', eventTypes: ['t'] },
  { kind: 'geo', name: 'geo', by: ['card'], field: 'v', window: '1h', eventTypes: ['t'] },
];
const IDS = DEFS.map(featureDefinitionId);

type Op =
  | { op: 'observe'; defs: number[]; entity: number; dt: number; value: number; read: boolean; write: boolean; peek: boolean }
  | { op: 'evict'; back: number }
  | { op: 'snapshot' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      op: fc.constant('observe' as const),
      defs: fc.uniqueArray(fc.integer({ min: 0, max: DEFS.length - 1 }), { minLength: 1, maxLength: DEFS.length }),
      entity: fc.integer({ min: 0, max: 3 }),
      dt: fc.oneof(fc.integer({ min: 0, max: 5 * MIN }), fc.integer({ min: -20 * MIN, max: 90 * MIN })),
      value: fc.integer({ min: 0, max: 6 }),
      read: fc.boolean(),
      write: fc.boolean(),
      peek: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('evict' as const), back: fc.integer({ min: 0, max: 3 * 60 * MIN }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'snapshot' as const }) },
);

function valueFor(def: FeatureDefinition, v: number): unknown {
  if (def.kind === 'geo') return { lat: 30 + v, lon: 120 - v };
  if (def.kind === 'profile' && def.stat === 'usualHour') return undefined;
  return def.kind === 'velocity' && (def.agg === 'distinct' || def.agg === 'last_value') ? `v${v}` : v;
}

function observation(d: number, entity: number, at: number, value: number, eventKey: string, read: boolean, write: boolean): FeatureObservation {
  const def = DEFS[d]!;
  return { def, defId: IDS[d]!, entityKey: `e${entity}`, value: valueFor(def, value), at, eventKey, read, write };
}

describe('MemoryFeatureStore grouped by entity equals one store per definition', () => {
  it('on random batches with evictions and snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 80 }), async (ops) => {
        let grouped = new MemoryFeatureStore();
        const single = DEFS.map(() => new MemoryFeatureStore());
        let t = T0;
        for (const [i, op] of ops.entries()) {
          if (op.op === 'evict') {
            const removed = await grouped.evictExpired(t - op.back);
            let expected = 0;
            for (const s of single) expected += await s.evictExpired(t - op.back);
            expect(removed).toBe(expected);
          } else if (op.op === 'snapshot') {
            const copy = new MemoryFeatureStore();
            await copy.restore(await grouped.snapshot());
            // Restoring counts the bytes from scratch: the running count must agree.
            expect(copy.stats()).toEqual(grouped.stats());
            grouped = copy;
          } else {
            t += op.dt;
            const batch = op.defs.map((d) => observation(d, op.entity, t, op.value, `t:${i}`, op.read, op.write));
            const got = op.peek ? await grouped.peek(batch) : grouped.observeNow(batch);
            const expected = await Promise.all(op.defs.map(async (d, j) => (op.peek ? single[d]!.peek([batch[j]!]) : single[d]!.observe([batch[j]!])).then((v) => v[0])));
            expect(got).toEqual(expected);
          }
          let keys = 0;
          for (const s of single) keys += s.stats().keys;
          expect(grouped.stats().keys).toBe(keys);
        }
        // Every state reads the same at the end, for every entity.
        for (let e = 0; e < 4; e++) {
          const probe = DEFS.map((_, d) => observation(d, e, t, 1, 'probe', true, false));
          expect(await grouped.peek(probe)).toEqual(await Promise.all(probe.map((o, d) => single[d]!.peek([o]).then((v) => v[0]))));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('MemoryFeatureStore layout', () => {
  it('releases the slot of a definition nothing holds any more and reuses it', async () => {
    const store = new MemoryFeatureStore();
    store.observeNow([observation(0, 1, T0, 1, 'a', false, true), observation(1, 1, T0, 5, 'a', false, true)]);
    // The 10-minute count expires; the 1-hour sum stays.
    expect(await store.evictExpired(T0 + 30 * MIN)).toBe(1);
    // A definition first seen now takes the released slot, and reads nothing of the old one.
    const other: FeatureDefinition = { kind: 'velocity', name: 'max', agg: 'max', field: 'v', by: ['card'], window: '1h', eventTypes: ['t'] };
    const o = { def: other, defId: featureDefinitionId(other), entityKey: 'e1', value: 3, at: T0 + 31 * MIN, eventKey: 'b', read: true, write: true };
    expect(store.observeNow([o])).toEqual([null]);
    expect(store.observeNow([{ ...o, eventKey: 'c', at: T0 + 32 * MIN, value: 2 }])).toEqual([3]);
    expect(store.observeNow([observation(0, 1, T0 + 33 * MIN, 1, 'd', true, false), observation(1, 1, T0 + 33 * MIN, 1, 'd', true, false)])).toEqual([0, 5]);
    expect(store.stats().keys).toBe(2);
  });

  it('restores a version 1 snapshot (one Map of entity states per definition)', async () => {
    const store = new MemoryFeatureStore();
    for (let i = 0; i < 5; i++) store.observeNow([observation(0, i % 2, T0 + i * MIN, i, `s${i}`, false, true), observation(1, 1, T0 + i * MIN, i, `s${i}`, false, true)]);
    const v2 = await store.snapshot();
    const copy = new MemoryFeatureStore();
    await copy.restore(v2);
    const probe = [observation(0, 0, T0 + 6 * MIN, 0, 'p', true, false), observation(0, 1, T0 + 6 * MIN, 0, 'p', true, false), observation(1, 1, T0 + 6 * MIN, 0, 'p', true, false)];
    const expected = await store.peek(probe);
    expect(expected).toEqual([3, 2, 10]);
    // The same states as the old layout kept them: per definition, entity key → state.
    const snap = deserialize(v2) as { defs: Array<[string, FeatureDefinition] | null>; entities: Map<string, unknown[]> };
    const defs = snap.defs.flatMap((d, index) => {
      if (!d) return [];
      const keys = new Map<string, unknown>();
      for (const [k, ent] of snap.entities) if (ent[index] !== undefined) keys.set(k, ent[index]);
      return [[d[0], d[1], keys]];
    });
    const old = new MemoryFeatureStore();
    await old.restore(new Uint8Array(serialize({ format: 'vigil.features', version: 1, defs })));
    expect(await old.peek(probe)).toEqual(expected);
    expect(old.stats()).toEqual(copy.stats());
    // And it keeps de-duplicating what it already holds.
    expect(old.observeNow([observation(1, 1, T0 + 4 * MIN, 4, 's4', true, true)])).toEqual([10]);
    expect(await old.peek([probe[2]!])).toEqual([10]);
  });

  it('observeNow throws what observe rejects with, and applies nothing', async () => {
    const store = new MemoryFeatureStore();
    const bad = { ...observation(0, 1, T0, 1, 'x', true, true), at: Number.NaN };
    expect(() => store.observeNow([observation(1, 1, T0, 1, 'x', true, true), bad])).toThrow(expect.objectContaining({ code: 'FEATURE_OBSERVATION' }));
    await expect(store.observe([bad])).rejects.toMatchObject({ code: 'FEATURE_OBSERVATION' });
    expect(store.stats().keys).toBe(0);
  });
});
