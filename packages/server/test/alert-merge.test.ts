import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@vigil/storage';
import { testDatabases } from '@vigil/storage/testing';
import { contributeAlert, type AlertContribution } from '../src/repos/alerts.ts';
import { OrgData } from '../src/repos/scoped.ts';

const HOUR = 3_600_000;
const base = new Date('2026-11-21T10:00:00Z');

function contribution(over: Partial<AlertContribution> = {}): AlertContribution {
  return {
    orgId: 'bank_a',
    category: 'card_testing',
    level: 'medium',
    source: 'rule_action',
    subjectType: 'card',
    subjectKey: 'tok_card_1',
    subjectDisplay: '622202*********0017',
    mergeKey: 'card:tok_card_1',
    windowMs: 24 * HOUR,
    at: base,
    ruleIds: ['card_testing'],
    ...over,
  };
}

describe.each(testDatabases())('alert merging on %s', (target) => {
  let database: Database;
  let data: OrgData;
  beforeAll(async () => {
    database = await target.open();
    data = OrgData.of(database.db, { all: false, orgIds: ['bank_a', 'bank_b'] });
  }, 120_000);
  afterAll(() => database?.close());

  const alertsOf = (key: string) => database.db.selectFrom('alerts').selectAll().where('merge_key', '=', key).orderBy('created_at').execute();
  const contributionsOf = (alertId: string) => database.db.selectFrom('alert_contributions').selectAll().where('alert_id', '=', alertId).orderBy('id').execute();

  it('joins concurrent contributions for one subject into one alert, each kept, at the highest level', async () => {
    const n = 24;
    const key = 'card:tok_concurrent';
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        contributeAlert(data, contribution({ mergeKey: key, subjectKey: 'tok_concurrent', decisionId: `d-conc-${i}`, level: i === 7 ? 'high' : 'medium', ruleIds: [i % 2 ? 'card_testing' : 'small_cnp'], at: new Date(base.getTime() + i * 1000) })),
      ),
    );
    const alerts = await alertsOf(key);
    expect(alerts).toHaveLength(1);
    expect(new Set(results.map((r) => r.alertId))).toEqual(new Set([alerts[0]!.id]));
    expect(results.filter((r) => r.opened)).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ event_count: n, level: 'high', level_rank: 3, merging: true, status: 'open' });
    expect(alerts[0]!.rule_ids).toEqual(['card_testing', 'small_cnp']);
    expect(alerts[0]!.first_event_at.toISOString()).toBe(base.toISOString());
    expect(alerts[0]!.last_event_at.toISOString()).toBe(new Date(base.getTime() + (n - 1) * 1000).toISOString());
    const timeline = await contributionsOf(alerts[0]!.id);
    expect(timeline.map((c) => c.decision_id).sort()).toEqual(Array.from({ length: n }, (_, i) => `d-conc-${i}`).sort());
  });

  it('counts a replayed decision once', async () => {
    const key = 'card:tok_replay';
    const first = await contributeAlert(data, contribution({ mergeKey: key, decisionId: 'd-replay' }));
    const again = await contributeAlert(data, contribution({ mergeKey: key, decisionId: 'd-replay', level: 'critical' }));
    expect(again).toEqual({ alertId: first.alertId, opened: false, duplicate: true, level: first.level });
    const [alert] = await alertsOf(key);
    expect(alert).toMatchObject({ event_count: 1, level: 'medium' });
    expect(await contributionsOf(first.alertId)).toHaveLength(1);
  });

  it('opens a new alert once the window has passed, and keeps orgs and categories apart', async () => {
    const key = 'card:tok_window';
    const a = await contributeAlert(data, contribution({ mergeKey: key, decisionId: 'w-1', windowMs: HOUR }));
    const b = await contributeAlert(data, contribution({ mergeKey: key, decisionId: 'w-2', windowMs: HOUR, at: new Date(base.getTime() + HOUR - 1) }));
    const c = await contributeAlert(data, contribution({ mergeKey: key, decisionId: 'w-3', windowMs: HOUR, at: new Date(base.getTime() + HOUR + 1) }));
    expect(b.alertId).toBe(a.alertId);
    expect(c.opened).toBe(true);
    expect(c.alertId).not.toBe(a.alertId);
    const alerts = await alertsOf(key);
    expect(alerts.map((x) => [x.event_count, x.merging])).toEqual([
      [2, false],
      [1, true],
    ]);
    const otherBank = await contributeAlert(data, contribution({ mergeKey: key, decisionId: 'w-4', orgId: 'bank_b', at: new Date(base.getTime() + HOUR + 2) }));
    const otherCategory = await contributeAlert(data, contribution({ mergeKey: key, decisionId: 'w-5', category: 'account_takeover', at: new Date(base.getTime() + HOUR + 3) }));
    expect(otherBank.opened && otherCategory.opened).toBe(true);
  });

  it('writes no alert for an org outside the caller’s scope', async () => {
    const bankA = OrgData.of(database.db, { all: false, orgIds: ['bank_a'] });
    await expect(contributeAlert(bankA, contribution({ orgId: 'bank_b', mergeKey: 'card:tok_scope', decisionId: 's-1' }))).rejects.toThrow();
    expect(await alertsOf('card:tok_scope')).toEqual([]);
  });
});
