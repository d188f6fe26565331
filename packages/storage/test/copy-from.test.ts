import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { copyField, copyFrom, isDatabaseError, parseCopyRow, withTransaction, type Database } from '../src/index.ts';
import { testDatabases } from '../src/testing.ts';

describe('COPY text fields', () => {
  it('parseCopyRow inverts copyField for any strings and nulls', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ unit: 'binary' }).filter((x) => !x.includes('\0')), { nil: null }), { minLength: 1, maxLength: 6 }), (fields) => {
        expect(parseCopyRow(fields.map(copyField).join('\t'))).toEqual(fields);
      }),
    );
  });

  it('writes booleans as t/f, numbers as their shortest text, and refuses non-finite numbers', () => {
    expect([copyField(true), copyField(false), copyField(0.1), copyField(-2), copyField(1e21)]).toEqual(['t', 'f', '0.1', '-2', '1e+21']);
    expect(() => copyField(Number.NaN)).toThrow();
  });

  it('refuses text PostgreSQL cannot store as given instead of altering it', () => {
    expect(() => copyField('a\0b')).toThrow(/NUL/);
    expect(() => copyField('lone \ud800 surrogate')).toThrow(/surrogate/);
  });
});

describe.each(testDatabases())('copyFrom on %s', (target) => {
  let database: Database;
  const COLUMNS = ['k', 'note', 'amount', 'flag', 'doc', 'at'];
  const line = (k: string, note: string | null, amount: number, flag: boolean, doc: unknown, at: Date) =>
    [copyField(k), copyField(note), copyField(amount), copyField(flag), copyField(JSON.stringify(doc)), copyField(at.toISOString())].join('\t') + '\n';
  beforeAll(async () => {
    database = await target.open();
    await sql`create table scratch_copy (seq bigserial primary key, k text not null unique, note text, amount double precision not null,
      flag boolean not null, doc jsonb not null, at timestamptz not null)`.execute(database.db);
  });
  afterAll(() => database?.close());

  const rows = () => sql<{ k: string; note: string | null; amount: number; flag: boolean; doc: unknown; at: Date }>`select k, note, amount, flag, doc, at from scratch_copy order by seq`.execute(database.db).then((r) => r.rows);

  it('loads rows with awkward text exactly, in order', async () => {
    const at = new Date('2026-11-21T10:00:00.123Z');
    const awkward = 'tab\there, newline\nthere, cr\r, backslash \\ and \\N, quote ", 中文 ✓';
    const doc = { s: 'a\\b\t"c"\n', n: 0.30000000000000004, u: '\u2028' };
    await copyFrom(database.db, 'scratch_copy', COLUMNS, line('a', awkward, 1.5, true, doc, at) + line('b', null, -0.25, false, [], at) + line('\\N', '\\N', 1e-7, true, {}, at));
    expect(await rows()).toEqual([
      { k: 'a', note: awkward, amount: 1.5, flag: true, doc, at },
      { k: 'b', note: null, amount: -0.25, flag: false, doc: [], at },
      { k: '\\N', note: '\\N', amount: 1e-7, flag: true, doc: {}, at },
    ]);
  });

  it('stores nothing of a batch when one row violates a unique constraint', async () => {
    const at = new Date();
    const err = await copyFrom(database.db, 'scratch_copy', COLUMNS, line('c', null, 1, true, {}, at) + line('a', null, 1, true, {}, at)).catch((e: unknown) => e);
    expect(isDatabaseError(err) && err.code).toBe('23505');
    expect((await rows()).map((r) => r.k)).toEqual(['a', 'b', '\\N']);
    // The connection is usable again afterwards.
    await copyFrom(database.db, 'scratch_copy', COLUMNS, line('c', null, 1, true, {}, at));
    expect((await rows()).map((r) => r.k)).toEqual(['a', 'b', '\\N', 'c']);
  });

  it('takes part in a transaction: a rollback undoes it', async () => {
    const at = new Date();
    await expect(
      withTransaction(database.db, async (tx) => {
        await copyFrom(tx, 'scratch_copy', COLUMNS, line('d', null, 1, true, {}, at));
        expect((await sql<{ n: number }>`select count(*)::int as n from scratch_copy where k = 'd'`.execute(tx)).rows[0]!.n).toBe(1);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await rows()).map((r) => r.k)).not.toContain('d');
  });

  it('refuses names that are not plain identifiers', async () => {
    await expect(copyFrom(database.db, 'scratch_copy; drop table x', COLUMNS, 'x\n')).rejects.toThrow(/identifiers/);
  });
});
