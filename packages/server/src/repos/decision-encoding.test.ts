import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCopyRow } from '@vigil/storage';
import { DECISION_COLUMNS, decisionCopyLine, decodeEvent, decodeResponse, decodeTrace, encodeResponse, encodeTrace, type ResponseColumns } from './decision-encoding.ts';
import type { DecisionRecord } from './decisions.ts';

/** What a JSONB round trip (the log before 0013) made of a value: the yardstick for lossless. */
const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function columnsOf(r: DecisionRecord): ResponseColumns {
  return {
    decision_id: r.decisionId,
    event_id: r.eventId,
    event_type: r.eventType,
    outcome: r.outcome,
    score: r.score,
    risk_level: r.riskLevel,
    strategy_id: r.strategyId,
    strategy_version: r.strategyVersion,
    latency_ms: r.latencyMs,
    degraded: r.degraded,
  };
}

/** A decision as the decision service records it (card_auth example strategy, a challenge). */
function sampleRecord(): DecisionRecord {
  const response = {
    decisionId: '01a1ffb8-5d16-71e0-9fe2-5fa5d4c66d47',
    eventId: 'evt-1',
    eventType: 'card_auth',
    outcome: 'challenge',
    challenge: ['sms_otp'],
    score: 20,
    riskLevel: 'medium',
    reasons: [{ code: 'DEVICE_MULTI_CARD', text: { zh: '同一设备 1 小时内使用 3 张以上卡', en: 'Three or more cards on one device within an hour' } }],
    hits: [{ ruleId: 'device_many_cards', outcome: 'review', score: 20, reasonCode: 'DEVICE_MULTI_CARD' }],
    strategy: { id: 'card_auth_default', version: 1 },
    latencyMs: 1.412,
    degraded: false,
  };
  const data = { card: 'tok_5Kfh3IaT7ubxseNjEhhq5Dvvp5aLgvOc', amount: 1271.06, channel: 'ECOM', country: 'CN', location: { lat: 30.16, lon: 120.003 }, org: 'bank_a', note: 'tab\there \\ "quoted"\nline' };
  return {
    decisionId: response.decisionId,
    eventId: response.eventId,
    eventType: 'card_auth',
    direction: 'in',
    orgId: 'bank_a',
    occurredAt: new Date('2026-11-21T04:00:00.123Z'),
    decidedAt: new Date('2026-11-21T04:00:00.125Z'),
    outcome: 'challenge',
    score: 20,
    riskLevel: 'medium',
    strategyId: 'card_auth_default',
    strategyVersion: 1,
    latencyMs: 1.412,
    degraded: false,
    payloadHash: 'h1',
    entities: { card: data.card, device_id: 'dev-1' },
    hits: ['device_many_cards'],
    event: { data, masked: { card: '622202*********1591' }, channel: 'ECOM', org: 'bank_a' },
    response,
    trace: {
      stages: [
        { id: 'lists', type: 'list', hits: [], errors: [], micros: 1 },
        { id: 'rules', type: 'rules', hits: ['device_many_cards'], errors: [], micros: 1, outcome: 'review' },
        { id: 'route', type: 'branch', hits: [], errors: [{ ref: 'x', code: 'E', message: 'm' }], micros: 0, output: { next: 'scorecard' } },
        { id: 'scorecard', type: 'model', hits: [], errors: [], micros: 2, output: { score: 570, contributions: [{ bin: '[100, 2000)', input: 'event.amount', value: 1271.06, points: 10 }] } },
        { id: 'bureau', type: 'datasource', hits: [], errors: [], micros: 9, skipped: true },
      ],
      vars: { is_cnp: true, local_hour: 4 },
      features: { card_geo: { minutes: 0.0183, speedKmh: 280602.73484909063 }, card_auth_count_10m: 3, card_first_seen: null },
      models: { card_fraud_scorecard: 570 },
      data: {},
      shadowHits: [],
      ruleErrors: 1,
      degradations: [],
      actions: [],
      timedOut: false,
      deployment: 'live',
    },
  };
}

