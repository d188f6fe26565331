import { sql, type Kysely } from 'kysely';

/** Initial schema: event types, API keys, strategies, lists, the decision log and engine state. */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('event_types')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('scenario', 'text', (c) => c.notNull())
    .addColumn('channels', 'jsonb', (c) => c.notNull())
    .addColumn('fields', 'jsonb', (c) => c.notNull())
    .addColumn('entity_fields', 'jsonb', (c) => c.notNull())
    .addColumn('sensitive_fields', 'jsonb', (c) => c.notNull())
    .addColumn('org_field', 'text')
    .addColumn('latency_budget_ms', 'integer', (c) => c.notNull())
    .addColumn('fallback_outcome', 'text', (c) => c.notNull())
    .addColumn('outcome_precedence', 'jsonb', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('event_types', 'jsonb', (c) => c.notNull())
    .addColumn('rate_limit_per_sec', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('strategies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_type', 'text', (c) => c.notNull().references('event_types.key'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('strategy_versions')
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('package', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('strategy_versions_pk', ['strategy_id', 'version'])
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addForeignKeyConstraint('deployments_version_fk', ['strategy_id', 'version'], 'strategy_versions', ['strategy_id', 'version'])
    .execute();
  await db.schema.createIndex('deployments_active_idx').on('deployments').columns(['event_type', 'direction', 'active']).execute();
  // At most one live version per event type and direction, even under concurrent activations.
  await sql`create unique index deployments_one_live_idx on deployments (event_type, direction) where active and mode = 'live'`.execute(db);

  await db.schema
    .createTable('lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('lists_key_org_uq', ['key', 'org_id'])
    .execute();

  await db.schema
    .createTable('list_entries')
    .addColumn('list_id', 'text', (c) => c.notNull().references('lists.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('display', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('list_entries_pk', ['list_id', 'value'])
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('decision_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text')
    .addColumn('strategy_version', 'integer')
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('degraded', 'boolean', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('entities', 'jsonb', (c) => c.notNull())
    .addColumn('hits', 'jsonb', (c) => c.notNull())
    .addColumn('event', 'jsonb', (c) => c.notNull())
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('trace', 'jsonb', (c) => c.notNull())
    // Event ids are unique per bank: two banks may use the same id for different events.
    .addUniqueConstraint('decisions_event_uq', ['event_type', 'direction', 'org_id', 'event_id'])
    .execute();
  await db.schema.createIndex('decisions_org_time_idx').on('decisions').columns(['org_id', 'occurred_at']).execute();
  await db.schema.createIndex('decisions_time_idx').on('decisions').column('occurred_at').execute();
  await sql`create index decisions_entities_idx on decisions using gin (entities jsonb_path_ops)`.execute(db);
  await sql`create index decisions_hits_idx on decisions using gin (hits jsonb_path_ops)`.execute(db);

  await db.schema
    .createTable('event_inbox')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('processed_at', 'timestamptz')
    .addUniqueConstraint('event_inbox_event_uq', ['event_type', 'org_id', 'event_id'])
    .execute();
  await db.schema.createIndex('event_inbox_status_idx').on('event_inbox').columns(['status', 'seq']).execute();

  await db.schema
    .createTable('feature_snapshots')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('decision_seq', 'bigint', (c) => c.notNull())
    .addColumn('taken_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('state', 'bytea', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('datasource_usage')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cache_hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cost', 'double precision', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('datasource_usage_pk', ['source', 'day'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['settings', 'datasource_usage', 'feature_snapshots', 'event_inbox', 'decisions', 'list_entries', 'lists', 'deployments', 'strategy_versions', 'strategies', 'api_keys', 'event_types']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
