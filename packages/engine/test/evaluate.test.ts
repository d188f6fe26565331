import { describe, expect, it } from 'vitest';
import { evaluateStrategy, runStrategy, ValidationError, compileStrategy } from '../src/index.ts';
import { harness, input, payment, pkg, rule } from './fixtures.ts';

const card = { card: 'tok_a', amount: 100, channel: 'POS', org: 'bank_a' };

describe('decision flow', () => {
  it('merges stage outcomes by precedence and accumulates reasons and hits', async () => {
    const p = pkg({
      rules: [rule('r_review', 'event.amount > 50.0', { outcome: 'review', score: 10 }), rule('r_challenge', 'event.amount > 80.0', { outcome: 'challenge', challenge: ['face'], score: 20 }), rule('r_quiet', 'true', { score: 1 })],
      ruleSets: [{ id: 'all', rules: ['r_review', 'r_challenge', 'r_quiet'] }],
      flow: { stages: [{ id: 'rules', type: 'rules', ruleSet: 'all', mode: 'all' }] },
    });
    const { compiled, h } = harness([p]);
    const r = await evaluateStrategy(compiled[0]!, input(card), h.deps);
    expect(r.outcome).toBe('challenge');
    expect(r.challenge).toEqual(['face']);
    expect(r.hits.map((x) => x.ruleId)).toEqual(['r_review', 'r_challenge', 'r_quiet']);
    expect(r.reasons.map((x) => x.code)).toEqual(['R_REVIEW', 'R_CHALLENGE', 'R_QUIET']);
  });

  it('stops at the first hit in mode first, and on exitOn', async () => {
    const p = pkg({
      rules: [rule('a', 'true', { outcome: 'reject' }), rule('b', 'true', { outcome: 'review' })],
      ruleSets: [{ id: 's', rules: ['a', 'b'] }],
      flow: { stages: [{ id: 'first', type: 'rules', ruleSet: 's', mode: 'first', exitOn: ['reject'] }, { id: 'never', type: 'rules', ruleSet: 's', mode: 'all' }] },
    });
    const { compiled, h } = harness([p]);
    const r = await evaluateStrategy(compiled[0]!, input(card), h.deps);
    expect(r.hits.map((x) => x.ruleId)).toEqual(['a']);
    expect(r.trace.stages.map((s) => s.id)).toEqual(['first']);
  });

  it('records a failing rule as an error and keeps deciding', async () => {
    const p = pkg({
      rules: [rule('broken', 'event.device == "x"', { outcome: 'reject' }), rule('div', '1 / (size(event.card) - 5) > 0', { outcome: 'reject' }), rule('ok', 'true', { outcome: 'review' })],
      ruleSets: [{ id: 's', rules: ['broken', 'div', 'ok'] }],
      flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] },
    });
    const { compiled, h } = harness([p]);
    const r = await evaluateStrategy(compiled[0]!, input(card), h.deps);
    expect(r.outcome).toBe('review');
    expect(r.trace.ruleErrors).toBe(2);
    expect(r.trace.stages[0]!.errors.map((e) => e.ref)).toEqual(['broken', 'div']);
  });

  it('evaluates shadow rules without letting them affect the outcome', async () => {
    const p = pkg({
      rules: [rule('trial', 'true', { outcome: 'reject', mode: 'shadow', score: 100 })],
      ruleSets: [{ id: 's', rules: ['trial'] }],
      flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }, { id: 'sc', type: 'score', bands: [{ min: 50, outcome: 'reject', riskLevel: 'high' }] }] },
    });
    const { compiled, h } = harness([p]);
    const r = await evaluateStrategy(compiled[0]!, input(card), h.deps);
    expect(r.outcome).toBe('pass');
    expect(r.score).toBe(0);
    expect(r.trace.shadowHits).toEqual(['trial']);
  });

  it('short-circuits on a white list and rejects on a black list', async () => {
    const p = pkg({
      flow: {
        stages: [
          { id: 'l', type: 'list', checks: [{ list: 'white', value: 'event.card', outcome: 'pass', reasonCode: 'WL', stop: true }, { list: 'black', value: 'event.card', outcome: 'reject', reasonCode: 'BL', stop: true }] },
          { id: 'r', type: 'rules', ruleSet: 's', mode: 'all' },
        ],
      },
      rules: [rule('always', 'true', { outcome: 'review' })],
      ruleSets: [{ id: 's', rules: ['always'] }],
    });
    const { compiled, h } = harness([p]);
    const entry = (value: string) => ({ value, display: value, reason: 'r', source: 't', expiresAt: null, orgId: 'root', createdBy: 't', createdAt: 0 });
    h.lists.upsertList({ id: 'w', key: 'white', kind: 'white', dimension: 'card', orgId: 'root' });
    h.lists.upsertList({ id: 'b', key: 'black', kind: 'black', dimension: 'card', orgId: 'root' });
    h.lists.addEntry('w', entry('tok_vip'));
    h.lists.addEntry('b', entry('tok_bad'));
    const vip = await evaluateStrategy(compiled[0]!, input({ ...card, card: 'tok_vip' }), h.deps);
    expect(vip.outcome).toBe('pass');
    expect(vip.trace.stages.map((s) => s.id)).toEqual(['l']);
    const bad = await evaluateStrategy(compiled[0]!, input({ ...card, card: 'tok_bad' }), h.deps);
    expect(bad.outcome).toBe('reject');
    expect(bad.reasons[0]!.code).toBe('BL');
    const plain = await evaluateStrategy(compiled[0]!, input(card), h.deps);
    expect(plain.outcome).toBe('review');
  });

  it('routes by branch, calls a data source only when its condition holds, and degrades on failure', async () => {
    const p = pkg({
      variables: [{ name: 'big', expr: 'event.amount >= 1000.0' }],
      dataSources: [{ id: 'bureau', url: 'http://x.example/s', request: '{"card": event.card}', timeoutMs: 20, cacheTtlSec: 0, costPerCall: 1, fallback: { score: 0.0 } }],
      rules: [rule('low', 'data.bureau.score < 500.0', { outcome: 'reject' })],
      ruleSets: [{ id: 's', rules: ['low'] }],
      flow: {
        stages: [
          { id: 'route', type: 'branch', branches: [{ when: 'vars.big', next: 'ds' }], default: 'end' },
          { id: 'ds', type: 'datasource', source: 'bureau' },
          { id: 'r', type: 'rules', ruleSet: 's', mode: 'all' },
        ],
      },
    });
    let fail = false;
    const { compiled, h } = harness([p], async () => (fail ? { ok: false, value: null, cached: false, error: 'timeout' } : { ok: true, value: { score: 700.0 }, cached: false }));
    const small = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 10 }), h.deps);
    expect(h.calls).toHaveLength(0);
    expect(small.trace.stages.map((s) => s.id)).toEqual(['route']);
    const big = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 5000 }), h.deps);
    expect(h.calls).toEqual([{ card: 'tok_a' }]);
    expect(big.outcome).toBe('pass');
    fail = true;
    const degraded = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 5000 }), h.deps);
    expect(degraded.degraded).toBe(true);
    // the fallback value (score 0) fires the rule; the fallback outcome (review) is merged too
    expect(degraded.outcome).toBe('reject');
    expect(degraded.reasons.map((r) => r.code)).toContain('DEGRADED');
  });

  it('scores rules with weights into bands, runs models and decision tables', async () => {
    const p = pkg({
      rules: [rule('a', 'true', { score: 30 }), rule('b', 'event.amount > 10.0', { score: 20 })],
      ruleSets: [{ id: 's', rules: ['a', 'b'] }],
      models: [{ kind: 'scorecard', id: 'sc', baseScore: 500, characteristics: [{ input: 'event.amount', bins: [{ max: 1000, points: 50 }, { min: 1000, points: -100 }] }] }],
      tables: [
        { id: 'm', kind: 'matrix', row: { expr: 'models.sc', bands: [450, 520] }, col: { expr: 'event.amount', bands: [1000] }, cells: [['review', 'reject'], ['pass', 'challenge'], ['pass', 'pass']] },
      ],
      flow: {
        stages: [
          { id: 'r', type: 'rules', ruleSet: 's', mode: 'all' },
          { id: 'score', type: 'score', weights: { b: 2 }, bands: [{ min: 0, max: 60, outcome: 'pass', riskLevel: 'low' }, { min: 60, outcome: 'review', riskLevel: 'medium' }] },
          { id: 'model', type: 'model', model: 'sc' },
          { id: 't', type: 'table', table: 'm' },
        ],
      },
    });
    const { compiled, h } = harness([p]);
    const small = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 100 }), h.deps);
    expect(small.score).toBe(70);
    expect(small.trace.models.sc).toBe(550);
    expect(small.outcome).toBe('review');
    const large = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 5000 }), h.deps);
    expect(large.trace.models.sc).toBe(400);
    expect(large.outcome).toBe('reject');
  });

  it('feeds rules feature values from before the current event', async () => {
    const p = pkg({
      features: [{ kind: 'velocity', name: 'n10m', agg: 'count', by: ['card'], window: '10m', eventTypes: ['payment'] }, { kind: 'velocity', name: 'sum1h', agg: 'sum', field: 'amount', by: ['card'], window: '1h', eventTypes: ['payment'], filter: "event.channel == 'ECOM'" }],
      rules: [rule('burst', 'features.n10m >= 3', { outcome: 'reject' })],
      ruleSets: [{ id: 's', rules: ['burst'] }],
      flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] },
    });
    const { compiled, h } = harness([p]);
    const t = Date.parse('2026-11-01T10:00:00Z');
    const outcomes: string[] = [];
    const sums: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await evaluateStrategy(compiled[0]!, input({ ...card, channel: i % 2 ? 'ECOM' : 'POS', amount: 10 }, t + i * 1000), h.deps);
      outcomes.push(r.outcome);
      sums.push(r.trace.features.sum1h);
    }
    expect(outcomes).toEqual(['pass', 'pass', 'pass', 'reject', 'reject']);
    expect(sums).toEqual([0, 0, 10, 10, 20]);
    // the same event again is not counted twice
    const again = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 10 }, t + 10_000, 'dup'), h.deps);
    await evaluateStrategy(compiled[0]!, input({ ...card, amount: 10 }, t + 11_000, 'dup'), h.deps);
    const next = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 10 }, t + 12_000), h.deps);
    expect(next.trace.features.n10m).toBe((again.trace.features.n10m as number) + 1);
  });

  it('exposes params, time helpers and list functions to rules', async () => {
    const p = pkg({
      rules: [
        rule('over_limit', 'event.amount > double(params.limit)', { outcome: 'review' }),
        rule('night', "hourOf(now, 'Asia/Shanghai') < 6", { outcome: 'challenge' }),
        rule('listed', "inList('black', event.card)", { outcome: 'reject' }),
      ],
      ruleSets: [{ id: 's', rules: ['over_limit', 'night', 'listed'] }],
      flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] },
    });
    const { compiled, h } = harness([p]);
    h.lists.upsertList({ id: 'b', key: 'black', kind: 'black', dimension: 'card', orgId: 'bank_a' });
    const r1 = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 6000 }, Date.parse('2026-11-01T12:00:00Z')), h.deps);
    expect(r1.hits.map((x) => x.ruleId)).toEqual(['over_limit']);
    const r2 = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 10 }, Date.parse('2026-11-01T19:30:00Z')), h.deps);
    expect(r2.hits.map((x) => x.ruleId)).toEqual(['night']);
    expect(compiled[0]!.lists.has('black')).toBe(true);
  });
});

