import { sql, type Kysely } from 'kysely';

/**
 * The case center: case types with their workflows (per org; a union-level type applies to every
 * member bank unless a bank defines its own of the same key), cases with their investigators,
 * linked alerts, decisions and entities, tasks, notes, attachments, evidence and a full timeline,
 * and per-org rules that open cases from disposed alerts.
 *
 * Items moved into another case by a merge keep `origin_case_id` (the case they were made in);
 * timeline entries are copied with it, at their original time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('case_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('subject_types', 'jsonb', (c) => c.notNull())
    .addColumn('workflow', 'jsonb', (c) => c.notNull())
    .addColumn('initial_state', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('case_types_org_key_uq', ['org_id', 'key'])
    .execute();

  // One counter per org and year: case numbers like CASE-2026-000123, gap-free under concurrency
  // (an upsert that increments and returns in one statement).
  await db.schema
    .createTable('case_counters')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_counters_pk', ['org_id', 'year'])
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull().references('case_types.id'))
    .addColumn('type_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('subject_display', 'text', (c) => c.notNull())
    .addColumn('amount', 'numeric')
    .addColumn('currency', 'text')
    .addColumn('typology', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('due_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('merged_into', 'text', (c) => c.references('cases.id'))
    .addColumn('conclusion', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('cases_org_number_uq', ['org_id', 'number'])
    .execute();
  await sql`create index cases_org_opened_idx on cases (org_id, opened_at desc, id desc)`.execute(db);
  await db.schema.createIndex('cases_subject_idx').on('cases').columns(['subject_type', 'subject_key']).execute();
  // The open case of a subject and type, which rules link new alerts to.
  await sql`create index cases_open_subject_idx on cases (org_id, type_key, subject_type, subject_key) where phase <> 'closed'`.execute(db);

  const child = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull());

  await child('case_members')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('lead', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('case_members_pk', ['case_id', 'username'])
    .execute();
  await db.schema.createIndex('case_members_username_idx').on('case_members').columns(['username']).execute();

  await child('case_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    // `alert:<id>`, `decision:<id>`, `entity:<type>:<key>`: one link per thing per case.
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text')
    .addColumn('decision_id', 'text')
    .addColumn('event_type', 'text')
    .addColumn('event_id', 'text')
    .addColumn('event_org_id', 'text')
    .addColumn('entity_type', 'text')
    .addColumn('entity_key', 'text')
    .addColumn('display', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('origin_case_id', 'text')
    .addUniqueConstraint('case_links_ref_uq', ['case_id', 'ref'])
    .execute();
  await db.schema.createIndex('case_links_alert_idx').on('case_links').columns(['alert_id']).execute();

  await child('case_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('due_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('done_by', 'text')
    .addColumn('done_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('origin_case_id', 'text')
    .execute();
  await db.schema.createIndex('case_tasks_case_idx').on('case_tasks').columns(['case_id', 'created_at']).execute();

  await child('case_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('origin_case_id', 'text')
    .execute();
  await db.schema.createIndex('case_notes_case_idx').on('case_notes').columns(['case_id', 'at']).execute();

  await child('case_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('origin_case_id', 'text')
    .execute();
  await db.schema.createIndex('case_attachments_case_idx').on('case_attachments').columns(['case_id', 'uploaded_at']).execute();

  await child('case_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('attachment_id', 'text', (c) => c.references('case_attachments.id'))
    .addColumn('link_id', 'text', (c) => c.references('case_links.id'))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('origin_case_id', 'text')
    .execute();
  await db.schema.createIndex('case_evidence_case_idx').on('case_evidence').columns(['case_id', 'added_at']).execute();

  await child('case_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('origin_case_id', 'text')
    .execute();
  await db.schema.createIndex('case_events_case_idx').on('case_events').columns(['case_id', 'at', 'id']).execute();

  await db.schema
    .createTable('case_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('dispositions', 'jsonb', (c) => c.notNull())
    .addColumn('categories', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('min_level', 'text', (c) => c.notNull().defaultTo('low'))
    .addColumn('min_amount', 'numeric')
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('medium'))
    .addColumn('link_open', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('case_rules_org_idx').on('case_rules').columns(['org_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['case_rules', 'case_events', 'case_evidence', 'case_attachments', 'case_notes', 'case_tasks', 'case_links', 'case_members', 'cases', 'case_counters', 'case_types']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
