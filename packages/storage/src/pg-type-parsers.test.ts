import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typeParsers } from './pg-type-parsers.mjs';

const INT8 = typeParsers[20];
const TIMESTAMP = typeParsers[1114];

describe('shared type parsers', () => {
  it('int8 is a number exactly when it is a safe integer, otherwise the exact text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (value) => {
        const parsed = INT8(value.toString());
        const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
        expect(parsed).toStrictEqual(safe ? Number(value) : value.toString());
      }),
    );
  });

  it('timestamp without time zone reads as UTC, including BC and infinities', () => {
    expect(TIMESTAMP('2024-01-02 03:04:05.678912')).toEqual(new Date('2024-01-02T03:04:05.678Z'));
    expect(TIMESTAMP('0044-03-15 12:00:00 BC')).toEqual(new Date(Date.UTC(-43, 2, 15, 12)));
    expect(TIMESTAMP('0044-03-15 12:00:00 BC')).toEqual(new Date('-000043-03-15T12:00:00Z'));
    expect(TIMESTAMP('infinity')).toBe(Infinity);
    expect(TIMESTAMP('-infinity')).toBe(-Infinity);
  });

  it('numeric, date and interval', () => {
    expect(typeParsers[1700]('-12.5')).toBe(-12.5);
    expect(typeParsers[1700]('NaN')).toBeNaN();
    expect(typeParsers[1082]('2024-02-29')).toBe('2024-02-29');
    expect(typeParsers[1186]('1 day')).toBe('1 day');
  });
});
