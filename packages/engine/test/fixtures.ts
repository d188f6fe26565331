import { compileStrategy, FeaturePlan, ListIndex, MemoryFeatureStore, type DataSourceCaller, type EngineDeps, type EngineInput, type EventTypeDef, type StrategyPackage } from '../src/index.ts';
import { toCelEvent } from '../src/event-data.ts';

export const payment: EventTypeDef = {
  key: 'payment',
  name: { zh: '支付', en: 'Payment' },
  scenario: 'payment',
  channels: ['POS', 'ECOM'],
  fields: {
    card: { type: 'string', required: true },
    amount: { type: 'number', required: true },
    count: { type: 'integer' },
    channel: { type: 'enum', values: ['POS', 'ECOM'] },
    device: { type: 'string' },
    name: { type: 'string' },
    ip: { type: 'string' },
    loc: { type: 'geo' },
    at: { type: 'timestamp' },
    org: { type: 'string' },
  },
  entityFields: { card: 'card', device: 'device', ip: 'ip' },
  sensitiveFields: {},
  orgField: 'org',
  latencyBudgetMs: 50,
  fallbackOutcome: 'review',
  outcomePrecedence: ['pass', 'review', 'challenge', 'reject'],
};

/** A minimal package; tests override the parts they exercise. */
export function pkg(over: Partial<StrategyPackage>): StrategyPackage {
  return {
    id: 'p',
    name: { zh: '测试', en: 'Test' },
    eventType: 'payment',
    direction: 'in',
    variables: [],
    features: [],
    lists: [],
    rules: [],
    ruleSets: [],
    models: [],
    dataSources: [],
    tables: [],
    flow: { stages: [] },
    ...over,
  };
}

export function rule(id: string, condition: string, extra: Record<string, unknown> = {}) {
  return { id, name: { zh: id, en: id }, condition, reasonCode: id.toUpperCase(), enabled: true, mode: 'live' as const, ...extra };
}

export interface Harness {
  deps: EngineDeps;
  lists: ListIndex;
  features: MemoryFeatureStore;
  calls: unknown[];
}

export function harness(strategies: StrategyPackage[], dataSource?: DataSourceCaller['call']): { compiled: ReturnType<typeof compileStrategy>[]; h: Harness } {
  const compiled = strategies.map((p) => compileStrategy(p, payment, 1));
  const lists = new ListIndex();
  const features = new MemoryFeatureStore();
  const calls: unknown[] = [];
  const chain = ['bank_a', 'root'];
  const deps: EngineDeps = {
    features,
    plan: new FeaturePlan(compiled, new Map([[payment.key, payment]])),
    lists: {
      inList: (l, v) => lists.contains(l, v, chain, Date.now()),
      listEntry: () => null,
      nameMatch: (l, n) => lists.nameMatch(l, n, chain, Date.now())?.score ?? 0,
      lookup: (l, v) => {
        const e = lists.lookup(l, v, chain, Date.now());
        return e ? { reason: e.reason } : null;
      },
    },
    dataSources: {
      call: async (def, request, deadline) => {
        calls.push(request);
        if (dataSource) return dataSource(def, request, deadline);
        return { ok: true, value: { score: 700.0 }, cached: false };
      },
    },
    now: Date.now,
  };
  return { compiled, h: { deps, lists, features, calls } };
}

let n = 0;
export function input(data: Record<string, unknown>, at = Date.parse('2026-11-01T10:00:00Z'), eventId = `e${++n}`): EngineInput {
  return { eventType: 'payment', eventId, at, data, celEvent: toCelEvent(payment, data), org: 'bank_a', channel: String(data.channel ?? ''), params: { limit: 5000.0 }, deadline: Date.now() + 1000 };
}
