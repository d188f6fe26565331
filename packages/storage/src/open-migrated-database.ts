import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { migrateToLatest } from './migrate-to-latest.ts';
import type { DB } from './schema.ts';

/** Migrates a freshly built Kysely instance and wraps it; on failure it is destroyed before rethrowing. */
export async function openMigratedDatabase(db: Kysely<DB>, kind: Database['kind']): Promise<Database> {
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    close: () => (closing ??= db.destroy()),
  };
}
