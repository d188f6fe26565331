import {
  evaluateStrategy,
  featureWrites,
  type EngineDeps,
  type EngineInput,
  prepareEvent,
  toCelEvent,
  ValidationError,
  type CompiledStrategy,
  type Direction,
  type EngineResult,
  type EventTypeDef,
  type FeatureStore,
  type PanTokenizer,
  type PreparedEvent,
} from '@vigil/engine';
import { AppError } from '../errors.ts';
import type { DecisionRecord } from '../repos/decisions.ts';
import { mayUseEventType, type Principal } from '../auth/principal.ts';
import type { DecisionLogWriter } from './decision-log-writer.ts';
import type { HttpDataSourceClient } from './datasource-client.ts';
import { IdempotencyCache, payloadHash, type SharedClaim, type SharedIdempotency } from './idempotency.ts';
import type { ListService } from './list-service.ts';
import type { Metrics } from './metrics.ts';
import type { OrgDirectory } from './org-directory.ts';
import type { StrategyRegistry } from './strategy-registry.ts';
import { uuidv7 } from './ids.ts';
import { inCanarySlice } from './canary.ts';

export type Lang = 'zh' | 'en';

export interface DecisionRequest {
  eventType: string;
  eventId: string;
  occurredAt?: string;
  data: unknown;
}

/** The decision API's answer; exactly what is stored and replayed for retries. */
export interface DecisionResponse {
  decisionId: string;
  eventId: string;
  eventType: string;
  outcome: string;
  challenge?: string[];
  score: number;
  riskLevel: string;
  reasons: Array<{ code: string; text: string }>;
  hits: Array<{ ruleId: string; outcome?: string; score: number; reasonCode: string }>;
  strategy: { id: string; version: number } | null;
  latencyMs: number;
  degraded: boolean;
}

/** A validated event ready to decide: card numbers already tokenised. */
export interface PreparedRequest {
  et: EventTypeDef;
  prepared: PreparedEvent;
  /** Event time, epoch ms. */
  at: number;
  org: string;
  hash: string;
  occurredAt: string | null;
}

/** Where parameters (`params.*`) for an org come from; the identity model fills it per legal entity. */
export interface ParamsProvider {
  paramsFor(orgId: string): Record<string, unknown>;
}

/** Fired after a decision is made (in `sync` mode once it is stored), for actions, alerts and monitoring. */
export type DecisionListener = (record: DecisionRecord, result: EngineResult | null) => void;
/** Fired once a decision is stored in the log, in either durability mode. */
export type LoggedListener = (record: DecisionRecord) => void;

export interface DecisionServiceDeps {
  registry: StrategyRegistry;
  lists: ListService;
  features: FeatureStore;
  writer: DecisionLogWriter;
  dataSources: HttpDataSourceClient;
  tokenizer: PanTokenizer;
  orgs: OrgDirectory;
  params: ParamsProvider;
  metrics: Metrics;
  durability: 'sync' | 'async';
  maxInFlight: number;
  idempotencyCacheSize: number;
  lookupStored(eventType: string, direction: string, orgId: string, eventId: string): Promise<{ payloadHash: string; response: Record<string, unknown> } | undefined>;
  /** Runs challengers after the answer; absent, shadow deployments are not evaluated. */
  shadows?: ShadowSink;
  /** Idempotency keys shared with the other engine nodes (Redis); absent, each node has its own cache. */
  shared?: SharedIdempotency;
}

/** What a challenger run needs: the champion's decision, the event, and the feature values it saw. */
export interface ShadowTask {
  record: DecisionRecord;
  input: EngineInput;
  challengers: readonly CompiledStrategy[];
  features: ReadonlyMap<string, unknown>;
}

export interface ShadowSink {
  enqueue(task: ShadowTask): void;
}

const MAX_OCCURRED_SKEW_MS = 366 * 86_400_000;
/** How long a copy of an event waits for another node deciding it, and how often it looks. */
const SHARED_WAIT_MS = 2000;
const SHARED_POLL_MS = 5;

/**
 * The decision use case: validate and protect the event, answer retries from the stored decision,
 * evaluate the live strategy inside the latency budget, log the decision, answer.
 */
export class DecisionService {
  readonly idempotency: IdempotencyCache;
  private inFlight = 0;
  private readonly listeners: DecisionListener[] = [];
  private readonly loggedListeners: LoggedListener[] = [];

