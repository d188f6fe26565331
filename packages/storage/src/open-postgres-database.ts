import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { openMigratedDatabase } from './open-migrated-database.ts';
import { copyAwarePool } from './pg-copy-pool.ts';
import { pgTypeOverrides } from './pg-type-overrides.ts';
import type { DB } from './schema.ts';

export interface PostgresDatabaseConfig {
  /** `postgres://user:pass@host:port/db` */
  url: string;
  /** Maximum pooled connections. Default 10. */
  poolSize?: number;
  /**
   * Errors of idle pooled connections (server restart, network loss). The pool replaces the
   * connection; without a listener node-postgres would crash the process. Default: a process warning.
   */
  onIdleError?: (error: Error) => void;
}

/** Opens a node-postgres pool on `url` with Vigil's type parsing, and migrates the database. */
export async function openPostgresDatabase(config: PostgresDatabaseConfig): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    types: pgTypeOverrides,
    // PGlite's session runs in UTC; pinning it here makes date_trunc and ::date agree between drivers.
    options: '-c TimeZone=UTC',
  });
  pool.on('error', config.onIdleError ?? ((error) => process.emitWarning(error)));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: copyAwarePool(pool) }) });
  return openMigratedDatabase(db, 'postgres');
}
