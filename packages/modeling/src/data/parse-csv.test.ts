import { describe, expect, it } from 'vitest';
import type { CategoricalColumn, NumericColumn } from '../types.ts';
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

const values = (text: string, col = 0, options = {}) => parseCsv(text, options).columns[col]!.values;

describe('parseCsv: RFC 4180', () => {
  it('reads quotes, doubled quotes, delimiters and line breaks inside quotes, BOM and CRLF', () => {
    const ds = parseCsv('\uFEFFname,note\r\n"Smith, J","said ""hi"""\r\nplain,"two\r\nlines"\r\n');
    expect(ds.rows).toBe(2);
    expect(ds.columns.map((c) => c.name)).toEqual(['name', 'note']);
    expect(ds.columns[0]!.values).toEqual(['Smith, J', 'plain']);
    expect(ds.columns[1]!.values).toEqual(['said "hi"', 'two\r\nlines']);
  });

  it('accepts LF and lone CR line ends, skips empty lines and a missing final line break', () => {
    const ds = parseCsv('a,b\n1,x\n\n2,y\r3,z');
    expect(ds.rows).toBe(3);
    expect(Array.from(ds.columns[0]!.values as Float64Array)).toEqual([1, 2, 3]);
  });

  it('keeps a quote inside an unquoted field as data', () => {
    expect(values('size\n5" screen\n')).toEqual(['5" screen']);
  });

  it('reads an empty last field and a quoted empty field as missing', () => {
    const ds = parseCsv('a,b,c\nx,,\n"",y,""\n');
    expect(ds.columns[0]!.values).toEqual(['x', null]);
    expect(ds.columns[1]!.values).toEqual([null, 'y']);
    expect(Array.from(ds.columns[2]!.values as Float64Array)).toEqual([NaN, NaN]);
  });

  it('uses another one-character delimiter', () => {
    const ds = parseCsv('a;b\n1,5;"x;y"\n', { delimiter: ';' });
    expect(ds.columns[0]!.values).toEqual(['1,5']);
    expect(ds.columns[1]!.values).toEqual(['x;y']);
    expect(thrown(() => parseCsv('a\n', { delimiter: '"' })).code).toBe('INVALID_ARGUMENT');
  });

  it('gives a header-only text zero rows', () => {
    const ds = parseCsv('a,b\r\n');
    expect(ds.rows).toBe(0);
    expect(ds.columns.map((c) => c.values.length)).toEqual([0, 0]);
  });
});

describe('parseCsv: errors name the line and column', () => {
  it('a quote never closed', () => {
    const e = thrown(() => parseCsv('a,b\n1,2\n3,"open\n4,5\n'));
    expect(e.code).toBe('CSV_SYNTAX');
    expect(e.details).toMatchObject({ line: 3, column: 2, columnName: 'b' });
    expect(e.message).toBe('line 3, column 2 ("b"): a quoted field is never closed');
  });

  it('text after a closing quote, on the line where the quoted field ends', () => {
    const e = thrown(() => parseCsv('a,b\n"x\ny"z,1\n'));
    expect(e.code).toBe('CSV_SYNTAX');
    expect(e.details).toMatchObject({ line: 3, column: 1 });
    expect(e.message).toMatch(/^line 3, column 1 \("a"\): a closing quote must be followed by ","/);
  });

  it('too many and too few fields', () => {
    expect(thrown(() => parseCsv('a,b\n1,2\n1,2,3\n')).message).toBe('line 3: more than 2 fields, the header has 2');
    const few = thrown(() => parseCsv('a,b,c\n1,2,3\n\n1,2\n'));
    expect(few.message).toBe('line 4: 2 fields, the header has 3');
    expect(few.details.line).toBe(4);
  });

  it('no header, empty or duplicate column names', () => {
    expect(thrown(() => parseCsv('')).code).toBe('CSV_HEADER');
    expect(thrown(() => parseCsv('\uFEFF\r\n\r\n')).code).toBe('CSV_HEADER');
    expect(thrown(() => parseCsv('a,,c\n1,2,3\n')).message).toBe('line 1, column 2: the column has no name');
    expect(thrown(() => parseCsv('a,b,a\n1,2,3\n')).message).toBe('line 1, column 3: the column name "a" is used twice');
  });

  it('limits: columns, rows and cell length', () => {
    const cols = thrown(() => parseCsv('a,b,c,d\n', { maxColumns: 3 }));
    expect(cols.code).toBe('CSV_LIMIT');
    expect(cols.message).toBe('line 1: more than 3 fields (limit maxColumns)');
    expect(cols.details.column).toBe(4);

    expect(parseCsv('a\n1\n2\n', { maxRows: 2 }).rows).toBe(2);
    const rows = thrown(() => parseCsv('a\n1\n2\n3\n', { maxRows: 2 }));
    expect(rows.code).toBe('CSV_LIMIT');
    expect(rows.message).toBe('line 4: more than 2 data records (limit maxRows)');

    const cell = thrown(() => parseCsv('a,b\n1,123456\n', { maxCellLength: 5 }));
    expect(cell.message).toBe('line 2, column 2 ("b"): a field is longer than 5 characters (limit maxCellLength)');
    // Quoted: the limit counts the unquoted text (a doubled quote is one character).
    expect(values(`a\n"${'""'.repeat(4)}"\n`, 0, { maxCellLength: 4 })).toEqual(['""""']);
    expect(thrown(() => parseCsv('a\n"\n""""""\n"\n', { maxCellLength: 4 })).details).toMatchObject({ line: 2, column: 1 });
    expect(thrown(() => parseCsv('a\n1\n', { maxRows: 0 })).code).toBe('INVALID_ARGUMENT');
  });
});

