import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Kysely, sql, type Generated } from 'kysely';
import { PgliteWorkerDialect } from './pglite/pglite-worker-dialect.ts';
import { startStallProbe, type StallStats } from './stall-probe.ts';

export interface FlushStallOptions {
  /** Rows per INSERT statement (one group commit). Default 500. */
  rowsPerBatch?: number;
  /** Statements, run one after another like successive flushes. Default 10. */
  batches?: number;
  /** Approximate JSON bytes per row across its JSONB columns. Default 2048. */
  payloadBytes?: number;
  /** Put PGlite on the main thread instead of the worker, to see what the worker saves. Default false. */
  runOnMainThread?: boolean;
}

/** How late a 1 ms timer on the main thread ran while the flushes were in progress. */
export interface FlushStall extends StallStats {
  /** Rows inserted while measuring. */
  rows: number;
  /** Wall time of the measured flushes. */
  elapsedMs: number;
}

interface FlushBenchTable {
  seq: Generated<number>;
  decision_id: string;
  org_id: string;
  decided_at: Date;
  score: number;
  entities: string;
  event: string;
  trace: string;
}

/**
 * Measures how long the main event loop stalls while decision-log-sized batches are inserted into
 * an in-memory PGlite through the worker dialect. The timed path is everything the flusher does on
 * the main thread — JSON.stringify of the rows, query compilation, parameter serialisation and the
 * hand-off to the worker — plus whatever PGlite costs the thread it runs on. A scratch table shaped
 * like `decisions` is used so the figure does not move with schema migrations.
 *
 * @example
 * const { p50Ms, p99Ms, maxMs } = await measureFlushStall();
 */
export async function measureFlushStall(options: FlushStallOptions = {}): Promise<FlushStall> {
  const rowsPerBatch = options.rowsPerBatch ?? 500;
  const batches = options.batches ?? 10;
  const payloadBytes = options.payloadBytes ?? 2048;
  const db = new Kysely<{ flush_bench: FlushBenchTable }>({
    dialect: new PgliteWorkerDialect({ dataDir: 'memory://', runOnMainThread: options.runOnMainThread }),
  });
  try {
    await sql`create table flush_bench (
      seq bigserial primary key, decision_id text not null unique, org_id text not null,
      decided_at timestamptz not null, score double precision not null,
      entities jsonb not null, event jsonb not null, trace jsonb not null)`.execute(db);
    // Rows are built before the window: the flusher receives ready objects; what it does with
    // them (stringify, compile, send) is what is timed.
    const batchRows = (batch: number, rows: number) => Array.from({ length: rows }, (_, i) => decisionRow(batch * rows + i, payloadBytes));
    const flush = (rows: ReturnType<typeof decisionRow>[]) =>
      db
        .insertInto('flush_bench')
        .values(rows.map((r) => ({ ...r, entities: JSON.stringify(r.entities), event: JSON.stringify(r.event), trace: JSON.stringify(r.trace) })))
        .execute();
    // Warm up outside the window: worker start, the first plan and JIT are not what we measure.
    await flush(batchRows(-1, 50));
    const pending = Array.from({ length: batches }, (_, b) => batchRows(b, rowsPerBatch));
    // Promote the fixture rows now, so collecting them is not billed to the first flushes.
    collectGarbage();

    const started = performance.now();
    const probe = startStallProbe();
    for (const rows of pending) {
      await flush(rows);
      // Flushes are separate timer-driven turns in the server, with decisions served in between.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const stall = probe.stop();
    return { ...stall, rows: rowsPerBatch * batches, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    await db.destroy();
  }
}

/**
 * A full collection, whether or not the process was started with --expose-gc. Without the flag it
 * turns it on for the rest of the process (V8 has no way back) — acceptable for a benchmark.
 */
function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** A decision-log-like row whose JSON columns add up to roughly `payloadBytes`. */
function decisionRow(n: number, payloadBytes: number) {
  const entities = { card: `tok_${n % 5000}`, customer: `c-${n % 900}`, device: `dev-${n % 300}` };
  const trace = { stages: { features: 0.4, rules: 0.9, models: 1.2 }, hits: ['velocity_card_1h', 'new_device'] };
  const data: Record<string, string | number | boolean> = {};
  // Fill the event until the three documents reach the target size (length counted as JSON).
  let bytes = 250;
  for (let i = 0; bytes < payloadBytes; i++) {
    const key = `field_${i}`;
    const value = i % 3 === 0 ? (n * 31 + i) % 100_000 : i % 3 === 1 ? `value-${n}-${i}-abcdefghijklmnop` : i % 2 === 0;
    data[key] = value;
    bytes += key.length + JSON.stringify(value).length + 4;
  }
  return {
    decision_id: `d-${n}`,
    org_id: `org-${n % 7}`,
    decided_at: new Date(1_700_000_000_000 + n * 1000),
    score: (n % 1000) / 10,
    entities,
    event: { id: `e-${n}`, type: 'payment', data },
    trace,
  };
}
