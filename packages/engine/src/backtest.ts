import type { CompiledStrategy } from './compile-strategy.ts';
import { toCelEvent } from './event-data.ts';
import { CapturedFeatures, featureWrites, runStrategy, type DataSourceCaller, type DataSourceResult, type EngineDeps, type EngineInput, type EvaluateOptions, type ListLookup } from './evaluate.ts';
import { FeaturePlan } from './feature-plan.ts';
import { canonicalJson, MemoryFeatureStore } from './features/index.ts';
import type { DataSourceDef, EventTypeDef, Outcome, RuleHit } from './types.ts';

/** One historical event, in time order. Card numbers are tokens already (as in the decision log). */
export interface BacktestEvent {
  eventType: string;
  eventId: string;
  org: string;
  /**
   * Event time, epoch ms. Events come in the order they reached the engine (for the decision log,
   * its commit order); a late, back-dated event counts as of its own time, as it did live.
   */
  at: number;
  data: Record<string, unknown>;
  /** Evaluate it (inside the range and filters), or only let it feed features (warm-up, other types). */
  evaluate: boolean;
  /** What was decided live, when the event comes from the decision log. */
  logged?: {
    decisionId: string;
    outcome: string;
    hits: string[];
    dataSources?: Record<string, unknown>;
    /** Feature values the live engine read, when it ran the version being backtested (same definitions). */
    features?: Record<string, unknown>;
  };
}

/** The candidate's answer for one evaluated event, beside the live version's. */
export interface BacktestRow {
  eventId: string;
  eventType: string;
  org: string;
  at: number;
  outcome: Outcome;
  score: number;
  hits: string[];
  /** Feature values the candidate read, by name: point in time, from earlier events only. */
  features: Record<string, unknown>;
  /** The live version's outcome for the same event: as logged, or recomputed when there is no log. */
  live?: { outcome: string; hits: string[]; decisionId?: string };
  data: Record<string, unknown>;
  /** Features whose recomputed value differs from the value the live engine logged for this event. */
  featureMismatches?: Array<{ feature: string; live: unknown; backtest: unknown }>;
}


export interface BacktestOptions {
  candidate: CompiledStrategy;
  /** The version to compare with when events carry no logged decision (an uploaded file). */
  live?: CompiledStrategy;
  eventTypes: ReadonlyMap<string, EventTypeDef>;
  lists(org: string, at: number): ListLookup;
  params(org: string): Record<string, unknown>;
}

/**
 * Data sources answered from a decision's recorded trace, never called: backtests and challenger
 * runs reuse what the live decision got; a source without a recorded answer counts as unavailable.
 */
export class RecordedSources implements DataSourceCaller {
  constructor(public current?: Record<string, unknown>) {}
  async call(def: DataSourceDef): Promise<DataSourceResult> {
    if (this.current && def.id in this.current && this.current[def.id] !== null) return { ok: true, value: this.current[def.id], cached: true };
    return { ok: false, value: null, cached: false, error: 'not recorded (backtests never call data sources)' };
  }
}

/**
 * Replays history through a strategy version with its own, empty feature state: every event —
 * of every type the version's features count — updates the state in time order, and an event is
 * evaluated against the state built from the events before it (and itself where a feature says
 * `includeCurrent`), exactly as the live engine does. Nothing from an event's future can reach it.
 * With `live`, the live version is evaluated on the same values, like a shadow run in reverse.
 */
export class Backtester {
  private readonly store = new MemoryFeatureStore();
  private readonly plan: FeaturePlan;
  private readonly sources = new RecordedSources();
  private pushed = 0;
  private latest = -Infinity;

  /** One array for every event: feature loads are cached on it. */
  private readonly alsoLive: CompiledStrategy[];

  constructor(private readonly o: BacktestOptions) {
    this.plan = new FeaturePlan(o.live ? [o.candidate, o.live] : [o.candidate], new Map(o.eventTypes));
    this.alsoLive = o.live ? [o.live] : [];
  }

