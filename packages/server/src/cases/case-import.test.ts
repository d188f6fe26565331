import { describe, expect, it } from 'vitest';
import { holdsCardNumber } from '../card-numbers.ts';
import { parseCaseImport } from './case-import.ts';

describe('case import files', () => {
  it('reads rows by column name, whatever the spelling of the header', () => {
    const r = parseCaseImport('\ufeffType,SUBJECT_TYPE,subject-key,Title\r\nfraud_investigation,customer,c-1,"Mule, wave 1"\r\n\r\nfraud_investigation,card,tok_x,"line\nbreak"\n');
    expect(r.fileErrors).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, values: { type: 'fraud_investigation', subjectType: 'customer', subjectKey: 'c-1', title: 'Mule, wave 1' } },
      { line: 4, values: { type: 'fraud_investigation', subjectType: 'card', subjectKey: 'tok_x', title: 'line\nbreak' } },
    ]);
  });

  it('refuses a header with unknown, repeated or missing columns, and reports broken rows by line', () => {
    expect(parseCaseImport('type,type,title,colour\n').fileErrors.map((e) => e.code)).toEqual(['DUPLICATE_COLUMN', 'UNKNOWN_COLUMN', 'MISSING_COLUMN', 'MISSING_COLUMN']);
    expect(parseCaseImport('').fileErrors.map((e) => e.code)).toEqual(['MISSING_HEADER']);
    const r = parseCaseImport('type,subjectType,subjectKey,title\na,b,c,d,e\n"a,b\n');
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'TOO_MANY_CELLS'],
      [3, 'BAD_QUOTE'],
    ]);
  });

  it('stops past 5000 rows', () => {
    const text = ['type,subjectType,subjectKey,title', ...Array.from({ length: 5001 }, () => 'a,b,c,d')].join('\n');
    expect(parseCaseImport(text).tooManyRows).toBe(true);
  });
});

describe('card numbers in free text', () => {
  it('finds Luhn-valid runs of 13 to 19 digits, spaced or dashed', () => {
    expect(holdsCardNumber('card 4111 1111 1111 1111 stolen')).toBe(true);
    expect(holdsCardNumber('5500-0000-0000-0004')).toBe(true);
    expect(holdsCardNumber('id:4111111111111111;')).toBe(true);
    expect(holdsCardNumber('ref 4111 1111 1111 1112')).toBe(false);
    expect(holdsCardNumber('phone 13800138000, amount 123456789012')).toBe(false);
  });
});
