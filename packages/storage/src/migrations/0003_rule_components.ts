import { sql, type Kysely } from 'kysely';

/** Saved CEL snippets with typed parameters that any strategy can use as a rule condition. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rule_components')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('params', 'jsonb', (c) => c.notNull())
    .addColumn('expression', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rule_components').ifExists().execute();
}
