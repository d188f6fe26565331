import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** A number in [0, 1) derived from a value, so the simulated sources answer the same way every time. */
function unit(value: unknown): number {
  return createHash('sha256').update(JSON.stringify(value ?? null)).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Simulated third-party data sources for the demo strategies (credit bureau, payee check, IP
 * reputation). Registered only in demo mode, on the same port as the API.
 */
export async function demoDataSourceRoutes(app: FastifyInstance): Promise<void> {
  const opts = { config: { public: true }, schema: { hide: true } };
  app.post('/demo/datasources/bureau', opts, async (req) => {
    const u = unit((req.body as { customer?: unknown })?.customer);
    return { score: Math.round(350 + u * 500), fraudFlag: u < 0.01 };
  });
  app.post('/demo/datasources/payee-check', opts, async (req) => {
    const u = unit((req.body as { account?: unknown })?.account);
    return { reported: u < 0.02, accountAgeDays: Math.round(u * 3000) };
  });
  app.post('/demo/datasources/ip-reputation', opts, async (req) => {
    const u = unit((req.body as { ip?: unknown })?.ip);
    return { score: Math.round(u * 100), proxy: u > 0.9 };
  });
}
