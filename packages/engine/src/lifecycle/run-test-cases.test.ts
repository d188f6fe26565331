import { describe, expect, it } from 'vitest';
import { compileStrategy } from '../compile-strategy.ts';
import type { StrategyPackage, StrategyTestCase } from '../types.ts';
import { cardAuth, cardAuthStrategy } from '../../test/fixtures/demo-packages.ts';
import { featureCelValue } from '../cel-env.ts';
import { runTestCases } from './run-test-cases.ts';
import { testCaseFeatureValue } from './test-case-feature-value.ts';

const TEST_CARD = '6222020000000000018';
const pkg = cardAuthStrategy('https://bureau.example/score');
const compiled = compileStrategy(pkg, cardAuth, 1);
const pos = { card: TEST_CARD, customer_id: 'C1', amount: 120, channel: 'POS', org: 'bank_a', entry_mode: 'chip' };
const run1 = async (c: Partial<StrategyTestCase> & Pick<StrategyTestCase, 'expectOutcome'>, strategy = compiled, opts = {}) =>
  (await runTestCases(strategy, [{ name: 'case', data: pos, ...c }], opts))[0]!;

/** A small package over the card_auth type for the context a case sets: time, org, params. */
function contextStrategy(extra: Partial<StrategyPackage> = {}) {
  const rule = (id: string, condition: string) => ({ id, name: { zh: id, en: id }, condition, outcome: 'review' as const, reasonCode: id.toUpperCase(), enabled: true, mode: 'live' as const });
  return compileStrategy(
    {
      id: 'context',
      name: { zh: '上下文', en: 'Context' },
      eventType: 'card_auth',
      direction: 'in',
      variables: [],
      features: [{ kind: 'velocity', name: 'card_count_1h', agg: 'count', by: ['card'], window: '1h', eventTypes: ['card_auth'], includeCurrent: true }],
      lists: [],
      rules: [
        rule('over_limit', 'event.amount > params.limit'),
        rule('bank_b', "org == 'bank_b'"),
        rule('late', "hourOf(now, 'UTC') >= 20"),
        rule('repeat', 'features.card_count_1h >= 2'),
        rule('fragile', "event.device_id == 'd1'"),
      ],
      ruleSets: [{ id: 'all', rules: ['over_limit', 'bank_b', 'late', 'repeat', 'fragile'] }],
      models: [],
      dataSources: [],
      tables: [],
      flow: { stages: [{ id: 'rules', type: 'rules', ruleSet: 'all', mode: 'all' }] },
      ...extra,
    },
    cardAuth,
    1,
  );
}

describe('runTestCases with the demo card strategy', () => {
  it('passes the test cases stored with the package', async () => {
    const results = await runTestCases(compiled, pkg.testCases!);
    expect(results).toEqual([
      {
        name: 'ordinary POS purchase passes',
        passed: true,
        expectedOutcome: 'pass',
        actualOutcome: 'pass',
        actualHits: [],
        shadowHits: [],
        reasons: [],
        degraded: false,
        degradations: [],
        ruleErrors: [],
        problems: [],
      },
    ]);
  });

  it('fails a case whose expected outcome is wrong, saying what it got and why', async () => {
    const r = await run1({ data: { ...pos, amount: 5, channel: 'ECOM', entry_mode: 'ecom' }, features: { card_small_cnp_10m: 4 }, expectOutcome: 'pass' });
    expect(r.passed).toBe(false);
    expect(r.actualOutcome).toBe('reject');
    expect(r.problems).toEqual(['expected outcome pass, got reject (reasons: CARD_TESTING)']);
  });

  it('is deterministic and keeps cases apart', async () => {
    const cases: StrategyTestCase[] = [
      { name: 'a', data: { ...pos, amount: 5, channel: 'ECOM' }, features: { card_small_cnp_10m: 4 }, expectOutcome: 'reject' },
      { name: 'b', data: { ...pos, amount: 5, channel: 'ECOM' }, expectOutcome: 'pass' },
    ];
    const first = await runTestCases(compiled, cases);
    expect(first.map((r) => [r.name, r.passed, r.actualOutcome])).toEqual([
      ['a', true, 'reject'],
      ['b', true, 'pass'],
    ]);
    expect(await runTestCases(compiled, cases)).toEqual(first);
    expect(await runTestCases(compiled, [cases[1]!])).toEqual([first[1]]);
  });
});

