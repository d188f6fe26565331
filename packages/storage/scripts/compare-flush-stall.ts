// One-off comparison, not a test: event-loop stall while decision-log batches are inserted with
// PGlite in the worker versus on the main thread.  Run: npx tsx packages/storage/scripts/compare-flush-stall.ts
import { measureFlushStall, type FlushStallOptions } from '../src/index.ts';

const shapes: Array<[string, FlushStallOptions]> = [
  ['10 × 500 rows, 2 KB', { rowsPerBatch: 500, batches: 10, payloadBytes: 2048 }],
  ['50 × 100 rows, 2 KB', { rowsPerBatch: 100, batches: 50, payloadBytes: 2048 }],
  ['1 × 5000 rows, 2 KB', { rowsPerBatch: 5000, batches: 1, payloadBytes: 2048 }],
];

for (const [label, options] of shapes) {
  for (const runOnMainThread of [false, true]) {
    const s = await measureFlushStall({ ...options, runOnMainThread });
    console.log(
      `${label.padEnd(22)} ${runOnMainThread ? 'main thread' : 'worker     '}  p50 ${s.p50Ms.toFixed(2).padStart(7)} ms  p99 ${s.p99Ms.toFixed(2).padStart(7)} ms  max ${s.maxMs.toFixed(2).padStart(7)} ms  (${s.elapsedMs} ms total)`,
    );
  }
}
