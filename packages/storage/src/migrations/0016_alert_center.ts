import { sql, type Kysely } from 'kysely';

/**
 * The alert center around the alert store: a durable feed from the decision log (a decision that
 * raised an alert action is written with `alert_pending`, and the feed clears the flag in the
 * transaction that files its contributions, so a crash between the two loses nothing), per-org
 * categories (how alerts of a category merge), queues (which alerts they take, who serves them,
 * how they assign, their SLA per level), the handling state of an alert, and its timeline.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('decisions').addColumn('alert_pending', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`create index decisions_alert_pending_idx on decisions (seq) where alert_pending`.execute(db);

  await db.schema
    .alterTable('alerts')
    .addColumn('legal_entity_id', 'text')
    .addColumn('event_type', 'text')
    .addColumn('amount', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('queue_id', 'text')
    .addColumn('assignee', 'text')
    .addColumn('assigned_at', 'timestamptz')
    .addColumn('due_at', 'timestamptz')
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('disposition', 'text')
    .addColumn('disposed_by', 'text')
    .addColumn('disposed_at', 'timestamptz')
    .addColumn('routed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index alerts_due_idx on alerts (due_at) where status <> 'closed'`.execute(db);
  await sql`create index alerts_queue_idx on alerts (queue_id, status, level_rank, created_at)`.execute(db);
  await sql`create index alerts_assignee_idx on alerts (assignee, status) where assignee is not null`.execute(db);
  await sql`create index alerts_unrouted_idx on alerts (created_at) where not routed`.execute(db);
  await db.schema.alterTable('alert_contributions').addColumn('amount', 'double precision').execute();

  await db.schema
    .createTable('alert_categories')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('merge_by', 'jsonb', (c) => c.notNull())
    .addColumn('window_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('alert_categories_pk', ['org_id', 'key'])
    .execute();

  await db.schema
    .createTable('alert_queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('filters', 'jsonb', (c) => c.notNull())
    .addColumn('roles', 'jsonb', (c) => c.notNull())
    .addColumn('assignment', 'text', (c) => c.notNull())
    .addColumn('sla_minutes', 'jsonb', (c) => c.notNull())
    .addColumn('escalate_to', 'text')
    .addColumn('rr_last', 'text')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('alert_queues_org_idx').on('alert_queues').columns(['org_id', 'position']).execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('alert_events_alert_idx').on('alert_events').columns(['alert_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_events').ifExists().execute();
  await db.schema.dropTable('alert_queues').ifExists().execute();
  await db.schema.dropTable('alert_categories').ifExists().execute();
  await db.schema.alterTable('alert_contributions').dropColumn('amount').execute();
  for (const c of ['legal_entity_id', 'event_type', 'amount', 'queue_id', 'assignee', 'assigned_at', 'due_at', 'escalation_level', 'escalated_at', 'disposition', 'disposed_by', 'disposed_at', 'routed']) {
    await db.schema.alterTable('alerts').dropColumn(c).execute();
  }
  await sql`drop index if exists decisions_alert_pending_idx`.execute(db);
  await db.schema.alterTable('decisions').dropColumn('alert_pending').execute();
}
