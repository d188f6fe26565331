import { describe, expect, it } from 'vitest';
import { parseIsoDate } from './parse-iso-date.ts';
import { parseNumber } from './parse-number.ts';

describe('parseNumber', () => {
  it('reads plain decimals and refuses everything else', () => {
    expect([' 42 ', '-1.5e3', '+.5', '7.', '0'].map(parseNumber)).toEqual([42, -1500, 0.5, 7, 0]);
    expect(['', ' ', '.', 'e5', '0x10', 'Infinity', '-Infinity', '1e400', '1 000', '1_000', 'NaN'].map(parseNumber).every(Number.isNaN)).toBe(true);
  });
});

describe('parseIsoDate', () => {
  it('reads dates and date-times as UTC unless an offset is given', () => {
    expect(parseIsoDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoDate('2024-02-29T23:59:59.5')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 500));
    expect(parseIsoDate('2024-01-01T08:00:00+08:00')).toBe(Date.UTC(2024, 0, 1));
    expect(parseIsoDate('2023-12-31 16:00-0800')).toBe(Date.UTC(2024, 0, 1));
    expect(parseIsoDate('0050-06-01')).toBe(new Date('0050-06-01T00:00:00Z').getTime());
  });

  it('refuses impossible dates and other formats', () => {
    for (const t of ['2023-02-29', '2024-04-31', '2024-00-10', '2024-1-1', '01/02/2024', '2024-01-01T24:00', '2024-01-01T10:61', '20240101']) {
      expect(parseIsoDate(t)).toBeNaN();
    }
  });
});
