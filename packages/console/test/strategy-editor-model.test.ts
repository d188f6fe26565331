import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteCel, tokenizeCel, unquoteCel } from '../src/modules/strategy-editor/model/cel-tokens.ts';
import { BUILDER_OPERATORS, celToCondition, conditionToCel, type BuilderCondition, type ConditionRow } from '../src/modules/strategy-editor/model/condition-builder.ts';
import { bandsValid, nextBand, sortBands, validateBands } from '../src/modules/strategy-editor/model/score-bands.ts';
import { END_NODE, flowToGraph, START_NODE } from '../src/modules/strategy-editor/model/flow-graph.ts';

describe('CEL tokenizer', () => {
  const kinds = (src: string) => tokenizeCel(src).filter((t) => t.type !== 'whitespace').map((t) => [t.type, t.text]);

  it('classifies strings, numbers, operators, identifiers, keywords and function calls', () => {
    expect(kinds(`event.amount >= 5000.0 && inList("card_blacklist", event.card) || event.mcc in ['6051'] && x != null`)).toEqual([
      ['identifier', 'event'], ['punctuation', '.'], ['identifier', 'amount'], ['operator', '>='], ['number', '5000.0'], ['operator', '&&'],
      ['function', 'inList'], ['punctuation', '('], ['string', '"card_blacklist"'], ['punctuation', ','], ['identifier', 'event'], ['punctuation', '.'], ['identifier', 'card'], ['punctuation', ')'],
      ['operator', '||'], ['identifier', 'event'], ['punctuation', '.'], ['identifier', 'mcc'], ['keyword', 'in'], ['punctuation', '['], ['string', "'6051'"], ['punctuation', ']'],
      ['operator', '&&'], ['identifier', 'x'], ['operator', '!='], ['keyword', 'null'],
    ]);
  });

  it('reads escapes, raw and triple-quoted strings, hex and exponent numbers, comments', () => {
    expect(kinds(String.raw`"a\"b" r'\d+' """x"y""" 0x1F 1e3 7u // note`)).toEqual([
      ['string', String.raw`"a\"b"`], ['string', String.raw`r'\d+'`], ['string', '"""x"y"""'], ['number', '0x1F'], ['number', '1e3'], ['number', '7u'], ['comment', '// note'],
    ]);
  });

  it('covers every character and never throws, even on garbage', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (src) => {
        const toks = tokenizeCel(src);
        expect(toks.map((t) => t.text).join('')).toBe(src);
        toks.forEach((t, i) => expect(t.from).toBe(i === 0 ? 0 : toks[i - 1]!.to));
      }),
    );
    expect(kinds('"unterminated')).toEqual([['invalid', '"unterminated']]);
    expect(kinds('a # b')).toEqual([['identifier', 'a'], ['invalid', '#'], ['identifier', 'b']]);
  });

  it('quotes any string so it reads back the same', () => {
    expect(quoteCel('say "hi"\\ now\n')).toBe(String.raw`"say \"hi\"\\ now\n"`);
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (s) => {
      expect(unquoteCel(quoteCel(s))).toBe(s);
    }));
    expect(tokenizeCel(quoteCel('a"b\\')).length).toBe(1);
  });
});

const subject = fc.constantFrom('event.amount', 'event.channel', 'features.card_count_10m', 'vars.is_cnp', 'event.geo.lat', 'amount');
const str = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('"', "'", '\\', 'a"b\\"c', '\n\t', '中文"名单'));
const row: fc.Arbitrary<ConditionRow> = fc.oneof(
  fc.record({ subject, op: fc.constantFrom('==', '!=', '>', '>=', '<', '<=' as const), value: fc.record({ kind: fc.constant('int' as const), value: fc.integer({ min: -1e9, max: 1e9 }) }) }),
  fc.record({
    subject,
    op: fc.constantFrom('==', '!=', '>', '>=', '<', '<=' as const),
    value: fc.record({ kind: fc.constant('double' as const), value: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)) }),
  }),
  fc.record({ subject, op: fc.constantFrom('==', '!=' as const), value: fc.record({ kind: fc.constant('string' as const), value: str }) }),
  fc.record({ subject, op: fc.constantFrom('==', '!=' as const), value: fc.record({ kind: fc.constant('bool' as const), value: fc.boolean() }) }),
  fc.record({ subject, op: fc.constantFrom('contains', 'startsWith' as const), value: fc.record({ kind: fc.constant('string' as const), value: str }) }),
  fc.record({ subject, op: fc.constantFrom('in_list', 'not_in_list' as const), value: fc.record({ kind: fc.constant('list' as const), value: fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/) }) }),
);
const condition: fc.Arbitrary<BuilderCondition> = fc.record({ join: fc.constantFrom('and', 'or' as const), rows: fc.array(row, { minLength: 1, maxLength: 6 }) });

