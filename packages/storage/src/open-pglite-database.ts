import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { openMigratedDatabase } from './open-migrated-database.ts';
import { PgliteWorkerDialect } from './pglite/pglite-worker-dialect.ts';
import type { DB } from './schema.ts';

/**
 * Opens (creating if needed) the PGlite database at `dataDir` — a directory, or `memory://` for a
 * throwaway one — in a worker thread, and migrates it to the latest schema.
 */
export async function openPgliteDatabase(dataDir: string): Promise<Database> {
  const memory = dataDir.startsWith('memory://');
  // Absolute, so the worker does not depend on the working directory it happens to inherit.
  const dir = memory ? dataDir : resolve(dataDir);
  if (!memory) await mkdir(dir, { recursive: true });
  const db = new Kysely<DB>({ dialect: new PgliteWorkerDialect({ dataDir: dir }) });
  return openMigratedDatabase(db, 'pglite');
}
