import type { CelHost, CompiledExpression } from '@vigil/cel';
import type { FeatureObservation, FeatureStore } from './features/index.ts';
import { buildBatch, convertFeature, featureLoadFor, fieldValue, scopedEntityKey, type FeatureLoad } from './feature-load.ts';
import { scoreModel } from './models/index.ts';
import type { CompiledStrategy, CompiledStage } from './compile-strategy.ts';
import type { FeaturePlan } from './feature-plan.ts';
import { defaultRiskFor, maxRisk, type OutcomeOrder } from './outcome.ts';
import type {
  Action,
  DataSourceDef,
  DecisionTrace,
  EngineResult,
  I18nText,
  Outcome,
  Reason,
  RiskLevel,
  RuleHit,
  ScoreBand,
  StageTrace,
} from './types.ts';

/** Looks up lists for one decision: visibility (org chain) and time are bound by the caller. */
export interface ListLookup extends CelHost {
  /** Returns a short description of the matching entry, or null. */
  lookup(list: string, value: unknown): { reason: string } | null;
}

export interface DataSourceResult {
  ok: boolean;
  value: unknown;
  cached: boolean;
  error?: string;
}

/** Calls third-party data sources; the adapter owns HTTP, caching and cost accounting. */
export interface DataSourceCaller {
  call(def: DataSourceDef, request: unknown, deadline: number): Promise<DataSourceResult>;
}

/** The event as the engine sees it: validated, card numbers tokenised. */
export interface EngineInput {
  eventType: string;
  eventId: string;
  /** Event time (epoch ms): windows and profiles are computed as of this instant. */
  at: number;
  /** Validated data (JSON form): feature keys and values come from here. */
  data: Record<string, unknown>;
  /** The same data as CEL values (ints as BigInt, timestamps as Date). */
  celEvent: Record<string, unknown>;
  org: string;
  channel: string;
  params: Record<string, unknown>;
  /** Epoch ms after which slow dependencies are abandoned. */
  deadline: number;
}

export interface EngineDeps {
  features: FeatureStore;
  plan: FeaturePlan;
  lists: ListLookup;
  dataSources: DataSourceCaller;
  now(): number;
  /**
   * Keep every feature value this evaluation reads, and read these strategies' features as well:
   * challengers evaluated after the champion then see exactly the values it saw (see
   * {@link CapturedFeatures}), not values that already include the event.
   */
  capture?: { also: readonly CompiledStrategy[]; values: Map<string, unknown> };
}

export interface EvaluateOptions {
  /** When false (shadow runs, backtest what-ifs), feature state is read but never updated. */
  writeFeatures: boolean;
}

const NO_HITS: string[] = [];

/**
 * Runs a compiled strategy for one event. Pure apart from the ports in `deps`:
 * a rule that fails at run time becomes a recorded rule error in the trace, never a failed decision.
 *
 * @example const result = await evaluateStrategy(compiled, input, deps, {writeFeatures: true});
 */