  /** Event types whose events must be fed in (they update a feature the versions read). */
  feedingTypes(): Set<string> {
    const types = new Set<string>([this.o.candidate.pkg.eventType]);
    for (const et of this.o.eventTypes.keys()) if (this.plan.writesFor(et).length) types.add(et);
    return types;
  }

  async push(ev: BacktestEvent): Promise<BacktestRow | null> {
    // State nothing can see any more is dropped as the replay moves on, so a long backtest's
    // memory stays that of the windows, not of the whole history.
    if (ev.at > this.latest) this.latest = ev.at;
    if (++this.pushed % 50_000 === 0) await this.store.evictExpired(this.latest);
    const et = this.o.eventTypes.get(ev.eventType);
    if (!et) return null;
    const input = historicalInput(et, ev, this.o.params(ev.org));
    const c = this.o.candidate;
    if (!ev.evaluate || ev.eventType !== c.pkg.eventType) {
      // Feeds the features only, as a live event of another type (or before the range) would.
      const batch = featureWrites(this.plan, input, true);
      if (batch.length) this.store.observeNow(batch);
      return null;
    }
    this.sources.current = ev.logged?.dataSources;
    const lists = this.o.lists(ev.org, ev.at);
    const now = () => ev.at;
    const capture = this.o.live && !ev.logged ? { also: this.alsoLive, values: new Map<string, unknown>() } : undefined;
    const deps: EngineDeps = { features: this.store, plan: this.plan, lists, dataSources: this.sources, now };
    if (capture) deps.capture = capture;
    // Synchronous unless a data source stage runs (answered from the log, still a promise).
    let res = runStrategy(c, input, deps, WRITE);
    if (res instanceof Promise) res = await res;
    let live: BacktestRow['live'];
    if (ev.logged) live = { outcome: ev.logged.outcome, hits: ev.logged.hits, decisionId: ev.logged.decisionId };
    else if (this.o.live && capture) {
      let l = runStrategy(this.o.live, input, { features: new CapturedFeatures(capture.values), plan: this.plan, lists, dataSources: this.sources, now }, READ_ONLY);
      if (l instanceof Promise) l = await l;
      live = { outcome: l.outcome, hits: liveHits(l.hits) };
    }
    let featureMismatches: BacktestRow['featureMismatches'];
    // Compared only where the live engine logged values (a timed-out decision logged none).
    if (ev.logged?.features && Object.keys(ev.logged.features).length) {
      for (const [name, value] of Object.entries(res.trace.features)) {
        const was = ev.logged.features[name] ?? null;
        // Compared as stored: the log keeps JSON, so the recomputed value goes through JSON too.
        // Keys sorted: the log's JSONB keeps object keys in its own order.
        if (canonicalJson(JSON.parse(canonicalJson(value))) !== canonicalJson(was)) (featureMismatches ??= []).push({ feature: name, live: was, backtest: value });
      }
    }
    return {
      ...(featureMismatches ? { featureMismatches } : {}),
      eventId: ev.eventId,
      eventType: ev.eventType,
      org: ev.org,
      at: ev.at,
      outcome: res.outcome,
      score: res.score,
      hits: liveHits(res.hits),
      features: res.trace.features,
      ...(live ? { live } : {}),
      data: ev.data,
    };
  }
}

/**
 * An event of the past as the engine takes it: evaluated as of its own time, never against a
 * deadline (nothing waits for a replay).
 */
export function historicalInput(et: EventTypeDef, ev: { eventType: string; eventId: string; at: number; org: string; data: Record<string, unknown> }, params: Record<string, unknown>): EngineInput {
  return {
    eventType: ev.eventType,
    eventId: ev.eventId,
    at: ev.at,
    data: ev.data,
    celEvent: toCelEvent(et, ev.data),
    org: ev.org,
    channel: typeof ev.data.channel === 'string' ? ev.data.channel : '',
    params,
    deadline: Number.MAX_SAFE_INTEGER,
  };
}

const WRITE: EvaluateOptions = { writeFeatures: true };
const READ_ONLY: EvaluateOptions = { writeFeatures: false };

