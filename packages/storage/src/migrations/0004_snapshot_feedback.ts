import type { Kysely } from 'kysely';

/** Feature snapshots also record the newest decision feedback they include, for replay. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feature_snapshots').addColumn('feedback_id', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feature_snapshots').dropColumn('feedback_id').execute();
}
