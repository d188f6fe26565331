import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketLayout, visibleBuckets, type BucketLayout } from './bucket-layout.ts';
import { featureDefinitionId } from './feature-definition-id.ts';
import { MemoryFeatureStore } from './memory-store.ts';
import { parseWindow } from './parse-window.ts';
import { DEFAULT_LIMITS } from './state-config.ts';
import type { FeatureObservation } from './store.ts';
import type { Aggregation, VelocityFeature } from './types.ts';

/**
 * Counters equal a recount: a brute-force model keeps every raw event and recomputes each value
 * from scratch with the documented semantics (whole buckets whose start lies in (at - window, at];
 * a state keeps the `slots` buckets up to its newest; the last 64 event keys are de-duplicated),
 * and the store must agree on every read of a random, out-of-order, retried event stream.
 */

interface RawEvent {
  at: number;
  idx: number;
  value: unknown;
  seq: number;
}

interface ModelState {
  stored: RawEvent[];
  head: number;
  recent: string[];
}

const AGGS: Aggregation[] = ['count', 'sum', 'avg', 'min', 'max', 'distinct', 'stddev', 'first_seen', 'last_value'];
const NUMERIC = new Set<Aggregation>(['sum', 'avg', 'min', 'max', 'stddev']);

function accepts(agg: Aggregation, v: unknown): boolean {
  if (NUMERIC.has(agg)) return typeof v === 'number' && Number.isFinite(v);
  if (agg === 'distinct' || agg === 'last_value') return v !== null && v !== undefined;
  return true;
}

class Model {
  private readonly states = new Map<string, ModelState>();
  private seq = 0;
  constructor(
    private readonly agg: Aggregation,
    private readonly layout: BucketLayout,
  ) {}

  write(entity: string, eventKey: string, at: number, value: unknown): void {
    let st = this.states.get(entity);
    if (!st) this.states.set(entity, (st = { stored: [], head: -Infinity, recent: [] }));
    if (st.recent.includes(eventKey)) return;
    st.recent.push(eventKey);
    if (st.recent.length > DEFAULT_LIMITS.dedupDepth) st.recent.shift();
    if (!accepts(this.agg, value)) return;
    const idx = Math.floor(at / this.layout.width);
    if (idx <= st.head - this.layout.slots) return;
    if (this.agg === 'distinct') {
      // A value already seen in a later bucket changes nothing (its latest occurrence stays).
      const latest = Math.max(-Infinity, ...st.stored.filter((e) => e.value === value).map((e) => e.idx));
      if (latest >= idx) return;
    }
    st.head = Math.max(st.head, idx);
    st.stored.push({ at, idx, value, seq: this.seq++ });
  }

  read(entity: string, at: number): unknown {
    const st = this.states.get(entity);
    const [first, last] = visibleBuckets(this.layout, at);
    const lo = Math.max(first, (st?.head ?? -Infinity) - this.layout.slots + 1);
    const inWindow = (idx: number) => idx >= lo && idx <= last;
    const events = (st?.stored ?? []).filter((e) => inWindow(e.idx));
    const nums = events.map((e) => e.value as number);
    switch (this.agg) {
      case 'count':
        return events.length;
      case 'sum':
        return nums.reduce((a, b) => a + b, 0);
      case 'avg':
        return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
      case 'min':
        return nums.length ? Math.min(...nums) : null;
      case 'max':
        return nums.length ? Math.max(...nums) : null;
      case 'stddev': {
        if (!nums.length) return null;
        const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
        return Math.sqrt(nums.reduce((a, b) => a + (b - mean) ** 2, 0) / nums.length);
      }
      case 'first_seen':
        return events.length ? Math.min(...events.map((e) => e.at)) : null;
      case 'last_value': {
        let best: RawEvent | null = null;
        for (const e of events) if (!best || e.at > best.at || (e.at === best.at && e.seq > best.seq)) best = e;
        return best ? best.value : null;
      }
      case 'distinct': {
        // Counted when the value's latest stored occurrence is visible.
        const latest = new Map<unknown, number>();
        for (const e of st?.stored ?? []) latest.set(e.value, Math.max(latest.get(e.value) ?? -Infinity, e.idx));
        let n = 0;
        for (const idx of latest.values()) if (inWindow(idx)) n++;
        return n;
      }
    }
  }
}

