import { describe, expect, it } from 'vitest';
import { maskCardNumbers } from './mask-card-numbers.ts';
import { MAX_CSV_ROWS, parseListCsv } from './parse-list-csv.ts';
import { toListCsv } from './to-list-csv.ts';
import type { ListEntryData } from './types.ts';

describe('parseListCsv', () => {
  it('parses quotes, embedded commas, quotes and line breaks, BOM and CRLF', () => {
    const text = '\uFEFFValue,Reason,expires_at,source\r\n' + '"+86 138 0013 8000","spam, repeated",2030-01-01,manual\r\n' + '"tok_1","said ""hi""\r\nthen left",,\r\n' + 'plain,,2030-06-01T08:00:00+08:00,import\r\n';
    const { rows, errors } = parseListCsv(text);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, value: '+86 138 0013 8000', reason: 'spam, repeated', expiresAt: '2030-01-01T00:00:00.000Z', source: 'manual' },
      { line: 3, value: 'tok_1', reason: 'said "hi"\r\nthen left' },
      { line: 5, value: 'plain', expiresAt: '2030-06-01T00:00:00.000Z', source: 'import' },
    ]);
  });

  it('reads LF and CR line ends, skips blank lines, ignores unknown columns, trims', () => {
    const { rows, errors } = parseListCsv('id,value,note\n1, a ,x\n\n2,b,y\r3,c,z');
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.line, r.value])).toEqual([
      [2, 'a'],
      [4, 'b'],
      [5, 'c'],
    ]);
  });

  it('reports bad rows with their line numbers while good rows still parse', () => {
    const long = 'x'.repeat(257);
    const text = ['value,expires_at', 'good1,', ',', `${long},`, 'bad-date,2024-02-30', 'bad-format,tomorrow', 'good1,', '"broken"quote,', 'good2,2024-02-29 12:00'].join('\n');
    const { rows, errors } = parseListCsv(text);
    expect(rows.map((r) => [r.line, r.value, r.expiresAt])).toEqual([
      [2, 'good1', undefined],
      [9, 'good2', '2024-02-29T12:00:00.000Z'],
    ]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'EMPTY_VALUE'],
      [4, 'VALUE_TOO_LONG'],
      [5, 'BAD_DATE'],
      [6, 'BAD_DATE'],
      [7, 'DUPLICATE_VALUE'],
      [8, 'BAD_QUOTE'],
    ]);
    expect(errors[4]!.message).toContain('line 2');
  });

  it('reports a quote left open and keeps what came before', () => {
    const { rows, errors } = parseListCsv('value\na\n"b\nc\n');
    expect(rows.map((r) => r.value)).toEqual(['a']);
    expect(errors).toEqual([{ line: 3, code: 'BAD_QUOTE', message: 'a quoted field is never closed' }]);
  });

  it('needs a header with a value column', () => {
    expect(parseListCsv('').errors[0]?.code).toBe('MISSING_HEADER');
    expect(parseListCsv('\n\n').errors[0]?.code).toBe('MISSING_HEADER');
    expect(parseListCsv('name,reason\nx,y').errors).toEqual([{ line: 1, code: 'MISSING_VALUE_COLUMN', message: 'the header must name a value column' }]);
  });

  it('stops past the row limit', () => {
    const text = 'value\n' + Array.from({ length: MAX_CSV_ROWS + 5 }, (_, i) => `v${i}`).join('\n');
    const { rows, errors } = parseListCsv(text);
    expect(rows).toHaveLength(MAX_CSV_ROWS);
    expect(errors).toEqual([expect.objectContaining({ line: MAX_CSV_ROWS + 2, code: 'TOO_MANY_ROWS' })]);
  });
});

describe('toListCsv', () => {
  const base: ListEntryData = {
    value: 'tok_9f8e7d',
    display: '411111******1111',
    reason: 'stolen, reported by "bank"',
    source: 'case 12',
    expiresAt: Date.UTC(2030, 0, 1),
    orgId: 'root',
    createdBy: 'alice',
    createdAt: Date.UTC(2024, 0, 2, 3, 4, 5),
  };

  it('writes the documented header, quotes where needed and round-trips through parseListCsv', () => {
    const csv = toListCsv([base, { ...base, value: '=cmd|calc', display: '-x', reason: '+1 (555) 010', expiresAt: null }]);
    expect(csv.split('\r\n')[0]).toBe('value,display,reason,source,expires_at,created_by,created_at');
    expect(csv.split('\r\n')[1]).toBe('tok_9f8e7d,411111******1111,"stolen, reported by ""bank""",case 12,2030-01-01T00:00:00.000Z,alice,2024-01-02T03:04:05.000Z');
    expect(csv).toContain("'=cmd|calc,'-x,+1 (555) 010,");
    const { rows, errors } = parseListCsv(csv);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.value, r.reason, r.expiresAt])).toEqual([
      ['tok_9f8e7d', 'stolen, reported by "bank"', '2030-01-01T00:00:00.000Z'],
      ['=cmd|calc', '+1 (555) 010', undefined],
    ]);
  });

  it('never exports a card number', () => {
    const leaky = { ...base, display: '4111 1111 1111 1111', reason: 'PAN 5500-0000-0000-0004 seen twice', value: '4111111111111111' };
    const csv = toListCsv([leaky], { cardList: true });
    expect(csv).not.toMatch(/4111111111111111|4111 1111 1111 1111|5500-0000-0000-0004|5500000000000004/);
    expect(csv.split('\r\n')[1]!.startsWith('411111******1111,411111******1111,PAN 550000******0004 seen twice')).toBe(true);
  });

  it('keeps phone numbers and non-Luhn digit runs intact', () => {
    expect(maskCardNumbers('+8613800138000')).toBe('+8613800138000');
    expect(maskCardNumbers('order 1234567890123')).toBe('order 1234567890123');
    expect(maskCardNumbers('card 4111111111111111.')).toBe('card 411111******1111.');
  });
});
