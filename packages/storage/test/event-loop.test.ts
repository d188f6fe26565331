import { describe, expect, it } from 'vitest';
import { measureFlushStall, type FlushStall } from '../src/index.ts';

// The point of the worker: group-committing the decision log must not stall real-time decisions.
describe('PGlite worker keeps the event loop responsive', () => {
  it('stalls the main thread < 50 ms while 5,000 rows of ~2 KB JSONB are inserted', async () => {
    // Best of up to three: on a shared two-core runner the OS can deschedule the main thread for
    // tens of ms once in a while. A real regression (PGlite back on the main thread) stalls for
    // hundreds of ms on every run, so retrying does not hide it.
    const runs: FlushStall[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      runs.push(await measureFlushStall({ rowsPerBatch: 500, batches: 10, payloadBytes: 2048 }));
      if (runs[runs.length - 1].maxMs < 50) break;
    }
    console.info('flush stall (worker):', runs);
    const best = runs.reduce((a, b) => (b.maxMs < a.maxMs ? b : a));
    expect(best.rows).toBe(5000);
    expect(best.maxMs).toBeLessThan(50);
  });

  it('the probe does see a stall when PGlite runs on the main thread', async () => {
    // Guards the measurement itself: monitorEventLoopDelay, for one, reads 0 here because a fully
    // blocked loop never fires its timer.
    const stall = await measureFlushStall({ rowsPerBatch: 500, batches: 2, runOnMainThread: true });
    console.info('flush stall (main thread):', stall);
    expect(stall.maxMs).toBeGreaterThan(50);
  });
});
