import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Generated, type Kysely } from 'kysely';
import { withTransaction, type Database } from '../src/index.ts';
import { testDatabases } from '../src/testing.ts';

type ScratchDb = {
  tx_counter: { id: number; n: number };
  tx_items: { id: Generated<number>; label: string };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDatabases())('transactions on %s', (target) => {
  let database: Database;
  let db: Kysely<ScratchDb>;
  beforeAll(async () => {
    database = await target.open();
    db = database.db.withTables<ScratchDb>();
    await sql`create table tx_counter (id int primary key, n int not null)`.execute(db);
    await sql`create table tx_items (id serial primary key, label text not null)`.execute(db);
  });
  afterAll(() => database?.close());
  const items = async () => (await db.selectFrom('tx_items').select('label').orderBy('id').execute()).map((r) => r.label);

  it('commits what the callback wrote and returns its result', async () => {
    const result = await withTransaction(database.db, async (trx) => {
      await trx.withTables<ScratchDb>().insertInto('tx_items').values({ label: 'committed' }).execute();
      return 'done';
    });
    expect(result).toBe('done');
    expect(await items()).toContain('committed');
  });

  it('rolls back everything when the callback throws, and rethrows', async () => {
    const failure = withTransaction(database.db, async (trx) => {
      await trx.withTables<ScratchDb>().insertInto('tx_items').values({ label: 'doomed-1' }).execute();
      await trx.withTables<ScratchDb>().insertInto('tx_items').values({ label: 'doomed-2' }).execute();
      throw new Error('boom');
    });
    await expect(failure).rejects.toThrow('boom');
    expect(await items()).not.toContain('doomed-1');
    expect(await items()).not.toContain('doomed-2');
  });

  it('rolls back after a failed statement inside the transaction', async () => {
    await db.insertInto('tx_counter').values({ id: 100, n: 0 }).execute();
    const failure = withTransaction(database.db, async (trx) => {
      await trx.withTables<ScratchDb>().insertInto('tx_items').values({ label: 'before-conflict' }).execute();
      await trx.withTables<ScratchDb>().insertInto('tx_counter').values({ id: 100, n: 1 }).execute();
    });
    await expect(failure).rejects.toMatchObject({ code: '23505' });
    expect(await items()).not.toContain('before-conflict');
    // The session is usable again (PGlite: no transaction left open in an aborted state).
    expect(await db.selectFrom('tx_counter').select('n').where('id', '=', 100).executeTakeFirst()).toEqual({ n: 0 });
  });

  it('joins an enclosing transaction instead of nesting', async () => {
    const failure = withTransaction(database.db, async (outer) => {
      await withTransaction(outer, async (inner) => {
        expect(inner).toBe(outer);
        await inner.withTables<ScratchDb>().insertInto('tx_items').values({ label: 'inner' }).execute();
      });
      throw new Error('outer fails');
    });
    await expect(failure).rejects.toThrow('outer fails');
    expect(await items()).not.toContain('inner');
  });

  it.runIf(target.kind === 'pglite')('throws, rather than deadlocking, on a root-executor query inside the callback', async () => {
    const misuse = withTransaction(database.db, async (trx) => {
      await trx.withTables<ScratchDb>().insertInto('tx_items').values({ label: 'misused' }).execute();
      await db.selectFrom('tx_items').selectAll().execute(); // should have been trx
    });
    await expect(misuse).rejects.toThrow(/use the transaction executor/);
    const nested = withTransaction(database.db, () => withTransaction(database.db, async () => 'never'));
    await expect(nested).rejects.toThrow(/use the transaction executor/);
    expect(await items()).not.toContain('misused');
  });

  it('supports savepoints in a controlled transaction', async () => {
    const trx = await db.startTransaction().execute();
    await trx.insertInto('tx_items').values({ label: 'kept' }).execute();
    const sp = await trx.savepoint('before_undo').execute();
    await sp.insertInto('tx_items').values({ label: 'undone' }).execute();
    const back = await sp.rollbackToSavepoint('before_undo').execute();
    await back.commit().execute();
    expect(await items()).toContain('kept');
    expect(await items()).not.toContain('undone');
  });

  it('serialises 20 concurrent read-modify-write transactions', async () => {
    await db.insertInto('tx_counter').values({ id: 1, n: 0 }).execute();
    // PGlite needs no row lock: a transaction holds the only session. PostgreSQL does, to be correct.
    const forUpdate = target.kind === 'postgres';
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withTransaction(database.db, async (trx) => {
          const t = trx.withTables<ScratchDb>();
          let read = t.selectFrom('tx_counter').select('n').where('id', '=', 1);
          if (forUpdate) read = read.forUpdate();
          const { n } = await read.executeTakeFirstOrThrow();
          await sleep(1); // widen the window a lost update would need
          await t.updateTable('tx_counter').set({ n: n + 1 }).where('id', '=', 1).execute();
        }),
      ),
    );
    expect(await db.selectFrom('tx_counter').select('n').where('id', '=', 1).executeTakeFirst()).toEqual({ n: 20 });
  });

  it("never lets a plain query see or join another caller's open transaction", async () => {
    let inserted!: () => void;
    const insertedInTx = new Promise<void>((resolve) => (inserted = resolve));
    const tx = withTransaction(database.db, async (trx) => {
      await trx.withTables<ScratchDb>().insertInto('tx_items').values({ label: 'uncommitted' }).execute();
      inserted();
      await sleep(30);
      throw new Error('roll back');
    });
    await insertedInTx;
    // Issued while the transaction is open: on PGlite these wait for it; on PostgreSQL they run on
    // another connection. Either way they must not observe it, nor be rolled back with it.
    const [seen] = await Promise.all([
      db.selectFrom('tx_items').select('label').where('label', '=', 'uncommitted').execute(),
      db.insertInto('tx_items').values({ label: 'outside' }).execute(),
      expect(tx).rejects.toThrow('roll back'),
    ]);
    expect(seen).toEqual([]);
    expect(await items()).toContain('outside');
    expect(await items()).not.toContain('uncommitted');
  });
});