describe('condition builder', () => {
  it('writes CEL for every operator', () => {
    const c: BuilderCondition = {
      join: 'and',
      rows: [
        { subject: 'event.amount', op: '>=', value: { kind: 'double', value: 5000 } },
        { subject: 'features.card_count_10m', op: '>', value: { kind: 'int', value: 3 } },
        { subject: 'event.card', op: 'not_in_list', value: { kind: 'list', value: 'card_blacklist' } },
        { subject: 'event.merchant_id', op: 'in_list', value: { kind: 'list', value: 'merchant_greylist' } },
        { subject: 'event.city', op: 'startsWith', value: { kind: 'string', value: 'Hang"zhou' } },
        { subject: 'event.ip', op: 'contains', value: { kind: 'string', value: '10.' } },
        { subject: 'vars.is_cnp', op: '==', value: { kind: 'bool', value: true } },
      ],
    };
    expect(conditionToCel(c)).toBe(
      'event.amount >= 5000.0 && features.card_count_10m > 3 && !inList("card_blacklist", event.card) && inList("merchant_greylist", event.merchant_id) && event.city.startsWith("Hang\\"zhou") && event.ip.contains("10.") && vars.is_cnp == true',
    );
    expect(conditionToCel({ join: 'or', rows: [] })).toBe('true');
    expect(BUILDER_OPERATORS).toHaveLength(10);
  });

  it('reads back whatever it generates (round trip)', () => {
    fc.assert(fc.property(condition, (c) => {
      const back = celToCondition(conditionToCel(c));
      expect(back).toEqual(c.rows.length > 1 ? c : { ...c, join: 'and' });
    }), { numRuns: 500 });
  });

  it('reads hand-written spacing and single quotes, negative numbers', () => {
    expect(celToCondition("event.amount>=-5.5||event.channel=='ECOM'")).toEqual({
      join: 'or',
      rows: [
        { subject: 'event.amount', op: '>=', value: { kind: 'double', value: -5.5 } },
        { subject: 'event.channel', op: '==', value: { kind: 'string', value: 'ECOM' } },
      ],
    });
    expect(celToCondition('true')).toEqual({ join: 'and', rows: [] });
  });

  it('refuses what it cannot show, so the rule opens in the CEL editor', () => {
    for (const src of [
      'event.amount > 1.0 && event.amount < 5.0 || vars.x == true',
      '(event.amount > 1.0)',
      'event.mcc in ["6051"]',
      'features.a > features.b',
      'size(event.tags) > 2',
      'event.amount > 1.0 // comment',
      '!vars.x',
      'event.amount > 0x10',
      "event.name.matches('^a')",
      '',
      'event.amount >',
      'inList("a", event.card) &&',
    ]) expect(celToCondition(src), src).toBeNull();
  });
});

describe('score bands', () => {
  it('accepts ordered, non-overlapping bands with an open last band', () => {
    const bands = [{ min: -100000, max: 50 }, { min: 50, max: 80 }, { min: 80 }];
    expect(validateBands(bands)).toEqual([]);
    expect(bandsValid(bands)).toBe(true);
  });

  it('flags overlaps, disorder, empty ranges, an open band before others, and gaps as warnings', () => {
    expect(validateBands([{ min: 0, max: 60 }, { min: 50, max: 80 }])).toEqual([{ index: 1, code: 'OVERLAP', severity: 'error' }]);
    expect(validateBands([{ min: 50, max: 80 }, { min: 0, max: 50 }])).toEqual([{ index: 1, code: 'UNORDERED', severity: 'error' }]);
    expect(validateBands([{ min: 10, max: 10 }])).toEqual([{ index: 0, code: 'EMPTY', severity: 'error' }]);
    expect(validateBands([{ min: 0 }, { min: 10, max: 20 }])).toEqual([{ index: 0, code: 'OPEN_NOT_LAST', severity: 'error' }]);
    expect(validateBands([{ min: 0, max: 10 }, { min: 20 }])).toEqual([{ index: 1, code: 'GAP', severity: 'warning' }]);
    expect(bandsValid([{ min: 0, max: 10 }, { min: 20 }])).toBe(true);
    expect(validateBands([{ min: Number.NaN }])).toEqual([{ index: 0, code: 'NOT_A_NUMBER', severity: 'error' }]);
    expect(validateBands([])).toEqual([{ index: 0, code: 'NONE', severity: 'error' }]);
  });

  it('sorts and proposes the next band', () => {
    expect(sortBands([{ min: 5 }, { min: 1, max: 5 }])).toEqual([{ min: 1, max: 5 }, { min: 5 }]);
    expect(nextBand([{ min: 0, max: 50 }])).toEqual({ min: 50, max: 60 });
    expect(nextBand([])).toEqual({ min: 0, max: 50 });
  });
});

