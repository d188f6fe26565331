import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase, migrations, openPgliteDatabase } from '../src/index.ts';

// PGlite-specific behaviour: a data directory on disk, and the worker's lifecycle.
describe('PGlite on disk', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-storage-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps data across close and reopen, without re-running migrations', async () => {
    const first = await createDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    await first.db.insertInto('settings').values({ key: 'greeting', value: JSON.stringify({ hello: 'world' }), updated_at: new Date() }).execute();
    await first.close();
    expect((await stat(join(dataDir, 'pgdata', 'PG_VERSION'))).isFile()).toBe(true);

    const second = await createDatabase({ dataDir });
    try {
      const row = await second.db.selectFrom('settings').select(['key', 'value']).executeTakeFirst();
      expect(row).toEqual({ key: 'greeting', value: { hello: 'world' } });
      const applied = await second.db.selectFrom('kysely_migration' as never).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      expect(applied.n).toBe(Object.keys(migrations).length);
    } finally {
      await second.close();
    }
  });
});

describe('PGlite worker lifecycle', () => {
  it('close waits for in-flight queries, then refuses new ones', async () => {
    const database = await openPgliteDatabase('memory://');
    const inFlight = sql<{ n: number }>`select count(*)::int as n from generate_series(1, 200000)`.execute(database.db);
    const closed = database.close();
    expect((await inFlight).rows).toEqual([{ n: 200000 }]);
    await closed;
    await expect(sql`select 1`.execute(database.db)).rejects.toThrow(/closed|destroyed/);
    await database.close(); // idempotent
  });

  it('close lets an open transaction finish first', async () => {
    const database = await openPgliteDatabase('memory://');
    let closed = false;
    const tx = database.db.transaction().execute(async (trx) => {
      void database.close().then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(closed).toBe(false);
      return (await sql<{ v: number }>`select 7 as v`.execute(trx)).rows[0].v;
    });
    expect(await tx).toBe(7);
    await database.close();
    expect(closed).toBe(true);
  });

  it('reports a data directory PGlite cannot open', async () => {
    const file = join(tmpdir(), `vigil-not-a-dir-${process.pid}`);
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'x'));
    try {
      await expect(openPgliteDatabase(file)).rejects.toThrow();
    } finally {
      await rm(file, { force: true });
    }
  });

  it('starts its worker from a process run by tsx', async () => {
    const { execFile } = await import('node:child_process');
    const script = new URL('./fixtures/query-through-worker.ts', import.meta.url).pathname;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', script], { timeout: 60_000 }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
      ),
    );
    expect(JSON.parse(stdout.trim())).toEqual({ kind: 'pglite', answer: 42, migrations: Object.keys(migrations) });
  });
});
