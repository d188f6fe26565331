import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backtester, BacktestSummary, compileStrategy, PanTokenizer, prepareEvent, type BacktestEvent, type ListLookup } from '../src/index.ts';
import { cardAuth, cardAuthStrategy } from './fixtures/demo-packages.ts';

const tokenizer = new PanTokenizer(Buffer.alloc(32, 7));
const noLists: ListLookup = { lookup: () => null } as unknown as ListLookup;
const types = new Map([[cardAuth.key, cardAuth]]);
const compiled = compileStrategy(cardAuthStrategy('http://127.0.0.1:9/bureau'), cardAuth, 1, types);

function event(i: number, at: number, amount: number, card = '6222021234567890123'): BacktestEvent {
  const p = prepareEvent(cardAuth, { card, customer_id: 'c-1', amount, currency: 'CNY', merchant_id: 'm-1', mcc: '5411', channel: 'ECOM', entry_mode: 'chip', country: 'CN', city: 'Hangzhou', org: 'bank_a' }, tokenizer);
  return { eventType: 'card_auth', eventId: `e-${i}`, org: 'bank_a', at, data: p.data, evaluate: true };
}

async function replay(events: BacktestEvent[]) {
  const b = new Backtester({ candidate: compiled, eventTypes: types, lists: () => noLists, params: () => ({}) });
  const rows = [];
  for (const e of events) rows.push((await b.push(e))!);
  return rows;
}

describe('point-in-time backtests', () => {
  it('computes each event’s features from the events before it only', async () => {
    const t0 = Date.parse('2026-11-20T08:00:00Z');
    const rows = await replay(Array.from({ length: 8 }, (_, i) => event(i, t0 + i * 60_000, 5 + i)));
    // the 10-minute count of the card's authorisations before each one: 0, 1, 2, …
    expect(rows.map((r) => r.features.card_auth_count_10m)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('an event’s own future never reaches its features (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 3_600_000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 2 })), { minLength: 2, maxLength: 25 }), fc.integer({ min: 1, max: 24 }), async (raw, cut) => {
        const t0 = Date.parse('2026-11-20T08:00:00Z');
        let t = t0;
        const events = raw.map(([gap, amount, card], i) => event(i, (t += gap), amount, `622202123456789012${card}`));
        const k = Math.min(cut, events.length - 1);
        const full = await replay(events);
        const past = await replay(events.slice(0, k));
        // whatever comes later, the first k events saw exactly the same values and got the same answers
        expect(full.slice(0, k).map((r) => [r.features, r.outcome, r.hits])).toEqual(past.map((r) => [r.features, r.outcome, r.hits]));
      }),
      { numRuns: 60 },
    );
  });

  it('counts a late, back-dated event as of its own time, after the events that came before it', async () => {
    const t0 = Date.parse('2026-11-20T08:00:00Z');
    // arrival order: e0 at 08:00, e1 at 08:05, then e2 dated 08:02 arriving last
    const rows = await replay([event(0, t0, 10), event(1, t0 + 300_000, 10), event(2, t0 + 120_000, 10)]);
    // e1 did not see e2 (it had not arrived); e2 sees e0 only among the events before its time
    expect(rows.map((r) => r.features.card_auth_count_10m)).toEqual([0, 1, 1]);
  });

  it('summarises outcomes, hits and label metrics', () => {
    const s = new BacktestSummary({ labels: new Map([[BacktestSummary.labelKey('card_auth', 'bank_a', 'a'), { fraud: true, amount: 100 }], [BacktestSummary.labelKey('card_auth', 'bank_a', 'b'), { fraud: true }]]) });
    const row = (eventId: string, outcome: 'pass' | 'reject', amount: number) => ({ eventId, eventType: 'card_auth', org: 'bank_a', at: 0, outcome, score: 0, hits: outcome === 'reject' ? ['r1'] : [], features: {}, data: { amount }, live: { outcome: 'pass', hits: [] } });
    s.add(row('a', 'reject', 5));
    s.add(row('b', 'pass', 70));
    s.add(row('c', 'reject', 9));
    s.add(row('d', 'pass', 1));
    const r = s.report();
    expect(r.outcomes).toEqual({ reject: 2, pass: 2 });
    expect(r.ruleHits).toEqual({ r1: 2 });
    expect(r.labels).toMatchObject({ truePositives: 1, falseNegatives: 1, falsePositives: 1, trueNegatives: 1, precision: 0.5, recall: 0.5, f1: 0.5, falsePositiveRate: 0.5, caughtAmount: 100, missedAmount: 70 });
    expect(r.comparison).toMatchObject({ compared: 4, agreement: 0.5 });
    // r1 hit a (fraud) and c (unlabelled, read as genuine); of the two fraud events it caught one.
    expect(r.labels!.rules).toEqual({ r1: { hits: 2, fraudHits: 1, genuineHits: 1, precision: 0.5, recall: 0.5 } });
  });

  it('gives each rule its own precision and recall, whatever the outcome', () => {
    const labels = new Map(['a', 'b', 'c'].map((id) => [BacktestSummary.labelKey('card_auth', 'bank_a', id), { fraud: id !== 'c' }]));
    const s = new BacktestSummary({ labels, unlabelled: 'ignore' });
    const row = (eventId: string, hits: string[]) => ({ eventId, eventType: 'card_auth', org: 'bank_a', at: 0, outcome: 'pass' as const, score: 0, hits, features: {}, data: {} });
    s.add(row('a', ['wide', 'narrow']));
    s.add(row('b', ['wide']));
    s.add(row('c', ['wide']));
    s.add(row('d', ['wide', 'narrow']));
    const rules = s.report().labels!.rules;
    // d is unlabelled and ignored; wide hit both frauds and the genuine c, narrow only one fraud.
    expect(rules.wide).toEqual({ hits: 3, fraudHits: 2, genuineHits: 1, precision: 2 / 3, recall: 1 });
    expect(rules.narrow).toEqual({ hits: 1, fraudHits: 1, genuineHits: 0, precision: 1, recall: 0.5 });
  });
});
