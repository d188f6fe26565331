import { sql, type RawBuilder } from 'kysely';

/**
 * A JSON/JSONB parameter that both drivers send as JSON. Needed for arrays: node-postgres encodes a
 * JS array as a PostgreSQL array literal ('{"a","b"}'), which a jsonb column rejects (22P02), and
 * the PGlite dialect deliberately serialises parameters the same way. Plain objects work either way.
 *
 * @example
 * await db.updateTable('api_keys').set({ event_types: json(['payment', 'login']) }).where('id', '=', id).execute();
 */
export function json<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)} as jsonb)`;
}
