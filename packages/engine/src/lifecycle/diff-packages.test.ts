import { describe, expect, it } from 'vitest';
import type { Rule, Stage, StrategyPackage } from '../types.ts';
import { cardAuthStrategy, loginStrategy } from '../../test/fixtures/demo-packages.ts';
import { diffPackages, isEmpty, type PackageDiff } from './diff-packages.ts';
import { renderDiff } from './render-diff.ts';

const card = () => cardAuthStrategy('https://bureau.example/score');
const edit = (p: StrategyPackage, f: (q: StrategyPackage) => void): StrategyPackage => {
  const q = structuredClone(p);
  f(q);
  return q;
};
const ruleOf = (p: StrategyPackage, id: string): Rule => p.rules.find((r) => r.id === id)!;
const stageOf = <T extends Stage['type']>(p: StrategyPackage, id: string) => p.flow.stages.find((s) => s.id === id) as Extract<Stage, { type: T }>;
const both = (d: PackageDiff) => [renderDiff(d, 'en'), renderDiff(d, 'zh')] as const;

describe('diffPackages: identical packages', () => {
  it('gives an empty diff and says so in both languages', () => {
    for (const p of [card(), loginStrategy('https://ip.example/rep')]) {
      const d = diffPackages(p, structuredClone(p));
      expect(d.empty).toBe(true);
      expect(isEmpty(d)).toBe(true);
      expect(both(d)).toEqual(['No changes.', '无变更。']);
    }
  });

  it('ignores key order and members holding undefined', () => {
    const p = card();
    const q = edit(p, (x) => {
      x.rules[0] = Object.fromEntries(Object.entries(x.rules[0]!).reverse()) as unknown as Rule;
      (x.rules[1] as unknown as Record<string, unknown>).description = undefined;
    });
    expect(diffPackages(p, q).empty).toBe(true);
  });

  it('ignores the order of rules, features and other id-keyed arrays', () => {
    const p = card();
    const q = edit(p, (x) => {
      x.rules.reverse();
      x.features.reverse();
      x.lists.reverse();
    });
    expect(diffPackages(p, q).empty).toBe(true);
  });
});

