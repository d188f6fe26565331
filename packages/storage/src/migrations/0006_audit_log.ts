import { sql, type Kysely } from 'kysely';

/**
 * The append-only, hash-chained audit log. `audit_head` holds the newest hash in one row that every
 * append locks, so entries chain in commit order even with several nodes on one database.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_org_at_idx').on('audit_log').columns(['org_id', 'at']).execute();
  await db.schema.createTable('audit_head').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('hash', 'text', (c) => c.notNull()).execute();
  await db.insertInto('audit_head').values({ id: 1, hash: 'genesis' }).execute();
  // Append-only: updates and deletes are refused by the database itself.
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only'; end $$`.execute(db);
  await sql`create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_log_no_change on audit_log`.execute(db);
  await sql`drop function if exists audit_log_append_only()`.execute(db);
  await db.schema.dropTable('audit_head').ifExists().execute();
  await db.schema.dropTable('audit_log').ifExists().execute();
}
