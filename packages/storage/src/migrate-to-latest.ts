import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from './migrations/index.ts';

/**
 * Applies pending migrations from `src/migrations/index.ts` and returns what ran (empty when up to
 * date). Throws the failing migration's error; Kysely runs them in one transaction under an
 * advisory lock on PostgreSQL, so a failure leaves the schema unchanged and concurrent starts wait.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error : new Error(String(error));
    if (failed !== undefined) reason.message = `migration ${failed.migrationName} failed: ${reason.message}`;
    throw reason;
  }
  return results;
}