/** Traces shaped like the engine's (DecisionTrace plus the service's timedOut and deployment), any values inside. */
const stageArb = fc.record(
  {
    id: fc.string(),
    type: fc.constantFrom('list', 'rules', 'branch', 'model', 'score', 'table', 'datasource'),
    hits: fc.oneof(fc.constant([]), fc.array(fc.string(), { maxLength: 3 })),
    errors: fc.oneof(fc.constant([]), fc.array(fc.record({ ref: fc.string(), code: fc.string(), message: fc.string() }), { maxLength: 2 })),
    micros: fc.nat(),
    output: fc.jsonValue({ maxDepth: 3 }),
    outcome: fc.constantFrom('pass', 'review', 'challenge', 'reject'),
    skipped: fc.boolean(),
  },
  { requiredKeys: ['id', 'type', 'hits', 'errors', 'micros'] },
);
const objectOf = (v: fc.Arbitrary<unknown>) => fc.oneof(fc.constant({}), fc.dictionary(fc.string(), v, { maxKeys: 4 }));
const traceArb = fc.record({
  stages: fc.array(stageArb, { maxLength: 6 }),
  vars: objectOf(fc.jsonValue({ maxDepth: 2 })),
  features: objectOf(fc.jsonValue({ maxDepth: 2 })),
  models: objectOf(fc.double({ noNaN: true, noDefaultInfinity: true })),
  data: objectOf(fc.jsonValue({ maxDepth: 3 })),
  shadowHits: fc.oneof(fc.constant([]), fc.array(fc.string(), { maxLength: 2 })),
  ruleErrors: fc.oneof(fc.constant(0), fc.nat()),
  degradations: fc.oneof(fc.constant([]), fc.array(fc.string(), { maxLength: 2 })),
  actions: fc.oneof(fc.constant([]), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 2 })),
  timedOut: fc.boolean(),
  deployment: fc.constantFrom('live', 'canary'),
});

/** Records whose answer agrees with the columns (as the service writes them), with optional extras. */
const recordArb = fc
  .record({
    decisionId: fc.uuid(),
    eventId: fc.string({ minLength: 1 }),
    eventType: fc.string({ minLength: 1 }),
    outcome: fc.constantFrom('pass', 'review', 'challenge', 'reject'),
    score: fc.double({ noNaN: true, noDefaultInfinity: true }),
    riskLevel: fc.constantFrom('none', 'low', 'medium', 'high'),
    strategy: fc.option(fc.record({ id: fc.string({ minLength: 1 }), version: fc.integer({ min: 1, max: 1000 }) }), { nil: null }),
    latencyMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
    degraded: fc.boolean(),
    challenge: fc.option(fc.array(fc.string(), { maxLength: 2 }), { nil: undefined }),
    reasons: fc.array(fc.record({ code: fc.string(), text: fc.record({ zh: fc.string(), en: fc.string() }) }), { maxLength: 3 }),
    hits: fc.array(fc.record({ ruleId: fc.string(), score: fc.integer() }), { maxLength: 3 }),
  })
  .map((x): DecisionRecord => {
    const response: Record<string, unknown> = {
      decisionId: x.decisionId,
      eventId: x.eventId,
      eventType: x.eventType,
      outcome: x.outcome,
      ...(x.challenge ? { challenge: x.challenge } : {}),
      score: x.score,
      riskLevel: x.riskLevel,
      reasons: x.reasons,
      hits: x.hits,
      strategy: x.strategy,
      latencyMs: x.latencyMs,
      degraded: x.degraded,
    };
    return {
      ...sampleRecord(),
      decisionId: x.decisionId,
      eventId: x.eventId,
      eventType: x.eventType,
      outcome: x.outcome,
      score: x.score,
      riskLevel: x.riskLevel,
      strategyId: x.strategy?.id ?? null,
      strategyVersion: x.strategy?.version ?? null,
      latencyMs: x.latencyMs,
      degraded: x.degraded,
      response,
    };
  });