describe('expectHits', () => {
  it('passes when exactly the expected rules hit', async () => {
    const r = await run1({ data: { ...pos, amount: 5, channel: 'ECOM' }, features: { card_small_cnp_10m: 4 }, expectOutcome: 'reject', expectHits: ['card_testing'] });
    expect(r).toMatchObject({ passed: true, expectedHits: ['card_testing'], actualHits: ['card_testing'] });
  });

  it('fails on a missing hit and on an extra hit', async () => {
    const r = await run1({
      data: { ...pos, amount: 5, channel: 'ECOM', device_id: 'dev1' },
      features: { card_small_cnp_10m: 4, device_distinct_cards_1h: 3 },
      expectOutcome: 'reject',
      expectHits: ['card_testing', 'otp_failures'],
    });
    expect(r.actualHits).toEqual(['card_testing', 'device_many_cards']);
    expect(r.problems).toEqual(['expected otp_failures to hit; it did not', 'device_many_cards hit but is not in expectHits']);
  });

  it('does not count shadow hits, and names hits the package cannot produce', async () => {
    const r = await run1({ data: { ...pos, amount: 1000 }, features: { card_amount_sum_24h: 49500.5 }, expectOutcome: 'pass', expectHits: ['daily_spend'] });
    expect(r.shadowHits).toEqual(['daily_spend_shadow']);
    expect(r.actualHits).toEqual([]);
    expect(r.problems).toEqual(['expectHits: daily_spend is neither a rule nor a list check of the strategy', 'expected daily_spend to hit; it did not']);
  });
});

describe('features given by a case', () => {
  it('change the outcome as their CEL values say', async () => {
    const travel = { ...pos, location: { lat: 31.2, lon: 121.5 } };
    expect((await run1({ data: travel, expectOutcome: 'pass' })).passed).toBe(true);
    const r = await run1({ data: travel, features: { card_geo: { distanceKm: 1200, minutes: 30, speedKmh: 2400 } }, expectOutcome: 'challenge', expectHits: ['impossible_travel'] });
    expect(r.problems).toEqual([]);
    const spike = await run1({ data: { ...pos, amount: 2500 }, features: { card_amount_avg_30d: 100.0 }, expectOutcome: 'pass', expectHits: ['amount_spike'] });
    expect(spike.problems).toEqual([]);
    const newCountry = await run1({ data: { ...pos, amount: 1500, country: 'FR' }, features: { card_new_country: true }, expectOutcome: 'challenge', expectHits: ['new_country_large'] });
    expect(newCountry.problems).toEqual([]);
  });

  it('read as the real store reads an unseen entity when not given', async () => {
    // card_usual_hour of an unseen card is 0 and its count 0, so a large amount hits unusual_hour;
    // a case saying the hour is usual does not.
    const big = { ...pos, amount: 5000 };
    expect((await run1({ data: big, expectOutcome: 'pass', expectHits: ['unusual_hour'] })).problems).toEqual([]);
    expect((await run1({ data: big, features: { card_usual_hour: 0.3 }, expectOutcome: 'pass', expectHits: [] })).problems).toEqual([]);
  });

  it('count the case event itself for includeCurrent features, in a store of its own', async () => {
    const s = contextStrategy();
    expect((await run1({ data: pos, expectOutcome: 'pass', expectHits: [] }, s)).problems).toEqual([]);
    expect((await run1({ data: pos, features: { card_count_1h: 2 }, expectOutcome: 'review', expectHits: ['repeat'] }, s)).problems).toEqual([]);
  });

  it('are refused when unknown, of the wrong form, or never read for the event', async () => {
    const r = await run1({
      data: pos,
      features: { no_such_feature: 1, card_auth_count_10m: 1.5, card_mcc_share: 2, card_geo: { distanceKm: 1 }, device_distinct_cards_1h: 5, card_first_seen: '2025-12-01T00:00:00Z' },
      expectOutcome: 'pass',
    });
    expect(r.problems).toEqual([
      'features.no_such_feature: the strategy has no feature no_such_feature',
      'features.card_auth_count_10m: must be a whole number ≥ 0',
      'features.card_mcc_share: must be a share between 0 and 1',
      'features.card_geo: must be null or {distanceKm, minutes, speedKmh} numbers',
      'features.device_distinct_cards_1h: not read for this event (a field of its key is missing), so the given value had no effect',
    ]);
  });
});

