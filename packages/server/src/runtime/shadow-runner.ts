import type { Kysely } from 'kysely';
import { json, type DB } from '@vigil/storage';
import { CapturedFeatures, evaluateStrategy, RecordedSources } from '@vigil/engine';
import { OrgData } from '../repos/scoped.ts';
import type { ShadowSink, ShadowTask } from './decision-service.ts';
import type { ListService } from './list-service.ts';
import type { OrgDirectory } from './org-directory.ts';
import type { StrategyRegistry } from './strategy-registry.ts';

/** Tasks waiting for challengers; past this, new ones are dropped (counted), never the decisions. */
const MAX_QUEUED = 20_000;
/** Challenger work done in one turn of the event loop before yielding to decisions. */
const SLICE_MS = 5;
/** Results written per statement, and the longest a result waits to be written. */
const BATCH = 500;
const FLUSH_MS = 200;

type ResultRow = {
  decision_id: string;
  org_id: string;
  event_type: string;
  direction: string;
  occurred_at: Date;
  strategy_id: string;
  version: number;
  outcome: string;
  score: number;
  hits: string[];
  champion_strategy_id: string | null;
  champion_version: number | null;
  champion_outcome: string;
  champion_score: number;
  champion_hits: string[];
};

/**
 * Evaluates shadow (challenger) versions after the champion has answered, off the decision's
 * critical path: each challenger sees the feature values the champion saw, never writes
 * feature state, never changes or delays the answer. Results are stored next to the decision
 * (`shadow_results`) in batches, for the comparison report.
 */
export class ShadowRunner implements ShadowSink {
  private queue: ShadowTask[] = [];
  private rows: ResultRow[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly d: {
      db: Kysely<DB>;
      registry: StrategyRegistry;
      lists: ListService;
      orgs: OrgDirectory;
      log: { error(o: object, msg: string): void };
      /** Counts challenger work by result: `ok`, `failed`, `dropped`. */
      count?(result: 'ok' | 'failed' | 'dropped', n?: number): void;
    },
  ) {}

  enqueue(task: ShadowTask): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.d.count?.('dropped', task.challengers.length);
      return;
    }
    this.queue.push(task);
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain()).finally(() => (this.running = null));
  }

  private async drain(): Promise<void> {
    let slice = performance.now();
    while (this.queue.length) {
      // Challengers are background work: they give the event loop back every few milliseconds.
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((res) => setImmediate(res));
        slice = performance.now();
      }
      const task = this.queue.shift()!;
      const r = task.record;
      const features = new CapturedFeatures(task.features);
      const deps = {
        features,
        plan: this.d.registry.current.plan,
        lists: this.d.lists.lookupFor(this.d.orgs.chain(r.orgId), task.input.at),
        // Never a real call: a challenger gets the answers the champion's decision recorded, so
        // it cannot cost money, trip a source's circuit breaker or fill its cache for live traffic.
        dataSources: new RecordedSources((r.trace as { data?: Record<string, unknown> }).data),
        now: Date.now,
      };
      for (const c of task.challengers) {
        try {
          const res = await evaluateStrategy(c, { ...task.input, deadline: Date.now() + c.eventType.latencyBudgetMs }, deps, { writeFeatures: false });
          this.rows.push({
            decision_id: r.decisionId,
            org_id: r.orgId,
            event_type: r.eventType,
            direction: r.direction,
            occurred_at: r.occurredAt,
            strategy_id: c.pkg.id,
            version: c.version,
            outcome: res.outcome,
            score: res.score,
            hits: res.hits.filter((h) => h.mode === 'live').map((h) => h.ruleId),
            champion_strategy_id: r.strategyId,
            champion_version: r.strategyVersion,
            champion_outcome: r.outcome,
            champion_score: r.score,
            champion_hits: r.hits,
          });
          this.d.count?.('ok');
        } catch (e) {
          this.d.count?.('failed');
          this.d.log.error({ err: e, strategy: c.pkg.id, version: c.version }, 'shadow evaluation failed');
        }
      }
      if (this.rows.length >= BATCH) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    }
  }

  /** Writes the results gathered so far. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = this.rows;
    this.rows = [];
    if (rows.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        await OrgData.system(this.d.db)
          .insertInto('shadow_results', rows.map((row) => ({ ...row, hits: json(row.hits), champion_hits: json(row.champion_hits) })))
          .onConflict((oc) => oc.columns(['decision_id', 'strategy_id', 'version']).doNothing())
          .execute();
      } catch (e) {
        this.d.count?.('failed', rows.length);
        this.d.log.error({ err: e, rows: rows.length }, 'shadow results could not be stored');
      }
    });
    return this.flushing;
  }

  /** Resolves once every queued challenger has run and its result is stored. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
    await this.flush();
  }

  stop(): Promise<void> {
    return this.idle();
  }
}