describe('diffPackages: rules', () => {
  it('lists added and removed rules in full and renders them', () => {
    const p = card();
    const q = edit(p, (x) => {
      x.rules = x.rules.filter((r) => r.id !== 'unusual_hour');
      x.rules.push({ id: 'night_atm', name: { zh: '夜间取现', en: 'Night ATM' }, condition: "event.channel == 'ATM' && vars.local_hour < 5", outcome: 'review', score: 15, reasonCode: 'NIGHT_ATM', enabled: true, mode: 'live' });
    });
    const d = diffPackages(p, q);
    expect(d.rules.added.map((r) => r.id)).toEqual(['night_atm']);
    expect(d.rules.removed.map((r) => r.id)).toEqual(['unusual_hour']);
    expect(d.rules.changed).toEqual([]);
    const [en, zh] = both(d);
    expect(en).toContain("+ rule night_atm added: Night ATM; when event.channel == 'ATM' && vars.local_hour < 5; outcome review; score 15");
    expect(en).toContain('- rule unusual_hour removed');
    expect(zh).toContain('+ 新增规则 night_atm：夜间取现');
    expect(zh).toContain('- 删除规则 unusual_hour');
  });

  it('reports every changed field with before and after, in reading order', () => {
    const p = card();
    const q = edit(p, (x) => {
      const r = ruleOf(x, 'device_many_cards');
      r.score = 30;
      r.outcome = 'challenge';
      r.challenge = ['sms_otp'];
      r.reasonCode = 'DEVICE_CARDS';
      r.reason = { zh: r.reason!.zh, en: 'Many cards on one device' };
      r.mode = 'shadow';
      r.enabled = false;
      r.tags = ['device'];
      r.component = { id: 'device_cards', args: { min: 4 } };
      r.actions = [{ type: 'tag', tag: 'device' }];
    });
    const d = diffPackages(p, q);
    expect(d.rules.changed).toHaveLength(1);
    const c = d.rules.changed[0]!;
    expect(c.id).toBe('device_many_cards');
    expect(c.changes).toEqual([
      { path: 'component', before: undefined, after: { id: 'device_cards', args: { min: 4 } } },
      { path: 'outcome', before: 'review', after: 'challenge' },
      { path: 'challenge', before: undefined, after: ['sms_otp'] },
      { path: 'score', before: 20, after: 30 },
      { path: 'reasonCode', before: 'DEVICE_MULTI_CARD', after: 'DEVICE_CARDS' },
      { path: 'reason.en', before: 'Three or more cards on one device within an hour', after: 'Many cards on one device' },
      { path: 'tags', before: undefined, after: ['device'] },
      { path: 'enabled', before: true, after: false },
      { path: 'mode', before: 'live', after: 'shadow' },
      { path: 'actions', before: undefined, after: [{ type: 'tag', tag: 'device' }] },
    ]);
    const [en, zh] = both(d);
    expect(en).toContain('~ rule device_many_cards: score 20 → 30');
    expect(en).toContain('~ rule device_many_cards: outcome "review" → "challenge"');
    expect(en).toContain('~ rule device_many_cards: mode "live" → "shadow"');
    expect(en).toContain('~ rule device_many_cards: enabled true → false');
    expect(en).toContain('~ rule device_many_cards: reason.en "Three or more cards on one device within an hour" → "Many cards on one device"');
    expect(zh).toContain('~ 规则 device_many_cards：分值 20 → 30');
    expect(zh).toContain('~ 规则 device_many_cards：模式 "live" → "shadow"');
  });

  it('reports component arguments and action fields by path', () => {
    const base = edit(card(), (x) => {
      ruleOf(x, 'card_testing').component = { id: 'burst', args: { count: 4, window: '10m' } };
    });
    const q = edit(base, (x) => {
      ruleOf(x, 'card_testing').component!.args.count = 6;
      ruleOf(x, 'card_testing').actions = [{ type: 'alert', level: 'critical', category: 'card_testing' }];
    });
    expect(diffPackages(base, q).rules.changed[0]!.changes).toEqual([
      { path: 'component.args.count', before: 4, after: 6 },
      { path: 'actions[0].level', before: 'high', after: 'critical' },
    ]);
  });
});

