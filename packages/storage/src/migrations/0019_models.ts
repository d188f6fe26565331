import { sql, type Kysely } from 'kysely';

/**
 * The model registry (models with their versions, champion/challenger and a timeline), the
 * modelling workbench's uploaded datasets, and model monitoring runs.
 *
 * A version's `definition` is the engine model (immutable once registered); `artefact` is the
 * training document of a Vigil scorecard (binning, coefficients, evaluation, development sample),
 * which monitoring compares production against.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('champion_version', 'integer')
    .addColumn('challenger_version', 'integer')
    .addColumn('monitoring', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('models_org_key_uq', ['org_id', 'key'])
    .execute();

  await db.schema
    .createTable('model_versions')
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('features', 'jsonb', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('artefact', 'jsonb')
    .addColumn('metrics', 'jsonb')
    .addColumn('woe_convention', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('status_changed_by', 'text')
    .addColumn('status_changed_at', 'timestamptz')
    .addPrimaryKeyConstraint('model_versions_pk', ['model_id', 'version'])
    .execute();

  await db.schema
    .createTable('model_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await sql`create index model_events_model_idx on model_events (model_id, at desc)`.execute(db);

  await db.schema
    .createTable('model_monitoring_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('window_from', 'timestamptz', (c) => c.notNull())
    .addColumn('window_to', 'timestamptz', (c) => c.notNull())
    .addColumn('decisions', 'integer', (c) => c.notNull())
    .addColumn('labelled', 'integer', (c) => c.notNull())
    .addColumn('score_psi', 'double precision')
    .addColumn('csi', 'jsonb', (c) => c.notNull())
    .addColumn('ks', 'double precision')
    .addColumn('auc', 'double precision')
    .addColumn('score_bins', 'jsonb', (c) => c.notNull())
    .addColumn('breaches', 'jsonb', (c) => c.notNull())
    .addColumn('alert_id', 'text')
    .addColumn('error', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create index model_monitoring_runs_model_idx on model_monitoring_runs (model_id, started_at desc)`.execute(db);
  // A scheduled tick is stored once, however many nodes run the schedule.
  await sql`create unique index model_monitoring_runs_tick_uq on model_monitoring_runs (model_id, window_to) where trigger = 'schedule'`.execute(db);

  await db.schema
    .createTable('model_datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('columns', 'jsonb', (c) => c.notNull())
    .addColumn('csv', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create index model_datasets_org_idx on model_datasets (org_id, created_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['model_datasets', 'model_monitoring_runs', 'model_events', 'model_versions', 'models']) await db.schema.dropTable(t).execute();
}
