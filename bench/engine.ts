/**
 * `npx tsx bench/engine.ts [engine|backtest|both] [--n=N] [--cards=N] [--runs=N]`: only the two
 * in-process figures of `npm run bench` (engine events/s per core, backtest events/s), the same
 * workloads, repeated to see the spread. For profiling (`node --cpu-prof --import tsx bench/engine.ts`)
 * and before/after comparisons without the HTTP and storage parts.
 */
import { benchLists, cardAuthType, events, strategy } from './card-workload.ts';
import {
  Backtester,
  evaluateStrategy,
  FeaturePlan,
  MemoryFeatureStore,
  PanTokenizer,
  prepareEvent,
  toCelEvent,
  type EngineDeps,
} from '@vigil/engine';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const which = process.argv[2] ?? 'both';
const runs = arg('runs', 3);

async function engine(n: number, cards: number): Promise<{ wall: number; cpu: number; bytesPerCard: number }> {
  const tokenizer = new PanTokenizer('bench-key-bench-key-bench-key');
  const deps: EngineDeps = {
    features: new MemoryFeatureStore(),
    plan: new FeaturePlan([strategy], new Map([[cardAuthType.key, cardAuthType]])),
    lists: benchLists(),
    dataSources: { call: async () => ({ ok: true, value: { score: 600.0, fraudFlag: false }, cached: true }) },
    now: Date.now,
  };
  const evs = [...events(n, cards)];
  let id = 0;
  const run = async (slice: typeof evs) => {
    for (const e of slice) {
      const p = prepareEvent(cardAuthType, e.data, tokenizer);
      await evaluateStrategy(strategy, { eventType: 'card_auth', eventId: `e${id++}`, at: e.at, data: p.data, celEvent: toCelEvent(cardAuthType, p.data), org: 'bank_a', channel: String(p.data.channel), params: {}, deadline: Infinity }, deps);
    }
  };
  await run(evs.slice(0, Math.min(20_000, n / 5)));
  const t = await timed(n, () => run(evs));
  const stats = deps.features.stats();
  return { ...t, bytesPerCard: Math.round(stats.approxBytes / cards) };
}

/** Events/s by the wall clock and by this process's CPU time (less sensitive to a busy machine). */
async function timed(n: number, f: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((c.user + c.system) / 1e6) };
}

async function backtest(n: number, cards: number): Promise<{ wall: number; cpu: number }> {
  const tokenizer = new PanTokenizer('bench-key-bench-key-bench-key');
  const tokens = new Map<string, string>();
  const lookup = benchLists();
  const tester = new Backtester({ candidate: strategy, eventTypes: new Map([[cardAuthType.key, cardAuthType]]), lists: () => lookup, params: () => ({}) });
  let i = 0;
  return timed(n, async () => {
    for (const e of events(n, cards)) {
      const card = e.data.card;
      let tok = tokens.get(card);
      if (!tok) tokens.set(card, (tok = tokenizer.tokenize(card)));
      await tester.push({ eventType: 'card_auth', eventId: `b${i++}`, org: 'bank_a', at: e.at, data: { ...e.data, card: tok }, evaluate: true });
    }
  });
}

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