describe('diffPackages: thresholds', () => {
  const withCondition = (condition: string) => edit(card(), (x) => void (ruleOf(x, 'amount_spike').condition = condition));

  it('calls out a number changed inside a rule condition', () => {
    const d = diffPackages(withCondition('event.amount > 5000.0'), withCondition('event.amount > 8000.0'));
    expect(d.thresholds).toEqual([{ kind: 'rule', rule: 'amount_spike', path: 'condition', before: 5000, after: 8000, context: 'event.amount >' }]);
    expect(d.rules.changed[0]!.changes).toEqual([{ path: 'condition', before: 'event.amount > 5000.0', after: 'event.amount > 8000.0' }]);
    const [en, zh] = both(d);
    expect(en.split('\n')[0]).toBe('~ threshold in rule amount_spike (event.amount >): 5000 → 8000');
    expect(en).toContain('~ rule amount_spike: condition "event.amount > 5000.0" → "event.amount > 8000.0"');
    expect(zh.split('\n')[0]).toBe('~ 规则 amount_spike 阈值（event.amount >）：5000 → 8000');
  });

  it('finds thresholds in a condition that also changed shape, and ignores numbers in strings', () => {
    const d = diffPackages(
      withCondition("event.mcc == '4829' && event.amount > 2000.0 && features.card_auth_count_10m >= 3"),
      withCondition("event.mcc == '6051' && event.amount > 2500.0 && vars.is_cnp && features.card_auth_count_10m >= 5"),
    );
    expect(d.thresholds.map((t) => [t.before, t.after, t.context])).toEqual([
      [2000, 2500, 'event.amount >'],
      [3, 5, 'features.card_auth_count_10m >='],
    ]);
  });

  it('reads negative literals and leaves added literals to the condition change', () => {
    expect(diffPackages(withCondition('models.m > -5.0'), withCondition('models.m > -2.5')).thresholds.map((t) => [t.before, t.after])).toEqual([[-5, -2.5]]);
    expect(diffPackages(withCondition('event.amount > 10.0'), withCondition('event.amount > 10.0 && event.amount < 99.0')).thresholds).toEqual([]);
  });

  it('calls out score band bounds and the outcomes bands map to', () => {
    const p = card();
    const q = edit(p, (x) => {
      const s = stageOf<'score'>(x, 'score');
      s.bands[0]!.max = 60;
      s.bands[1]!.min = 60;
      s.bands[1]!.outcome = 'challenge';
    });
    const d = diffPackages(p, q);
    expect(d.thresholds).toEqual([
      { kind: 'stage', stage: 'score', path: 'bands[0].max', before: 50, after: 60 },
      { kind: 'stage', stage: 'score', path: 'bands[1].min', before: 50, after: 60 },
    ]);
    expect(d.outcomeMapping).toEqual([{ kind: 'stage', id: 'score', path: 'bands[1].outcome', before: 'review', after: 'challenge' }]);
    const [en, zh] = both(d);
    expect(en).toContain('~ threshold in stage score bands[1].min: 50 → 60');
    expect(en).toContain('~ outcome mapping in stage score bands[1].outcome: "review" → "challenge"');
    expect(zh).toContain('~ 阶段 score 分段[1].min 阈值：50 → 60');
    expect(zh).toContain('~ 阶段 score 分段[1].outcome 结果映射："review" → "challenge"');
  });

  it('calls out decision table bands, cells, row conditions and outcomes', () => {
    const p = edit(card(), (x) => {
      x.tables.push({ id: 'amount_rows', kind: 'rows', rows: [{ when: 'event.amount > 30000.0', outcome: 'review' }], defaultOutcome: 'pass' });
    });
    const q = edit(p, (x) => {
      const m = x.tables[0] as Extract<StrategyPackage['tables'][number], { kind: 'matrix' }>;
      m.col.bands = [1500, 20000];
      m.cells[1]![0] = 'review';
      const r = x.tables[1] as Extract<StrategyPackage['tables'][number], { kind: 'rows' }>;
      r.rows[0] = { when: 'event.amount > 25000.0', outcome: 'challenge' };
      r.defaultOutcome = undefined;
    });
    const d = diffPackages(p, q);
    expect(d.thresholds).toEqual([
      { kind: 'table', table: 'score_amount_matrix', path: 'col.bands[0]', before: 1000, after: 1500 },
      { kind: 'table', table: 'amount_rows', path: 'rows[0].when', before: 30000, after: 25000, context: 'event.amount >' },
    ]);
    expect(d.outcomeMapping).toEqual([
      { kind: 'table', id: 'score_amount_matrix', path: 'cells[1][0]', before: 'pass', after: 'review' },
      { kind: 'table', id: 'amount_rows', path: 'rows[0].outcome', before: 'review', after: 'challenge' },
      { kind: 'table', id: 'amount_rows', path: 'defaultOutcome', before: 'pass', after: undefined },
    ]);
    expect(renderDiff(d, 'en')).toContain('~ outcome mapping in decision table amount_rows defaultOutcome: "pass" → (none)');
  });

  it('calls out numbers in variables and in branch conditions', () => {
    const p = card();
    const q = edit(p, (x) => {
      x.variables.find((v) => v.name === 'is_small')!.expr = 'event.amount < 5.0';
      stageOf<'branch'>(x, 'route').branches[0]!.when = 'event.amount >= 15000.0';
    });
    const d = diffPackages(p, q);
    expect(d.thresholds).toEqual([
      { kind: 'stage', stage: 'route', path: 'branches[0].when', before: 20000, after: 15000, context: 'event.amount >=' },
      { kind: 'variable', variable: 'is_small', path: 'expr', before: 10, after: 5, context: 'event.amount <' },
    ]);
    expect(renderDiff(d, 'en')).toContain('~ threshold in variable is_small expr (event.amount <): 10 → 5');
  });
});

