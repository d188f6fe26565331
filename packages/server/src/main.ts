import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureAdminKey } from './auth/bootstrap-admin.ts';
import { loadConfig } from './config.ts';
import { seedDemo } from './demo/seed.ts';
import { createLogger } from './logger.ts';
import { createVigil } from './vigil.ts';

/** `npm start`: serve the API on VIGIL_PORT with storage in VIGIL_DATA_DIR (or VIGIL_DATABASE_URL). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const vigil = await createVigil(config, logger);
  const address = await vigil.app.listen({ port: config.port, host: config.host });
  const port = (vigil.app.server.address() as { port: number }).port;
  logger.info({ address, database: vigil.database.kind, dataDir: config.dataDir, durability: config.durability }, 'vigil is serving');
  if (!config.demo) {
    const admin = await ensureAdminKey(vigil.services);
    if (admin) process.stdout.write(`\nNo admin key existed; created one (also in ${config.dataDir}/admin-credentials.json):\n  admin API key: ${admin}\n\n`);
  }
  if (config.demo) {
    vigil.services.dataSources.allowHost(`127.0.0.1:${port}`);
    const creds = await seedDemo(vigil.services, port);
    if (creds) {
      // Printed once, to the terminal only: the log never carries keys.
      const users = creds.users.map((u) => `  ${u.username.padEnd(16)} ${u.password}  ${u.roles.join(',')} @ ${u.org}`).join('\n');
      process.stdout.write(
        `\nDemo workspace ready. Credentials (also in ${config.dataDir}/demo-credentials.json):\n  channel API key: ${creds.apiKey}\n  admin API key:   ${creds.adminKey}\n  console users:\n${users}\n\n`,
      );
    }
  }
  // The demo is alive: simulated customers of both banks keep sending events to this node.
  const traffic = config.demo && config.demoRate > 0 ? await startDemoTraffic(config.dataDir, `http://127.0.0.1:${port}`, config.demoRate, logger) : null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    traffic?.abort();
    logger.info({ signal }, 'shutting down: flushing the decision log');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    try {
      await vigil.close();
      process.exit(0);
    } catch (e) {
      logger.error({ err: e }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/**
 * Streams simulator traffic into this node through the decision API with the demo channel key:
 * a fresh population and event ids per start (so a restart never collides with logged events),
 * event times set to now, a new simulation when one runs out.
 */
async function startDemoTraffic(dataDir: string, url: string, rate: number, logger: ReturnType<typeof createLogger>): Promise<AbortController> {
  const { Simulation, streamToServer } = await import('@vigil/simulator');
  const controller = new AbortController();
  let apiKey: string;
  try {
    apiKey = JSON.parse(await readFile(path.join(dataDir, 'demo-credentials.json'), 'utf8')).apiKey;
  } catch {
    logger.warn('demo traffic not started: no demo-credentials.json in the data directory');
    return controller;
  }
  void (async () => {
    for (let round = 0; !controller.signal.aborted; round++) {
      const seed = (Date.now() + round) % 2 ** 31;
      const sim = new Simulation({ seed, customers: 2000, days: 30, idPrefix: `demo-${seed.toString(36)}` });
      const stats = await streamToServer(sim.records(), { url, apiKey, rate, timeMode: 'now', concurrency: 4, signal: controller.signal }).catch((e: Error) => {
        logger.warn({ err: e }, 'demo traffic stopped');
        return null;
      });
      if (!stats) return;
    }
  })();
  logger.info({ rate }, 'demo traffic: simulated customers are sending events');
  return controller;
}

main().catch((e) => {
  process.stderr.write(`vigil failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