/** Rule ids of the live (not shadow) hits. */
function liveHits(hits: RuleHit[]): string[] {
  const out: string[] = [];
  for (const h of hits) if (h.mode === 'live') out.push(h.ruleId);
  return out;
}

/** A label for an event: what it really was, from a label file (later: alert and case conclusions). */
export interface EventLabel {
  fraud: boolean;
  /** The amount at stake, when the label file gives it (else the event's `amount`). */
  amount?: number;
}

export interface BacktestReport {
  events: number;
  outcomes: Record<string, number>;
  ruleHits: Record<string, number>;
  /** Against the live version: the same-outcome share, the matrix and a sample of changed events. */
  comparison: { compared: number; agreement: number | null; matrix: Array<{ live: string; candidate: string; count: number }>; changed: Array<{ eventId: string; org: string; at: string; live: string; candidate: string; decisionId?: string }> } | null;
  /** Against labels: flagged = an outcome in `positiveOutcomes`. */
  labels: {
    labelled: number;
    positiveOutcomes: string[];
    truePositives: number;
    falsePositives: number;
    falseNegatives: number;
    trueNegatives: number;
    precision: number | null;
    recall: number | null;
    f1: number | null;
    falsePositiveRate: number | null;
    caughtAmount: number;
    missedAmount: number;
    /**
     * Per rule that hit: its hits on fraud and on genuine events, precision (fraud share of its
     * judged hits) and recall (share of all fraud events it hit), whatever the outcome.
     */
    rules: Record<string, RuleQuality>;
  } | null;
  /**
   * Replaying the live version over its own log: how many evaluated events had every feature
   * value equal to what the live engine logged (point-in-time correctness), and samples otherwise.
   */
  featureCheck: { compared: number; mismatched: number; samples: Array<{ eventId: string; feature: string; live: unknown; backtest: unknown }> } | null;
  alertsPerDay: number | null;
  from: string | null;
  to: string | null;
}

/** How well one rule separates fraud from genuine events, against labels. */
export interface RuleQuality {
  hits: number;
  fraudHits: number;
  genuineHits: number;
  precision: number | null;
  recall: number | null;
}

/** Precision and recall of a rule from its fraud and genuine hits and all fraud events. */
export function ruleQuality(hits: number, fraudHits: number, genuineHits: number, fraudEvents: number): RuleQuality {
  const judged = fraudHits + genuineHits;
  return { hits, fraudHits, genuineHits, precision: judged ? fraudHits / judged : null, recall: fraudEvents ? fraudHits / fraudEvents : null };
}

const MAX_CHANGED = 1000;

/** Accumulates backtest rows into the report; labels looked up by `eventType/org/eventId`. */
export class BacktestSummary {
  private events = 0;
  private readonly outcomes: Record<string, number> = {};
  private readonly ruleHits: Record<string, number> = {};
  private readonly matrix = new Map<string, number>();
  private compared = 0;
  private agreed = 0;
  private readonly changed: NonNullable<BacktestReport['comparison']>['changed'] = [];
  private readonly conf = { tp: 0, fp: 0, fn: 0, tn: 0, caught: 0, missed: 0, labelled: 0 };
  private flagged = 0;
  /** Per rule: [hits among judged events, fraud hits, genuine hits]. */
  private readonly ruleLabels = new Map<string, [number, number, number]>();
  private first = Infinity;
  private last = -Infinity;
  private readonly featureCheck = { compared: 0, mismatched: 0, samples: [] as NonNullable<BacktestReport['featureCheck']>['samples'] };

  constructor(
    private readonly opts: {
      labels?: ReadonlyMap<string, EventLabel>;
      positiveOutcomes?: readonly string[];
      /** Unlabelled events count as genuine (the usual reading of a fraud report), or are left out. */
      unlabelled?: 'genuine' | 'ignore';
    } = {},
  ) {}

  static labelKey(eventType: string, org: string, eventId: string): string {
    return `${eventType}/${org}/${eventId}`;
  }

  private get positive(): readonly string[] {
    return this.opts.positiveOutcomes ?? ['reject', 'review', 'challenge'];
  }