describe('diffPackages: rule sets and flow', () => {
  it('reports membership and order of rule sets', () => {
    const p = card();
    const q = edit(p, (x) => {
      const rs = x.ruleSets.find((r) => r.id === 'card_rules')!;
      rs.rules = ['card_testing', 'otp_failures', 'impossible_travel', 'new_country_large', 'amount_spike', 'device_many_cards', 'risky_merchant_category', 'extra'];
      x.ruleSets.push({ id: 'late', rules: ['unusual_hour'] });
      x.ruleSets = x.ruleSets.filter((r) => r.id !== 'bureau_rules');
    });
    const d = diffPackages(p, q);
    expect(d.ruleSets.added.map((r) => r.id)).toEqual(['late']);
    expect(d.ruleSets.removed.map((r) => r.id)).toEqual(['bureau_rules']);
    expect(d.ruleSets.changed).toMatchObject([{ id: 'card_rules', membersAdded: ['extra'], membersRemoved: ['unusual_hour', 'daily_spend_shadow'], reordered: true }]);
    const [en, zh] = both(d);
    expect(en).toContain('+ rule set late added: unusual_hour');
    expect(en).toContain('- rule set bureau_rules removed');
    expect(en).toContain('~ rule set card_rules members: + extra; - unusual_hour, daily_spend_shadow; order now card_testing, otp_failures,');
    expect(zh).toContain('~ 规则集 card_rules 成员：+ extra；- unusual_hour, daily_spend_shadow；顺序变为');
  });

  it('reports stages added, removed, reordered and changed field by field, hit policy included', () => {
    const p = card();
    const q = edit(p, (x) => {
      const stages = x.flow.stages.filter((s) => s.id !== 'matrix');
      const rules = stages.find((s) => s.id === 'rules') as Extract<Stage, { type: 'rules' }>;
      rules.mode = 'first';
      rules.exitOn = ['reject', 'challenge'];
      const [scorecard, score] = [stages.findIndex((s) => s.id === 'scorecard'), stages.findIndex((s) => s.id === 'score')];
      [stages[scorecard], stages[score]] = [stages[score]!, stages[scorecard]!];
      stages.push({ id: 'final_rules', type: 'rules', ruleSet: 'bureau_rules', mode: 'all' });
      x.flow.stages = stages;
    });
    const d = diffPackages(p, q);
    expect(d.flow.added.map((s) => s.id)).toEqual(['final_rules']);
    expect(d.flow.removed.map((s) => s.id)).toEqual(['matrix']);
    expect(d.flow.changed).toEqual([
      {
        id: 'rules',
        changes: [
          { path: 'mode', before: 'all', after: 'first' },
          { path: 'exitOn', before: ['reject'], after: ['reject', 'challenge'] },
        ],
      },
    ]);
    expect(d.flow.reordered?.after).toEqual(['lists', 'rules', 'route', 'bureau_check', 'bureau_rules', 'score', 'scorecard', 'final_rules']);
    const en = renderDiff(d, 'en');
    expect(en).toContain('+ stage final_rules added: rules bureau_rules (all)');
    expect(en).toContain('- stage matrix removed');
    expect(en).toContain('~ stage rules: mode "all" → "first"');
    expect(en).toContain('~ stage order: lists → rules → route → bureau_check → bureau_rules → scorecard → score → matrix ⇒ lists → rules → route → bureau_check → bureau_rules → score → scorecard → final_rules');
    expect(renderDiff(d, 'zh')).toContain('~ 阶段顺序：');
  });

  it('diffs list checks by list key when checks are added or removed', () => {
    const p = card();
    const q = edit(p, (x) => {
      const l = stageOf<'list'>(x, 'lists');
      l.checks = l.checks.filter((c) => c.list !== 'merchant_greylist');
      l.checks.find((c) => c.list === 'ip_blacklist')!.outcome = 'reject';
    });
    const d = diffPackages(p, q);
    expect(d.flow.changed[0]!.changes).toEqual([
      { path: 'checks[ip_blacklist].outcome', before: 'review', after: 'reject' },
      { path: 'checks[merchant_greylist]', before: stageOf<'list'>(p, 'lists').checks[4], after: undefined },
    ]);
    expect(renderDiff(d, 'en')).toContain('~ stage lists: checks[merchant_greylist] removed');
  });
});

