import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { migrateToLatest, migrations, withTransaction, type Database } from '@vigil/storage';
import { testDatabases } from '@vigil/storage/testing';
import {
  decisionsAfter,
  encodeDecision,
  getDecision,
  getDecisionByEvent,
  insertDecisions,
  queryDecisions,
  recentDecisionKeys,
  type DecisionRecord,
} from '../src/repos/decisions.ts';
import { OrgData } from '../src/repos/scoped.ts';

/** A decision as the decision service records it; `i` varies ids, outcome and strategy. */
function record(i: number): DecisionRecord {
  const decisionId = `01a1ffb8-0000-7000-8000-${String(i).padStart(12, '0')}`;
  const strategy = i % 3 === 2 ? null : { id: 'card_auth_default', version: 1 + (i % 2) };
  const outcome = (['pass', 'challenge', 'reject'] as const)[i % 3]!;
  const data = { card: `tok_${i}`, amount: 12.5 * i, channel: i % 2 ? 'ECOM' : 'POS', org: 'bank_a', note: 'back\\slash\ttab "q"' };
  const trace =
    strategy === null
      ? { stages: [], vars: {}, features: {}, models: {}, data: {}, shadowHits: [], ruleErrors: 0, degradations: ['NO_ACTIVE_STRATEGY'], actions: [], timedOut: false, deployment: 'live' }
      : {
          stages: [
            { id: 'lists', type: 'list', hits: [], errors: [], micros: 3 },
            { id: 'rules', type: 'rules', hits: i % 3 === 1 ? ['r1'] : [], errors: [], micros: 5, outcome },
            { id: 'bureau', type: 'datasource', hits: [], errors: [], micros: 40, output: { ok: true, cached: false } },
          ],
          vars: { is_cnp: i % 2 === 1 },
          features: { card_auth_count_10m: i, card_amount_avg_30d: 575.4633333333333 },
          models: {},
          data: { bureau: { score: 600 + i, fraudFlag: false } },
          shadowHits: [],
          ruleErrors: 0,
          degradations: [],
          actions: [],
          timedOut: false,
          deployment: i % 4 === 3 ? 'canary' : 'live',
        };
  const hits = i % 3 === 1 ? ['r1'] : [];
  return {
    decisionId,
    eventId: `e-${i}`,
    eventType: 'card_auth',
    direction: 'in',
    orgId: 'bank_a',
    occurredAt: new Date(Date.UTC(2026, 10, 1, 0, 0, i)),
    decidedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, i, 2)),
    outcome,
    score: 7.25 * i,
    riskLevel: outcome === 'reject' ? 'high' : 'low',
    strategyId: strategy?.id ?? null,
    strategyVersion: strategy?.version ?? null,
    latencyMs: 0.5 + i / 1000,
    degraded: strategy === null,
    payloadHash: `h${i}`,
    entities: { card: data.card, customer_id: `c-${i % 2}` },
    hits,
    event: { data, masked: {}, channel: data.channel, org: 'bank_a' },
    response: {
      decisionId,
      eventId: `e-${i}`,
      eventType: 'card_auth',
      outcome,
      ...(outcome === 'challenge' ? { challenge: ['sms_otp'] } : {}),
      score: 7.25 * i,
      riskLevel: outcome === 'reject' ? 'high' : 'low',
      reasons: hits.length ? [{ code: 'R1', text: { zh: '规则一', en: 'Rule one' } }] : [],
      hits: hits.map((ruleId) => ({ ruleId, score: 10, reasonCode: 'R1' })),
      strategy,
      latencyMs: 0.5 + i / 1000,
      degraded: strategy === null,
    },
    trace,
  };
}

/** How the code before migration 0013 wrote a batch (all JSONB, one jsonb_to_recordset insert). */
async function insertAsBefore0013(db: Database['db'], records: DecisionRecord[]): Promise<void> {
  const rows = records.map((r) =>
    JSON.stringify({
      decision_id: r.decisionId, event_id: r.eventId, event_type: r.eventType, direction: r.direction, org_id: r.orgId,
      occurred_at: r.occurredAt.toISOString(), decided_at: r.decidedAt.toISOString(), outcome: r.outcome, score: r.score,
      risk_level: r.riskLevel, strategy_id: r.strategyId, strategy_version: r.strategyVersion, latency_ms: r.latencyMs,
      degraded: r.degraded, payload_hash: r.payloadHash, entities: r.entities, hits: r.hits, event: r.event, response: r.response, trace: r.trace,
    }),
  );
  // system-scope: test fixture writing the log as the old writer did.
  await sql`insert into decisions (decision_id, event_id, event_type, direction, org_id, occurred_at, decided_at, outcome, score,
      risk_level, strategy_id, strategy_version, latency_ms, degraded, payload_hash, entities, hits, event, response, trace)
    select * from jsonb_to_recordset(${'[' + rows.join(',') + ']'}::jsonb) as r(decision_id text, event_id text, event_type text,
      direction text, org_id text, occurred_at timestamptz, decided_at timestamptz, outcome text, score double precision,
      risk_level text, strategy_id text, strategy_version integer, latency_ms double precision, degraded boolean,
      payload_hash text, entities jsonb, hits jsonb, event jsonb, response jsonb, trace jsonb)`.execute(db);
}

const migrator = (db: Database['db']) => new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });

