import type { CompiledExpression } from '@vigil/cel';
import { featureCelType } from './cel-env.ts';
import type { CompiledStrategy } from './compile-strategy.ts';
import type { FeaturePlan } from './feature-plan.ts';
import { entityKeyOf, type FeatureDefinition, type FeatureObservation } from './features/index.ts';

/** An entity key shape: the `by` fields, inside the event's bank unless the feature is global. */
interface KeySpec {
  by: string[];
  global: boolean;
}

/** One observation an event of the type may make. */
interface LoadStep {
  def: FeatureDefinition;
  defId: string;
  /** Index of the step's entity key in {@link FeatureLoad.keys}. */
  key: number;
  /** Compiled filter of a write; null when the definition has none. */
  filter: CompiledExpression | null;
  /** The event type feeds this state (a write of the plan). */
  feeds: boolean;
  /** Some strategy of the evaluation reads the value. */
  read: boolean;
}

/** How a feature value from the store becomes the CEL value its declared type expects. */
const INT = 0;
const DOUBLE = 1;
const BOOL = 2;
const TIMESTAMP = 3;
const AS_IS = 4;
type CelConversion = typeof INT | typeof DOUBLE | typeof BOOL | typeof TIMESTAMP | typeof AS_IS;

/**
 * The feature observations of one event type for one evaluation, worked out once per
 * (feature plan, event type, strategy, challengers) instead of once per event: which states the
 * type feeds, which of them the strategies read, their distinct entity keys and where each
 * strategy feature finds its value. Plans and compiled strategies never change, so it is cached
 * on them.
 */
export interface FeatureLoad {
  keys: KeySpec[];
  steps: LoadStep[];
  /** The evaluated strategy's features, in order: the step holding each one's value, or -1. */
  outputs: Array<{ name: string; step: number; conversion: CelConversion }>;
  /** Builds the object `{[outputs[i].name]: values[i]}` (see {@link objectBuilder}). */
  build: (values: unknown[]) => Record<string, unknown>;
}

interface LoadCache {
  /** Writes only, for {@link featureWrites}-style callers with no strategy. */
  writes: Map<string, FeatureLoad>;
  strategies: WeakMap<CompiledStrategy, Map<string, FeatureLoad>>;
}

const NO_ALSO: readonly CompiledStrategy[] = [];
const plainLoads = new WeakMap<FeaturePlan, LoadCache>();
const alsoLoads = new WeakMap<readonly CompiledStrategy[], WeakMap<FeaturePlan, LoadCache>>();

/**
 * The load of strategy `s` (or, with `s` null, the type's writes alone) for events of
 * `eventType` under `plan`, reading `also`'s features as well (challengers capturing what the
 * champion read). Cached on the plan, the strategy and, when there is one, the `also` array.
 */
export function featureLoadFor(plan: FeaturePlan, s: CompiledStrategy | null, eventType: string, also: readonly CompiledStrategy[] = NO_ALSO): FeatureLoad {
  let cache: LoadCache | undefined;
  if (also.length === 0) {
    cache = plainLoads.get(plan);
    if (!cache) plainLoads.set(plan, (cache = { writes: new Map(), strategies: new WeakMap() }));
  } else {
    let byPlan = alsoLoads.get(also);
    if (!byPlan) alsoLoads.set(also, (byPlan = new WeakMap()));
    cache = byPlan.get(plan);
    if (!cache) byPlan.set(plan, (cache = { writes: new Map(), strategies: new WeakMap() }));
  }
  let byType: Map<string, FeatureLoad> | undefined;
  if (s) {
    byType = cache.strategies.get(s);
    if (!byType) cache.strategies.set(s, (byType = new Map()));
  } else byType = cache.writes;
  let load = byType.get(eventType);
  if (!load) byType.set(eventType, (load = buildLoad(plan, s, eventType, s ? also : NO_ALSO)));
  return load;
}

function buildLoad(plan: FeaturePlan, s: CompiledStrategy | null, eventType: string, also: readonly CompiledStrategy[]): FeatureLoad {
  const keys: KeySpec[] = [];
  const keyOf = (def: FeatureDefinition): number => {
    const global = def.scope === 'global';
    const i = keys.findIndex((k) => k.global === global && k.by.length === def.by.length && k.by.every((b, j) => b === def.by[j]));
    if (i >= 0) return i;
    keys.push({ by: def.by, global });
    return keys.length - 1;
  };
  const steps: LoadStep[] = [];
  const index = new Map<string, number>();
  // The order of the general path: the type's writes as the plan lists them, then what is only read.
  for (const w of plan.writesFor(eventType)) {
    index.set(w.defId, steps.length);
    steps.push({ def: w.def, defId: w.defId, key: keyOf(w.def), filter: w.filter, feeds: true, read: false });
  }
  const markReads = (features: CompiledStrategy['features']) => {
    for (const f of features) {
      const at = index.get(f.defId);
      if (at !== undefined) {
        steps[at]!.read = true;
        continue;
      }
      index.set(f.defId, steps.length);
      steps.push({ def: f.def, defId: f.defId, key: keyOf(f.def), filter: null, feeds: false, read: true });
    }
  };
  const outputs: FeatureLoad['outputs'] = [];
  if (s) {
    markReads(s.features);
    for (const c of also) markReads(c.features);
    for (const f of s.features) outputs.push({ name: f.def.name, step: index.get(f.defId) ?? -1, conversion: conversionOf(f.def) });
  }
  return { keys, steps, outputs, build: objectBuilder(outputs.map((o) => o.name)) };
}