  constructor(private readonly d: DecisionServiceDeps) {
    this.idempotency = new IdempotencyCache(d.idempotencyCacheSize);
  }

  onDecision(l: DecisionListener): void {
    this.listeners.push(l);
  }

  /**
   * Listens for decisions stored in the log. In `async` mode this is after the answer, and a
   * decision whose write fails (or that another node logged first) never fires it.
   */
  onLogged(l: LoggedListener): void {
    this.loggedListeners.push(l);
  }

  /** Validates an event against its type; shared by the decision API and async intake. */
  prepare(principal: Principal, req: DecisionRequest): PreparedRequest {
    const et = this.d.registry.eventType(req.eventType);
    if (!et) throw new AppError('EVENT_TYPE_NOT_FOUND', `event type ${req.eventType} is not registered`, { path: 'eventType' });
    if (!mayUseEventType(principal, et.key)) throw new AppError('FORBIDDEN', `this API key may not submit ${et.key} events`, { path: 'eventType' });
    let at = Date.now();
    if (req.occurredAt !== undefined) {
      const t = Date.parse(req.occurredAt);
      if (!Number.isFinite(t) || Math.abs(t - at) > MAX_OCCURRED_SKEW_MS) {
        throw new AppError('VALIDATION_FAILED', 'occurredAt must be an ISO 8601 time within a year of now', { path: 'occurredAt' });
      }
      at = t;
    }
    let prepared: PreparedEvent;
    try {
      prepared = prepareEvent(et, req.data, this.d.tokenizer);
    } catch (e) {
      if (e instanceof ValidationError) {
        throw new AppError(e.code === 'SENSITIVE_DATA_REFUSED' ? 'SENSITIVE_DATA_REFUSED' : 'INVALID_EVENT', e.message, { details: e.issues });
      }
      throw e;
    }
    const org = prepared.org ?? principal.orgId;
    // Another bank's org, like an unknown one, does not exist for this caller.
    if (!this.d.orgs.isWithin(org, principal.orgId)) throw new AppError('NOT_FOUND', `org ${org} not found`, { path: `data.${et.orgField ?? 'org'}` });
    const hash = payloadHash({ eventType: et.key, org, occurredAt: req.occurredAt ?? null, data: prepared.data });
    return { et, prepared, at, org, hash, occurredAt: req.occurredAt ?? null };
  }

  /** Synchronous decision (`POST /decisions`). */
  async decide(principal: Principal, req: DecisionRequest, lang: Lang): Promise<DecisionResponse> {
    const t0 = performance.now();
    const p = this.prepare(principal, req);
    return localise(await this.decidePrepared(p, req.eventId, 'in', t0), lang);
  }

  /**
   * Decides an already validated event: answers a retry from the stored decision, sheds load past
   * capacity, and otherwise evaluates and logs. Async intake calls it with `direction = 'post'` and
   * `awaitCommit`, so an event leaves the inbox only once its decision is stored, whatever the
   * durability mode of the API.
   */
  async decidePrepared(p: PreparedRequest, eventId: string, direction: Direction, t0 = performance.now(), awaitCommit = false): Promise<Record<string, unknown>> {
    const key = idempotencyKey(p.et.key, direction, p.org, eventId);
    // From the cache check to registering the in-flight evaluation nothing awaits: two copies of
    // one event arriving together can never both start an evaluation.
    const cached = this.idempotency.get(key);
    if (cached) return this.sameOrConflict(cached.payloadHash, cached.response, p.hash);
    const inflight = this.idempotency.inflightFor(key);
    if (inflight) return this.sameOrConflict(inflight.payloadHash, await inflight.promise, p.hash);
    if (this.inFlight >= this.d.maxInFlight || this.d.writer.overloaded) {
      this.d.metrics.shed.inc();
      throw new AppError('OVERLOADED', 'the engine is at capacity; retry shortly', { retryAfterSec: 1 });
    }
    const stored = await this.idempotency.track(key, p.hash, () => this.claimAndRun(key, p, eventId, direction, t0, awaitCommit));
    this.d.metrics.decisionLatency.observe({ event_type: p.et.key }, (performance.now() - t0) / 1000);
    return stored;
  }