describe('parseCsv: column types', () => {
  it('infers numeric, date and categorical columns; missing markers become NaN or null', () => {
    const ds = parseCsv(
      ['amount,opened,grade,flag,empty', '1000,2024-01-31,A,1,', ' -2.5e3 ,NA,null,x,', 'NaN,2024-02-29T12:30:00Z,B,2,', ',2024-03-01 08:00,NaN,3,NA'].join('\n'),
    );
    expect(ds.columns.map((c) => c.type)).toEqual(['numeric', 'date', 'categorical', 'categorical', 'numeric']);
    expect(Array.from((ds.columns[0] as NumericColumn).values)).toEqual([1000, -2500, NaN, NaN]);
    expect(Array.from(ds.columns[1]!.values as Float64Array)).toEqual([Date.UTC(2024, 0, 31), NaN, Date.UTC(2024, 1, 29, 12, 30), Date.UTC(2024, 2, 1, 8)]);
    expect((ds.columns[2] as CategoricalColumn).values).toEqual(['A', null, 'B', null]);
    expect(ds.columns[3]!.values).toEqual(['1', 'x', '2', '3']);
    expect(Array.from(ds.columns[4]!.values as Float64Array)).toEqual([NaN, NaN, NaN, NaN]);
  });

  it('is not fooled by texts that Number() would take', () => {
    for (const t of ['0x1f', 'Infinity', '1e999', '"1,000"', '12abc']) expect(parseCsv(`x\n1\n${t}\n`).columns[0]!.type).toBe('categorical');
    expect(parseCsv('x\n2024-02-30\n').columns[0]!.type).toBe('categorical');
  });

  it('takes other missing markers', () => {
    const ds = parseCsv('x,y\n1,?\n?,b\n', { missingValues: ['?'] });
    expect(Array.from(ds.columns[0]!.values as Float64Array)).toEqual([1, NaN]);
    expect(ds.columns[1]!.values).toEqual([null, 'b']);
    // With custom markers, NA is an ordinary value.
    expect(parseCsv('x\n1\nNA\n', { missingValues: [''] }).columns[0]!.type).toBe('categorical');
  });

  it('uses forced types, and names the cell that does not fit', () => {
    const ds = parseCsv('zip,when,n\n00501,2024-01-01,1\n10001,NA,2\n', { types: { zip: 'categorical', when: 'categorical' } });
    expect(ds.columns.map((c) => c.type)).toEqual(['categorical', 'categorical', 'numeric']);
    expect(ds.columns[0]!.values).toEqual(['00501', '10001']);
    expect(ds.columns[1]!.values).toEqual(['2024-01-01', null]);

    const e = thrown(() => parseCsv('id,amount\n1,10\n2,"ten\nthousand"\n3,x\n', { types: { amount: 'numeric' } }));
    expect(e.code).toBe('CSV_VALUE');
    expect(e.message).toBe('line 3, column 2 ("amount"): "ten\\nthousand" is not a number');
    expect(e.details).toMatchObject({ line: 3, column: 2, columnName: 'amount', row: 1 });
    expect(thrown(() => parseCsv('d\n2024-13-01\n', { types: { d: 'date' } })).code).toBe('CSV_VALUE');
    expect(thrown(() => parseCsv('a\n1\n', { types: { b: 'numeric' } })).code).toBe('COLUMN_NOT_FOUND');
  });
});
