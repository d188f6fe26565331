import { sql } from 'kysely';
import type { SourceUsage } from '../runtime/datasource-client.ts';
import type { Executor } from './executor.ts';

/** Adds usage counted in memory to the per-source, per-day totals. */
export async function addDataSourceUsage(db: Executor, day: string, usage: Map<string, SourceUsage>): Promise<void> {
  for (const [source, u] of usage) {
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
}

export async function listDataSourceUsage(db: Executor, from: string, to: string) {
  return db.selectFrom('datasource_usage').selectAll().where('day', '>=', from).where('day', '<=', to).orderBy('day').orderBy('source').execute();
}