const builders = new Map<string, (values: unknown[]) => Record<string, unknown>>();
const MAX_BUILDERS = 1024;

/**
 * A function building `{[names[0]]: values[0], …}` as one object literal. Filling a fresh object
 * name by name from a loop is a megamorphic keyed store per property (about 40 ns each, and a
 * decision fills two such objects of every feature); a literal with the names spelled out costs
 * a few nanoseconds in all, and every object gets the same shape, which the compiled rules read
 * fastest. Names are quoted with JSON.stringify, so the generated source holds nothing else.
 *
 * @example objectBuilder(['a', 'b'])([1, 2]) // {a: 1, b: 2}
 */
export function objectBuilder(names: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  const key = JSON.stringify(names);
  let b = builders.get(key);
  if (!b) {
    // `__proto__` as a quoted literal key would set the prototype instead of a property.
    if (names.some((n) => n === '__proto__') || new Set(names).size !== names.length) {
      b = (values) => {
        const o: Record<string, unknown> = {};
        names.forEach((n, i) => Object.defineProperty(o, n, { value: values[i], enumerable: true, writable: true, configurable: true }));
        return o;
      };
    } else b = new Function('v', `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}};`) as (values: unknown[]) => Record<string, unknown>;
    // Bounded: name lists come and go with strategy versions.
    if (builders.size >= MAX_BUILDERS) builders.clear();
    builders.set(key, b);
  }
  return b;
}

function conversionOf(def: FeatureDefinition): CelConversion {
  const t = featureCelType(def);
  if (t === 'int') return INT;
  if (t === 'double') return DOUBLE;
  if (t === 'bool') return BOOL;
  if (def.kind === 'velocity' && def.agg === 'first_seen') return TIMESTAMP;
  return AS_IS;
}

/** {@link featureCelValue} with the type worked out in advance. */
export function convertFeature(conversion: CelConversion, value: unknown): unknown {
  switch (conversion) {
    case INT:
      return BigInt(Math.trunc(typeof value === 'number' ? value : 0));
    case DOUBLE:
      return typeof value === 'number' ? value : 0;
    case BOOL:
      return value === true;
    case TIMESTAMP:
      return typeof value === 'number' ? new Date(value) : (value ?? null);
    default:
      return value ?? null;
  }
}

/** What an event contributes to building its observations. */
export interface LoadInput {
  eventType: string;
  eventId: string;
  at: number;
  data: Record<string, unknown>;
  org: string;
}

/** The entity a feature state belongs to, inside the event's bank unless the feature is global. */
export function scopedEntityKey(by: string[], global: boolean, input: Pick<LoadInput, 'data' | 'org'>): string | null {
  const k = entityKeyOf(by, input.data);
  if (k === null || global) return k;
  return `${input.org}\u0001${k}`;
}

/** Identifies an event for the store's de-duplication: event ids are unique per type and bank. */
export function featureEventKey(input: Pick<LoadInput, 'eventType' | 'org' | 'eventId'>): string {
  return `${input.eventType}:${input.org}:${input.eventId}`;
}

export function fieldValue(def: FeatureDefinition, data: Record<string, unknown>): unknown {
  return 'field' in def && def.field !== undefined ? data[def.field] : undefined;
}

/**
 * The observations of one event: every state of a step whose entity key is present, reading
 * where a strategy reads it and writing where the type feeds it, `write` is set and the filter
 * (evaluated on `filterCtx`) accepts the event. A step that would neither read nor write is left
 * out. `positions[i]` is the batch position of step i, or -1.
 *
 * `allSteps` keeps the no-op observations too (the exported `featureWrites` lists every state the
 * event reaches, whether or not it counts).
 */
export function buildBatch(
  load: FeatureLoad,
  input: LoadInput,
  write: boolean,
  filterCtx: Record<string, unknown> | (() => Record<string, unknown>),
  positions: number[] | null,
  allSteps = false,
): FeatureObservation[] {
  const batch: FeatureObservation[] = [];
  const { keys, steps } = load;
  // Entity keys are built once per shape, so features of the same entity share one string.
  const entityKeys: Array<string | null | undefined> = new Array(keys.length);
  let eventKey: string | undefined;
  let ctx: Record<string, unknown> | undefined;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    let k = entityKeys[step.key];
    if (k === undefined) {
      const spec = keys[step.key]!;
      k = entityKeys[step.key] = scopedEntityKey(spec.by, spec.global, input);
    }
    let counts = false;
    if (k !== null && step.feeds && write) {
      counts = true;
      if (step.filter) {
        ctx ??= typeof filterCtx === 'function' ? filterCtx() : filterCtx;
        try {
          counts = step.filter.evaluate(ctx) === true;
        } catch {
          counts = false;
        }
      }
    }
    if (k === null || (!counts && !step.read && !(allSteps && step.feeds))) {
      if (positions) positions[i] = -1;
      continue;
    }
    if (positions) positions[i] = batch.length;
    batch.push({ def: step.def, defId: step.defId, entityKey: k, value: fieldValue(step.def, input.data), at: input.at, eventKey: (eventKey ??= featureEventKey(input)), read: step.read, write: counts });
  }
  return batch;
}
