import { sql, type Kysely } from 'kysely';

/**
 * Labels from every source: an event label now says where it came from (an alert's disposition,
 * a case's approved conclusion, an import) with its typology and subject; `subject_labels` holds
 * what was concluded about a customer, card, account, merchant or device as a whole.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('event_labels')
    .addColumn('typology', 'text')
    .addColumn('subject_type', 'text')
    .addColumn('subject_key', 'text')
    .addColumn('source_ref', 'text')
    .execute();
  await db.schema
    .createTable('subject_labels')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('subject_display', 'text', (c) => c.notNull())
    .addColumn('fraud', 'boolean', (c) => c.notNull())
    .addColumn('typology', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('subject_labels_pk', ['org_id', 'subject_type', 'subject_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subject_labels').ifExists().execute();
  await db.schema.alterTable('event_labels').dropColumn('typology').dropColumn('subject_type').dropColumn('subject_key').dropColumn('source_ref').execute();
}
