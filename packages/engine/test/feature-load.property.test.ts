import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileStrategy,
  entityKeyOf,
  evaluateStrategy,
  featureCelType,
  featureCelValue,
  FeaturePlan,
  featureWrites,
  MemoryFeatureStore,
  type CompiledStrategy,
  type EngineDeps,
  type EngineInput,
  type EngineResult,
  type EventTypeDef,
  type FeatureDefinition,
  type FeatureObservation,
  type FeatureStore,
  type StrategyPackage,
} from '../src/index.ts';
import { input, payment, pkg, rule } from './fixtures.ts';

/**
 * The engine reads features through a load worked out once per (plan, strategy, challengers) and,
 * with an in-memory store, without a promise. Both must change nothing: against the reference
 * (the straightforward algorithm — every write of the type, then a read-only observation per
 * feature not yet in the batch, through the async `observe`), every event of a random stream must
 * read the same values, capture the same values for challengers and decide the same.
 */

const other: EventTypeDef = { ...payment, key: 'other' };
const types = new Map([
  [payment.key, payment],
  [other.key, other],
]);

/** A pool of features: shared state ids, filters that pass, fail or throw, scopes, other types. */
const POOL: Array<Omit<FeatureDefinition, 'name'>> = [
  { kind: 'velocity', agg: 'count', by: ['card'], window: '10m', eventTypes: ['payment'] },
  // The same state as the first, read including the current event.
  { kind: 'velocity', agg: 'count', by: ['card'], window: '10m', eventTypes: ['payment'], includeCurrent: true },
  { kind: 'velocity', agg: 'sum', field: 'amount', by: ['card'], window: '1h', eventTypes: ['payment', 'other'], filter: 'event.amount > 50.0' },
  // Throws when count is absent: the event then does not count.
  { kind: 'velocity', agg: 'count', by: ['device'], window: '1h', eventTypes: ['payment'], filter: 'event.count > 0' },
  { kind: 'velocity', agg: 'distinct', field: 'card', by: ['device'], window: '1h', eventTypes: ['payment'], scope: 'global' },
  { kind: 'velocity', agg: 'first_seen', by: ['card', 'device'], window: '1d', eventTypes: ['payment'] },
  { kind: 'velocity', agg: 'avg', field: 'amount', by: ['ip'], window: '1h', eventTypes: ['other'] },
  { kind: 'velocity', agg: 'count', by: ['card'], window: '1h', eventTypes: ['payment'], on: 'feedback', filter: "feedback.challengeResult == 'failed'" },
  { kind: 'profile', stat: 'isNew', field: 'channel', by: ['card'], window: '1d', eventTypes: ['payment'] },
  { kind: 'profile', stat: 'usualHour', by: ['card'], window: '1d', eventTypes: ['payment'] },
  { kind: 'geo', field: 'loc', by: ['card'], window: '1d', eventTypes: ['payment'] },
] as Array<Omit<FeatureDefinition, 'name'>>;

function strategy(id: string, picks: number[]): StrategyPackage {
  const features = picks.map((p, i) => ({ ...POOL[p]!, name: `f${i}_${p}` }) as FeatureDefinition);
  const condition: Record<string, (n: string) => string> = {
    int: (n) => `features.${n} >= 1 && event.amount > 100.0`,
    double: (n) => `features.${n} > 100.0`,
    bool: (n) => `features.${n}`,
    dyn: (n) => `features.${n} != null && event.amount > 100.0`,
  };
  const rules = features.map((f, i) => rule(`r${i}`, condition[featureCelType(f) as string]!(f.name), { outcome: 'review', score: 10 }));
  return pkg({
    id,
    features,
    rules,
    ruleSets: [{ id: 'rs', rules: rules.map((r) => r.id) }],
    flow: { stages: [{ id: 'rules', type: 'rules', ruleSet: 'rs', mode: 'all' }, { id: 'score', type: 'score', bands: [{ min: 0, max: 30, outcome: 'pass', riskLevel: 'low' }, { min: 30, outcome: 'reject', riskLevel: 'high' }] }] },
  });
}