describe('diffPackages: the other parts of a package', () => {
  it('reports features with whether their state changes', () => {
    const p = card();
    const q = edit(p, (x) => {
      const f = x.features.find((f) => f.name === 'card_auth_count_10m')!;
      if (f.kind === 'velocity') f.window = '15m';
      const g = x.features.find((f) => f.name === 'card_small_cnp_10m')!;
      if (g.kind === 'velocity') g.includeCurrent = true;
      x.features = x.features.filter((f) => f.name !== 'card_geo');
      x.features.push({ kind: 'velocity', name: 'card_atm_count_24h', agg: 'count', by: ['card'], window: '24h', eventTypes: ['card_auth'], filter: "event.channel == 'ATM'" });
    });
    const d = diffPackages(p, q);
    expect(d.features.added.map((f) => f.name)).toEqual(['card_atm_count_24h']);
    expect(d.features.removed.map((f) => f.name)).toEqual(['card_geo']);
    expect(d.features.changed).toEqual([
      { id: 'card_auth_count_10m', changes: [{ path: 'window', before: '10m', after: '15m' }], newState: true },
      { id: 'card_small_cnp_10m', changes: [{ path: 'includeCurrent', before: undefined, after: true }], newState: false },
    ]);
    const [en, zh] = both(d);
    expect(en).toContain('+ feature card_atm_count_24h added: velocity count by card / 24h');
    expect(en).toContain('~ feature card_auth_count_10m: window "10m" → "15m"');
    expect(en).toContain('~ feature card_auth_count_10m: keeps a new state; its history is not carried over');
    expect(en).not.toContain('card_small_cnp_10m: keeps a new state');
    expect(zh).toContain('~ 特征 card_auth_count_10m：窗口 "10m" → "15m"');
  });

  it('reports variables changed and reordered, and lists referenced', () => {
    const p = card();
    const q = edit(p, (x) => {
      x.variables.reverse();
      x.variables.find((v) => v.name === 'is_cnp')!.description = 'Card not present (ECOM, MOBILE)';
      x.lists = x.lists.filter((l) => l !== 'merchant_greylist').concat('mule_accounts');
    });
    const d = diffPackages(p, q);
    expect(d.variables.changed).toEqual([{ id: 'is_cnp', changes: [{ path: 'description', before: 'Card not present', after: 'Card not present (ECOM, MOBILE)' }] }]);
    expect(d.variables.reordered).toEqual({ before: ['is_cnp', 'is_small', 'local_hour', 'risky_mcc'], after: ['risky_mcc', 'local_hour', 'is_small', 'is_cnp'] });
    expect(d.lists).toEqual({ added: ['mule_accounts'], removed: ['merchant_greylist'] });
    const en = renderDiff(d, 'en');
    expect(en).toContain('+ list mule_accounts referenced');
    expect(en).toContain('- list merchant_greylist no longer referenced');
    expect(en).toContain('~ variable order: is_cnp → is_small → local_hour → risky_mcc ⇒ risky_mcc → local_hour → is_small → is_cnp');
  });

  it('reports models, data sources, outcome actions, test cases and package fields', () => {
    const p = card();
    const q = edit(p, (x) => {
      x.name.en = 'Card authorisation strategy';
      x.description = undefined;
      x.direction = 'post';
      const m = x.models[0]!;
      if (m.kind === 'scorecard') m.baseScore = 620;
      x.dataSources[0]!.timeoutMs = 30;
      x.dataSources[0]!.fallback = null;
      x.outcomeActions = { reject: [{ type: 'alert', level: 'critical', category: 'card_reject' }], challenge: [{ type: 'tag', tag: 'stepped_up' }] };
      x.testCases![0]!.expectOutcome = 'review';
      x.testCases!.push({ name: 'blacklisted card', data: { card: '6222020000000000018', customer_id: 'C1', amount: 5, channel: 'POS', org: 'bank_a' }, expectOutcome: 'reject' });
    });
    const d = diffPackages(p, q);
    expect(d.package).toEqual([
      { path: 'name.en', before: 'Card authorisation default strategy', after: 'Card authorisation strategy' },
      { path: 'description', before: p.description, after: undefined },
      { path: 'direction', before: 'in', after: 'post' },
    ]);
    expect(d.models.changed).toEqual([{ id: 'card_fraud_scorecard', changes: [{ path: 'baseScore', before: 600, after: 620 }] }]);
    expect(d.dataSources.changed).toEqual([
      {
        id: 'bureau',
        changes: [
          { path: 'timeoutMs', before: 20, after: 30 },
          { path: 'fallback', before: { score: 600.0, fraudFlag: false }, after: null },
        ],
      },
    ]);
    expect(d.outcomeActions.added).toEqual([{ outcome: 'challenge', actions: [{ type: 'tag', tag: 'stepped_up' }] }]);
    expect(d.outcomeActions.changed).toEqual([{ id: 'reject', changes: [{ path: 'actions[0].level', before: 'high', after: 'critical' }] }]);
    expect(d.testCases.added.map((t) => t.name)).toEqual(['blacklisted card']);
    expect(d.testCases.changed).toEqual([{ id: 'ordinary POS purchase passes', changes: [{ path: 'expectOutcome', before: 'pass', after: 'review' }] }]);
    const [en, zh] = both(d);
    for (const line of [
      '~ package: name.en "Card authorisation default strategy" → "Card authorisation strategy"',
      '~ package: direction "in" → "post"',
      '~ model card_fraud_scorecard: baseScore 600 → 620',
      '~ data source bureau: timeoutMs 20 → 30',
      '+ actions on outcome challenge added: tag',
      '~ actions on outcome reject: actions[0].level "high" → "critical"',
      '+ test case "blacklisted card" added: expects reject',
      '~ test case "ordinary POS purchase passes": expectOutcome "pass" → "review"',
    ]) {
      expect(en).toContain(line);
    }
    expect(zh).toContain('~ 策略包：方向 "in" → "post"');
    expect(zh).toContain('~ 测试用例 "ordinary POS purchase passes"：期望结果 "pass" → "review"');
    // The test card number of the new case never appears in clear.
    expect(en).not.toContain('6222020000000000018');
  });

  it('keeps repeated ids apart instead of dropping them', () => {
    const p = card();
    const q = edit(p, (x) => void x.rules.push({ ...structuredClone(ruleOf(x, 'card_testing')), score: 1 }));
    const d = diffPackages(p, q);
    expect(d.rules.added.map((r) => r.score)).toEqual([1]);
    expect(renderDiff(d, 'en')).toContain('+ rule card_testing added');
  });

  it('is deterministic', () => {
    const p = card();
    const q = loginStrategy('https://ip.example/rep');
    expect(JSON.stringify(diffPackages(p, q))).toBe(JSON.stringify(diffPackages(structuredClone(p), structuredClone(q))));
    expect(renderDiff(diffPackages(p, q), 'zh')).toBe(renderDiff(diffPackages(p, q), 'zh'));
  });
});
