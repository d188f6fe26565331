import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { harness, input, payment, pkg, rule } from '../../test/fixtures.ts';
import { compileStrategy } from '../compile-strategy.ts';
import { evaluateStrategy } from '../evaluate.ts';
import { ValidationError } from '../validation-error.ts';
import { importLightgbmText } from './import/import-lightgbm-text.ts';

const text = readFileSync(new URL('../../test/fixtures/models/lgb-binary.txt', import.meta.url), 'utf8');
// amount from the event, velocity from a field payments may leave out, age never set.
const model = importLightgbmText(text, { id: 'lgb', inputs: { amount: 'event.amount', velocity: 'event.count', age: 'null' } });

describe('a tree model in a strategy', () => {
  it('scores in the model stage and shows in the trace', async () => {
    const p = pkg({ models: [model], flow: { stages: [{ id: 'm', type: 'model', model: 'lgb', bands: [{ min: 0.5, outcome: 'review', riskLevel: 'high' }] }] } });
    const { compiled, h } = harness([p]);
    const card = { card: 'tok_a', channel: 'POS', org: 'bank_a' };
    // amount 50, count 2: -0.5 + 0.2 + 0.0625 (see import-lightgbm-text.test.ts).
    const low = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 50, count: 2 }), h.deps);
    expect(low.trace.models.lgb).toBeCloseTo(1 / (1 + Math.exp(0.2375)), 12);
    expect(low.outcome).toBe('pass');
    // amount 5000, no count: T0 5000 > 100.5, age missing at a None split reads 0 → 0.25;
    // T1 velocity missing → default right, 5000 > 1000 → 0.4; T2 0.0625. Margin 0.7125.
    const high = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 5000 }), h.deps);
    expect(high.trace.models.lgb).toBeCloseTo(1 / (1 + Math.exp(-0.7125)), 12);
    expect(high.outcome).toBe('review');
    const stage = high.trace.stages.find((s) => s.id === 'm')!;
    // Reading an absent field is a recorded error, and the input is then missing.
    expect(stage.errors.map((e) => e.code)).toEqual(['CEL_NO_SUCH_KEY']);
    expect((stage.output as { contributions: Array<{ bin?: string }> }).contributions.map((c) => c.bin)).toEqual([undefined, 'missing', 'missing']);
  });

  it('gives later rules the score and the reason codes as variables', async () => {
    const p = pkg({
      models: [{ ...model, reasonCount: 2 }],
      rules: [rule('amount_drives_risk', "models.lgb > 0.5 && 'amount' in modelReasons.lgb", { outcome: 'review' })],
      ruleSets: [{ id: 'after_model', rules: ['amount_drives_risk'] }],
      flow: { stages: [{ id: 'm', type: 'model', model: 'lgb' }, { id: 'r', type: 'rules', ruleSet: 'after_model', mode: 'all' }] },
    });
    const { compiled, h } = harness([p]);
    const card = { card: 'tok_a', channel: 'POS', org: 'bank_a' };
    const high = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 5000, count: 2 }), h.deps);
    const stage = high.trace.stages.find((s) => s.id === 'm')!;
    const reasons = (stage.output as { reasons: string[] }).reasons;
    // The inputs that pushed the margin up the most, by their feature names, at most two.
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.length).toBeLessThanOrEqual(2);
    expect(reasons[0]).toBe('amount');
    expect(high.hits.map((x) => x.ruleId)).toEqual(['amount_drives_risk']);
    const low = await evaluateStrategy(compiled[0]!, input({ ...card, amount: 50, count: 2 }), h.deps);
    expect(low.hits).toEqual([]);
  });

  it('reports bad input expressions at models[i].inputs[j]', () => {
    const p = pkg({ models: [{ ...model, inputs: ['event.amount', 'event.nope', 'null'] }], flow: { stages: [{ id: 'm', type: 'model', model: 'lgb' }] } });
    try {
      compileStrategy(p, payment, 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual(['models[0].inputs[1]']);
    }
    const broken = pkg({ models: [{ ...model, trees: [{ ...model.trees[0]!, left: [0, -1, -2] }] }], flow: { stages: [{ id: 'm', type: 'model', model: 'lgb' }] } });
    expect(() => compileStrategy(broken, payment, 1)).toThrow(ValidationError);
  });
});
