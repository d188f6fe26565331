import type { Kysely } from 'kysely';

/**
 * A password set by an administrator (a new account, a reset) is a one-time credential: its owner
 * must choose their own before doing anything else.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
}