/** The reference: the general algorithm the engine used before loads were precomputed. */
async function referenceFeatures(store: FeatureStore, plan: FeaturePlan, s: CompiledStrategy, ev: EngineInput, write: boolean, also: CompiledStrategy[], captured: Map<string, unknown>) {
  const scoped = (def: FeatureDefinition) => {
    const k = entityKeyOf(def.by, ev.data);
    return k === null || def.scope === 'global' ? k : `${ev.org}\u0001${k}`;
  };
  const eventKey = `${ev.eventType}:${ev.org}:${ev.eventId}`;
  const field = (def: FeatureDefinition) => ('field' in def && def.field !== undefined ? ev.data[def.field] : undefined);
  const ctx = { event: ev.celEvent, eventType: ev.eventType, channel: ev.channel, org: ev.org, now: new Date(ev.at), params: ev.params };
  const batch: FeatureObservation[] = [];
  const index = new Map<string, number>();
  for (const w of plan.writesFor(ev.eventType)) {
    const entityKey = scoped(w.def);
    if (entityKey === null) continue;
    let pass = true;
    if (w.filter) {
      try {
        pass = w.filter.evaluate(ctx) === true;
      } catch {
        pass = false;
      }
    }
    index.set(w.defId, batch.length);
    batch.push({ def: w.def, defId: w.defId, entityKey, value: field(w.def), at: ev.at, eventKey, read: false, write: write && pass });
  }
  for (const c of [s, ...also]) {
    for (const f of c.features) {
      const at = index.get(f.defId);
      if (at !== undefined) {
        batch[at]!.read = true;
        continue;
      }
      const entityKey = scoped(f.def);
      if (entityKey === null) continue;
      index.set(f.defId, batch.length);
      batch.push({ def: f.def, defId: f.defId, entityKey, value: field(f.def), at: ev.at, eventKey, read: true, write: false });
    }
  }
  const values = batch.length ? await store.observe(batch) : [];
  batch.forEach((o, i) => o.read && captured.set(`${o.defId}\u0001${o.entityKey}`, values[i]));
  const out: Record<string, unknown> = {};
  for (const f of s.features) {
    const at = index.get(f.defId);
    out[f.def.name] = at === undefined ? null : (values[at] ?? null);
  }
  return out;
}

/** The store seen only through its promise API: the engine's general path. */
function asyncOnly(store: MemoryFeatureStore): FeatureStore {
  return {
    observe: (b) => store.observe(b),
    peek: (b) => store.peek(b),
    snapshot: () => store.snapshot(),
    restore: (s) => store.restore(s),
    evictExpired: (n) => store.evictExpired(n),
    stats: () => store.stats(),
  };
}

/** A result without its timings. */
function comparable(r: EngineResult) {
  return { ...r, trace: { ...r.trace, stages: r.trace.stages.map((st) => ({ ...st, micros: 0 })) } };
}

const eventArb = fc.record({
  card: fc.constantFrom('c1', 'c2', 'c3'),
  device: fc.option(fc.constantFrom('d1', 'd2', ' '), { nil: undefined }),
  ip: fc.option(fc.constantFrom('10.0.0.1', '10.0.0.2'), { nil: undefined }),
  amount: fc.integer({ min: 1, max: 500 }),
  count: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  channel: fc.option(fc.constantFrom('POS', 'ECOM'), { nil: undefined }),
  loc: fc.option(fc.record({ lat: fc.integer({ min: 0, max: 40 }), lon: fc.integer({ min: 100, max: 130 }) }), { nil: undefined }),
  type: fc.constantFrom('payment', 'payment', 'payment', 'other'),
  gap: fc.integer({ min: 0, max: 600_000 }),
  write: fc.boolean(),
  capture: fc.boolean(),
});