export function evaluateStrategy(
  s: CompiledStrategy,
  input: EngineInput,
  deps: EngineDeps,
  opts: EvaluateOptions = { writeFeatures: true },
): Promise<EngineResult> {
  try {
    const r = runStrategy(s, input, deps, opts);
    return r instanceof Promise ? r : Promise.resolve(r);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * {@link evaluateStrategy} without a promise where none is needed: the result itself when every
 * port answered synchronously (an in-memory feature store with `observeNow`, no data source
 * called), else a promise. Throws (or rejects) only when a port fails. For loops that evaluate
 * many events in a row, such as backtests.
 *
 * @example const r = runStrategy(compiled, input, deps, {writeFeatures: true}); const result = r instanceof Promise ? await r : r;
 */
export function runStrategy(s: CompiledStrategy, input: EngineInput, deps: EngineDeps, opts: EvaluateOptions = { writeFeatures: true }): EngineResult | Promise<EngineResult> {
  const trace: DecisionTrace = {
    stages: [],
    vars: {},
    features: {},
    models: {},
    data: {},
    shadowHits: [],
    ruleErrors: 0,
    degradations: [],
    actions: [],
  };
  const ctx: Record<string, unknown> = {
    event: input.celEvent,
    eventType: input.eventType,
    channel: input.channel,
    org: input.org,
    now: new Date(input.at),
    params: input.params,
    vars: {},
    features: {},
    models: trace.models,
    modelReasons: {},
    data: trace.data,
  };
  const run: Run = { s, input, deps, ctx, trace, host: deps.lists, st: new FlowState(s.order), steps: 0 };
  const loaded = loadFeatures(s, input, deps, ctx, trace, opts.writeFeatures, run.st);
  if (loaded) return loaded.then(() => afterFeatures(run));
  return afterFeatures(run);
}

/** One evaluation in progress: what the flow needs when it resumes after a data source call. */
interface Run {
  s: CompiledStrategy;
  input: EngineInput;
  deps: EngineDeps;
  ctx: Record<string, unknown>;
  trace: DecisionTrace;
  host: ListLookup;
  st: FlowState;
  /** Stages run so far: a flow runs each stage at most once. */
  steps: number;
}

function afterFeatures(run: Run): EngineResult | Promise<EngineResult> {
  const { s, ctx, trace, host } = run;
  const vars = ctx.vars as Record<string, unknown>;
  let varErrors: StageTrace['errors'] | undefined;
  for (const v of s.vars) {
    try {
      vars[v.name] = v.expr.evaluate(ctx, host);
      trace.vars[v.name] = fromCel(vars[v.name]);
    } catch (e) {
      vars[v.name] = null;
      trace.vars[v.name] = null;
      (varErrors ??= []).push({ ref: `var:${v.name}`, code: errCode(e), message: (e as Error).message });
    }
  }
  if (varErrors) {
    trace.ruleErrors += varErrors.length;
    trace.stages.push({ id: '$vars', type: 'rules', hits: NO_HITS, errors: varErrors, micros: 0 });
  }
  return runFlow(run, s.stages.length ? 0 : -1);
}

/**
 * Runs the flow from stage `i`. Synchronous until a data source has to be called; the flow then
 * resumes from the next stage once the call is answered.
 */
function runFlow(run: Run, i: number): EngineResult | Promise<EngineResult> {
  const { s, ctx, trace, host, st } = run;
  let t0 = performance.now();
  while (i >= 0 && run.steps++ <= s.stages.length) {
    const cs = s.stages[i]!;
    const stTrace: StageTrace = { id: cs.stage.id, type: cs.stage.type, hits: [], errors: [], micros: 0 };
    st.stageOutcome = undefined;
    let stop = false;
    let next = s.nextOf[i]!;
    switch (cs.stage.type) {
      case 'list':
        stop = runList(cs as Extract<CompiledStage, { stage: { type: 'list' } }>, ctx, host, stTrace, st);
        break;
      case 'rules':
        runRules(cs as Extract<CompiledStage, { stage: { type: 'rules' } }>, ctx, host, stTrace, st, trace);
        break;
      case 'score': {
        const stage = cs.stage;
        let total = 0;
        for (const h of st.hits) if (h.mode === 'live') total += h.score * (stage.weights?.[h.ruleId] ?? 1);
        st.score = total;
        st.scored = true;
        stTrace.output = { score: total };
        applyBand(stage.bands, total, st, 'SCORE_BAND');
        break;
      }
      case 'model': {
        const m = (cs as Extract<CompiledStage, { stage: { type: 'model' } }>).model;
        const values: unknown[] = new Array(m.inputs.length);
        for (let k = 0; k < m.inputs.length; k++) {
          try {
            values[k] = fromCel(m.inputs[k]!.evaluate(ctx, host));
          } catch (e) {
            stTrace.errors.push({ ref: `model:${m.def.id}`, code: errCode(e), message: (e as Error).message });
            values[k] = undefined;
          }
        }
        const r = scoreModel(m.def, values);
        trace.models[m.def.id] = r.score;
        (ctx.modelReasons as Record<string, string[]>)[m.def.id] = r.reasons;
        stTrace.output = { score: r.score, probability: r.probability, reasons: r.reasons, contributions: r.contributions };
        if (!st.scored) st.score = r.score;
        if (cs.stage.bands) applyBand(cs.stage.bands, r.score, st, 'MODEL_BAND');
        break;
      }
      case 'datasource': {
        const ds = cs as Extract<CompiledStage, { stage: { type: 'datasource' } }>;
        let go = true;
        if (ds.when) {
          try {
            go = ds.when.evaluate(ctx, host) === true;
          } catch (e) {
            go = false;
            stTrace.errors.push({ ref: `datasource:${ds.source.id}`, code: errCode(e), message: (e as Error).message });
          }
        }
        if (!go) {
          stTrace.skipped = true;
          trace.data[ds.source.id] = null;
          break;
        }
        let request: unknown;
        try {
          request = fromCel(ds.request.evaluate(ctx, host));
        } catch (e) {
          stTrace.errors.push({ ref: `datasource:${ds.source.id}`, code: errCode(e), message: (e as Error).message });
          trace.data[ds.source.id] = ds.source.fallback ?? null;
          break;
        }
        const started = t0;
        return run.deps.dataSources.call(ds.source, request, run.input.deadline).then((res) => {
          trace.data[ds.source.id] = res.ok ? res.value : (ds.source.fallback ?? null);
          stTrace.output = { ok: res.ok, cached: res.cached, error: res.error };
          if (!res.ok) {
            st.degraded = true;
            trace.degradations.push(`datasource:${ds.source.id}:${res.error ?? 'failed'}`);
          }
          const t1 = performance.now();
          const after = endStage(run, cs, stTrace, started, t1, false, next);
          return after === -1 ? finish(run) : runFlow(run, after);
        });
      }
      case 'table':
        runTable(cs as Extract<CompiledStage, { stage: { type: 'table' } }>, ctx, host, stTrace, st);
        break;
      case 'branch': {
        const b = cs as Extract<CompiledStage, { stage: { type: 'branch' } }>;
        next = b.defaultNext;
        for (const br of b.branches) {
          let ok = false;
          try {
            ok = br.when.evaluate(ctx, host) === true;
          } catch (e) {
            stTrace.errors.push({ ref: `branch:${cs.stage.id}`, code: errCode(e), message: (e as Error).message });
          }
          if (ok) {
            next = br.next;
            break;
          }
        }
        stTrace.output = { next: next >= 0 ? s.stages[next]!.stage.id : 'end' };
        break;
      }
    }
    // One clock read per stage: a stage ends when the next one starts.
    const t1 = performance.now();
    i = endStage(run, cs, stTrace, t0, t1, stop, next);
    t0 = t1;
  }
  return finish(run);
}

/** Records a finished stage; returns the stage to run next, or -1 when the flow ends here. */
function endStage(run: Run, cs: CompiledStage, stTrace: StageTrace, t0: number, t1: number, stop: boolean, next: number): number {
  const { st, trace } = run;
  stTrace.outcome = st.stageOutcome;
  stTrace.micros = Math.round((t1 - t0) * 1000);
  trace.ruleErrors += stTrace.errors.length;
  trace.stages.push(stTrace);
  if (stop) return -1;
  if (st.stageOutcome && cs.stage.exitOn?.includes(st.stageOutcome)) return -1;
  return next;
}

function finish(run: Run): EngineResult {
  const { s, st, trace } = run;
  if (st.degraded) st.raise(s.eventType.fallbackOutcome, { code: 'DEGRADED', text: DEGRADED_TEXT }, undefined);
  for (const h of st.hits) {
    if (h.mode !== 'live') continue;
    const actions = s.rules.get(h.ruleId)?.rule.actions;
    if (actions) trace.actions.push(...actions);
  }
  const outcomeActions: Action[] | undefined = s.pkg.outcomeActions?.[st.outcome];
  if (outcomeActions) trace.actions.push(...outcomeActions);

  return {
    outcome: st.outcome,
    challenge: st.outcome === 'challenge' ? [...(st.challenge ?? [])] : undefined,
    score: st.score,
    riskLevel: maxRisk(st.riskLevel, defaultRiskFor(st.outcome)),
    reasons: st.reasons,
    hits: st.hits,
    degraded: st.degraded,
    trace,
  };
}

const DEGRADED_TEXT: I18nText = { zh: '依赖服务不可用，按降级策略处理', en: 'A dependency was unavailable; fallback outcome applied' };

/**
 * The decision being built: outcomes merge by the event type's precedence, reasons and hits
 * accumulate, and the current stage's own outcome is tracked for `exitOn`.
 */
class FlowState {
  outcome: Outcome = 'pass';
  riskLevel: RiskLevel = 'none';
  score = 0;
  scored = false;
  reasons: Reason[] = [];
  hits: RuleHit[] = [];
  /** Created by the first challenge raised: most decisions raise none. */
  challenge: Set<string> | null = null;
  degraded = false;
  stageOutcome: Outcome | undefined = undefined;

  constructor(private readonly order: OutcomeOrder) {}

  raise(o: Outcome, reason: Reason | null, risk: RiskLevel | undefined, challenge?: string[]): void {
    this.outcome = this.order.max(this.outcome, o);
    this.stageOutcome = this.stageOutcome ? this.order.max(this.stageOutcome, o) : o;
    if (risk) this.riskLevel = maxRisk(this.riskLevel, risk);
    if (reason) this.addReason(reason);
    if (o === 'challenge') {
      const set = (this.challenge ??= new Set());
      for (const c of challenge ?? DEFAULT_CHALLENGE) set.add(c);
    }
  }

  addReason(reason: Reason): void {
    for (const r of this.reasons) if (r.code === reason.code) return;
    this.reasons.push(reason);
  }
}

const DEFAULT_CHALLENGE = ['sms_otp'];

/**
 * The feature updates one event makes: every state its type feeds whose entity key is present,
 * with `write` set when the definition's filter accepts the event. Live decisions, replay after a
 * restart and backtests all build their updates here, so they count exactly the same events.
 */
export function featureWrites(
  plan: FeaturePlan,
  input: Pick<EngineInput, 'eventType' | 'eventId' | 'at' | 'data' | 'celEvent' | 'org' | 'channel' | 'params'>,
  write: boolean,
  feedback?: FeedbackInput,
): FeatureObservation[] {
  const filterCtx = () => {
    const c: Record<string, unknown> = { event: input.celEvent, eventType: input.eventType, channel: input.channel, org: input.org, now: new Date(input.at), params: input.params };
    if (feedback) c.feedback = { challengeResult: feedback.challengeResult ?? '', businessStatus: feedback.businessStatus ?? '' };
    return c;
  };
  if (!feedback) return buildBatch(featureLoadFor(plan, null, input.eventType), input, write, filterCtx, null, true);
  const batch: FeatureObservation[] = [];
  const writes = plan.feedbackWritesFor(input.eventType);
  if (writes.length === 0) return batch;
  const eventKey = `feedback:${feedback.id}`;
  let ctx: Record<string, unknown> | undefined;
  for (const w of writes) {
    const entityKey = scopedEntityKey(w.def.by, w.def.scope === 'global', input);
    if (entityKey === null) continue;
    let pass = true;
    if (w.filter) {
      try {
        pass = w.filter.evaluate((ctx ??= filterCtx())) === true;
      } catch {
        pass = false;
      }
    }
    batch.push({ def: w.def, defId: w.defId, entityKey, value: fieldValue(w.def, input.data), at: input.at, eventKey, read: false, write: write && pass });
  }
  return batch;
}

/**
 * Feedback on a decision, fed to the features declared `on: 'feedback'`: they are keyed by the
 * decided event's fields and count at the time the feedback arrived.
 */
export interface FeedbackInput {
  /** Unique per feedback report: de-duplicates replays. */
  id: string;
  challengeResult?: string | null;
  businessStatus?: string | null;
}

const capturedKey = (defId: string, entityKey: string) => `${defId}\u0001${entityKey}`;

/**
 * A read-only feature store answering from the values one evaluation captured
 * (`EngineDeps.capture`): how a challenger sees what the champion saw. Writes are ignored.
 */
export class CapturedFeatures implements FeatureStore {
  constructor(private readonly values: ReadonlyMap<string, unknown>) {}

  observeNow(batch: FeatureObservation[]): unknown[] {
    return batch.map((o) => (o.read ? this.values.get(capturedKey(o.defId, o.entityKey)) : undefined));
  }

  async observe(batch: FeatureObservation[]): Promise<unknown[]> {
    return this.observeNow(batch);
  }

  peek(batch: FeatureObservation[]): Promise<unknown[]> {
    return this.observe(batch);
  }

  async snapshot(): Promise<Uint8Array> {
    return new Uint8Array();
  }

  async restore(): Promise<void> {}

  async evictExpired(): Promise<number> {
    return 0;
  }

  stats(): { keys: number; approxBytes: number } {
    return { keys: this.values.size, approxBytes: 0 };
  }
}

/**
 * Reads (and, with `write`, updates) the features of one evaluation into `ctx.features` and the
 * trace. Synchronous with a store that has `observeNow`; otherwise returns the promise to wait for.
 */
function loadFeatures(
  s: CompiledStrategy,
  input: EngineInput,
  deps: EngineDeps,
  ctx: Record<string, unknown>,
  trace: DecisionTrace,
  write: boolean,
  st: FlowState,
): Promise<void> | undefined {
  const load = featureLoadFor(deps.plan, s, input.eventType, deps.capture?.also);
  if (load.steps.length === 0 && !deps.capture) return undefined;
  const positions: number[] = new Array(load.steps.length);
  // Filters see the event and the context variables only: the evaluation's context carries them.
  const batch = buildBatch(load, input, write, ctx, positions);
  if (batch.length === 0) {
    setFeatures(load, positions, batch, [], deps, ctx, trace);
    return undefined;
  }
  const store = deps.features;
  if (store.observeNow) {
    setFeatures(load, positions, batch, store.observeNow(batch), deps, ctx, trace);
    return undefined;
  }
  return store.observe(batch).then(
    (values) => setFeatures(load, positions, batch, values, deps, ctx, trace),
    (e: unknown) => {
      // A feature store that cannot be reached (scale-out: Redis down) is a degraded dependency like
      // a failed data source: the features read null, the flow still runs (lists, rules without
      // features), and the outcome is at least the event type's fallback. Anything else is a bug.
      if ((e as { code?: unknown })?.code !== FEATURE_STORE_UNAVAILABLE) throw e;
      st.degraded = true;
      trace.degradations.push('features:unavailable');
      setFeatures(load, positions, batch, new Array<unknown>(batch.length).fill(null), deps, ctx, trace);
    },
  );
}

/** The error code of a feature store that cannot be reached (its adapter's connection is down). */
export const FEATURE_STORE_UNAVAILABLE = 'FEATURE_STORE_UNAVAILABLE';

function setFeatures(load: FeatureLoad, positions: number[], batch: FeatureObservation[], values: unknown[], deps: EngineDeps, ctx: Record<string, unknown>, trace: DecisionTrace): void {
  if (deps.capture) {
    const kept = deps.capture.values;
    for (let i = 0; i < batch.length; i++) {
      const o = batch[i]!;
      if (o.read) kept.set(capturedKey(o.defId, o.entityKey), values[i]);
    }
  }
  const outputs = load.outputs;
  const raws: unknown[] = new Array(outputs.length);
  const converted: unknown[] = new Array(outputs.length);
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i]!;
    const at = out.step < 0 ? -1 : positions[out.step]!;
    const raw = at < 0 ? null : values[at];
    raws[i] = raw ?? null;
    converted[i] = convertFeature(out.conversion, raw);
  }
  trace.features = load.build(raws);
  ctx.features = load.build(converted);
}