describe('flow graph', () => {
  it('links stages in order by default, follows next, branches and exits', () => {
    const g = flowToGraph([
      { id: 'lists', type: 'list', exitOn: ['reject'] },
      { id: 'route', type: 'branch', branches: [{ when: 'event.amount > 1000.0', next: 'big' }], default: 'small' },
      { id: 'big', type: 'rules', next: 'score' },
      { id: 'small', type: 'rules', next: 'end' },
      { id: 'score', type: 'score' },
    ]);
    expect(g.cyclic).toBe(false);
    const e = (source: string) => g.edges.filter((x) => x.source === source).map((x) => [x.kind, x.target, x.label]);
    expect(e(START_NODE)).toEqual([['next', 'lists', undefined]]);
    expect(e('lists')).toEqual([['next', 'route', undefined], ['exit', END_NODE, 'reject']]);
    expect(e('route')).toEqual([['branch', 'big', 'event.amount > 1000.0'], ['default', 'small', undefined]]);
    expect(e('small')).toEqual([['next', END_NODE, undefined]]);
    expect(e('score')).toEqual([['next', END_NODE, undefined]]);
    const layer = Object.fromEntries(g.nodes.map((n) => [n.id, n.layer]));
    expect(layer).toMatchObject({ [START_NODE]: 0, lists: 1, route: 2, big: 3, small: 3, score: 4, [END_NODE]: 5 });
    expect(new Set(g.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(g.nodes.length);
    expect(g.nodes.find((n) => n.id === 'big')).toMatchObject({ kind: 'stage', stageType: 'rules', index: 2 });
  });

  it('marks unknown targets as broken and detects cycles', () => {
    const g = flowToGraph([{ id: 'a', type: 'rules', next: 'ghost' }]);
    expect(g.edges.find((x) => x.source === 'a')).toMatchObject({ target: END_NODE, broken: true });
    expect(flowToGraph([{ id: 'a', type: 'rules', next: 'b' }, { id: 'b', type: 'rules', next: 'a' }]).cyclic).toBe(true);
    expect(flowToGraph([]).edges).toEqual([expect.objectContaining({ source: START_NODE, target: END_NODE })]);
  });
});

describe('CEL completion and highlighting classes', () => {
  const catalogue = {
    eventType: 'card_auth',
    fields: [{ name: 'event.amount', type: 'double', fieldType: 'number', doc: 'Amount' }, { name: 'event.channel', type: 'string', fieldType: 'enum', values: ['POS', 'ECOM'] }],
    context: [{ name: 'now', type: 'timestamp' }],
    features: [{ name: 'features.card_count_10m', type: 'int', doc: 'velocity · count' }],
    variables: [{ name: 'vars.big', type: 'bool' }],
    models: [],
    dataSources: [],
    lists: [{ key: 'card_blacklist', kind: 'black', dimension: 'card', orgId: 'root', name: { zh: '卡黑名单', en: 'Card blacklist' } }],
    params: [{ name: 'params.limit', type: 'double', doc: '5000' }],
    functions: [
      { name: 'hourOf', signature: 'hourOf(timestamp): int', doc: 'Hour of day' },
      { name: 'hourOf', signature: 'hourOf(timestamp, string): int', doc: 'Hour of day in a zone' },
      { name: 'inList', signature: 'inList(string, dyn): bool', doc: 'Whether the value is on the named list' },
    ],
  };

  it('offers fields with types, features, variables, params, and functions once with all their signatures', async () => {
    const { completionsFor, LIST_ARGUMENT, CEL_TOKEN_CLASS } = await import('../src/modules/strategy-editor/model/cel-completion.ts');
    const all = completionsFor(catalogue, 'rule');
    expect(all.find((c) => c.label === 'event.amount')).toMatchObject({ type: 'property', detail: 'double', info: 'Amount' });
    expect(all.find((c) => c.label === 'event.channel')?.info).toBe('POS | ECOM');
    expect(all.find((c) => c.label === 'features.card_count_10m')).toMatchObject({ detail: 'int' });
    expect(all.find((c) => c.label === 'vars.big')).toMatchObject({ detail: 'bool' });
    expect(all.filter((c) => c.label === 'hourOf')).toEqual([expect.objectContaining({ type: 'function', apply: 'hourOf(', detail: 'hourOf(timestamp): int  ·  hourOf(timestamp, string): int' })]);
    // A feature filter sees only the event and the context.
    const filter = completionsFor(catalogue, 'filter').map((c) => c.label);
    expect(filter).toContain('event.amount');
    expect(filter).not.toContain('features.card_count_10m');
    expect(filter).not.toContain('vars.big');
    expect(LIST_ARGUMENT.exec('x && inList("card_bl')?.[1]).toBe('card_bl');
    expect(LIST_ARGUMENT.exec("!inList('")?.[1]).toBe('');
    expect(LIST_ARGUMENT.exec('inList("a", event.')).toBeNull();
    expect(CEL_TOKEN_CLASS.string).toBe('cm-cel-string');
    expect(CEL_TOKEN_CLASS.whitespace).toBeNull();
  });

  it('reads test case event data only when it is a JSON object', async () => {
    const { parseEventJson } = await import('../src/modules/strategy-editor/model/test-case-json.ts');
    expect(parseEventJson('{"amount": 12.5}')).toEqual({ ok: true, value: { amount: 12.5 } });
    expect(parseEventJson('[1]')).toEqual({ ok: false, error: 'notObject' });
    expect(parseEventJson('null')).toEqual({ ok: false, error: 'notObject' });
    expect(parseEventJson('{"amount": ')).toMatchObject({ ok: false, error: 'syntax' });
  });
});