describe('lists given by a case', () => {
  it('match a test card number against the tokenised event card', async () => {
    const r = await run1({ lists: { card_blacklist: ['6222 0200 0000 0000 018'] }, expectOutcome: 'reject', expectHits: ['list:card_blacklist'] });
    expect(r.problems).toEqual([]);
    expect(await run1({ lists: { card_blacklist: ['6222020000000000026'] }, expectOutcome: 'pass' })).toMatchObject({ passed: true });
  });

  it('short-circuit on a white list and match addresses inside a network', async () => {
    const vip = await run1({ data: { ...pos, amount: 5, channel: 'ECOM' }, features: { card_small_cnp_10m: 9 }, lists: { vip_customers: ['C1'] }, expectOutcome: 'pass', expectHits: ['list:vip_customers'] });
    expect(vip.problems).toEqual([]);
    const ip = await run1({ data: { ...pos, ip: '203.0.113.9' }, lists: { ip_blacklist: ['203.0.113.0/24'] }, expectOutcome: 'review', expectHits: ['list:ip_blacklist'] });
    expect(ip.problems).toEqual([]);
  });

  it('answer CEL list functions, and name lists the strategy does not use', async () => {
    const s = contextStrategy({
      lists: ['mule_devices', 'sanctions'],
      rules: [
        { id: 'mule', name: { zh: 'm', en: 'm' }, condition: "has(event.device_id) && inList('mule_devices', event.device_id)", outcome: 'reject', reasonCode: 'MULE', enabled: true, mode: 'live' },
        { id: 'sanctioned', name: { zh: 's', en: 's' }, condition: "nameMatch('sanctions', event.city) > 0.9", outcome: 'review', reasonCode: 'SANCTIONS', enabled: true, mode: 'live' },
      ],
      ruleSets: [{ id: 'all', rules: ['mule', 'sanctioned'] }],
    });
    const hit = await run1({ data: { ...pos, device_id: 'dev-9', city: 'Shanghai' }, lists: { mule_devices: ['dev-9'], sanctions: ['Shang hai'] }, expectOutcome: 'reject', expectHits: ['mule', 'sanctioned'] }, s);
    expect(hit.problems).toEqual([]);
    const typo = await run1({ data: pos, lists: { mule_device: ['dev-9'] }, expectOutcome: 'pass' }, s);
    expect(typo.problems).toEqual(['lists.mule_device: the strategy does not use list mule_device']);
  });
});

describe('data sources given by a case', () => {
  const large = { ...pos, amount: 25000 };

  it('answer with the response the case gives', async () => {
    const flagged = await run1({ data: large, dataSources: { bureau: { score: 700.0, fraudFlag: true } }, expectOutcome: 'reject' });
    expect(flagged).toMatchObject({ passed: true, degraded: false });
    expect(flagged.actualHits).toContain('bureau_fraud_flag');
    const low = await run1({ data: large, dataSources: { bureau: { score: 420.0, fraudFlag: false } }, expectOutcome: 'review' });
    expect(low.actualHits).toContain('bureau_low_score');
  });

  it('fail as unavailable when the case gives no response: fallback value, degraded decision', async () => {
    const r = await run1({ data: large, expectOutcome: 'review' });
    expect(r).toMatchObject({ passed: true, degraded: true, degradations: ['datasource:bureau:not_given_by_test_case'] });
    expect(r.actualHits).not.toContain('bureau_low_score');
    expect(r.reasons).toContain('DEGRADED');
  });

  it('name sources the strategy does not have', async () => {
    const r = await run1({ dataSources: { credit_bureau: {} }, expectOutcome: 'pass' });
    expect(r.problems).toEqual(['dataSources.credit_bureau: the strategy has no data source credit_bureau']);
  });
});

