import { describe, expect, it } from 'vitest';
import { compileStrategy, evaluateStrategy, expandComponent, instantiateTemplate, RULE_TEMPLATES, ValidationError, type RuleComponent } from '../src/index.ts';
import { harness, input, payment, pkg } from './fixtures.ts';

const bigForChannel: RuleComponent = {
  id: 'big_for_channel',
  name: { zh: '渠道大额', en: 'Large for channel' },
  params: [
    { name: 'min', type: 'double', description: { zh: '下限', en: 'Floor' } },
    { name: 'channels', type: 'string_list', description: { zh: '渠道', en: 'Channels' } },
    { name: 'label', type: 'string', description: { zh: '标签', en: 'Label' }, default: 'x' },
  ],
  expression: 'event.amount >= {{min}} && event.channel in {{channels}} && {{label}} != ""',
};

describe('rule components', () => {
  it('fills placeholders with typed CEL literals', () => {
    expect(expandComponent(bigForChannel, { min: 500, channels: ['ECOM'] })).toBe('event.amount >= (500.0) && event.channel in (["ECOM"]) && ("x") != ""');
  });

  it('cannot be used to inject CEL through an argument', () => {
    const out = expandComponent(bigForChannel, { min: 1, channels: ['a"] || true || ["'], label: '" || true || "' });
    expect(out).toContain(JSON.stringify('a"] || true || ["'));
    expect(out).toContain(JSON.stringify('" || true || "'));
    const c = compileStrategy(pkg({ rules: [{ id: 'r', name: { zh: 'r', en: 'r' }, condition: out, reasonCode: 'R', enabled: true, mode: 'live' }], ruleSets: [{ id: 's', rules: ['r'] }], flow: { stages: [{ id: 'x', type: 'rules', ruleSet: 's', mode: 'all' }] } }), payment, 1);
    expect(c.rules.size).toBe(1);
    expect(() => expandComponent(bigForChannel, { min: 'event.amount', channels: [] })).toThrow(ValidationError);
    expect(() => expandComponent({ ...bigForChannel, params: [{ name: 'f', type: 'field', description: { zh: '', en: '' } }], expression: '{{f}} > 1.0' }, { f: 'amount || true' })).toThrow(ValidationError);
  });

  it('refuses placeholders written inside string literals', () => {
    for (const expression of ["event.channel == '{{ch}}'", 'event.channel == "x{{ch}}"', "event.channel == '''{{ch}}'''", "'it\\'s {{ch}}' != ''"]) {
      const c = { ...bigForChannel, params: [{ name: 'ch', type: 'string' as const, description: { zh: '', en: '' } }], expression };
      expect(() => expandComponent(c, { ch: "' || true || '" }), expression).toThrow(/string literal/);
    }
    const ok = { ...bigForChannel, params: [{ name: 'ch', type: 'string' as const, description: { zh: '', en: '' } }], expression: "event.channel == {{ch}} && '{{' != '}}'" };
    expect(expandComponent(ok, { ch: 'POS' })).toBe(`event.channel == ("POS") && '{{' != '}}'`);
  });

  it('reports missing, unknown and undeclared parameters', () => {
    try {
      expandComponent({ ...bigForChannel, expression: bigForChannel.expression + ' && {{ghost}}' }, { nope: 1 });
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.path).sort()).toEqual(['args.channels', 'args.min', 'args.nope', 'expression']);
    }
  });
});

describe('rule templates', () => {
  it('every template instantiates into a rule and features that compile and run', async () => {
    const args: Record<string, Record<string, unknown>> = {
      velocity_count: { entity: 'card', eventTypes: ['payment'], window: '10m', max: 2 },
      amount_vs_usual: { entity: 'card' },
      on_list: { field: 'card', list: 'black' },
      new_device_large_amount: { customer: 'card', device: 'device', minAmount: 100 },
    };
    for (const t of RULE_TEMPLATES) {
      const { rule, features } = instantiateTemplate(t.id, args[t.id]!, { ruleId: `t_${t.id}`, outcome: 'review', reasonCode: t.id.toUpperCase() });
      const p = pkg({ features, rules: [rule], ruleSets: [{ id: 's', rules: [rule.id] }], flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] } });
      const { compiled, h } = harness([p]);
      const r = await evaluateStrategy(compiled[0]!, input({ card: 'tok_t', amount: 50, device: 'd1', org: 'bank_a' }), h.deps);
      expect(r.trace.ruleErrors, t.id).toBe(0);
    }
  });

  it('fires the velocity template past its threshold', async () => {
    const { rule, features } = instantiateTemplate('velocity_count', { entity: 'card', eventTypes: ['payment'], window: '10m', max: 2 }, { ruleId: 'burst', outcome: 'reject', reasonCode: 'BURST' });
    const p = pkg({ features, rules: [rule], ruleSets: [{ id: 's', rules: ['burst'] }], flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] } });
    const { compiled, h } = harness([p]);
    const t0 = Date.parse('2026-11-01T10:00:00Z');
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await evaluateStrategy(compiled[0]!, input({ card: 'tok_v', amount: 5 }, t0 + i * 1000), h.deps)).outcome);
    expect(outcomes).toEqual(['pass', 'pass', 'reject', 'reject']);
  });

  it('refuses bad arguments with their paths', () => {
    expect(() => instantiateTemplate('velocity_count', { entity: 'card; drop', eventTypes: 'x', window: 'forever', max: 1.5 }, { ruleId: '1bad', reasonCode: 'X' })).toThrow(ValidationError);
    try {
      instantiateTemplate('velocity_count', { entity: 'card; drop', eventTypes: 'x', window: 'forever', max: 1.5 }, { ruleId: '1bad', reasonCode: 'X' });
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.path).sort()).toEqual(['args.entity', 'args.eventTypes', 'args.max', 'args.window', 'ruleId']);
    }
  });
});
