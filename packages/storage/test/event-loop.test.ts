import { describe, expect, it } from 'vitest';
import { Kysely, sql } from 'kysely';
import { PgliteWorkerDialect } from '../src/index.ts';

/**
 * Runs a CPU-heavy query and counts how often a 1 ms timer on the main thread fires meanwhile.
 * With PGlite in its worker the main thread keeps ticking; on the main thread it cannot tick at
 * all. Counting ticks (not timing them) keeps this a correctness check that load cannot flake:
 * the speed itself is measured by `npm run bench`.
 */
async function ticksDuring(runOnMainThread: boolean): Promise<{ ticks: number; queryMs: number }> {
  const db = new Kysely<Record<string, never>>({ dialect: new PgliteWorkerDialect({ dataDir: 'memory://', runOnMainThread }) });
  try {
    await sql`select 1`.execute(db);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = performance.now();
    await sql`select count(*) from generate_series(1, 3000000)`.execute(db);
    const queryMs = performance.now() - t0;
    clearInterval(timer);
    return { ticks, queryMs };
  } finally {
    await db.destroy();
  }
}

// The point of the worker: group-committing the decision log must not stall real-time decisions.
describe('PGlite worker keeps the event loop responsive', () => {
  it('the main thread keeps running timers while the worker executes a long query', async () => {
    const { ticks, queryMs } = await ticksDuring(false);
    expect(queryMs).toBeGreaterThan(50);
    // A 1 ms timer over a query of at least 50 ms: even a heavily loaded runner ticks many times.
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('the same query on the main thread freezes it (the probe can see a stall)', async () => {
    const { ticks, queryMs } = await ticksDuring(true);
    expect(queryMs).toBeGreaterThan(50);
    expect(ticks).toBeLessThanOrEqual(2);
  });
});
