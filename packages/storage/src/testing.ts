import pg from 'pg';
import { afterAll, test } from 'vitest';
import type { Database } from './database.ts';
import { openPgliteDatabase } from './open-pglite-database.ts';
import { openPostgresDatabase } from './open-postgres-database.ts';

/** Environment variable naming the PostgreSQL server to also run storage suites against. */
export const TEST_PG_URL_ENV = 'VIGIL_TEST_PG_URL';

/** One database a suite runs against. Prints as its kind, so `describe.each(...)('… on %s')` reads well. */
export interface TestTarget {
  readonly kind: Database['kind'];
  /**
   * Opens a migrated database. PGlite: a fresh in-memory database (in the worker) on every call.
   * PostgreSQL: this test file's own database, created on the first call and dropped after the
   * file; further calls open new pools on the same database. Close what you open.
   */
  open(): Promise<Database>;
  toString(): string;
}

/**
 * The databases to run a storage suite against: PGlite always, PostgreSQL when
 * `VIGIL_TEST_PG_URL` is set (e.g. `postgres://postgres@127.0.0.1:5432/postgres`). Without it a
 * skipped test named after the variable is registered, so the missing target shows up as skipped
 * in the report instead of silently vanishing. Call it at the top level of a test file.
 *
 * @example
 * describe.each(testDatabases())('decision repo on %s', (target) => {
 *   let database: Database;
 *   beforeAll(async () => { database = await target.open(); });
 *   afterAll(() => database.close());
 *   it('…', async () => { … });
 * });
 */
export function testDatabases(): TestTarget[] {
  const targets: TestTarget[] = [pgliteTarget()];
  const url = process.env[TEST_PG_URL_ENV];
  if (url !== undefined && url !== '') {
    targets.push(postgresTarget(url));
  } else {
    test.skip(`postgres target skipped: set ${TEST_PG_URL_ENV} to run this file against PostgreSQL`, () => {});
  }
  return targets;
}

function pgliteTarget(): TestTarget {
  return {
    kind: 'pglite',
    open: () => openPgliteDatabase('memory://'),
    toString: () => 'pglite',
  };
}

function postgresTarget(serverUrl: string): TestTarget {
  // Unique per file and run; the prefix lets a crashed run's leftovers be found and dropped by hand.
  const name = `vigil_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  let created: Promise<string> | undefined;

  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  afterAll(async () => {
    if (created === undefined) return;
    await created.catch(() => undefined);
    // FORCE: a suite that forgot to close must not leave the database behind.
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
  });

  return {
    kind: 'postgres',
    async open() {
      created ??= admin(async (c) => {
        await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
        const url = new URL(serverUrl);
        url.pathname = `/${name}`;
        return url.toString();
      });
      return openPostgresDatabase({ url: await created, poolSize: 4 });
    },
    toString: () => 'postgres',
  };
}
