import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Stage, StrategyPackage } from '../types.ts';
import { cardAuthStrategy, loginStrategy } from '../../test/fixtures/demo-packages.ts';
import { diffPackages, type CollectionDiff } from './diff-packages.ts';
import { fieldChanges, sameValue } from './field-changes.ts';
import { numericLiteralChanges } from './numeric-literal-changes.ts';
import { renderDiff } from './render-diff.ts';

const bases: StrategyPackage[] = [cardAuthStrategy('https://bureau.example/score'), loginStrategy('https://ip.example/rep')];

/**
 * A change to a package that a reviewer must see; `n` picks the item and the amount. Applied in
 * sequence a mutation may find its target gone (a removed stage); it then does nothing.
 */
type Mutation = (p: StrategyPackage, n: number) => void;
const at = <T,>(xs: T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);

const MUTATIONS: Record<string, Mutation> = {
  ruleScore: (p, n) => {
    const r = at(p.rules, n);
    if (r) r.score = (r.score ?? 0) + 1 + (n % 7);
  },
  ruleCondition: (p, n) => {
    const r = at(p.rules, n);
    if (r) r.condition += ' && true';
  },
  ruleThreshold: (p, n) => {
    const r = at(p.rules, n);
    if (r) r.condition = /\d+\.\d+/.test(r.condition) ? r.condition.replace(/\d+\.\d+/, (m) => (Number(m) + 1 + (n % 5)).toFixed(2)) : `${r.condition} && event.amount > ${n}.0`;
  },
  ruleEnabled: (p, n) => {
    const r = at(p.rules, n);
    if (r) r.enabled = !r.enabled;
  },
  ruleMode: (p, n) => {
    const r = at(p.rules, n);
    if (r) r.mode = r.mode === 'live' ? 'shadow' : 'live';
  },
  ruleRemoved: (p, n) => void p.rules.splice(n % Math.max(1, p.rules.length), 1),
  ruleAdded: (p, n) => void p.rules.push({ id: `added_${n}_${p.rules.length}`, name: { zh: '新', en: 'New' }, condition: `event.amount > ${n}.0`, reasonCode: 'NEW', enabled: true, mode: 'live' }),
  reasonText: (p, n) => {
    const r = at(p.rules, n);
    if (r) r.reason = { zh: '改', en: `Changed ${n} ${r.reason?.en ?? ''}` };
  },
  ruleSetMembers: (p, n) => void at(p.ruleSets, n)?.rules.push(`member_${n}`),
  stageSwap: (p, n) => {
    const s = p.flow.stages;
    if (s.length < 2) return;
    const i = n % (s.length - 1);
    [s[i], s[i + 1]] = [s[i + 1]!, s[i]!];
  },
  stageRemoved: (p, n) => void p.flow.stages.splice(n % Math.max(1, p.flow.stages.length), 1),
  bandMoved: (p, n) => {
    const score = p.flow.stages.find((s): s is Extract<Stage, { type: 'score' }> => s.type === 'score');
    const band = score && at(score.bands, n);
    if (band) band.min += 1 + (n % 9);
  },
  exitOn: (p, n) => {
    const s = at(p.flow.stages, n);
    if (s) s.exitOn = s.exitOn?.[0] === 'challenge' ? ['review'] : ['challenge'];
  },
  featureWindow: (p, n) => {
    const f = at(p.features, n);
    if (f?.kind === 'velocity') f.window = f.window === '7d' ? '8d' : '7d';
    else if (f) f.filter = f.filter === 'true' ? 'false' : 'true';
  },
  variableExpr: (p, n) => {
    const v = at(p.variables, n);
    if (v) v.expr += ' || false';
  },
  listRemoved: (p, n) => void p.lists.splice(n % Math.max(1, p.lists.length), 1),
  dataSourceTimeout: (p, n) => {
    const d = at(p.dataSources, n);
    if (d) d.timeoutMs += 1;
  },
  modelRemoved: (p) => void p.models.pop(),
  tableAdded: (p, n) => void p.tables.push({ id: `t_${n}_${p.tables.length}`, kind: 'rows', rows: [{ when: 'true', outcome: 'review' }] }),
  outcomeAction: (p, n) => void (p.outcomeActions = { ...p.outcomeActions, challenge: [...(p.outcomeActions?.challenge ?? []), { type: 'tag', tag: `t${n}` }] }),
  testCaseAdded: (p, n) => void (p.testCases = [...(p.testCases ?? []), { name: `case ${n} ${p.testCases?.length ?? 0}`, data: {}, expectOutcome: 'pass' }]),
  packageName: (p, n) => void (p.name = { ...p.name, en: `${p.name.en} ${n}` }),
  direction: (p) => void (p.direction = p.direction === 'in' ? 'post' : 'in'),
};
const names = Object.keys(MUTATIONS);