  /**
   * With shared idempotency keys, the first node to claim an event decides it; a copy that reaches
   * another node meanwhile waits for that answer. If the shared store fails, the event is decided
   * here and the log's unique key keeps one decision.
   */
  private async claimAndRun(key: string, p: PreparedRequest, eventId: string, direction: Direction, t0: number, awaitCommit: boolean): Promise<Record<string, unknown>> {
    const shared = this.d.shared;
    if (!shared) return this.run(p, eventId, direction, t0, awaitCommit);
    const waitUntil = Date.now() + SHARED_WAIT_MS;
    for (;;) {
      let claim;
      try {
        claim = await shared.claim(key, p.hash);
      } catch {
        this.d.metrics.sharedIdempotency.inc({ result: 'unavailable' });
        return this.run(p, eventId, direction, t0, awaitCommit);
      }
      if (claim.kind === 'answered') {
        this.d.metrics.sharedIdempotency.inc({ result: 'answered' });
        return this.sameOrConflict(claim.payloadHash, claim.response, p.hash);
      }
      if (claim.kind === 'mine') break;
      if (claim.payloadHash !== p.hash) throw new AppError('IDEMPOTENCY_CONFLICT', 'this eventId was already used with a different payload', { path: 'eventId' });
      this.d.metrics.sharedIdempotency.inc({ result: 'waited' });
      // Another node is deciding this event: wait for its answer, or for its claim to go away.
      let seen: SharedClaim = claim;
      while (seen.kind === 'pending' && Date.now() < waitUntil) {
        await new Promise((r) => setTimeout(r, SHARED_POLL_MS));
        seen = await shared.peek(key).catch(() => claim);
      }
      if (seen.kind === 'answered') return this.sameOrConflict(seen.payloadHash, seen.response, p.hash);
      if (seen.kind === 'pending') {
        const existing = await this.d.lookupStored(p.et.key, direction, p.org, eventId);
        if (existing) return this.sameOrConflict(existing.payloadHash, existing.response, p.hash);
        throw new AppError('UNAVAILABLE', 'this event is being decided by another node; retry shortly', { retryAfterSec: 1 });
      }
      // The claim went away (its node failed): claim it again.
    }
    let response: Record<string, unknown>;
    try {
      response = await this.run(p, eventId, direction, t0, awaitCommit);
    } catch (e) {
      void shared.release(key).catch(() => undefined);
      throw e;
    }
    shared.answer(key, p.hash, response).catch(() => this.d.metrics.sharedIdempotency.inc({ result: 'unavailable' }));
    return response;
  }

