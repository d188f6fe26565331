import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { json, type DB } from '@vigil/storage';
import { Backtester, BacktestSummary, compileStrategy, type BacktestEvent, type EventLabel } from '@vigil/engine';
import type { OrgScope } from '../repos/executor.ts';
import { OrgData } from '../repos/scoped.ts';
import { decodeEvent, decodeTrace } from '../repos/decision-encoding.ts';
import { getVersion } from '../repos/strategies.ts';
import type { ListService } from './list-service.ts';
import type { TreeOrgDirectory } from './org-directory.ts';
import type { StrategyRegistry } from './strategy-registry.ts';

/** Decision-log rows read per query while replaying history. */
const PAGE = 5000;
/** Progress is written (and cancellation checked) at most this often. */
const PROGRESS_MS = 500;
/** Backtest work done in one turn of the event loop before yielding to the decision API. */
const SLICE_MS = 20;
/** Jobs one node runs at once; more wait queued. */
export const MAX_RUNNING_JOBS = 2;
/** The longest warm-up a log backtest reads before its range (features need earlier events). */
export const MAX_WARMUP_DAYS = 90;

export interface LogSource {
  kind: 'log';
  from: string;
  to: string;
  /** Evaluate only events of these orgs (their subtrees); all of the caller's orgs when absent. */
  orgs?: string[];
  /** Days of history before `from` fed to the features only. */
  warmupDays: number;
}

export interface FileSource {
  kind: 'file';
  events: number;
}

export interface BacktestInput {
  source: LogSource | FileSource;
  /** The orgs the creator may see: the job reads nothing else. */
  scope: OrgScope;
  positiveOutcomes?: string[];
  unlabelled?: 'genuine' | 'ignore';
}

/** Uploaded events, prepared (validated, card numbers tokenised) and in time order. */
export interface FileEvent {
  eventType: string;
  eventId: string;
  org: string;
  at: number;
  data: Record<string, unknown>;
}

/**
 * Runs backtests as background jobs on this node: progress written to the `backtests` row,
 * cancellation honoured between pages, the report stored when done. A job left running by a
 * node that stopped is marked failed when that node starts again.
 */
export class BacktestJobs {
  private readonly running = new Map<string, { cancelled: boolean; done: Promise<void> }>();
  private readonly waiting: string[] = [];

  constructor(
    private readonly d: {
      db: Kysely<DB>;
      registry: StrategyRegistry;
      lists: ListService;
      orgs: TreeOrgDirectory;
      dataDir: string;
      nodeId: string;
      log: Logger;
    },
  ) {}

  get nodeId(): string {
    return this.d.nodeId;
  }

  private get jobs(): OrgData {
    return OrgData.system(this.d.db);
  }

  fileOf(id: string): string {
    return path.join(this.d.dataDir, 'backtests', `${id}.ndjson`);
  }

