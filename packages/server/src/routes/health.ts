import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { OrgData } from '../repos/scoped.ts';
import type { Services } from '../services.ts';

export const healthRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    try {
      await sql`select 1`.execute(s.db);
      checks.database = 'ok';
    } catch (e) {
      // Details go to the log; the public probe only says that it failed.
      checks.database = 'error';
      app.log.warn({ err: e }, 'readiness: database check failed');
    }
    checks.strategies = s.registry.current.loadedAt > 0 ? 'ok' : 'not loaded';
    checks.decisionLog = s.writer.overloaded ? 'backlogged' : 'ok';
    const ready = Object.values(checks).every((v) => v === 'ok');
    // Redis and NATS being away degrades decisions but does not stop them: reported, not a reason
    // to take the node out of the load balancer.
    const scaleOut = s.scaleOut.status();
    reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks, ...(Object.keys(scaleOut).length ? { scaleOut, leader: s.leadership.isLeader } : {}) });
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    s.metrics.logBacklog.set(s.writer.backlog);
    s.metrics.featureKeys.set(s.features.stats().keys);
    // The scrape must still answer while the database is down: the gauge keeps its last value.
    try {
      const pending = await OrgData.system(s.db).selectFrom('event_inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst();
      s.metrics.inboxPending.set(Number(pending?.n ?? 0));
    } catch (e) {
      app.log.warn({ err: e }, 'metrics: inbox count failed');
    }
    reply.header('content-type', s.metrics.registry.contentType).send(await s.metrics.registry.metrics());
  });
};