const mutation = fc.tuple(fc.constantFrom(...names), fc.nat({ max: 1000 }));
const mutate = (p: StrategyPackage, ms: Array<[string, number]>): StrategyPackage => {
  const q = structuredClone(p);
  for (const [name, n] of ms) MUTATIONS[name]!(q, n);
  return q;
};

const ids = (xs: unknown[], key = 'id') => xs.map((x) => String((x as Record<string, unknown>)[key]));
const collections = ['rules', 'ruleSets', 'flow', 'variables', 'features', 'models', 'dataSources', 'tables', 'testCases'] as const;
const keyOf = (c: (typeof collections)[number]) => (c === 'variables' || c === 'features' || c === 'testCases' ? 'name' : 'id');

describe('diffPackages properties', () => {
  it('a package compared with itself or a copy of itself is an empty diff, however it was changed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(mutation, { maxLength: 8 }), (base, ms) => {
        const p = mutate(base, ms);
        expect(diffPackages(p, p).empty).toBe(true);
        expect(diffPackages(p, structuredClone(p)).empty).toBe(true);
        expect(renderDiff(diffPackages(p, structuredClone(p)), 'en')).toBe('No changes.');
      }),
      { numRuns: 300 },
    );
  });

  it('any single change gives a non-empty diff that renders to text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), mutation, (base, m) => {
        const d = diffPackages(base, mutate(base, [m]));
        expect(d.empty).toBe(false);
        if (m[0] === 'ruleThreshold' && /\d+\.\d+/.test(at(base.rules, m[1])!.condition)) {
          expect(d.thresholds).toMatchObject([{ kind: 'rule', rule: at(base.rules, m[1])!.id, path: 'condition' }]);
          expect(renderDiff(d, 'en')).toContain(`~ threshold in rule ${at(base.rules, m[1])!.id}`);
        }
        expect(renderDiff(d, 'en')).not.toBe('No changes.');
        expect(renderDiff(d, 'zh')).not.toBe('无变更。');
      }),
      { numRuns: 300 },
    );
  });

  it('comparing the other way round swaps added and removed, and before and after', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 6 }), (base, ms) => {
        const q = mutate(base, ms);
        const ab = diffPackages(base, q);
        const ba = diffPackages(q, base);
        expect(ba.empty).toBe(ab.empty);
        for (const c of collections) {
          const [x, y] = [ab[c] as CollectionDiff<unknown>, ba[c] as CollectionDiff<unknown>];
          expect(ids(y.added, keyOf(c)).sort()).toEqual(ids(x.removed, keyOf(c)).sort());
          expect(ids(y.removed, keyOf(c)).sort()).toEqual(ids(x.added, keyOf(c)).sort());
          expect(y.changed.map((ch) => ch.id).sort()).toEqual(x.changed.map((ch) => ch.id).sort());
        }
        expect(ba.lists).toEqual({ added: ab.lists.removed, removed: ab.lists.added });
        const swap = (ts: typeof ab.thresholds) => ts.map((t) => `${t.kind}:${t.path}:${t.after}:${t.before}`).sort();
        expect(ba.thresholds.map((t) => `${t.kind}:${t.path}:${t.before}:${t.after}`).sort()).toEqual(swap(ab.thresholds));
      }),
      { numRuns: 200 },
    );
  });
});

describe('fieldChanges properties', () => {
  it('finds no change exactly when the values are equal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (x, y) => {
        expect(fieldChanges(x, structuredClone(x))).toEqual([]);
        expect(fieldChanges(x, y).length === 0).toBe(sameValue(x, y));
      }),
      { numRuns: 500 },
    );
  });
});

describe('numericLiteralChanges properties', () => {
  it('reports exactly the numbers that differ between two fillings of one condition', () => {
    const value = fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 4);
    const literal = (v: number) => (Number.isInteger(v) ? `${v}.0` : String(v));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 6 }), (pairs) => {
        const fill = (k: 0 | 1) => pairs.map((p, i) => `features.f${i} >= ${literal(p[k])} && event.s${i} != '${p[0]}'`).join(' || ');
        const changes = numericLiteralChanges(fill(0), fill(1));
        expect(changes.map((c) => [c.before, c.after, c.context])).toEqual(
          pairs.flatMap((p, i) => (p[0] === p[1] ? [] : [[p[0], p[1], `features.f${i} >=`]])),
        );
      }),
      { numRuns: 300 },
    );
  });
});