describe('precomputed feature loads and the synchronous store path', () => {
  it('read, capture and decide exactly as the general algorithm', async () => {
    const picks = fc.uniqueArray(fc.integer({ min: 0, max: POOL.length - 1 }), { minLength: 0, maxLength: POOL.length });
    await fc.assert(
      fc.asyncProperty(picks, picks, fc.array(eventArb, { minLength: 1, maxLength: 40 }), async (champPicks, challPicks, events) => {
        const champion = compileStrategy(strategy('champ', champPicks), payment, 1, types);
        const challenger = compileStrategy(strategy('chall', challPicks), payment, 1, types);
        const plan = new FeaturePlan([champion, challenger], types);
        const sync = new MemoryFeatureStore();
        const general = new MemoryFeatureStore();
        const reference = new MemoryFeatureStore();
        const also = [challenger];
        let at = Date.parse('2026-11-01T10:00:00Z');
        for (const [i, e] of events.entries()) {
          at += e.gap;
          const data: Record<string, unknown> = { card: e.card, amount: e.amount, org: 'bank_a' };
          for (const k of ['device', 'ip', 'count', 'channel', 'loc'] as const) if (e[k] !== undefined) data[k] = e[k];
          const ev = { ...input(data, at, `e${i}`), eventType: e.type };
          if (e.type !== 'payment') {
            // Another type only feeds: the exported featureWrites, through every store.
            const batch = featureWrites(plan, ev, e.write);
            for (const s of [sync, general, reference]) await s.observe(batch.map((o) => ({ ...o })));
            continue;
          }
          const captured = { sync: new Map<string, unknown>(), general: new Map<string, unknown>(), reference: new Map<string, unknown>() };
          const deps = (features: FeatureStore, values: Map<string, unknown>): EngineDeps => ({
            features,
            plan,
            lists: { lookup: () => null } as unknown as EngineDeps['lists'],
            dataSources: { call: async () => ({ ok: false, value: null, cached: false }) },
            now: () => at,
            ...(e.capture ? { capture: { also, values } } : {}),
          });
          const a = await evaluateStrategy(champion, ev, deps(sync, captured.sync), { writeFeatures: e.write });
          const b = await evaluateStrategy(champion, ev, deps(asyncOnly(general), captured.general), { writeFeatures: e.write });
          const ref = await referenceFeatures(reference, plan, champion, ev, e.write, e.capture ? also : [], captured.reference);
          expect(a.trace.features).toEqual(ref);
          expect(comparable(b)).toEqual(comparable(a));
          if (e.capture) {
            expect(captured.sync).toEqual(captured.reference);
            expect(captured.general).toEqual(captured.reference);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('featureWrites lists every state the event reaches, counting where the filter accepts it', () => {
    const s = compileStrategy(strategy('w', [0, 2, 3, 4, 5, 7]), payment, 1, types);
    const plan = new FeaturePlan([s], types);
    const ev = input({ card: 'c1', amount: 20, device: 'd1', org: 'bank_a' }, Date.parse('2026-11-01T10:00:00Z'), 'x');
    const batch = featureWrites(plan, ev, true);
    expect(batch.map((o) => [o.def.name, o.entityKey, o.write, o.read])).toEqual([
      ['f0_0', 'bank_a\u0001c1', true, false],
      ['f1_2', 'bank_a\u0001c1', false, false],
      ['f2_3', 'bank_a\u0001d1', false, false],
      ['f3_4', 'd1', true, false],
      ['f4_5', 'bank_a\u0001c1\u001fd1', true, false],
    ]);
    expect(new Set(batch.map((o) => o.eventKey))).toEqual(new Set(['payment:bank_a:x']));
    expect(featureWrites(plan, ev, false).every((o) => !o.write)).toBe(true);
    const feedback = featureWrites(plan, ev, true, { id: 'fb1', challengeResult: 'failed' });
    expect(feedback.map((o) => [o.def.name, o.eventKey, o.write])).toEqual([['f5_7', 'feedback:fb1', true]]);
    // Feature values reach rules as their declared CEL types.
    expect(featureCelValue(s.features[0]!.def, 2)).toBe(2n);
  });
});