interface Step {
  entity: string;
  dt: number;
  value: unknown;
  replay: number | null;
  write: boolean;
}

const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -50, max: 500 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 99_999 }).map((c) => c / 100) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', '1') },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  entity: fc.constantFrom('e1', 'e2', 'e3'),
  // Mostly forward, often late, sometimes later than the window can reach back.
  // In thousandths of the window: mostly forward, often late, often about one window either way
  // (where buckets leave the state), sometimes far beyond.
  dt: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 300 }) },
    { weight: 3, arbitrary: fc.integer({ min: -1_500, max: 0 }) },
    { weight: 2, arbitrary: fc.integer({ min: 950, max: 1_050 }).chain((d) => fc.constantFrom(d, -d)) },
    { weight: 1, arbitrary: fc.integer({ min: -6_000, max: 6_000 }) },
  ),
  value: valueArb,
  replay: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
  write: fc.boolean(),
});

function close(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) + 1e-9;
  }
  return Object.is(actual, expected) || actual === expected;
}

describe('MemoryFeatureStore equals a brute-force recount', () => {
  it.each(['1m', '5m', '61s'])('for every aggregation over a %s window', async (window) => {
    const layout = bucketLayout(parseWindow(window));
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 160 }), fc.boolean(), async (steps, includeCurrent) => {
        const store = new MemoryFeatureStore();
        const defs = AGGS.map<VelocityFeature>((agg) => ({ kind: 'velocity', name: agg, agg, field: 'v', by: ['e'], window, eventTypes: ['t'], includeCurrent }));
        const ids = defs.map(featureDefinitionId);
        const models = AGGS.map((agg) => new Model(agg, layout));
        const past: Array<{ entity: string; at: number; value: unknown; eventKey: string }> = [];
        let t = Date.UTC(2024, 0, 1);
        for (const [i, s] of steps.entries()) {
          t += Math.round((s.dt * layout.windowMs) / 1_000);
          const ev = s.replay !== null && past.length ? past[s.replay % past.length]! : { entity: s.entity, at: t, value: s.value, eventKey: `t:${i}` };
          past.push(ev);
          const batch = defs.map<FeatureObservation>((def, d) => ({ def, defId: ids[d]!, entityKey: ev.entity, value: ev.value, at: ev.at, eventKey: ev.eventKey, read: true, write: s.write }));
          const got = await store.observe(batch);
          const expected = models.map((m) => {
            if (!includeCurrent) {
              const before = m.read(ev.entity, ev.at);
              if (s.write) m.write(ev.entity, ev.eventKey, ev.at, ev.value);
              return before;
            }
            if (s.write) m.write(ev.entity, ev.eventKey, ev.at, ev.value);
            return m.read(ev.entity, ev.at);
          });
          for (let d = 0; d < AGGS.length; d++) {
            if (!close(got[d], expected[d])) {
              throw new Error(`step ${i} ${AGGS[d]}: store ${String(got[d])} ≠ recount ${String(expected[d])}`);
            }
          }
        }
        // Point-in-time reads anywhere agree too.
        for (const probe of [t - 2 * layout.windowMs, t - layout.windowMs / 2, t, t + layout.windowMs / 2]) {
          for (const entity of ['e1', 'e2', 'e3']) {
            const got = await store.peek(defs.map((def, d) => ({ def, defId: ids[d]!, entityKey: entity, at: probe, eventKey: 'probe', read: true, write: false })));
            models.forEach((m, d) => expect([AGGS[d], close(got[d], m.read(entity, probe))]).toEqual([AGGS[d], true]));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
