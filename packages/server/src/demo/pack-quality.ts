import {
  compileStrategy,
  listLookup,
  LiveReplay,
  PanTokenizer,
  parseWindow,
  prepareEvent,
  tryNormaliseListValue,
  type CompiledStrategy,
  type EngineResult,
  type ListDimension,
  type ListIndex,
  type Outcome,
  type StrategyPackage,
} from '@vigil/engine';
import { amountValue, Simulation, TYPOLOGIES, type Typology } from '@vigil/simulator';
import { demoEventTypes } from './event-types.ts';
import { loadPacks } from './packs.ts';
import { DEMO_LISTS, demoListIndex, demoParams } from './reference-data.ts';

/** Seed the packs were written and tuned against (the simulator's default). */
export const TUNING_SEED = 1;
/** Seed of the published quality table: a world the packs were never tuned on. */
export const EVALUATION_SEED = 20261121;

export interface PackQualityOptions {
  /** Simulator seed. The packs were tuned on {@link TUNING_SEED}; measure them on any other. */
  seed: number;
  customers: number;
  /** Simulated days in all, the warm-up included. */
  days: number;
  /** Days that only build feature state (profiles, usual amounts) before measuring starts. */
  warmupDays: number;
  fraudRate?: number;
  /** Default: the shipped packs. */
  packs?: StrategyPackage[];
}

interface Counts {
  events: number;
  review: number;
  challenge: number;
  reject: number;
}

export interface TypologyQuality extends Counts {
  typology: Typology;
  /** Money moved or spent (amount fields), and the part of it that met review, challenge or reject. */
  amount: number;
  amountStopped: number;
  /** Per event type of the typology's events. */
  byEventType: Record<string, Counts>;
}

export interface LegitQuality extends Counts {
  eventType: string;
}

export interface RuleQuality {
  strategy: string;
  rule: string;
  hits: number;
  fraudHits: number;
}

export interface PackQualityReport {
  options: Omit<PackQualityOptions, 'packs'> & { packs: string[] };
  warmupEvents: number;
  measuredEvents: number;
  typologies: TypologyQuality[];
  legit: LegitQuality[];
  legitTotal: Counts;
  fraudTotal: Counts & { amount: number; amountStopped: number };
  rules: RuleQuality[];
  seconds: number;
}

const zero = (): Counts => ({ events: 0, review: 0, challenge: 0, reject: 0 });

function count(c: Counts, outcome: Outcome): void {
  c.events++;
  if (outcome !== 'pass') c[outcome]++;
}

/**
 * Measures strategy packs on a simulated world with ground truth: every event is decided by the
 * pack of its type, in time order, with one shared feature state and the demo's lists (rule
 * actions that add to a list take effect for later events), as a live node would. After the
 * warm-up, each decision is counted against the event's label: per fraud typology, how many of its
 * events (and how much of its money) met review, challenge or reject; per event type, how much
 * legitimate traffic did.
 */
export async function evaluatePacks(o: PackQualityOptions): Promise<PackQualityReport> {
  const began = performance.now();
  const packs = o.packs ?? loadPacks();
  const types = new Map(demoEventTypes.map((e) => [e.key, e]));
  const compiled: CompiledStrategy[] = packs.map((p, i) => {
    const et = types.get(p.eventType);
    if (!et) throw new Error(`pack ${p.id}: unknown event type ${p.eventType}`);
    return compileStrategy(p, et, i + 1, types);
  });
  const lists = demoListIndex();
  const dimensions = new Map(DEMO_LISTS.map((l) => [l.key, l.dimension]));
  const chain = (org: string) => (org === 'root' ? ['root'] : [org, 'root']);
  const paramsByOrg = new Map<string, Record<string, unknown>>();
  const replay = new LiveReplay({
    strategies: compiled,
    eventTypes: types,
    lists: (org, at) => listLookup(lists, chain(org), at),
    params: (org) => paramsByOrg.get(org) ?? paramsByOrg.set(org, demoParams(chain(org))).get(org)!,
  });
  const tokenizer = new PanTokenizer('pack-quality-tokenisation-key');
  const sim = new Simulation({ seed: o.seed, customers: o.customers, days: o.days, fraudRate: o.fraudRate ?? 1 });
  const measureFrom = sim.options.start + o.warmupDays * 86_400_000;

  const typologies = new Map<Typology, TypologyQuality>(TYPOLOGIES.map((t) => [t, { typology: t, ...zero(), amount: 0, amountStopped: 0, byEventType: {} }]));
  const legit = new Map<string, LegitQuality>();
  const rules = new Map<string, RuleQuality>();
  let warmupEvents = 0;
  let measuredEvents = 0;
  for (const r of sim.records()) {
    const et = types.get(r.event.eventType)!;
    const prepared = prepareEvent(et, r.event.data, tokenizer);
    const org = prepared.org ?? 'root';
    const res = await replay.push({ eventType: et.key, eventId: r.event.eventId, org, at: r.at, data: prepared.data });
    if (res) applyListActions(res, prepared.data, org, r.at, lists, dimensions);
    if (r.at < measureFrom) {
      warmupEvents++;
      continue;
    }
    measuredEvents++;
    const outcome: Outcome = res?.outcome ?? 'pass';
    if (r.label) {
      const q = typologies.get(r.label)!;
      count(q, outcome);
      count((q.byEventType[et.key] ??= zero()), outcome);
      const amount = amountValue(r) ?? 0;
      q.amount += amount;
      if (outcome !== 'pass') q.amountStopped += amount;
    } else {
      let l = legit.get(et.key);
      if (!l) legit.set(et.key, (l = { eventType: et.key, ...zero() }));
      count(l, outcome);
    }
    if (res) {
      const strategy = replay.strategyFor(et.key)!.pkg.id;
      for (const h of res.hits) {
        if (h.mode !== 'live') continue;
        const key = `${strategy}/${h.ruleId}`;
        let q = rules.get(key);
        if (!q) rules.set(key, (q = { strategy, rule: h.ruleId, hits: 0, fraudHits: 0 }));
        q.hits++;
        if (r.label) q.fraudHits++;
      }
    }
  }
  const sum = <T extends Counts>(xs: Iterable<T>): Counts => {
    const t = zero();
    for (const x of xs) for (const k of ['events', 'review', 'challenge', 'reject'] as const) t[k] += x[k];
    return t;
  };
  const typologyRows = [...typologies.values()];
  return {
    options: { seed: o.seed, customers: o.customers, days: o.days, warmupDays: o.warmupDays, fraudRate: o.fraudRate ?? 1, packs: packs.map((p) => p.id) },
    warmupEvents,
    measuredEvents,
    typologies: typologyRows,
    legit: [...legit.values()].sort((a, b) => b.events - a.events),
    legitTotal: sum(legit.values()),
    fraudTotal: { ...sum(typologyRows), amount: typologyRows.reduce((s, t) => s + t.amount, 0), amountStopped: typologyRows.reduce((s, t) => s + t.amountStopped, 0) },
    rules: [...rules.values()].sort((a, b) => a.strategy.localeCompare(b.strategy) || b.hits - a.hits),
    seconds: (performance.now() - began) / 1000,
  };
}

