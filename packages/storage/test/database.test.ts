import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type ColumnType, type Generated } from 'kysely';
import { DatabaseError, isDatabaseError, json, migrateToLatest, migrations, type Database } from '../src/index.ts';
import { testDatabases } from '../src/testing.ts';

// A scratch table with one column per type whose driver mapping matters; not part of the schema.
type ScratchTable = {
  id: Generated<number>;
  big: number | string;
  doc: ColumnType<unknown, string, string>;
  at: Date;
  flag: boolean;
  amount: number;
  day: string;
  blob: Buffer;
};
type ScratchDb = { scratch_values: ScratchTable };

describe.each(testDatabases())('database on %s', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await sql`create table scratch_values (
      id bigserial primary key, big int8 not null, doc jsonb not null, at timestamptz not null,
      flag boolean not null, amount numeric not null, day date not null, blob bytea not null)`.execute(database.db);
    await sql`create table scratch_unique (email text not null constraint scratch_unique_email unique)`.execute(database.db);
  });
  afterAll(() => database?.close());
  const scratch = () => database.db.withTables<ScratchDb>();

  it('reports its driver', () => {
    expect(database.kind).toBe(target.kind);
  });

  it('has applied every migration, and re-running them is a no-op', async () => {
    const applied = await database.db.selectFrom('kysely_migration' as never).select(sql<string>`name`.as('name')).execute();
    expect(applied.map((r) => r.name)).toEqual(Object.keys(migrations));
    const tables = (await database.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['decisions', 'event_types', 'settings']));
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  // In-memory PGlite is a new database on every open: reopening it is covered in pglite-persistence.test.ts.
  it.skipIf(target.kind === 'pglite')('reopening the same database runs no migration twice', async () => {
    const again = await target.open();
    try {
      const applied = await again.db.selectFrom('kysely_migration' as never).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      expect(applied.n).toBe(Object.keys(migrations).length);
    } finally {
      await again.close();
    }
  });

  it('round-trips jsonb, timestamptz, int8, boolean, numeric, date and bytea', async () => {
    const at = new Date('2024-03-05T06:07:08.123Z');
    const doc = { card: 'tok_1', amounts: [1, 2.5], nested: { ok: true, none: null } };
    const inserted = await scratch()
      .insertInto('scratch_values')
      .values([
        { big: 42, doc: JSON.stringify(doc), at, flag: true, amount: 12.75, day: '2024-03-05', blob: Buffer.from([0, 1, 255]) },
        { big: '9007199254740993', doc: JSON.stringify([1, 'two']), at, flag: false, amount: 0, day: '1999-12-31', blob: Buffer.alloc(0) },
      ])
      .returning('id')
      .execute();
    expect(inserted.map((r) => typeof r.id)).toEqual(['number', 'number']);

    const rows = await scratch().selectFrom('scratch_values').selectAll().orderBy('id').execute();
    expect(rows[0]).toEqual({ id: inserted[0].id, big: 42, doc, at, flag: true, amount: 12.75, day: '2024-03-05', blob: Buffer.from([0, 1, 255]) });
    expect(rows[0].at).toBeInstanceOf(Date);
    expect(Buffer.isBuffer(rows[0].blob)).toBe(true);
    // Beyond 2^53 an int8 comes back as its exact decimal string rather than a rounded number.
    expect(rows[1].big).toBe('9007199254740993');
    expect(rows[1].doc).toEqual([1, 'two']);

    const updated = await scratch().updateTable('scratch_values').set({ flag: true }).where('id', '=', inserted[1].id).executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
    const deleted = await scratch().deleteFrom('scratch_values').where('id', 'in', inserted.map((r) => r.id)).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(2n);
    expect(await scratch().selectFrom('scratch_values').selectAll().execute()).toEqual([]);
  });

  it('parses types identically on both drivers', async () => {
    const { rows } = await sql<Record<string, unknown>>`select
      1::int8 as i8, 2::int4 as i4, 1.5::numeric as num, 0.25::float8 as f8,
      '{1,2}'::int8[] as i8s, '{1.5,2}'::numeric[] as nums, '{2024-01-02}'::date[] as days,
      '2024-01-02'::date as day, '2024-01-02 03:04:05.678'::timestamp as ts,
      '2024-01-02 03:04:05+02'::timestamptz as tstz, '1 day 02:00:00'::interval as iv,
      '{"a":[1]}'::jsonb as j, true as b, null::text as n, date_trunc('day', '2024-01-02 23:30:00+00'::timestamptz)::date::text as utc_day`.execute(database.db);
    expect(rows[0]).toEqual({
      i8: 1, i4: 2, num: 1.5, f8: 0.25, i8s: [1, 2], nums: [1.5, 2], days: ['2024-01-02'], day: '2024-01-02',
      ts: new Date('2024-01-02T03:04:05.678Z'), tstz: new Date('2024-01-02T01:04:05Z'), iv: '1 day 02:00:00',
      j: { a: [1] }, b: true, n: null, utc_day: '2024-01-02',
    });
  });

  it('rejects a bare JS array for jsonb on both drivers, and json() sends it as JSON', async () => {
    const bare = sql`select ${['a', 'b']}::jsonb as v`.execute(database.db);
    await expect(bare).rejects.toMatchObject({ code: '22P02' });
    const { rows } = await sql<{ v: unknown }>`select ${json(['a', 'b'])} as v`.execute(database.db);
    expect(rows[0].v).toEqual(['a', 'b']);
  });

  it('surfaces a unique violation as a node-postgres DatabaseError with code 23505', async () => {
    const insert = () => sql`insert into scratch_unique (email) values (${'a@example.com'})`.execute(database.db);
    await insert();
    const error = await insert().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDatabaseError(error)).toBe(true);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({
      code: '23505',
      constraint: 'scratch_unique_email',
      table: 'scratch_unique',
      detail: 'Key (email)=(a@example.com) already exists.',
      message: 'duplicate key value violates unique constraint "scratch_unique_email"',
    });
    // The stack leads back to this test, not only to driver internals.
    expect((error as Error).stack).toContain('database.test.ts');
  });

  it('reports other SQLSTATEs the same way (division by zero → 22012)', async () => {
    await expect(sql`select 1/0`.execute(database.db)).rejects.toMatchObject({ code: '22012' });
    expect(isDatabaseError(new Error('x'))).toBe(false);
  });

  it('runs a parameterless multi-statement script like node-postgres does', async () => {
    await sql`create table scratch_script (n int); insert into scratch_script values (1), (2)`.execute(database.db);
    const { rows } = await sql<{ n: number }>`select sum(n)::int as n from scratch_script`.execute(database.db);
    expect(rows).toEqual([{ n: 3 }]);
  });
});