function runList(
  cs: Extract<CompiledStage, { stage: { type: 'list' } }>,
  ctx: Record<string, unknown>,
  host: ListLookup,
  tr: StageTrace,
  st: FlowState,
): boolean {
  for (const { check, value } of cs.checks) {
    let v: unknown;
    try {
      v = value.evaluate(ctx, host);
    } catch (e) {
      tr.errors.push({ ref: `list:${check.list}`, code: errCode(e), message: (e as Error).message });
      continue;
    }
    if (v === null || v === undefined || v === '') continue;
    const hit = host.lookup(check.list, v);
    if (!hit) continue;
    const ref = `list:${check.list}`;
    tr.hits.push(ref);
    st.hits.push({ ruleId: ref, stage: cs.stage.id, outcome: check.outcome, score: 0, reasonCode: check.reasonCode, mode: 'live' });
    st.raise(check.outcome, { code: check.reasonCode, text: listReason(check.list, hit.reason) }, check.riskLevel);
    if (check.stop) return true;
  }
  return false;
}

function listReason(list: string, reason: string): I18nText {
  const why = reason ? `: ${reason}` : '';
  return { zh: `命中名单 ${list}${why}`, en: `On list ${list}${why}` };
}

function runRules(
  cs: Extract<CompiledStage, { stage: { type: 'rules' } }>,
  ctx: Record<string, unknown>,
  host: ListLookup,
  tr: StageTrace,
  st: FlowState,
  trace: DecisionTrace,
): void {
  const first = cs.stage.mode === 'first';
  for (const { rule, condition } of cs.rules) {
    if (!rule.enabled) continue;
    let fired: boolean;
    try {
      fired = evalBool(condition, ctx, host);
    } catch (e) {
      tr.errors.push({ ref: rule.id, code: errCode(e), message: (e as Error).message });
      continue;
    }
    if (!fired) continue;
    if (rule.mode === 'shadow') {
      trace.shadowHits.push(rule.id);
      continue;
    }
    tr.hits.push(rule.id);
    st.hits.push({ ruleId: rule.id, stage: cs.stage.id, outcome: rule.outcome, score: rule.score ?? 0, reasonCode: rule.reasonCode, mode: 'live' });
    if (rule.outcome) {
      st.raise(rule.outcome, { code: rule.reasonCode, text: rule.reason ?? rule.name }, rule.riskLevel, rule.challenge);
    } else {
      if (rule.riskLevel) st.riskLevel = maxRisk(st.riskLevel, rule.riskLevel);
      st.addReason({ code: rule.reasonCode, text: rule.reason ?? rule.name });
    }
    if (first) return;
  }
}