/** `add_to_list` actions of a decision, applied as the live action runner would (union lists here). */
function applyListActions(res: EngineResult, data: Record<string, unknown>, org: string, at: number, lists: ListIndex, dimensions: ReadonlyMap<string, ListDimension>): void {
  for (const a of res.trace.actions) {
    if (a.type !== 'add_to_list') continue;
    const dimension = dimensions.get(a.list);
    const raw = data[a.field];
    if (!dimension || typeof raw !== 'string' || raw === '') continue;
    const value = tryNormaliseListValue(dimension, raw);
    if (value === null) continue;
    lists.addEntry(a.list, { value, display: value, reason: a.reason ?? 'rule action', source: 'rule_action', expiresAt: a.expiresIn ? at + parseWindow(a.expiresIn) : null, orgId: org, createdBy: 'replay', createdAt: at });
  }
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);
const int = (n: number) => n.toLocaleString('en-US');
const money = (n: number) => Math.round(n).toLocaleString('en-US');
const stopped = (c: Counts) => c.review + c.challenge + c.reject;

/** The report as markdown tables: fraud by typology, legitimate traffic by event type, rules. */
export function formatPackQuality(r: PackQualityReport, opts: { rules?: boolean } = {}): string {
  const o = r.options;
  const lines: string[] = [];
  lines.push(`Default packs on a simulated world: seed ${o.seed}, ${int(o.customers)} customers, ${o.days} days (${o.warmupDays} of warm-up), fraud rate ${o.fraudRate}.`);
  lines.push(`${int(r.measuredEvents)} events measured after ${int(r.warmupEvents)} warm-up events; ${r.seconds.toFixed(1)} s.`);
  lines.push('');
  lines.push('Fraud, by typology: share of its events (and of its money) that met review, challenge or reject');
  lines.push('');
  lines.push('| typology | events | recall (events) | reject | challenge | review | amount | recall (amount) | by event type |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|---|');
  for (const t of r.typologies) {
    const by = Object.entries(t.byEventType)
      .sort((a, b) => b[1].events - a[1].events)
      .map(([et, c]) => `${et} ${pct(stopped(c), c.events)} of ${int(c.events)}`)
      .join('; ');
    lines.push(`| ${t.typology} | ${int(t.events)} | ${pct(stopped(t), t.events)} | ${pct(t.reject, t.events)} | ${pct(t.challenge, t.events)} | ${pct(t.review, t.events)} | ${t.amount ? money(t.amount) : '–'} | ${t.amount ? pct(t.amountStopped, t.amount) : '–'} | ${by} |`);
  }
  const f = r.fraudTotal;
  lines.push(`| **all fraud** | ${int(f.events)} | ${pct(stopped(f), f.events)} | ${pct(f.reject, f.events)} | ${pct(f.challenge, f.events)} | ${pct(f.review, f.events)} | ${money(f.amount)} | ${pct(f.amountStopped, f.amount)} | |`);
  lines.push('');
  lines.push('Legitimate traffic, by event type: share that met review, challenge or reject (friction)');
  lines.push('');
  lines.push('| event type | events | any | reject | challenge | review |');
  lines.push('|---|--:|--:|--:|--:|--:|');
  for (const l of [...r.legit, { eventType: '**all legitimate**', ...r.legitTotal }]) {
    lines.push(`| ${l.eventType} | ${int(l.events)} | ${pct(stopped(l), l.events)} | ${pct(l.reject, l.events)} | ${pct(l.challenge, l.events)} | ${pct(l.review, l.events)} |`);
  }
  if (opts.rules) {
    lines.push('');
    lines.push('Rules: live hits after the warm-up, and the share of them on fraud events (precision)');
    lines.push('');
    lines.push('| strategy | rule | hits | on fraud | precision |');
    lines.push('|---|---|--:|--:|--:|');
    for (const q of r.rules) lines.push(`| ${q.strategy} | ${q.rule} | ${int(q.hits)} | ${int(q.fraudHits)} | ${pct(q.fraudHits, q.hits)} |`);
  }
  return lines.join('\n') + '\n';
}
