import { sql, type Kysely } from 'kysely';

/**
 * The alert center's store: alerts and every contribution (a decision, a rule action, a manual
 * report) that opened or joined one. At most one alert per org, category and merge key is open to
 * new contributions at a time (`merging`), enforced by a unique partial index: two engine requests
 * for the same card at once join one alert instead of opening two.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('level_rank', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('subject_display', 'text', (c) => c.notNull())
    .addColumn('merge_key', 'text', (c) => c.notNull())
    .addColumn('merging', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('merge_until', 'timestamptz', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('rule_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('first_event_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_event_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index alerts_merging_key_idx on alerts (org_id, category, merge_key) where merging`.execute(db);
  await db.schema.createIndex('alerts_org_status_idx').on('alerts').columns(['org_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('alerts_subject_idx').on('alerts').columns(['subject_type', 'subject_key']).execute();
  await db.schema
    .createTable('alert_contributions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text')
    .addColumn('event_type', 'text')
    .addColumn('event_id', 'text')
    .addColumn('rule_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('note', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('alert_contributions_alert_idx').on('alert_contributions').columns(['alert_id', 'id']).execute();
  // A decision contributes to an alert of a category once, however often its actions are replayed.
  await sql`create unique index alert_contributions_decision_idx on alert_contributions (decision_id, alert_id) where decision_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_contributions').ifExists().execute();
  await db.schema.dropTable('alerts').ifExists().execute();
}