function evalBool(e: CompiledExpression, ctx: Record<string, unknown>, host: CelHost): boolean {
  const v = e.evaluate(ctx, host);
  return v === true;
}

function runTable(
  cs: Extract<CompiledStage, { stage: { type: 'table' } }>,
  ctx: Record<string, unknown>,
  host: ListLookup,
  tr: StageTrace,
  st: FlowState,
): void {
  const t = cs.table;
  if (t.def.kind === 'rows' && 'rows' in t) {
    for (let r = 0; r < t.rows.length; r++) {
      let ok = false;
      try {
        ok = t.rows[r]!.evaluate(ctx, host) === true;
      } catch (e) {
        tr.errors.push({ ref: `table:${t.def.id}[${r}]`, code: errCode(e), message: (e as Error).message });
      }
      if (!ok) continue;
      const row = t.def.rows[r]!;
      tr.output = { row: r };
      const code = row.reasonCode ?? `TABLE_${t.def.id}_${r}`.toUpperCase();
      st.raise(row.outcome, row.outcome === 'pass' ? null : { code, text: { zh: `决策表 ${t.def.id} 第 ${r + 1} 行`, en: `Decision table ${t.def.id} row ${r + 1}` } }, row.riskLevel, row.challenge);
      return;
    }
    if (t.def.defaultOutcome) {
      tr.output = { row: 'default' };
      const o = t.def.defaultOutcome;
      st.raise(o, o === 'pass' ? null : { code: `TABLE_${t.def.id}_DEFAULT`.toUpperCase(), text: { zh: `决策表 ${t.def.id} 默认结果`, en: `Decision table ${t.def.id} default` } }, undefined);
    }
    return;
  }
  if (t.def.kind === 'matrix' && 'row' in t) {
    let rv: number;
    let cv: number;
    try {
      rv = Number(t.row.evaluate(ctx, host));
      cv = Number(t.col.evaluate(ctx, host));
    } catch (e) {
      tr.errors.push({ ref: `table:${t.def.id}`, code: errCode(e), message: (e as Error).message });
      return;
    }
    const ri = bandIndex(t.def.row.bands, rv);
    const ci = bandIndex(t.def.col.bands, cv);
    const o = t.def.cells[ri]?.[ci] ?? 'pass';
    tr.output = { row: ri, col: ci };
    const code = t.def.reasonCode ?? `TABLE_${t.def.id}`.toUpperCase();
    st.raise(o, o === 'pass' ? null : { code, text: { zh: `决策矩阵 ${t.def.id} [${ri},${ci}]`, en: `Decision matrix ${t.def.id} [${ri},${ci}]` } }, undefined);
  }
}

/** Band i covers [bands[i-1], bands[i]); NaN falls in the first band. */
function bandIndex(bands: number[], v: number): number {
  let i = 0;
  while (i < bands.length && v >= bands[i]!) i++;
  return i;
}

function applyBand(bands: ScoreBand[], score: number, st: FlowState, code: string): void {
  const band = bands.find((b) => score >= b.min && (b.max === undefined || score < b.max));
  if (!band) return;
  // A pass band gives no reason: its text is only built when it is one.
  const reason = band.outcome === 'pass' ? null : { code: band.reasonCode ?? code, text: { zh: `评分 ${round(score)} 落入区间 [${band.min}, ${band.max ?? '∞'})`, en: `Score ${round(score)} in band [${band.min}, ${band.max ?? '∞'})` } };
  st.raise(band.outcome, reason, band.riskLevel, band.challenge);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function errCode(e: unknown): string {
  return typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'RULE_ERROR';
}

/** CEL values back to JSON-friendly values for models and HTTP requests. */
export function fromCel(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), fromCel(x)]));
  if (Array.isArray(v)) return v.map(fromCel);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = fromCel(x);
    return o;
  }
  return v;
}