describe('runStrategy', () => {
  const p = pkg({
    dataSources: [{ id: 'bureau', url: 'http://x.example/s', request: '{"card": event.card}', timeoutMs: 20, cacheTtlSec: 0, costPerCall: 1 }],
    features: [{ kind: 'velocity', name: 'n', agg: 'count', by: ['card'], window: '10m', eventTypes: ['payment'] }],
    rules: [rule('low', 'data.bureau.score < 500.0', { outcome: 'reject' }), rule('many', 'features.n >= 1', { outcome: 'review' })],
    ruleSets: [
      { id: 's', rules: ['low'] },
      { id: 't', rules: ['many'] },
    ],
    flow: {
      stages: [
        { id: 'route', type: 'branch', branches: [{ when: 'event.amount >= 1000.0', next: 'ds' }], default: 'r2' },
        { id: 'ds', type: 'datasource', source: 'bureau' },
        { id: 'r', type: 'rules', ruleSet: 's', mode: 'all', exitOn: ['reject'] },
        { id: 'r2', type: 'rules', ruleSet: 't', mode: 'all' },
      ],
    },
  });

  it('answers synchronously when no data source is called, and resumes the flow after one', async () => {
    const { compiled, h } = harness([p], async () => ({ ok: true, value: { score: 300.0 }, cached: false }));
    const sync = runStrategy(compiled[0]!, input({ card: 'tok_s', amount: 10 }), h.deps);
    expect(sync).not.toBeInstanceOf(Promise);
    expect((sync as Awaited<typeof sync>).trace.stages.map((s) => s.id)).toEqual(['route', 'r2']);
    const pending = runStrategy(compiled[0]!, input({ card: 'tok_s', amount: 5000 }), h.deps);
    expect(pending).toBeInstanceOf(Promise);
    const r = await pending;
    // The features were read before the call (one earlier event of the card), the flow went on
    // after it and stopped where the stage's exitOn says.
    expect(r.trace.features).toEqual({ n: 1 });
    expect(r.trace.stages.map((s) => [s.id, s.outcome])).toEqual([
      ['route', undefined],
      ['ds', undefined],
      ['r', 'reject'],
    ]);
    expect(r.trace.stages[1]!.output).toEqual({ ok: true, cached: false, error: undefined });
    expect(r.outcome).toBe('reject');
    expect(r.trace.stages.every((s) => Number.isInteger(s.micros) && s.micros >= 0)).toBe(true);
  });

  it('rejects, through evaluateStrategy, when a port fails', async () => {
    const { compiled, h } = harness([p], async () => {
      throw new Error('socket hang up');
    });
    await expect(evaluateStrategy(compiled[0]!, input({ card: 'tok_f', amount: 5000 }), h.deps)).rejects.toThrow('socket hang up');
    const broken = { ...h.deps, features: { ...h.deps.features, observe: h.deps.features.observe.bind(h.deps.features), observeNow: () => { throw new Error('store down'); } } } as typeof h.deps;
    await expect(evaluateStrategy(compiled[0]!, input({ card: 'tok_f', amount: 10 }), broken)).rejects.toThrow('store down');
  });

  it('degrades, rather than failing, when the feature store cannot be reached: features read null, the flow runs on', async () => {
    const q = pkg({
      features: [{ kind: 'velocity', name: 'n', agg: 'count', by: ['card'], window: '10m', eventTypes: ['payment'] }],
      rules: [rule('many', 'features.n >= 1', { outcome: 'review' }), rule('large', 'event.amount > 1.0', { outcome: 'reject' })],
      ruleSets: [{ id: 't', rules: ['many', 'large'] }],
      flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 't', mode: 'all' }] },
    });
    const { compiled, h } = harness([q]);
    const unreachable = Object.assign(new Error('feature store unavailable'), { code: 'FEATURE_STORE_UNAVAILABLE' });
    const down = { ...h.deps, features: { observe: () => Promise.reject(unreachable), peek: () => Promise.reject(unreachable) } } as unknown as typeof h.deps;
    const small = await evaluateStrategy(compiled[0]!, input({ card: 'tok_d', amount: 0.5 }), down);
    expect(small.degraded).toBe(true);
    expect(small.trace.features).toEqual({ n: null });
    expect(small.trace.degradations).toEqual(['features:unavailable']);
    // the event type's fallback (review) is the least it gets; the rule on the event itself still fires
    expect(small.outcome).toBe('review');
    const big = await evaluateStrategy(compiled[0]!, input({ card: 'tok_d', amount: 5000 }), down);
    expect(big.outcome).toBe('reject');
    expect(big.hits.map((x) => x.ruleId)).toEqual(['large']);
    // any other failure of the store is still an error
    const broken = { ...h.deps, features: { observe: () => Promise.reject(new Error('bug')), peek: () => Promise.reject(new Error('bug')) } } as unknown as typeof h.deps;
    await expect(evaluateStrategy(compiled[0]!, input({ card: 'tok_d', amount: 1 }), broken)).rejects.toThrow('bug');
  });
});

