/**
 * What a model stage costs inside the engine: a credit-application strategy evaluated with and
 * without a `model` stage, per event, for the German credit scorecard fitted by the toolkit
 * (10 characteristics, with reason codes) and for a 100-tree depth-6 tree ensemble over its
 * numeric fields. `npx tsx bench/model-stage.ts [--n=100000]` prints the figures; `npm run bench`
 * includes them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileStrategy, FeaturePlan, MemoryFeatureStore, runStrategy, type EngineDeps, type EngineInput, type EventTypeDef, type ModelDefinition, type StrategyPackage, type TreeNodes } from '../packages/engine/src/index.ts';
import { toCelEvent } from '../packages/engine/src/event-data.ts';
import { fitScorecard, parseCsv } from '../packages/modeling/src/index.ts';
import { GERMAN_CREDIT_PATH } from '../packages/modeling/test/german-credit.ts';

const GERMAN = GERMAN_CREDIT_PATH;

/** The German credit rows as event data (numbers as numbers), and an event type that takes them. */
function germanEvents(text: string): { type: EventTypeDef; rows: Array<Record<string, unknown>> } {
  const ds = parseCsv(text);
  const fields: EventTypeDef['fields'] = {};
  for (const c of ds.columns) if (c.name !== 'creditability') fields[c.name] = { type: c.type === 'numeric' ? 'number' : 'string' };
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < ds.rows; i++) {
    const r: Record<string, unknown> = {};
    for (const c of ds.columns) if (c.name !== 'creditability') r[c.name] = c.values[i] ?? undefined;
    rows.push(r);
  }
  const type: EventTypeDef = {
    key: 'credit_application',
    name: { zh: '信贷申请', en: 'Credit application' },
    scenario: 'credit',
    channels: ['WEB'],
    fields,
    entityFields: {},
    sensitiveFields: {},
    orgField: null,
    latencyBudgetMs: 50,
    fallbackOutcome: 'review',
    outcomePrecedence: ['pass', 'review', 'challenge', 'reject'],
  };
  return { type, rows };
}

/** A random full tree over `inputs` numeric features (seeded; speed depends on shape, not learning). */
function randomEnsemble(inputs: string[], trees: number, depth: number): ModelDefinition {
  let seed = 7;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const list: TreeNodes[] = [];
  for (let k = 0; k < trees; k++) {
    const size = 2 ** (depth + 1) - 1;
    const splits = 2 ** depth - 1;
    const t: TreeNodes = { feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [] };
    for (let i = 0; i < size; i++) {
      const leaf = i >= splits;
      t.feature.push(leaf ? -1 : Math.floor(rand() * inputs.length));
      t.threshold.push(leaf ? 0 : rand() * 60);
      t.left.push(leaf ? -1 : 2 * i + 1);
      t.right.push(leaf ? -1 : 2 * i + 2);
      t.defaultLeft.push(rand() < 0.5);
      t.value.push(leaf ? (rand() - 0.5) / 10 : 0);
    }
    list.push(t);
  }
  return { kind: 'tree_ensemble', id: 'gbm', inputs, comparison: '<', float32: true, transform: 'sigmoid', trees: list } as ModelDefinition;
}

function strategy(models: ModelDefinition[]): StrategyPackage {
  return {
    id: 'credit',
    name: { zh: '信贷', en: 'Credit' },
    eventType: 'credit_application',
    direction: 'in',
    variables: [],
    features: [],
    lists: [],
    rules: [{ id: 'big', name: { zh: '大额', en: 'Big' }, condition: 'event.credit_amount > 15000.0', outcome: 'review', reasonCode: 'BIG', enabled: true, mode: 'live' } as StrategyPackage['rules'][number]],
    ruleSets: [{ id: 'main', rules: ['big'] }],
    models,
    dataSources: [],
    tables: [],
    flow: { stages: [...models.map((m) => ({ id: `m_${m.id}`, type: 'model' as const, model: m.id })), { id: 'rules', type: 'rules', ruleSet: 'main', mode: 'all' }] },
  };
}

/** µs per event of evaluating the strategy over the rows, best of three passes. */
function timePerEvent(pkg: StrategyPackage, type: EventTypeDef, rows: Array<Record<string, unknown>>, n: number): number {
  const compiled = compileStrategy(pkg, type, 1);
  const deps: EngineDeps = {
    features: new MemoryFeatureStore(),
    plan: new FeaturePlan([compiled], new Map([[type.key, type]])),
    lists: { inList: () => false, listEntry: () => null, nameMatch: () => 0, lookup: () => null },
    dataSources: { call: async () => ({ ok: false, value: null, cached: false, error: 'none' }) },
    now: Date.now,
  };
  const inputs: EngineInput[] = rows.map((data, i) => ({ eventType: type.key, eventId: `e${i}`, at: Date.parse('2026-11-01T10:00:00Z'), data, celEvent: toCelEvent(type, data), org: 'bank_a', channel: 'WEB', params: {}, deadline: Date.now() + 3_600_000 }));
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = runStrategy(compiled, inputs[i % inputs.length]!, deps, { writeFeatures: false });
      if (r instanceof Promise) throw new Error('the bench strategy must evaluate synchronously');
    }
    best = Math.min(best, ((performance.now() - t0) * 1000) / n);
  }
  return best;
}

export interface ModelStageCost {
  baselineMicros: number;
  scorecardMicros: number;
  treeEnsembleMicros: number;
}

/** The cost of a model stage per event (the strategy with it less the one without), in µs. */
export function modelStageCost(n = 100_000): ModelStageCost | null {
  if (!existsSync(GERMAN)) return null;
  const text = readFileSync(GERMAN, 'utf8');
  const { type, rows } = germanEvents(text);
  const artefact = fitScorecard(parseCsv(text), { target: 'creditability', bad: 'bad', holdout: 0.3, seed: 1 });
  const numeric = Object.entries(type.fields).filter(([, f]) => f.type === 'number').map(([k]) => `event.${k}`);
  const base = timePerEvent(strategy([]), type, rows, n);
  const card = timePerEvent(strategy([{ ...artefact.model, id: 'a_card' }]), type, rows, n);
  const gbm = timePerEvent(strategy([randomEnsemble(numeric, 100, 6)]), type, rows, n);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { baselineMicros: r(base), scorecardMicros: r(card - base), treeEnsembleMicros: r(gbm - base) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv.find((a) => a.startsWith('--n='))?.split('=')[1] ?? 100_000);
  const c = modelStageCost(n);
  if (!c) process.stdout.write(`no ${GERMAN}: nothing to measure\n`);
  else process.stdout.write(`strategy without a model: ${c.baselineMicros} µs/event; German scorecard stage: +${c.scorecardMicros} µs/event; 100-tree depth-6 ensemble stage: +${c.treeEnsembleMicros} µs/event\n`);
}
