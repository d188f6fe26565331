import { describe, expect, it } from 'vitest';
import { featureDefinitionId } from './feature-definition-id.ts';
import { MemoryFeatureStore } from './memory-store.ts';
import { featureStoreContract, obs, velocity } from './store-contract.ts';

featureStoreContract('MemoryFeatureStore', async () => new MemoryFeatureStore());

describe('MemoryFeatureStore', () => {
  const T0 = Date.UTC(2024, 0, 1);

  it('honours smaller limits', async () => {
    const store = new MemoryFeatureStore({ distinctCap: 3, dedupDepth: 2 });
    const def = velocity('distinct', '1h', { field: 'device' });
    await store.observe(['a', 'b', 'c', 'd', 'a'].map((v, i) => obs(def, T0 + i * 1000, v, { read: false })));
    expect(await store.peek([obs(def, T0 + 60_000, null, { write: false })])).toEqual([3]);
    const count = velocity('count', '1h');
    const first = obs(count, T0, undefined, { read: false });
    await store.observe([first, obs(count, T0 + 1, undefined, { read: false }), obs(count, T0 + 2, undefined, { read: false })]);
    await store.observe([{ ...first }]);
    expect(await store.peek([obs(count, T0 + 60_000, undefined, { write: false })])).toEqual([4]);
  });

  it('rejects malformed observations', async () => {
    const store = new MemoryFeatureStore();
    const def = velocity('count');
    await expect(store.observe([{ ...obs(def, T0), at: Number.NaN }])).rejects.toMatchObject({ code: 'FEATURE_OBSERVATION' });
    await expect(store.observe([{ ...obs(def, T0), def: { ...def, agg: 'median' as never }, defId: featureDefinitionId(def) + 'x' }])).rejects.toMatchObject({
      code: 'FEATURE_AGG',
    });
  });
});
