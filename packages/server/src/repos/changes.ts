import { json } from '@vigil/storage';
import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/** What changed; each engine node reloads only the part that did. */
export type ChangeTopic = 'strategies' | 'lists' | 'event_types' | 'api_keys' | 'orgs' | 'webhooks' | 'models';

/**
 * Records a change in the shared database so every node sharing it notices within its poll
 * interval, even without a message bus. Call it inside the transaction that made the change.
 */
export async function bumpRevision(db: Executor, topic: ChangeTopic): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: `revision:${topic}`, value: json(1), updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`to_jsonb((settings.value)::text::bigint + 1)`, updated_at: new Date() }))
    .execute();
}

export async function readRevisions(db: Executor): Promise<Record<ChangeTopic, number>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'revision:%').execute();
  const out = { strategies: 0, lists: 0, event_types: 0, api_keys: 0, orgs: 0, webhooks: 0, models: 0 } as Record<ChangeTopic, number>;
  for (const r of rows) out[r.key.slice('revision:'.length) as ChangeTopic] = Number(r.value);
  return out;
}
