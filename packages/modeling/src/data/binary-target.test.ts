import { describe, expect, it } from 'vitest';
import { binaryTarget } from './binary-target.ts';
import { DataError } from './data-error.ts';
import { parseCsv } from './parse-csv.ts';

function thrown(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('binaryTarget', () => {
  it('marks the bad value 1 and the one other value 0', () => {
    const ds = parseCsv('y,n\ngood,0\nbad,1\ngood,0\n');
    expect(Array.from(binaryTarget(ds, 'y', 'bad'))).toEqual([0, 1, 0]);
    expect(Array.from(binaryTarget(ds, 'n', 1))).toEqual([0, 1, 0]);
    expect(Array.from(binaryTarget(ds, 'n', '1'))).toEqual([0, 1, 0]);
    // A sample may hold no bad at all.
    expect(Array.from(binaryTarget(parseCsv('y\ngood\ngood\n'), 'y', 'bad'))).toEqual([0, 0]);
  });

  it('refuses a third value, naming the first offending row', () => {
    const e = thrown(() => binaryTarget(parseCsv('y\ngood\nbad\nBad\ngood\nunknown\n'), 'y', 'bad'));
    expect(e.code).toBe('TARGET_VALUE');
    expect(e.details).toEqual({ columnName: 'y', row: 2, value: 'Bad' });
    expect(e.message).toBe('target "y", row 2: "Bad" is neither the bad value "bad" nor the other value "good"');
    expect(thrown(() => binaryTarget(parseCsv('n\n0\n1\n2\n'), 'n', 1)).details.row).toBe(2);
  });

  it('refuses a missing target, a date column, a non-numeric bad value for a numeric column, an unknown column', () => {
    expect(thrown(() => binaryTarget(parseCsv('y\ngood\nNA\n'), 'y', 'bad')).message).toBe('target "y", row 1: the value is missing');
    expect(thrown(() => binaryTarget(parseCsv('n\n0\n\n""\n'), 'n', 1)).details.row).toBe(1);
    expect(thrown(() => binaryTarget(parseCsv('d\n2024-01-01\n'), 'd', 'x')).code).toBe('COLUMN_TYPE');
    expect(thrown(() => binaryTarget(parseCsv('n\n0\n'), 'n', 'bad')).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => binaryTarget(parseCsv('n\n0\n'), 'y', 1)).code).toBe('COLUMN_NOT_FOUND');
  });
});
