import { sql, type Kysely } from 'kysely';
import { withTransaction, type DB } from '@vigil/storage';
import type { SourceUsage } from '../runtime/datasource-client.ts';
import type { Executor } from './executor.ts';

/** Adds usage counted in memory to the per-source, per-day totals, all sources or none. */
export async function addDataSourceUsage(db: Kysely<DB>, day: string, usage: Map<string, SourceUsage>): Promise<void> {
  await withTransaction(db, async (tx) => {
    for (const [source, u] of usage) await addOne(tx, day, source, u);
  });
}

async function addOne(db: Executor, day: string, source: string, u: SourceUsage): Promise<void> {
  await db
    .insertInto('datasource_usage')
    .values({ source, day, calls: u.calls, cache_hits: u.cacheHits, failures: u.failures, cost: u.cost })
    .onConflict((oc) =>
      oc.columns(['source', 'day']).doUpdateSet({
        calls: sql`datasource_usage.calls + excluded.calls`,
        cache_hits: sql`datasource_usage.cache_hits + excluded.cache_hits`,
        failures: sql`datasource_usage.failures + excluded.failures`,
        cost: sql`datasource_usage.cost + excluded.cost`,
      }),
    )
    .execute();
}

export async function listDataSourceUsage(db: Executor, from: string, to: string) {
  return db.selectFrom('datasource_usage').selectAll().where('day', '>=', from).where('day', '<=', to).orderBy('day').orderBy('source').execute();
}
