import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { listDataSourceUsage } from '../repos/datasource-usage.ts';
import type { Services } from '../services.ts';

const Query = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First day (UTC), YYYY-MM-DD' }),
    to: Type.String({ format: 'date', description: 'Last day (UTC), YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);

export const dataSourceRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/datasources/usage',
    { config: { permission: 'system.read' }, schema: { tags: ['data sources'], summary: 'Calls, cache hits, failures and cost per third-party data source and day', querystring: Query } },
    async (req) => {
      await s.flushDataSourceUsage();
      const rows = await listDataSourceUsage(s.db, req.query.from, req.query.to);
      return { items: rows.map((r) => ({ source: r.source, day: r.day, calls: r.calls, cacheHits: r.cache_hits, failures: r.failures, cost: r.cost })) };
    },
  );
};
