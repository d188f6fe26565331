/**
 * `npx tsx bench/engine.ts [engine|backtest|both] [--n=N] [--cards=N] [--runs=N]`: only the two
 * in-process figures of `npm run bench` (engine events/s per core, backtest events/s), the same
 * workloads, repeated to see the spread. For profiling (`node --cpu-prof --import tsx bench/engine.ts`)
 * and before/after comparisons without the HTTP and storage parts.
 */
import { backtestWorkload, engineWorkload } from './card-workload.ts';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const which = process.argv[2] ?? 'both';
const runs = arg('runs', 3);

async function engine(n: number, cards: number): Promise<{ wall: number; cpu: number; bytesPerCard: number }> {
  const w = await engineWorkload(n, cards);
  const t = await timed(n, w.run);
  return { ...t, bytesPerCard: Math.round(w.features.stats().approxBytes / cards) };
}

/** Events/s by the wall clock and by this process's CPU time (less sensitive to a busy machine). */
async function timed(n: number, f: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((c.user + c.system) / 1e6) };
}

const backtest = (n: number, cards: number) => timed(n, backtestWorkload(n, cards));

const fmt = (v: number) => Math.round(v).toLocaleString('en-US').padStart(9);
for (let r = 0; r < runs; r++) {
  if (which === 'engine' || which === 'both') {
    const v = await engine(arg('n', 50_000), arg('cards', 10_000));
    process.stdout.write(`engine   ${fmt(v.wall)} events/s wall, ${fmt(v.cpu)} events/s of CPU time, ${v.bytesPerCard} feature bytes per card\n`);
  }
  if (which === 'backtest' || which === 'both') {
    const v = await backtest(arg('bn', 100_000), arg('bcards', 20_000));
    process.stdout.write(`backtest ${fmt(v.wall)} events/s wall, ${fmt(v.cpu)} events/s of CPU time\n`);
  }
}