describe('event data and context of a case', () => {
  it('fails invalid data with every validation problem, without evaluating', async () => {
    const r = await run1({ data: { ...pos, amount: 'a lot', channel: 'FAX', customer_id: undefined, memo: 'x' } as Record<string, unknown>, expectOutcome: 'pass' });
    expect(r).toMatchObject({ passed: false, actualOutcome: null, actualHits: [] });
    expect(r.problems).toEqual([
      'data.memo: field is not in the schema of event type card_auth (UNKNOWN_FIELD)',
      'data.customer_id: is required (REQUIRED)',
      'data.amount: must be a finite number (TYPE)',
      'data.channel: must be one of POS, ATM, ECOM, MOBILE (ENUM)',
    ]);
    expect((await run1({ data: { ...pos, card: '1234' }, expectOutcome: 'pass' })).problems).toEqual(['data.card: must be a card number of 12 to 19 digits (INVALID_PAN)']);
  });

  it('refuses CVV and PIN data as live intake does', async () => {
    const r = await run1({ data: { ...pos, cvv: '123' }, expectOutcome: 'pass' });
    expect(r.problems).toEqual(['data.cvv: CVV, PIN and track data must never be sent (SENSITIVE_DATA_REFUSED)']);
  });

  it('never puts the card number of a case in its results', async () => {
    const results = await runTestCases(compiled, [
      { name: 'listed', data: pos, lists: { card_blacklist: [TEST_CARD] }, expectOutcome: 'pass' },
      { name: 'bad', data: { ...pos, amount: 'x' }, expectOutcome: 'pass' },
    ]);
    expect(JSON.stringify(results)).not.toContain(TEST_CARD);
    expect(JSON.stringify(results)).not.toContain('0000000018');
  });

  it('uses the time, org and params of the case, with fixed defaults', async () => {
    const s = contextStrategy();
    const noOrg = { card: TEST_CARD, customer_id: 'C1', amount: 120, channel: 'POS' };
    const quiet = await run1({ data: pos, params: { limit: 1000.0 }, expectOutcome: 'pass', expectHits: [] }, s);
    expect(quiet.problems).toEqual([]);
    const r = await run1({ data: { ...noOrg, org: 'bank_b' }, at: '2026-03-01T21:00:00Z', params: { limit: 100.0 }, expectOutcome: 'review', expectHits: ['over_limit', 'bank_b', 'late'] }, s);
    expect(r.problems).toEqual([]);
    // The data has no org: the case's org decides, or the runner's.
    const fromCase = await run1({ data: { ...noOrg, org: 'bank_b' }, params: { limit: 1e9 }, expectOutcome: 'review', expectHits: ['bank_b'] }, s);
    expect(fromCase.problems).toEqual([]);
    const fromOptions = await run1({ data: pos, params: { limit: 1e9 }, at: '2026-03-01T12:00:00Z', expectOutcome: 'pass', expectHits: [] }, s, { org: 'bank_b' });
    expect(fromOptions.problems).toEqual([]);
    const fromRunner = await run1({ data: pos, expectOutcome: 'review', expectHits: ['over_limit'] }, s, { params: { limit: 100.0 } });
    expect(fromRunner.problems).toEqual([]);
  });

  it('reports an org that contradicts the data, and a time that is not one', async () => {
    const s = contextStrategy();
    const r = await run1({ data: pos, org: 'bank_b', params: { limit: 1e9 }, expectOutcome: 'pass' }, s);
    expect(r.problems).toEqual(['org: the case says bank_b but data.org says bank_a; the data decides']);
    expect((await run1({ at: 'yesterday', expectOutcome: 'pass' })).problems).toEqual(['at: "yesterday" is not an ISO 8601 time']);
    expect((await run1({ expectOutcome: 'maybe' as never })).problems[0]).toBe('expectOutcome: "maybe" is not an outcome (pass, review, challenge, reject)');
  });

  it('lists rule errors, and fails on them only when asked', async () => {
    const s = contextStrategy();
    const c = { data: pos, params: { limit: 1e9 }, expectOutcome: 'pass' as const };
    const lenient = await run1(c, s);
    expect(lenient.passed).toBe(true);
    expect(lenient.ruleErrors).toMatchObject([{ stage: 'rules', ref: 'fragile' }]);
    const strict = await run1(c, s, { failOnRuleErrors: true });
    expect(strict.passed).toBe(false);
    expect(strict.problems[0]).toMatch(/^error in fragile \(stage rules\): /);
  });
});

describe('testCaseFeatureValue', () => {
  const v = (name: string, raw: unknown) => {
    const def = pkg.features.find((f) => f.name === name)!;
    const r = testCaseFeatureValue(def, raw);
    return r.ok ? featureCelValue(def, r.value) : r.problem;
  };

  it('gives the CEL value the case means, through the store form', () => {
    expect(v('card_auth_count_10m', 3)).toBe(3n);
    expect(v('card_amount_sum_24h', 120.5)).toBe(120.5);
    expect(v('card_amount_avg_30d', null)).toBe(null);
    expect(v('card_new_country', null)).toBe(false);
    expect(v('card_first_seen', '2026-01-01T00:00:00Z')).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(v('card_first_seen', 1767225600000)).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(v('card_geo', { distanceKm: 5, minutes: 2, speedKmh: 150, extra: 1 })).toEqual({ distanceKm: 5, minutes: 2, speedKmh: 150 });
  });

  it('refuses values the store never holds', () => {
    expect(v('card_auth_count_10m', -1)).toBe('must be a whole number ≥ 0');
    expect(v('card_auth_count_10m', '3')).toBe('must be a whole number ≥ 0');
    expect(v('card_new_country', 'yes')).toBe('must be true, false or null');
    expect(v('card_first_seen', 'soon')).toBe('must be null, epoch milliseconds or an ISO 8601 time');
    expect(v('card_amount_avg_30d', 'high')).toBe('must be null or a number');
  });
});