  /** The stored answer for a retry with the same payload; 409 when the payload differs. */
  private sameOrConflict(storedHash: string, response: Record<string, unknown>, hash: string): Record<string, unknown> {
    if (storedHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', 'this eventId was already used with a different payload', { path: 'eventId' });
    this.d.metrics.idempotentReplays.inc();
    return response;
  }

  private async run(p: PreparedRequest, eventId: string, direction: Direction, t0: number, awaitCommit: boolean): Promise<Record<string, unknown>> {
    this.inFlight++;
    try {
      const deployed = this.d.registry.deployed(p.et.key, direction);
      let strategy = deployed?.live;
      let mode: 'live' | 'canary' = 'live';
      // A canary decides its slice of the traffic (stable per entity) in place of the champion.
      if (deployed?.canary && inCanarySlice(deployed.canary.slice, deployed.canary.strategy.pkg.id, { orgChain: this.d.orgs.chain(p.org), data: p.prepared.data })) {
        strategy = deployed.canary.strategy;
        mode = 'canary';
      }
      // Challengers are compared with the champion: not run where a canary decides.
      const challengers = this.d.shadows && strategy && mode === 'live' ? (deployed?.shadows ?? []) : [];
      const capture = challengers.length ? { also: challengers, values: new Map<string, unknown>() } : undefined;
      const { result, timedOut, input, fallback } = await this.evaluate(strategy, p, eventId, direction, capture);
      const decisionId = uuidv7();
      const latencyMs = Math.round((performance.now() - t0) * 1000) / 1000;
      const response = {
        decisionId,
        eventId,
        eventType: p.et.key,
        outcome: result.outcome,
        ...(result.challenge ? { challenge: result.challenge } : {}),
        score: result.score,
        riskLevel: result.riskLevel,
        reasons: result.reasons,
        hits: result.hits.map((h) => ({ ruleId: h.ruleId, ...(h.outcome ? { outcome: h.outcome } : {}), score: h.score, reasonCode: h.reasonCode })),
        strategy: strategy ? { id: strategy.pkg.id, version: strategy.version } : null,
        latencyMs,
        degraded: result.degraded,
      };
      const record: DecisionRecord = {
        decisionId,
        eventId,
        eventType: p.et.key,
        direction,
        orgId: p.org,
        occurredAt: new Date(p.at),
        decidedAt: new Date(),
        outcome: result.outcome,
        score: result.score,
        riskLevel: result.riskLevel,
        strategyId: strategy?.pkg.id ?? null,
        strategyVersion: strategy?.version ?? null,
        latencyMs,
        degraded: result.degraded,
        payloadHash: p.hash,
        entities: p.prepared.entities,
        hits: result.hits.map((h) => h.ruleId),
        event: { data: p.prepared.data, masked: p.prepared.masked, channel: channelOf(p.prepared.data), org: p.org },
        response,
        trace: { ...result.trace, timedOut, deployment: mode },
      };
      // Challengers run after the answer, on the values the decision saw; they never change it.
      // Nor after a fallback answer: there is no champion result to compare with.
      const shadow = capture && !timedOut && !fallback ? () => this.d.shadows!.enqueue({ record, input, challengers, features: capture.values }) : null;
      this.countMetrics(p.et.key, direction, result, timedOut);
      const write = this.d.writer.append(record);
      if (this.d.durability === 'async' && !awaitCommit) {
        write.then(
          (stored) => {
            if (stored) this.notifyLogged(record);
          },
          () => undefined,
        );
        this.remember(p, eventId, direction, response);
        this.notify(record, result);
        shadow?.();
        return response;
      }
      const stored = await write.catch((e: Error) => {
        throw new AppError('UNAVAILABLE', `the decision could not be logged: ${e.message}`, { retryAfterSec: 1 });
      });
      if (!stored) {
        // Another node (or a retry older than the cache) logged this event first: answer with that.
        const existing = await this.d.lookupStored(p.et.key, direction, p.org, eventId);
        if (!existing) throw new AppError('UNAVAILABLE', 'decision log conflict could not be resolved', { retryAfterSec: 1 });
        if (existing.payloadHash !== p.hash) throw new AppError('IDEMPOTENCY_CONFLICT', 'this eventId was already used with a different payload', { path: 'eventId' });
        this.idempotency.set(idempotencyKey(p.et.key, direction, p.org, eventId), { payloadHash: existing.payloadHash, response: existing.response });
        return existing.response;
      }
      this.remember(p, eventId, direction, response);
      this.notify(record, result);
      this.notifyLogged(record);
      shadow?.();
      return response;
    } finally {
      this.inFlight--;
    }
  }

  private remember(p: PreparedRequest, eventId: string, direction: Direction, response: Record<string, unknown>): void {
    this.idempotency.set(idempotencyKey(p.et.key, direction, p.org, eventId), { payloadHash: p.hash, response });
  }

  private notify(record: DecisionRecord, result: EngineResult): void {
    for (const l of this.listeners) {
      try {
        l(record, result);
      } catch {
        // A listener's failure must never affect the decision already answered.
      }
    }
  }

  private notifyLogged(record: DecisionRecord): void {
    for (const l of this.loggedListeners) {
      try {
        l(record);
      } catch {
        // As above: the decision is stored and answered whatever a listener does.
      }
    }
  }

  /** Runs the strategy inside the event type's latency budget; past it, answers with the fallback. */
  private async evaluate(
    strategy: CompiledStrategy | undefined,
    p: PreparedRequest,
    eventId: string,
    direction: Direction,
    capture?: EngineDeps['capture'],
  ): Promise<{ result: EngineResult; timedOut: boolean; input: EngineInput; fallback?: boolean }> {
    const et = p.et;
    const budget = et.latencyBudgetMs;
    const deadline = Date.now() + budget;
    const input: EngineInput = {
      eventType: et.key,
      eventId,
      at: p.at,
      data: p.prepared.data,
      celEvent: toCelEvent(et, p.prepared.data),
      org: p.org,
      channel: channelOf(p.prepared.data),
      params: this.d.params.paramsFor(p.org),
      deadline,
    };
    const plan = this.d.registry.current.plan;
    if (!strategy) {
      // No strategy decides this event, but it still counts in every feature fed by its type.
      const batch = featureWrites(plan, input, true);
      let unavailable = false;
      if (batch.length) {
        await this.d.features.observe(batch).catch((e: { code?: string }) => {
          if (e?.code !== 'FEATURE_STORE_UNAVAILABLE') throw e;
          unavailable = true;
        });
      }
      const r = fallbackResult(et, 'NO_ACTIVE_STRATEGY', direction === 'post' ? 'pass' : et.fallbackOutcome, direction !== 'post' || unavailable);
      if (unavailable) r.trace.degradations.push('features:unavailable');
      return { result: r, timedOut: false, input };
    }
    const engine = evaluateStrategy(
      strategy,
      input,
      {
        features: this.d.features,
        plan,
        lists: this.d.lists.lookupFor(this.d.orgs.chain(p.org), p.at),
        dataSources: this.d.dataSources,
        now: Date.now,
        ...(capture ? { capture } : {}),
      },
      { writeFeatures: true },
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), budget);
    });
    try {
      const result = await Promise.race([engine, timeout]);
      if (result) return { result, timedOut: false, input };
      engine.catch(() => undefined);
      return { result: fallbackResult(et, 'BUDGET_EXCEEDED', et.fallbackOutcome, true), timedOut: true, input };
    } catch (e) {
      // The engine records rule errors itself; reaching here means a port failed (e.g. feature store).
      return { result: fallbackResult(et, 'ENGINE_DEPENDENCY_FAILED', et.fallbackOutcome, true, (e as Error).message), timedOut: false, input, fallback: true };
    } finally {
      clearTimeout(timer);
    }
  }

  private countMetrics(eventType: string, direction: Direction, r: EngineResult, timedOut: boolean): void {
    const m = this.d.metrics;
    m.decisions.inc({ event_type: eventType, direction, outcome: r.outcome });
    if (r.degraded) m.degraded.inc({ event_type: eventType, reason: timedOut ? 'budget' : (r.trace.degradations[0]?.split(':')[0] ?? 'other') });
    if (r.trace.ruleErrors) m.ruleErrors.inc({ event_type: eventType }, r.trace.ruleErrors);
  }
}

