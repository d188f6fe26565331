import { join } from 'node:path';
import type { Database } from './database.ts';
import { openPgliteDatabase } from './open-pglite-database.ts';
import { openPostgresDatabase } from './open-postgres-database.ts';

export interface DatabaseConfig {
  /** PostgreSQL server to use; when absent, embedded PGlite stores data under `dataDir`. */
  databaseUrl?: string;
  /** Vigil's data directory; PGlite lives in `<dataDir>/pgdata`. */
  dataDir: string;
  /** Pool size for PostgreSQL. Default 10. */
  poolSize?: number;
}

/**
 * Opens Vigil's database and migrates it to the latest schema: a PostgreSQL pool when
 * `databaseUrl` is set, otherwise PGlite in a worker thread at `<dataDir>/pgdata`.
 *
 * @example
 * const database = await createDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: './data' });
 * const rows = await database.db.selectFrom('settings').selectAll().execute();
 * await database.close();
 */
export async function createDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl !== undefined && config.databaseUrl !== '') {
    return openPostgresDatabase({ url: config.databaseUrl, poolSize: config.poolSize });
  }
  return openPgliteDatabase(join(config.dataDir, 'pgdata'));
}
