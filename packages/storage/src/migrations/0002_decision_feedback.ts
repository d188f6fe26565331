import { sql, type Kysely } from 'kysely';

/** What channels report after a decision: the step-up result and the final business status. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('decision_feedback')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.decision_id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('challenge_result', 'text')
    .addColumn('business_status', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('decision_feedback_decision_idx').on('decision_feedback').column('decision_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('decision_feedback').ifExists().execute();
}
