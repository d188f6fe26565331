import { describe, expect, it } from 'vitest';
import { jaroWinkler } from './jaro-winkler.ts';

describe('jaroWinkler', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.9611],
    ['DIXON', 'DICKSONX', 0.8133],
    ['DWAYNE', 'DUANE', 0.84],
    ['JELLYFISH', 'SMELLYFISH', 0.8963],
    ['CRATE', 'TRACE', 0.7333],
    ['abc', 'xyz', 0],
  ])('%s ~ %s ≈ %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 4);
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 4);
  });

  it('is 1 for identical strings, 0 against an empty one', () => {
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('张伟', '张伟')).toBe(1);
    expect(jaroWinkler('abc', '')).toBe(0);
  });

  it('compares Chinese names character by character', () => {
    // 王小明 / 王晓明: 2 of 3 match, jaro 7/9, one-character prefix bonus.
    expect(jaroWinkler('王小明', '王晓明')).toBeCloseTo(7 / 9 + 0.1 * (2 / 9), 10);
    // Two characters with one different: jaro 2/3, no bonus at or below 0.7.
    expect(jaroWinkler('张伟', '张玮')).toBeCloseTo(2 / 3, 10);
    expect(jaroWinkler('欧阳娜娜', '欧阳娜')).toBeGreaterThan(0.9);
  });

  it('counts a character outside the BMP once', () => {
    // 𠮷 (U+20BB7) is one code point, two UTF-16 units.
    expect(jaroWinkler('𠮷野家', '吉野家')).toBeCloseTo(jaroWinkler('a野家', 'b野家'), 10);
  });
});