/** Event ids are unique per event type, direction and bank: another bank's id never collides. */
export function idempotencyKey(eventType: string, direction: string, orgId: string, eventId: string): string {
  return `${eventType}/${direction}/${orgId}/${eventId}`;
}

function channelOf(data: Record<string, unknown>): string {
  return typeof data.channel === 'string' ? data.channel : '';
}

const FALLBACK_TEXT: Record<string, { zh: string; en: string }> = {
  NO_ACTIVE_STRATEGY: { zh: '该事件类型没有生效的策略', en: 'No live strategy for this event type' },
  BUDGET_EXCEEDED: { zh: '超出决策时限，按降级策略处理', en: 'Latency budget exceeded; fallback outcome applied' },
  ENGINE_DEPENDENCY_FAILED: { zh: '引擎依赖不可用，按降级策略处理', en: 'An engine dependency failed; fallback outcome applied' },
};

function fallbackResult(et: EventTypeDef, code: string, outcome: EngineResult['outcome'], degraded: boolean, detail?: string): EngineResult {
  return {
    outcome,
    score: 0,
    riskLevel: outcome === 'pass' ? 'none' : outcome === 'reject' ? 'high' : 'medium',
    reasons: [{ code, text: FALLBACK_TEXT[code] ?? { zh: code, en: code } }],
    hits: [],
    degraded,
    trace: { stages: [], vars: {}, features: {}, models: {}, data: {}, shadowHits: [], ruleErrors: 0, degradations: degraded ? [detail ? `${code}:${detail}` : code] : [], actions: [] },
    ...(outcome === 'challenge' ? { challenge: ['sms_otp'] } : {}),
  };
}

/** Renders stored reasons (both languages) in the caller's language. */
export function localise(stored: Record<string, unknown>, lang: Lang): DecisionResponse {
  const reasons = (stored.reasons as Array<{ code: string; text: { zh: string; en: string } | string }>).map((r) => ({
    code: r.code,
    text: typeof r.text === 'string' ? r.text : r.text[lang],
  }));
  return { ...(stored as unknown as DecisionResponse), reasons };
}
