import { sql, type Kysely } from 'kysely';

/**
 * What the alert center sends to the outside world: SMS templates per org, the channels (adapters)
 * that carry actions to SMS gateways, IVR robots and core systems, the actions requested on alerts
 * and cases (an outbox drained by the action dispatcher, where an action stays until it succeeded,
 * failed every attempt or was cancelled) and the log of every attempt.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('message_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().defaultTo('sms').check(sql`channel in ('sms')`))
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('zh-CN', 'en-US')`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('auto_send', 'jsonb')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One body per key and language in an org; a branch's template of a key overrides its bank's.
  await db.schema.createIndex('message_templates_key_idx').on('message_templates').columns(['org_id', 'key', 'locale']).unique().execute();

  await db.schema
    .createTable('action_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('webhook', 'simulator')`))
    .addColumn('action_types', 'jsonb', (c) => c.notNull())
    .addColumn('url', 'text')
    // The HMAC signing secret, sealed (AES-256-GCM); webhook channels only.
    .addColumn('secret', 'text')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('action_channels_webhook_ck', sql`kind <> 'webhook' or (url is not null and secret is not null)`)
    .execute();
  await db.schema.createIndex('action_channels_org_idx').on('action_channels').column('org_id').execute();

  await db.schema
    .createTable('alert_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    // No foreign keys to alerts or cases: an action is the record of what was sent outside, kept
    // whatever happens to what it was sent for.
    .addColumn('alert_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('sms', 'call', 'control', 'add_to_list')`))
    .addColumn('kind', 'text')
    // `manual` (a person asked for it) or `auto` (a template's auto-send rule on a new alert).
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('params', 'jsonb', (c) => c.notNull())
    // What the action is about, as sent: the alert (subject, level), its latest decision's ids.
    .addColumn('context', 'jsonb', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'sending', 'succeeded', 'failed', 'cancelled', 'awaiting_result')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // The attempt after which the action fails; a retry on request adds a fresh set of attempts.
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('result', 'jsonb')
    .addColumn('last_error', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();
  // The dispatcher's claim reads only due or abandoned rows.
  await sql`create index alert_actions_due_idx on alert_actions (next_attempt_at, id) where status in ('queued', 'sending')`.execute(db);
  await db.schema.createIndex('alert_actions_alert_idx').on('alert_actions').columns(['alert_id', 'id']).execute();
  await db.schema.createIndex('alert_actions_case_idx').on('alert_actions').columns(['case_id', 'id']).execute();
  await db.schema.createIndex('alert_actions_status_idx').on('alert_actions').columns(['status', 'id']).execute();
  // An alert's auto-send of a template key happens once, however often the alert is announced.
  await sql`create unique index alert_actions_auto_idx on alert_actions (alert_id, type, (params->>'template')) where source = 'auto'`.execute(db);

  await db.schema
    .createTable('alert_action_attempts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('alert_actions.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    // `succeeded`, `retry` (failed, another attempt follows), `failed` (no further attempt) or `recorded` (a person recorded a result).
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('response', 'text')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('alert_action_attempts_action_idx').on('alert_action_attempts').columns(['action_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_action_attempts').ifExists().execute();
  await db.schema.dropTable('alert_actions').ifExists().execute();
  await db.schema.dropTable('action_channels').ifExists().execute();
  await db.schema.dropTable('message_templates').ifExists().execute();
}