  /** Stores an uploaded, prepared event file for a job (sorted by time). */
  async saveFile(id: string, events: FileEvent[]): Promise<void> {
    events.sort((a, b) => a.at - b.at);
    await mkdir(path.dirname(this.fileOf(id)), { recursive: true });
    await writeFile(this.fileOf(id), events.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 });
  }

  /** Marks the jobs this node was running when it stopped as failed. */
  async recover(): Promise<number> {
    const r = await this.jobs
      .updateTable('backtests')
      .set({ status: 'failed', error: 'interrupted: the node running it stopped', finished_at: new Date() })
      .where('node_id', '=', this.d.nodeId)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Runs a job now, or once a slot is free (at most {@link MAX_RUNNING_JOBS} per node). */
  start(id: string): void {
    if (this.running.size >= MAX_RUNNING_JOBS) {
      this.waiting.push(id);
      return;
    }
    const slot = { cancelled: false, done: Promise.resolve() };
    slot.done = this.run(id, slot)
      .catch(async (e) => {
        this.d.log.error({ err: e, backtest: id }, 'backtest failed');
        await this.jobs.updateTable('backtests').set({ status: 'failed', error: String((e as Error).message).slice(0, 2000), finished_at: new Date() }).where('id', '=', id).where('status', 'in', ['queued', 'running']).execute();
      })
      // An uploaded file is deleted whatever the end: done, failed or cancelled.
      .finally(() => rm(this.fileOf(id), { force: true }));
    this.running.set(id, slot);
    void slot.done.finally(() => {
      this.running.delete(id);
      const next = this.waiting.shift();
      if (next) this.start(next);
    });
  }

  /** Asks a job to stop; true when this node runs it (another node sees the status change). */
  cancel(id: string): boolean {
    const slot = this.running.get(id);
    if (slot) slot.cancelled = true;
    const queued = this.waiting.indexOf(id);
    if (queued >= 0) {
      this.waiting.splice(queued, 1);
      void rm(this.fileOf(id), { force: true });
    }
    return !!slot || queued >= 0;
  }

  /** Resolves when the job (or every job) running here has finished. */
  async idle(id?: string): Promise<void> {
    for (;;) {
      const pending = id ? (this.running.get(id)?.done ?? (this.waiting.includes(id) ? Promise.race([...this.running.values()].map((s) => s.done)) : undefined)) : this.running.size ? Promise.all([...this.running.values()].map((s) => s.done)) : undefined;
      if (!pending) return;
      await pending;
    }
  }

  async stop(): Promise<void> {
    this.waiting.length = 0;
    for (const s of this.running.values()) s.cancelled = true;
    await this.idle();
  }

  private async run(id: string, slot: { cancelled: boolean }): Promise<void> {
    const job = await this.jobs.selectFrom('backtests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const input = job.input as unknown as BacktestInput;
    const version = await getVersion(this.d.db, job.strategy_id, job.version);
    if (!version) throw new Error(`strategy version ${job.strategy_id}@${job.version} no longer exists`);
    const types = this.d.registry.current.eventTypes;
    const et = types.get(version.pkg.eventType);
    if (!et) throw new Error(`event type ${version.pkg.eventType} is not registered`);
    const candidate = compileStrategy(version.pkg, et, version.version, types);
    const liveNow = this.d.registry.live(version.pkg.eventType, version.pkg.direction);
    const live = input.source.kind === 'file' && liveNow && !(liveNow.pkg.id === candidate.pkg.id && liveNow.version === candidate.version) ? liveNow : undefined;
    const tester = new Backtester({
      candidate,
      ...(live ? { live } : {}),
      eventTypes: types,
      lists: (org, at) => this.d.lists.lookupFor(this.d.orgs.chain(org), at),
      params: (org) => this.d.orgs.paramsFor(org),
    });
    const labels = await this.loadLabels(version.pkg.eventType, input.scope);
    const summary = new BacktestSummary({ labels, ...(input.positiveOutcomes ? { positiveOutcomes: input.positiveOutcomes } : {}), unlabelled: input.unlabelled ?? 'genuine' });
    const started = performance.now();
    const events = input.source.kind === 'log' ? this.fromLog(input.source, input.scope, [...tester.feedingTypes()], { id: candidate.pkg.id, version: candidate.version, eventType: version.pkg.eventType, direction: version.pkg.direction }) : this.fromFile(id);
    const total = input.source.kind === 'log' ? await this.countLog(input.source, input.scope, [...tester.feedingTypes()]) : input.source.events;
    const began = await this.jobs.updateTable('backtests').set({ status: 'running', started_at: new Date(), total, node_id: this.d.nodeId }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
    // Cancelled before it started (on this node or another).
    if (Number(began.numUpdatedRows) === 0) return;
    let processed = 0;
    let lastWrite = performance.now();
    let slice = performance.now();
    for await (const ev of events) {
      // A backtest shares the node with live decisions: it gives the event loop back often.
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((res) => setImmediate(res));
        slice = performance.now();
      }
      const row = await tester.push(ev);
      if (row) {
        summary.add(row);
        if (ev.logged?.features) summary.checkedFeatures(row);
      }
      processed++;
      if (performance.now() - lastWrite > PROGRESS_MS) {
        lastWrite = performance.now();
        const r = await this.jobs.updateTable('backtests').set({ processed }).where('id', '=', id).returning('status').executeTakeFirst();
        if (r?.status === 'cancelled') slot.cancelled = true;
      }
      if (slot.cancelled) break;
    }
    const seconds = (performance.now() - started) / 1000;
    if (slot.cancelled) {
      await this.jobs.updateTable('backtests').set({ status: 'cancelled', processed }).where('id', '=', id).execute();
      return;
    }
    const result = {
      ...summary.report(),
      candidate: { id: candidate.pkg.id, version: candidate.version },
      comparedWith: input.source.kind === 'log' ? 'the logged live decisions' : live ? { id: live.pkg.id, version: live.version } : null,
      processedEvents: processed,
      durationMs: Math.round(seconds * 1000),
      eventsPerSecond: seconds > 0 ? Math.round(processed / seconds) : null,
    };
    // Unless it was cancelled meanwhile (by another node): then it stays cancelled.
    await this.jobs.updateTable('backtests').set({ status: 'done', processed, result: json(result as unknown as Record<string, unknown>), finished_at: new Date() }).where('id', '=', id).where('status', '=', 'running').execute();
  }

  private async loadLabels(eventType: string, scope: OrgScope): Promise<Map<string, EventLabel> | undefined> {
    const rows = await OrgData.of(this.d.db, scope).selectFrom('event_labels').select(['org_id', 'event_id', 'fraud', 'amount']).where('event_type', '=', eventType).execute();
    if (!rows.length) return undefined;
    return new Map(rows.map((r) => [BacktestSummary.labelKey(eventType, r.org_id, r.event_id), { fraud: r.fraud, ...(r.amount === null ? {} : { amount: r.amount }) }]));
  }

  private logQuery(src: LogSource, scope: OrgScope, types: string[]) {
    const from = new Date(Date.parse(src.from) - src.warmupDays * 86_400_000);
    return OrgData.of(this.d.db, scope).selectFrom('decisions').where('event_type', 'in', types).where('occurred_at', '>=', from).where('occurred_at', '<', new Date(src.to));
  }

  private async countLog(src: LogSource, scope: OrgScope, types: string[]): Promise<number> {
    const r = await this.logQuery(src, scope, types).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * The decision log in the order the engine saw it (commit order), keyset-paginated: every event
   * of the types the versions count, from the warm-up on; the candidate's own type and direction
   * inside the range (and the chosen orgs) is evaluated. A late, back-dated event comes where it
   * arrived, as it did live, and counts as of its own time.
   */
  private async *fromLog(src: LogSource, scope: OrgScope, types: string[], candidate: { id: string; version: number; eventType: string; direction: string }): AsyncGenerator<BacktestEvent> {
    const { eventType, direction } = candidate;
    const from = Date.parse(src.from);
    const evalOrgs = src.orgs ? new Set(src.orgs.flatMap((o) => this.d.orgs.subtree(o))) : null;
    let cursor: number | null = null;
    for (;;) {
      let q = this.logQuery(src, scope, types).select([
        'seq',
        'decision_id',
        'event_id',
        'event_type',
        'direction',
        'org_id',
        'occurred_at',
        'outcome',
        'hits',
        'event',
        'strategy_id',
        'strategy_version',
        // The trace only of the rows that can be evaluated: their data-source answers, and the live
        // features where the live engine ran this very version (then they must match).
        sql<string | null>`case when event_type = ${eventType} and direction = ${direction} then trace end`.as('trace'),
      ]);
      if (cursor !== null) q = q.where('seq', '>', cursor);
      const rows = await q.orderBy('seq').limit(PAGE).execute();
      for (const r of rows) {
        const at = r.occurred_at.getTime();
        const evaluate = r.event_type === eventType && r.direction === direction && at >= from && (!evalOrgs || evalOrgs.has(r.org_id));
        const event = decodeEvent(r.event) as { data?: Record<string, unknown> };
        let logged: BacktestEvent['logged'];
        if (evaluate) {
          const trace = r.trace === null ? {} : (decodeTrace(r.trace) as { data?: Record<string, unknown>; features?: Record<string, unknown> });
          const sameVersion = r.strategy_id === candidate.id && r.strategy_version === candidate.version;
          logged = { decisionId: r.decision_id, outcome: r.outcome, hits: r.hits, ...(trace.data ? { dataSources: trace.data } : {}), ...(sameVersion && trace.features ? { features: trace.features } : {}) };
        }
        yield { eventType: r.event_type, eventId: r.event_id, org: r.org_id, at, data: event.data ?? {}, evaluate, ...(logged ? { logged } : {}) };
      }
      if (rows.length < PAGE) return;
      cursor = Number(rows[rows.length - 1]!.seq);
    }
  }

  private async *fromFile(id: string): AsyncGenerator<BacktestEvent> {
    const lines = createInterface({ input: createReadStream(this.fileOf(id), 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      const e = JSON.parse(line) as FileEvent;
      yield { ...e, evaluate: true };
    }
  }
}
