/**
 * The in-process workload of the engine and backtest figures (bench/run.ts, bench/engine.ts): the
 * default card_auth pack, the demo's lists with their reference entries, and a deterministic
 * stream of authorisations over a population of cards, devices and merchants.
 */
import { compileStrategy, ListIndex, listLookup, normaliseListValue, type ListLookup } from '@vigil/engine';
import { DEMO_LISTS, demoEventTypes, demoStrategies } from '@vigil/server';

export const cardAuthType = demoEventTypes.find((e) => e.key === 'card_auth')!;
export const strategy = compileStrategy(demoStrategies(0).find((s) => s.eventType === 'card_auth')!, cardAuthType, 1, new Map(demoEventTypes.map((e) => [e.key, e])));

/** The demo's union-wide lists (hosting networks loaded), as an event of bank_a sees them. */
export function benchLists(): ListLookup {
  const index = new ListIndex();
  for (const l of DEMO_LISTS) {
    index.upsertList({ id: l.key, key: l.key, kind: l.kind, dimension: l.dimension, orgId: 'root' });
    for (const e of l.entries ?? []) index.addEntry(l.key, { value: normaliseListValue(l.dimension, e.value), display: e.value, reason: e.reason, source: 'reference', expiresAt: null, orgId: 'root', createdBy: 'bench', createdAt: 0 });
  }
  return listLookup(index, ['bank_a', 'root'], Date.parse('2026-11-01T00:00:00Z'));
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
