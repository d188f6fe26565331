import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitoringQueries } from '../src/repos/decision-monitoring.ts';
import { OrgData } from '../src/repos/scoped.ts';
import { autoInterval, bucketCount } from '../src/routes/monitoring.ts';
import { BACKENDS, cardAuth, orgAdminKey, startNode, type TestNode } from './harness.ts';

const OUTCOMES = ['pass', 'review', 'challenge', 'reject'] as const;
type Counts = Record<(typeof OUTCOMES)[number], number>;
const zero = (): Counts => ({ pass: 0, review: 0, challenge: 0, reject: 0 });

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = p * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}

interface Sent {
  minute: number;
  org: string;
  outcome: (typeof OUTCOMES)[number];
  latencyMs: number;
  hits: string[];
  degraded: boolean;
}

describe('monitoring intervals', () => {
  it('counts the epoch-aligned buckets a range touches and picks the narrowest interval with at most 200', () => {
    const at = (iso: string) => new Date(iso);
    expect(bucketCount(at('2026-01-01T10:00:00Z'), at('2026-01-01T11:00:00Z'), 60)).toBe(60);
    expect(bucketCount(at('2026-01-01T10:00:30Z'), at('2026-01-01T11:00:30Z'), 60)).toBe(61);
    expect(autoInterval(at('2026-01-01T10:00:00Z'), at('2026-01-01T10:15:00Z'))).toBe('1m');
    expect(autoInterval(at('2026-01-01T10:00:00Z'), at('2026-01-01T11:00:00Z'))).toBe('1m');
    expect(autoInterval(at('2026-01-01T00:00:00Z'), at('2026-01-01T06:00:00Z'))).toBe('5m');
    expect(autoInterval(at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'))).toBe('15m');
    expect(autoInterval(at('2026-01-01T00:00:00Z'), at('2026-01-08T00:00:00Z'))).toBe('1h');
    expect(autoInterval(at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'))).toBe('6h');
  });
});

describe.each(BACKENDS)('decision monitoring on %s', (backend) => {
  let node: TestNode;
  let bankB: string;
  let bankA: string;
  // A whole hour, two hours ago: nothing else of the suite decides events at that time.
  const base = Math.floor((Date.now() - 2 * 3600_000) / 3600_000) * 3600_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const sent: Sent[] = [];

  const monitor = (query: Record<string, string>, key = node.creds.adminKey) => node.json('GET', `/api/v1/monitoring/decisions?${new URLSearchParams(query)}`, undefined, key);
  const hour = { from: iso(base), to: iso(base + 3600_000) };

  beforeAll(async () => {
    node = await startNode({ backend });
    [bankA, bankB] = await Promise.all([orgAdminKey(node, 'bank_a'), orgAdminKey(node, 'bank_b')]);
    // Ordinary purchases, foreign swipes and foreign cash-outs over a few minutes and three orgs.
    const plan: Array<{ minute: number; org: string; over: Record<string, unknown> }> = [
      { minute: 0, org: 'bank_a', over: { card: '6222021000000000011', amount: 35 } },
      { minute: 0, org: 'bank_a', over: { card: '6222021000000000029', amount: 12.5 } },
      { minute: 0, org: 'bank_a', over: { card: '6222021000000000037', country: 'US', city: 'New York', entry_mode: 'swipe', amount: 60 } },
      { minute: 1, org: 'bank_a', over: { card: '6222021000000000045', country: 'US', city: 'New York', mcc: '6011', amount: 9000, location: { lat: 40.7, lon: -74 } } },
      { minute: 1, org: 'bank_a', over: { card: '6222021000000000052', amount: 88 } },
      { minute: 5, org: 'bank_a', over: { card: '6222021000000000060', country: 'TH', city: 'Bangkok', amount: 3000, location: { lat: 13.7, lon: 100.5 } } },
      { minute: 2, org: 'bank_a_hz', over: { card: '6222021000000000078', amount: 240 } },
      { minute: 0, org: 'bank_b', over: { card: '6222021000000000086', amount: 19 } },
      { minute: 7, org: 'bank_b', over: { card: '6222021000000000094', country: 'US', city: 'Miami', mcc: '6011', amount: 9500, location: { lat: 25.8, lon: -80.2 } } },
    ];
    for (const [i, p] of plan.entries()) {
      const body = { ...cardAuth({ ...p.over, org: p.org }), occurredAt: iso(base + p.minute * 60_000 + 1000 * (i + 1)) };
      const r = await node.json('POST', '/api/v1/decisions', body, node.creds.apiKey);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      sent.push({ minute: p.minute, org: p.org, outcome: r.body.outcome, latencyMs: r.body.latencyMs, hits: [], degraded: r.body.degraded });
    }
    // The rules each decision hit, as logged.
    const log = await node.json('GET', `/api/v1/decisions?from=${encodeURIComponent(hour.from)}&to=${encodeURIComponent(hour.to)}&limit=500`);
    expect(log.body.items).toHaveLength(plan.length);
    for (const item of log.body.items) {
      const at = Date.parse(item.occurredAt);
      const i = Math.round((at - base) % 60_000) / 1000 - 1;
      sent[i]!.hits = item.hits;
      sent[i]!.latencyMs = item.latencyMs;
    }
  }, 120_000);
  afterAll(() => node?.destroy());

  const expected = (rows: Sent[]) => {
    const outcomes = zero();
    for (const s of rows) outcomes[s.outcome]++;
    return { decisions: rows.length, outcomes, degraded: rows.filter((s) => s.degraded).length };
  };

  it('sums the hour by outcome, with latency percentiles and a dense per-minute series', async () => {
    expect(new Set(sent.map((s) => s.outcome)).size).toBeGreaterThan(1);
    const r = await monitor({ ...hour, interval: '1m' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const b = r.body;
    expect(b.from).toBe(hour.from);
    expect(b.to).toBe(hour.to);
    expect(b.interval).toBe('1m');
    expect(b.intervalSeconds).toBe(60);
    expect(b.eventType).toBeNull();
    expect(b.org).toBeNull();
    expect({ decisions: b.totals.decisions, outcomes: b.totals.outcomes, degraded: b.totals.degraded }).toEqual(expected(sent));
    const lat = sent.map((s) => s.latencyMs);
    expect(b.totals.latencyMs.p50).toBeCloseTo(percentile(lat, 0.5), 6);
    expect(b.totals.latencyMs.p95).toBeCloseTo(percentile(lat, 0.95), 6);
    expect(b.totals.latencyMs.p99).toBeCloseTo(percentile(lat, 0.99), 6);
    expect(typeof b.totals.avgScore).toBe('number');

    expect(b.series).toHaveLength(60);
    expect(b.series[0].at).toBe(hour.from);
    expect(b.series[59].at).toBe(iso(base + 59 * 60_000));
    for (const [m, bucket] of b.series.entries()) {
      const inMinute = sent.filter((s) => s.minute === m);
      expect({ decisions: bucket.decisions, outcomes: bucket.outcomes, degraded: bucket.degraded }, `minute ${m}`).toEqual(expected(inMinute));
      if (inMinute.length === 0) expect(bucket.latencyP50).toBeNull();
      else {
        expect(bucket.latencyP50).toBeCloseTo(percentile(inMinute.map((s) => s.latencyMs), 0.5), 6);
        expect(bucket.latencyP99).toBeCloseTo(percentile(inMinute.map((s) => s.latencyMs), 0.99), 6);
      }
    }

    // Rules by hits (then id), with their share of the decisions.
    const hits = new Map<string, number>();
    for (const s of sent) for (const h of s.hits) hits.set(h, (hits.get(h) ?? 0) + 1);
    const top = [...hits].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([ruleId, n]) => ({ ruleId, hits: n, share: n / sent.length }));
    expect(top.length).toBeGreaterThan(0);
    expect(b.topRules.map((t: { ruleId: string; hits: number }) => ({ ruleId: t.ruleId, hits: t.hits }))).toEqual(top.map(({ ruleId, hits: n }) => ({ ruleId, hits: n })));
    for (const [i, t] of b.topRules.entries()) expect(t.share).toBeCloseTo(top[i]!.share, 9);

    expect(b.eventTypes).toHaveLength(1);
    expect(b.eventTypes[0]).toMatchObject({ eventType: 'card_auth', decisions: sent.length, outcomes: expected(sent).outcomes });
    expect(b.eventTypes[0].latencyP99).toBeCloseTo(percentile(lat, 0.99), 6);
    const byOrg = ['bank_a', 'bank_b', 'bank_a_hz'].map((org) => ({ org, ...(({ decisions, outcomes }) => ({ decisions, outcomes }))(expected(sent.filter((s) => s.org === org))) }));
    expect(b.orgs).toEqual(byOrg);
  });

  it('chooses the interval from the range when none is given, and aligns buckets to it', async () => {
    const r = await monitor({ from: iso(base), to: iso(base + 24 * 3600_000 - 1) });
    expect(r.status).toBe(200);
    expect(r.body.interval).toBe('15m');
    expect(r.body.series).toHaveLength(96);
    expect(r.body.series[0].decisions).toBe(sent.filter((s) => s.minute < 15).length);
    const d = await monitor({ to: iso(base + 10 * 60_000) });
    expect(d.status).toBe(200);
    // Default: the hour before `to`.
    expect(d.body.from).toBe(iso(base - 50 * 60_000));
    expect(d.body.totals.decisions).toBe(sent.length);
  });

  it('narrows to an event type and to one org with the orgs below it', async () => {
    expect((await monitor({ ...hour, eventType: 'login' })).body.totals.decisions).toBe(0);
    expect((await monitor({ ...hour, eventType: 'card_auth' })).body.totals.decisions).toBe(sent.length);
    const a = await monitor({ ...hour, org: 'bank_a' });
    expect(a.body.org).toBe('bank_a');
    expect(a.body.totals).toMatchObject(expected(sent.filter((s) => s.org.startsWith('bank_a'))));
    expect(a.body.orgs.map((o: { org: string }) => o.org).sort()).toEqual(['bank_a', 'bank_a_hz']);
    const hz = await monitor({ ...hour, org: 'bank_a_hz' });
    expect(hz.body.totals).toMatchObject(expected(sent.filter((s) => s.org === 'bank_a_hz')));
    expect((await monitor({ ...hour, org: 'root' })).body.totals.decisions).toBe(sent.length);
  });

  it("shows a bank only its own decisions: bank_b sees none of bank_a's", async () => {
    const b = await monitor({ ...hour, interval: '1m' }, bankB);
    expect(b.status).toBe(200);
    expect(b.body.totals).toMatchObject(expected(sent.filter((s) => s.org === 'bank_b')));
    expect(b.body.orgs.map((o: { org: string }) => o.org)).toEqual(['bank_b']);
    expect(b.body.series.reduce((n: number, x: { decisions: number }) => n + x.decisions, 0)).toBe(sent.filter((s) => s.org === 'bank_b').length);
    const bHits = new Set(sent.filter((s) => s.org === 'bank_b').flatMap((s) => s.hits));
    for (const t of b.body.topRules) expect(bHits.has(t.ruleId)).toBe(true);
    // Another bank's org, like an unknown one, does not exist.
    for (const org of ['bank_a', 'bank_a_hz', 'root', 'no_such_bank']) {
      const r = await monitor({ ...hour, org }, bankB);
      expect(r.status, org).toBe(404);
      expect(r.body.error.path).toBe('org');
    }
    const a = await monitor(hour, bankA);
    expect(a.body.totals.decisions).toBe(sent.filter((s) => s.org.startsWith('bank_a')).length);
    expect(a.body.orgs.some((o: { org: string }) => o.org === 'bank_b')).toBe(false);
    // A channel key decides events but does not read the log.
    expect((await monitor(hour, node.creds.apiKey)).status).toBe(403);
  });

  it('refuses bad ranges and intervals with the field at fault', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ from: hour.to, to: hour.from }, 'to'],
      [{ from: hour.from, to: hour.from }, 'to'],
      [{ from: iso(base - 32 * 86_400_000), to: iso(base) }, 'from'],
      [{ from: iso(base - 30 * 86_400_000), to: iso(base), interval: '1m' }, 'interval'],
      [{ ...hour, interval: '2m' }, 'interval'],
      [{ ...hour, from: 'yesterday' }, 'from'],
      [{ ...hour, limit: '5' }, 'querystring'],
    ];
    for (const [query, path] of cases) {
      const r = await monitor(query);
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.path, JSON.stringify(query)).toContain(path);
    }
    // The widest range allowed, at the widest bucket, is fine.
    expect((await monitor({ from: iso(base - 31 * 86_400_000), to: iso(base), interval: '1d' })).status).toBe(200);
  });

  it('reads the range through a time index of the decision log', async () => {
    const db = node.vigil.database.db;
    const filters = [
      { from: new Date(base), to: new Date(base + 3600_000), intervalSeconds: 60 },
      { from: new Date(base), to: new Date(base + 3600_000), intervalSeconds: 60, orgIds: ['bank_a', 'bank_a_hz'] },
    ];
    const scopes = [OrgData.system(db), OrgData.of(db, { all: false, orgIds: ['bank_b', 'bank_b_nb'] })];
    for (const data of scopes) {
      for (const f of filters) {
        const { grouped, hits } = monitoringQueries(data, f);
        for (const q of [grouped, hits]) {
          const c = q.compile();
          const plan = await db.transaction().execute(async (tx) => {
            // The test log is tiny, so a sequential scan would win: ask what the planner does when it must not.
            await sql`set local enable_seqscan = off`.execute(tx);
            const r = await tx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${c.sql}`, [...c.parameters]));
            return r.rows.map((x) => x['QUERY PLAN']).join('\n');
          });
          expect(plan).toMatch(/decisions_(org_)?time_idx/);
        }
      }
    }
  });
});
