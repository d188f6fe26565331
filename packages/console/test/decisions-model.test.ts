import { describe, expect, it } from 'vitest';
import { exportQuery, guessEntityType, filtersToParams, filtersToQuery, isCardNumber, parseFilters } from '../src/modules/decisions/search-filters.ts';
import { currentCursor, firstPage, nextPage, pageNumber, previousPage } from '../src/components/cursor-stack.ts';
import { formatTraceValue, hitStages, reasonText, waterfall } from '../src/modules/decisions/trace-model.ts';

describe('decision search filters in the address bar', () => {
  it('reads the monitoring dashboard’s link and writes it back the same', () => {
    const from = '2026-11-21T10:00:00.000Z';
    const to = '2026-11-21T11:00:00.000Z';
    const qs = `outcome=reject&eventType=card_auth&rule=R1&org=bank_a&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&degraded=1`;
    const f = parseFilters(new URLSearchParams(qs));
    expect(f).toEqual({ outcomes: ['reject'], eventType: 'card_auth', rule: 'R1', org: 'bank_a', from, to, degraded: true, limit: 50 });
    expect(parseFilters(filtersToParams(f))).toEqual(f);
  });

  it('keeps several outcomes in order, drops unknown ones and malformed values', () => {
    const f = parseFilters(new URLSearchParams('outcome=reject&outcome=pass,maybe&from=yesterday&limit=7&entityType=planet&value=x&degraded=perhaps'));
    expect(f.outcomes).toEqual(['pass', 'reject']);
    expect(f.from).toBeUndefined();
    expect(f.limit).toBe(50);
    expect(f.entityType).toBeUndefined();
    expect(f.degraded).toBeUndefined();
    expect(filtersToParams(f).toString()).toBe('outcome=pass&outcome=reject');
  });

  it('builds the API query: the link’s org wins over the switcher, the switcher over the whole scope', () => {
    const f = parseFilters(new URLSearchParams('entityType=card&value=tok_abc&outcome=review'));
    expect(filtersToQuery(f, 'bank_a_hz', '42')).toMatchObject({ entityType: 'card', value: 'tok_abc', outcome: ['review'], org: 'bank_a_hz', cursor: '42', limit: 50 });
    expect(filtersToQuery({ ...f, org: 'bank_a' }, 'bank_a_hz').org).toBe('bank_a');
    expect(filtersToQuery({ ...f, outcomes: [] }, undefined).outcome).toBeUndefined();
    const ex = exportQuery(f, undefined);
    expect(ex).not.toHaveProperty('cursor');
    expect(ex).not.toHaveProperty('limit');
  });

  it('tells a card number (never put in the address bar) from a token', () => {
    expect(isCardNumber('card', '6222021234567890123')).toBe(true);
    expect(isCardNumber('card', 'tok_abc')).toBe(false);
    expect(isCardNumber('customer', '6222021234567890123')).toBe(false);
    expect(guessEntityType('6222 0212 3456 7890 123')).toBe('card');
    expect(guessEntityType('tok_abc')).toBe('card');
    expect(guessEntityType('cust-1')).toBe('customer');
  });

  it('pages with a cursor stack', () => {
    let s = firstPage();
    expect(currentCursor(s)).toBeUndefined();
    s = nextPage(s, '90');
    s = nextPage(s, '40');
    expect([pageNumber(s), currentCursor(s)]).toEqual([3, '40']);
    s = previousPage(previousPage(previousPage(s)));
    expect([pageNumber(s), currentCursor(s)]).toEqual([1, undefined]);
  });
});

describe('the trace model', () => {
  const stages = [
    { id: 'lists', type: 'list', hits: [], errors: [], micros: 100 },
    { id: 'rules', type: 'rules', hits: ['card_testing'], errors: [], micros: 300, outcome: 'reject' },
    { id: 'bureau', type: 'datasource', hits: [], errors: [], micros: 0, skipped: true },
  ];
  it('lays stages out one after another', () => {
    const { rows, totalMs } = waterfall(stages);
    expect(totalMs).toBe(0.4);
    expect(rows.map((r) => [r.id, r.startMs, r.durationMs, r.offset, r.width])).toEqual([
      ['lists', 0, 0.1, 0, 0.25],
      ['rules', 0.1, 0.3, 0.25, 0.75],
      ['bureau', 0.4, 0, 1, 0],
    ]);
    expect(rows[2]!.skipped).toBe(true);
    expect(waterfall([]).rows).toEqual([]);
  });
  it('finds the stage of each hit and formats values and reasons', () => {
    expect(hitStages(stages).get('card_testing')).toBe('rules');
    expect(formatTraceValue(1 / 3)).toBe('0.3333');
    expect(formatTraceValue({ a: 1 })).toBe('{"a":1}');
    expect(formatTraceValue(null)).toBe('null');
    expect(reasonText({ zh: '盗卡测试', en: 'Card testing' }, 'zh-CN')).toBe('盗卡测试');
    expect(reasonText('Card testing', 'zh-CN')).toBe('Card testing');
  });
});