describe('decision log encoding', () => {
  it('decodes a recorded decision to exactly what was recorded', () => {
    const r = sampleRecord();
    expect(decodeTrace(encodeTrace(r.trace))).toStrictEqual(r.trace);
    expect(decodeResponse(encodeResponse(r), columnsOf(r))).toStrictEqual(r.response);
    // Field order too: a retry answered from the log serialises byte for byte as the first answer.
    expect(JSON.stringify(decodeResponse(encodeResponse(r), columnsOf(r)))).toBe(JSON.stringify(r.response));
    expect(JSON.stringify(decodeTrace(encodeTrace(r.trace)))).toBe(JSON.stringify(r.trace));
  });

  it('stores the answer without what the columns hold, and the trace without its defaults', () => {
    const r = sampleRecord();
    expect(JSON.parse(encodeResponse(r))).toEqual([1, { challenge: r.response.challenge, reasons: r.response.reasons, hits: r.response.hits }]);
    const [, rest, stages] = JSON.parse(encodeTrace(r.trace)) as [number, Record<string, unknown>, Array<Record<string, unknown>>];
    expect(Object.keys(rest)).toEqual(['vars', 'features', 'models', 'ruleErrors']);
    expect(stages[0]).toEqual({ id: 'lists', type: 'list', micros: 1 });
    expect(stages[2]).toEqual({ id: 'route', type: 'branch', errors: [{ ref: 'x', code: 'E', message: 'm' }], micros: 0, output: { next: 'scorecard' } });
    expect(encodeTrace(r.trace).length).toBeLessThan(JSON.stringify(r.trace).length * 0.85);
  });

  it('round-trips any trace of the engine’s shape', () => {
    fc.assert(
      fc.property(traceArb, (trace) => {
        expect(decodeTrace(encodeTrace(trace))).toStrictEqual(asJson(trace));
      }),
    );
  });

  it('round-trips any other JSON object given as a trace (stored whole)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (trace) => {
        expect(decodeTrace(encodeTrace(trace))).toStrictEqual(asJson(trace));
      }),
    );
  });

  it('round-trips any answer consistent with its row, in its field order', () => {
    fc.assert(
      fc.property(recordArb, (r) => {
        const decoded = decodeResponse(encodeResponse(r), asJson(columnsOf(r)));
        expect(decoded).toStrictEqual(asJson(r.response));
        expect(JSON.stringify(decoded)).toBe(JSON.stringify(r.response));
      }),
    );
  });

  it('stores an answer whole when it disagrees with its row or lacks a field, and still decodes it exactly', () => {
    fc.assert(
      fc.property(recordArb, fc.constantFrom('score', 'outcome', 'strategy', 'latencyMs', 'degraded', 'eventId'), fc.boolean(), (r, key, drop) => {
        const response = { ...r.response };
        if (drop) delete response[key];
        else response[key] = key === 'strategy' ? { id: 'other', version: 99 } : key === 'degraded' ? !r.degraded : typeof response[key] === 'number' ? (response[key] === 1 ? 2 : 1) : `${String(response[key])}x`;
        const changed = { ...r, response };
        expect(encodeResponse(changed).startsWith('{')).toBe(true);
        expect(decodeResponse(encodeResponse(changed), asJson(columnsOf(r)))).toStrictEqual(asJson(response));
      }),
    );
  });

  it('reads rows written before 0013 (whole JSON as text) as they were', () => {
    const r = sampleRecord();
    // The migration turned JSONB into text: key order and spacing differ, the values do not.
    const jsonbText = (v: unknown) => JSON.stringify(v, null, 1);
    expect(decodeTrace(jsonbText(r.trace))).toStrictEqual(r.trace);
    expect(decodeResponse(jsonbText(r.response), columnsOf(r))).toStrictEqual(r.response);
    expect(decodeEvent(jsonbText(r.event))).toStrictEqual(r.event);
  });

  it('writes one COPY line whose fields are the columns, in order', () => {
    const r = sampleRecord();
    const line = decisionCopyLine(r);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\n\r]/);
    const fields = parseCopyRow(line.slice(0, -1));
    expect(fields).toHaveLength(DECISION_COLUMNS.length);
    const at = (c: (typeof DECISION_COLUMNS)[number]) => fields[DECISION_COLUMNS.indexOf(c)];
    expect([at('decision_id'), at('occurred_at'), at('score'), at('strategy_version'), at('degraded')]).toEqual([r.decisionId, '2026-11-21T04:00:00.123Z', '20', '1', 'f']);
    expect(JSON.parse(at('entities')!)).toEqual(r.entities);
    expect(decodeEvent(at('event')!)).toStrictEqual(r.event);
    expect(decodeTrace(at('trace')!)).toStrictEqual(r.trace);
    expect(decodeResponse(at('response')!, columnsOf(r))).toStrictEqual(r.response);
    expect(parseCopyRow(decisionCopyLine({ ...r, strategyId: null, strategyVersion: null, response: { ...r.response, strategy: null } }).slice(0, -1))[DECISION_COLUMNS.indexOf('strategy_id')]).toBeNull();
  });
});