async function migrateTo(db: Database['db'], name: string): Promise<void> {
  const { error } = await migrator(db).migrateTo(name);
  if (error) throw error;
}

describe.each(testDatabases())('decision log storage on %s', (target) => {
  let database: Database;
  let db: Database['db'];
  const old = [0, 1, 2, 3, 4, 5].map(record);
  const fresh = [6, 7, 8, 9, 10, 11].map(record);
  const all = [...old, ...fresh];

  beforeAll(async () => {
    database = await target.open();
    db = database.db;
    // The log as it was before 0013, holding decisions, then migrated with them in it.
    await migrateTo(db, '0012_backtests');
    await insertAsBefore0013(db, old);
    await migrateToLatest(db);
    expect(await insertDecisions(db, fresh.map(encodeDecision))).toEqual(new Set(fresh.map((r) => r.decisionId)));
  });
  afterAll(() => database?.close());

  /** Every stored decision, through every reader, equals what was recorded. */
  async function expectAllReadBack(): Promise<void> {
    const data = OrgData.system(db);
    for (const r of all) {
      const d = await getDecision(data, r.decisionId);
      expect(d && { event: d.event, response: d.response, trace: d.trace, entities: d.entities, hits: d.hits }).toStrictEqual({ event: r.event, response: r.response, trace: r.trace, entities: r.entities, hits: r.hits });
      const key = await getDecisionByEvent(db, r.eventType, r.direction, r.orgId, r.eventId);
      expect(key).toStrictEqual({ eventType: r.eventType, direction: r.direction, orgId: r.orgId, eventId: r.eventId, payloadHash: r.payloadHash, response: r.response });
    }
    expect((await recentDecisionKeys(db, 100)).map((k) => k.response)).toStrictEqual(all.map((r) => r.response));
    expect((await decisionsAfter(db, 0, 100)).map((d) => d.event)).toStrictEqual(all.map((r) => r.event));
    const byCard = await queryDecisions(data, { entityField: 'card', entityValue: 'tok_7', limit: 10 });
    expect(byCard.map((d) => d.decisionId)).toEqual([record(7).decisionId]);
    // Newest first: the reverse of the order they were logged in.
    const byRule = await queryDecisions(data, { rule: 'r1', limit: 50 });
    expect(byRule.map((d) => d.eventId)).toEqual(all.filter((r) => r.hits.includes('r1')).map((r) => r.eventId).reverse());
    const byCustomer = await queryDecisions(data, { entityField: 'customer_id', entityValue: 'c-1', limit: 50 });
    expect(byCustomer.map((d) => d.eventId)).toEqual(all.filter((r) => r.entities.customer_id === 'c-1').map((r) => r.eventId).reverse());
  }

  it('reads decisions written before 0013 and after it alike, through every reader', async () => {
    await expectAllReadBack();
    // A retry answered from a compactly stored decision gets the first answer byte for byte (rows
    // from JSONB come back in JSONB's key order, as they always did).
    for (const r of fresh) expect(JSON.stringify((await getDecisionByEvent(db, r.eventType, r.direction, r.orgId, r.eventId))!.response)).toBe(JSON.stringify(r.response));
  });

  it('stores the answer and trace compactly from 0013 on', async () => {
    // system-scope: inspecting the stored form in a test.
    const rows = await sql<{ event_id: string; response: string; trace: string }>`select event_id, response, trace from decisions order by seq`.execute(db);
    expect(rows.rows.slice(0, old.length).every((r) => r.response.startsWith('{') && r.trace.startsWith('{'))).toBe(true);
    expect(rows.rows.slice(old.length).every((r) => r.response.startsWith('[1,') && r.trace.startsWith('[1,'))).toBe(true);
  });

  it('skips events already logged and stores the rest of the batch', async () => {
    const again = { ...record(3), decisionId: '01a1ffb8-0000-7000-8000-999999999999' };
    const extra = record(12);
    const stored = await insertDecisions(db, [encodeDecision(again), encodeDecision(extra)]);
    expect(stored).toEqual(new Set([extra.decisionId]));
    expect((await getDecisionByEvent(db, 'card_auth', 'in', 'bank_a', 'e-3'))!.response).toStrictEqual(record(3).response);
    all.push(extra);
    await expectAllReadBack();
  });

  it('inside a transaction skips events already logged without aborting it', async () => {
    const extra = record(13);
    const again = { ...record(5), decisionId: '01a1ffb8-0000-7000-8000-999999999998' };
    const stored = await withTransaction(db, async (tx) => {
      const s = await insertDecisions(tx, [encodeDecision(again), encodeDecision(extra)]);
      // The transaction is still usable after the conflict.
      await sql`select 1`.execute(tx);
      return s;
    });
    expect(stored).toEqual(new Set([extra.decisionId]));
    all.push(extra);
    await expectAllReadBack();
  });

  it('migrates down to the full JSONB forms the code before 0013 reads, and up again', async () => {
    await migrateTo(db, '0012_backtests');
    // system-scope: reading the log as the code before 0013 did.
    const rows = await sql<{ event: unknown; response: unknown; trace: unknown }>`select event, response, trace from decisions order by seq`.execute(db);
    expect(rows.rows).toStrictEqual(all.map((r) => ({ event: r.event, response: r.response, trace: r.trace })));
    await migrateToLatest(db);
    await expectAllReadBack();
  });
});