  /** Counts an event whose logged feature values were compared (`row.featureMismatches` lists the differences). */
  checkedFeatures(row: BacktestRow): void {
    this.featureCheck.compared++;
    if (!row.featureMismatches) return;
    this.featureCheck.mismatched++;
    for (const m of row.featureMismatches) if (this.featureCheck.samples.length < 100) this.featureCheck.samples.push({ eventId: row.eventId, ...m });
  }

  add(row: BacktestRow): void {
    this.events++;
    this.first = Math.min(this.first, row.at);
    this.last = Math.max(this.last, row.at);
    this.outcomes[row.outcome] = (this.outcomes[row.outcome] ?? 0) + 1;
    for (const h of row.hits) this.ruleHits[h] = (this.ruleHits[h] ?? 0) + 1;
    const flagged = this.positive.includes(row.outcome);
    if (flagged) this.flagged++;
    if (row.live) {
      this.compared++;
      const k = `${row.live.outcome}\u0000${row.outcome}`;
      this.matrix.set(k, (this.matrix.get(k) ?? 0) + 1);
      if (row.live.outcome === row.outcome) this.agreed++;
      else if (this.changed.length < MAX_CHANGED) {
        this.changed.push({ eventId: row.eventId, org: row.org, at: new Date(row.at).toISOString(), live: row.live.outcome, candidate: row.outcome, ...(row.live.decisionId ? { decisionId: row.live.decisionId } : {}) });
      }
    }
    if (this.opts.labels) {
      const label = this.opts.labels.get(BacktestSummary.labelKey(row.eventType, row.org, row.eventId));
      if (!label && this.opts.unlabelled === 'ignore') return;
      const fraud = label?.fraud ?? false;
      const amount = label?.amount ?? (typeof row.data.amount === 'number' ? row.data.amount : 0);
      this.conf.labelled += label ? 1 : 0;
      for (const h of row.hits) {
        const q = this.ruleLabels.get(h) ?? [0, 0, 0];
        q[0]++;
        q[fraud ? 1 : 2]++;
        this.ruleLabels.set(h, q);
      }
      if (fraud && flagged) {
        this.conf.tp++;
        this.conf.caught += amount;
      } else if (fraud) {
        this.conf.fn++;
        this.conf.missed += amount;
      } else if (flagged) this.conf.fp++;
      else this.conf.tn++;
    }
  }

  report(): BacktestReport {
    const c = this.conf;
    const ratio = (a: number, b: number) => (b ? a / b : null);
    const precision = ratio(c.tp, c.tp + c.fp);
    const recall = ratio(c.tp, c.tp + c.fn);
    const days = this.events ? Math.max(1, (this.last - this.first) / 86_400_000) : 0;
    return {
      events: this.events,
      outcomes: this.outcomes,
      ruleHits: this.ruleHits,
      comparison: this.compared
        ? {
            compared: this.compared,
            agreement: this.agreed / this.compared,
            matrix: [...this.matrix].map(([k, count]) => {
              const [live, candidate] = k.split('\u0000') as [string, string];
              return { live, candidate, count };
            }),
            changed: this.changed,
          }
        : null,
      labels: this.opts.labels
        ? {
            labelled: c.labelled,
            positiveOutcomes: [...this.positive],
            truePositives: c.tp,
            falsePositives: c.fp,
            falseNegatives: c.fn,
            trueNegatives: c.tn,
            precision,
            recall,
            f1: precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null,
            falsePositiveRate: ratio(c.fp, c.fp + c.tn),
            caughtAmount: c.caught,
            missedAmount: c.missed,
            rules: Object.fromEntries([...this.ruleLabels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([rule, [hits, fraud, genuine]]) => [rule, ruleQuality(hits, fraud, genuine, c.tp + c.fn)])),
          }
        : null,
      featureCheck: this.featureCheck.compared ? this.featureCheck : null,
      alertsPerDay: days ? this.flagged / days : null,
      from: Number.isFinite(this.first) ? new Date(this.first).toISOString() : null,
      to: Number.isFinite(this.last) ? new Date(this.last).toISOString() : null,
    };
  }
}