describe('strategy compilation', () => {
  it('reports every problem with its path', () => {
    const p = pkg({
      rules: [rule('a', 'event.nope > 1'), rule('a', 'true'), rule('c', '"x"')],
      ruleSets: [{ id: 's', rules: ['a', 'ghost'] }],
      features: [{ kind: 'velocity', name: 'v', agg: 'count', by: ['nofield'], window: '100d', eventTypes: [] }],
      flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 'missing', mode: 'all' }, { id: 'b', type: 'branch', branches: [{ when: 'true', next: 'r' }], default: 'nowhere' }] },
    });
    let err: ValidationError | undefined;
    try {
      compileStrategy(p, payment, 1);
    } catch (e) {
      err = e as ValidationError;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const paths = err!.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['rules[0].condition', 'rules[1].id', 'rules[2].condition', 'ruleSets[0].rules[1]', 'features[0].window', 'features[0].by', 'flow.stages[0].ruleSet', 'flow.stages[1].default']),
    );
  });

  it('checks feature field types: geo needs a geo field, sums need numbers', () => {
    const p = pkg({
      features: [
        { kind: 'geo', name: 'g', by: ['card'], field: 'device', eventTypes: [] },
        { kind: 'velocity', name: 's', agg: 'sum', field: 'device', by: ['card'], window: '1h', eventTypes: [] },
        { kind: 'velocity', name: 'ok', agg: 'distinct', field: 'device', by: ['card'], window: '1h', eventTypes: [] },
      ],
      flow: { stages: [{ id: 'b', type: 'branch', branches: [], default: 'end' }] },
    });
    try {
      compileStrategy(p, payment, 1);
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => [i.path, i.code])).toEqual([
        ['features[0].field', 'FIELD_TYPE'],
        ['features[1].field', 'FIELD_TYPE'],
      ]);
    }
  });

  it('refuses a flow with a cycle', () => {
    const p = pkg({ flow: { stages: [{ id: 'a', type: 'branch', branches: [{ when: 'true', next: 'b' }], default: 'end' }, { id: 'b', type: 'branch', branches: [], default: 'a' }] } });
    expect(() => compileStrategy(p, payment, 1)).toThrow(/cycle/);
  });

  it('refuses hostile expressions in any expression slot', () => {
    for (const cond of ['event.__proto__', 'event["constructor"]', '('.repeat(300) + '1' + ')'.repeat(300), '"' + 'x'.repeat(5000) + '"']) {
      const p = pkg({ variables: [{ name: 'v', expr: cond }], flow: { stages: [{ id: 'b', type: 'branch', branches: [], default: 'end' }] } });
      expect(() => compileStrategy(p, payment, 1), cond.slice(0, 30)).toThrow(ValidationError);
    }
  });
});
