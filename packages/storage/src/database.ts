import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** An open, migrated database. */
export interface Database {
  db: Kysely<DB>;
  /** Which driver is underneath: embedded PGlite (in a worker thread) or a PostgreSQL server. */
  kind: 'pglite' | 'postgres';
  /** Waits for in-flight work, then releases connections (PGlite: flushes and stops its worker). Idempotent. */
  close(): Promise<void>;
}
