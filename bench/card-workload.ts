/**
 * The in-process workload of the engine and backtest figures (bench/run.ts, bench/engine.ts): the
 * default card_auth pack, the demo's lists with their reference entries, and a deterministic
 * stream of authorisations over a population of cards, devices and merchants.
 */
import {
  Backtester,
  compileStrategy,
  evaluateStrategy,
  FeaturePlan,
  listLookup,
  MemoryFeatureStore,
  PanTokenizer,
  prepareEvent,
  toCelEvent,
  type EngineDeps,
  type ListLookup,
} from '@vigil/engine';
import { demoEventTypes, demoListIndex, demoStrategies } from '@vigil/server';

export const cardAuthType = demoEventTypes.find((e) => e.key === 'card_auth')!;
export const strategy = compileStrategy(demoStrategies(0).find((s) => s.eventType === 'card_auth')!, cardAuthType, 1, new Map(demoEventTypes.map((e) => [e.key, e])));

/** The demo's union-wide lists (hosting networks loaded), as an event of bank_a sees them. */
export function benchLists(): ListLookup {
  return listLookup(demoListIndex(), ['bank_a', 'root'], Date.parse('2026-11-01T00:00:00Z'));
}

/** Deterministic pseudo-random authorisations over `cards` cards. */
export function* events(n: number, cards: number) {
  let x = 42;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rnd() * cards);
    yield {
      at: t0 + i * 10,
      data: {
        card: `622202${String(c).padStart(13, '0')}`,
        customer_id: `cust-${c}`,
        amount: Math.round(rnd() * 3000 * 100) / 100,
        currency: 'CNY',
        merchant_id: `m-${Math.floor(rnd() * 2000)}`,
        mcc: ['5411', '5812', '4829', '7995', '5999'][Math.floor(rnd() * 5)]!,
        channel: ['POS', 'ECOM', 'MOBILE', 'ATM'][Math.floor(rnd() * 4)]!,
        entry_mode: 'chip',
        country: rnd() < 0.97 ? 'CN' : 'US',
        location: { lat: 30 + rnd(), lon: 120 + rnd() },
        device_id: `dev-${Math.floor(rnd() * cards * 1.2)}`,
        org: 'bank_a',
      },
    };
  }
}

/**
 * The engine figure's workload: `n` authorisations over `cards` cards, each prepared (validation,
 * tokenisation) and evaluated with features, lists and the whole flow, the data source stubbed.
 * The JIT is warmed up on a slice of the stream first; `run` is the part to measure.
 */
export async function engineWorkload(n: number, cards: number): Promise<{ run: () => Promise<void>; features: MemoryFeatureStore }> {
  const tokenizer = new PanTokenizer('bench-key-bench-key-bench-key');
  const features = new MemoryFeatureStore();
  const deps: EngineDeps = {
    features,
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
  return { run: () => run(evs), features };
}

/**
 * The backtest figure's workload: `n` historical authorisations (card numbers already tokens, as in
 * the decision log) replayed with point-in-time features built from scratch.
 */
export function backtestWorkload(n: number, cards: number): () => Promise<void> {
  const tokenizer = new PanTokenizer('bench-key-bench-key-bench-key');
  const tokens = new Map<string, string>();
  const lookup = benchLists();
  const tester = new Backtester({ candidate: strategy, eventTypes: new Map([[cardAuthType.key, cardAuthType]]), lists: () => lookup, params: () => ({}) });
  return async () => {
    let i = 0;
    for (const e of events(n, cards)) {
      const card = e.data.card;
      let tok = tokens.get(card);
      if (!tok) tokens.set(card, (tok = tokenizer.tokenize(card)));
      await tester.push({ eventType: 'card_auth', eventId: `b${i++}`, org: 'bank_a', at: e.at, data: { ...e.data, card: tok }, evaluate: true });
    }
  };
}
