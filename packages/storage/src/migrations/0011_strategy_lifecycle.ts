import { sql, type Kysely } from 'kysely';

/**
 * The strategy lifecycle: who submitted and approved a version and its test results, the
 * authored document a version was imported from, canary slices and scheduled deployments, and
 * the results of shadow (challenger) runs next to the decisions they shadowed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('strategy_versions')
    .addColumn('source', 'jsonb')
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('test_results', 'jsonb')
    .execute();
  await db.schema
    .alterTable('deployments')
    .addColumn('canary', 'jsonb')
    .addColumn('scheduled_for', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('ended_by', 'text')
    .addColumn('end_reason', 'text')
    .execute();
  // At most one canary per event type and direction, like the live version.
  await sql`create unique index deployments_one_canary_idx on deployments (event_type, direction) where active and mode = 'canary'`.execute(db);
  await sql`create unique index deployments_one_shadow_per_version_idx on deployments (strategy_id, version) where active and mode = 'shadow'`.execute(db);
  await db.schema
    .createTable('shadow_results')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('decision_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('hits', 'jsonb', (c) => c.notNull())
    .addColumn('champion_strategy_id', 'text')
    .addColumn('champion_version', 'integer')
    .addColumn('champion_outcome', 'text', (c) => c.notNull())
    .addColumn('champion_score', 'double precision', (c) => c.notNull())
    .addColumn('champion_hits', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('shadow_results_version_idx').on('shadow_results').columns(['strategy_id', 'version', 'occurred_at']).execute();
  await sql`create unique index shadow_results_once_idx on shadow_results (decision_id, strategy_id, version)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shadow_results').ifExists().execute();
  await sql`drop index if exists deployments_one_canary_idx`.execute(db);
  await sql`drop index if exists deployments_one_shadow_per_version_idx`.execute(db);
  for (const c of ['canary', 'scheduled_for', 'ended_at', 'ended_by', 'end_reason']) await db.schema.alterTable('deployments').dropColumn(c).execute();
  for (const c of ['source', 'submitted_by', 'submitted_at', 'approved_by', 'approved_at', 'review_note', 'test_results']) await db.schema.alterTable('strategy_versions').dropColumn(c).execute();
}
