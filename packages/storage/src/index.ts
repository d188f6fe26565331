// Public API of @vigil/storage. The test harness lives in `@vigil/storage/testing` so production
// code never imports vitest.
export * from './schema.ts';
export type { Database } from './database.ts';
export { createDatabase, type DatabaseConfig } from './create-database.ts';
export { openPgliteDatabase } from './open-pglite-database.ts';
export { openPostgresDatabase, type PostgresDatabaseConfig } from './open-postgres-database.ts';
export { migrateToLatest } from './migrate-to-latest.ts';
export { migrations } from './migrations/index.ts';
export { withTransaction } from './with-transaction.ts';
export { json } from './json.ts';
export { copyField, copyFrom, parseCopyRow } from './copy-from.ts';
export { DatabaseError, isDatabaseError } from './database-error.ts';
export { PgliteWorkerDialect, type PgliteWorkerDialectConfig } from './pglite/pglite-worker-dialect.ts';
export { measureFlushStall, type FlushStall, type FlushStallOptions } from './bench-flush.ts';
export { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
