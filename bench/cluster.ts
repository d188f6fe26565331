/**
 * Scale-out figures: engine processes on PostgreSQL, Redis and NATS JetStream (the machine's
 * services), measured with autocannon from this process — the most decisions/s and the latency
 * at a steady rate for one node, then for two nodes behind a client that spreads the load evenly.
 * Run alone with `npx tsx bench/cluster.ts [seconds]`; `npm run bench` includes it when the
 * services answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDatabase } from '@vigil/storage';
import { createApiKey } from '../packages/server/src/repos/api-keys.ts';
import { OrgData } from '../packages/server/src/repos/scoped.ts';
import { freePort, NodeProcess, setUpClusterWorkspace } from '../packages/server/test/cluster-harness.ts';
import { createPgDatabase, dropPgDatabase } from '../packages/server/test/harness.ts';
import { dropClusterState, SCALE_OUT_URLS } from '../packages/server/test/scaleout-services.ts';

interface LoadResult {
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
}

type Cannon = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };

/** Load spread over the nodes (one autocannon per node, connections and rate split evenly). */
async function load(urls: string[], key: string, seconds: number, connections: number, rate?: number): Promise<LoadResult> {
  let n = 0;
  const runs = urls.map(
    (url, k) =>
      autocannon({
        url,
        connections: Math.max(1, Math.floor(connections / urls.length)),
        duration: seconds,
        ...(rate ? { overallRate: Math.max(1, Math.floor(rate / urls.length)) } : {}),
        requests: [
          {
            method: 'POST',
            path: '/api/v1/decisions',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            setupRequest: (req: autocannon.Request) => {
              const i = n++;
              return { ...req, body: JSON.stringify({ eventType: 'cluster_txn', eventId: `b${k}-${process.pid}-${i}`, data: { card: `card-${i % 5000}`, amount: (i % 500) + 1, org: 'bank_a' } }) };
            },
          },
        ],
      }) as unknown as Promise<Cannon>,
  );
  const rs = await Promise.all(runs);
  return {
    perSec: Math.round(rs.reduce((s, r) => s + r.requests.average, 0)),
    // the slower node's figures: what a client sees at worst
    p50: Math.max(...rs.map((r) => r.latency.p50)),
    p99: Math.max(...rs.map((r) => r.latency.p99)),
    errors: rs.reduce((s, r) => s + r.non2xx + r.errors, 0),
  };
}

export async function clusterFigures(seconds: number) {
  const prefix = `bench${Math.random().toString(36).slice(2, 6)}`;
  const dbUrl = await createPgDatabase(SCALE_OUT_URLS.postgres);
  const dirs = [0, 1].map((k) => mkdtempSync(path.join(os.tmpdir(), `vigil-bench-cluster-${k}-`)));
  const env = {
    VIGIL_DATABASE_URL: dbUrl,
    VIGIL_REDIS_URL: SCALE_OUT_URLS.redis,
    VIGIL_NATS_URL: SCALE_OUT_URLS.nats,
    VIGIL_CLUSTER_PREFIX: prefix,
    VIGIL_PAN_KEY: 'bench-cluster-pan-key-0123456789abcdef',
    VIGIL_DEMO: '0',
  };
  const nodes = [new NodeProcess('a', dirs[0]!, await freePort(), env), new NodeProcess('b', dirs[1]!, await freePort(), env)];
  const database = await createDatabase({ databaseUrl: dbUrl, dataDir: dirs[0]! });
  try {
    await nodes[0]!.start();
    const admin = (await nodes[0]!.readDataFile<{ adminKey: string }>('admin-credentials.json')).adminKey;
    const checker = (await createApiKey(OrgData.system(database.db), { name: 'checker', kind: 'admin', orgId: 'root', eventTypes: [], rateLimitPerSec: 1000 })).key;
    const key = await setUpClusterWorkspace(nodes[0]!.url, admin, checker);
    const one = [nodes[0]!.url];
    await load(one, key, Math.max(2, Math.round(seconds / 3)), 32); // warm-up
    const oneMax = await load(one, key, seconds, 32);
    const steadyRate = Math.max(1, Math.floor(oneMax.perSec * 0.7));
    const oneSteady = await load(one, key, seconds, 32, steadyRate);
    await nodes[1]!.start();
    const two = nodes.map((n) => n.url);
    await load([nodes[1]!.url], key, Math.max(2, Math.round(seconds / 3)), 16); // warm-up
    const twoMax = await load(two, key, seconds, 32);
    const twoSteady = await load(two, key, seconds, 32, steadyRate);
    return { seconds, steadyRate, oneNode: { max: oneMax, steady: oneSteady }, twoNodes: { max: twoMax, steady: twoSteady } };
  } finally {
    for (const n of nodes) await n.kill('SIGTERM');
    await database.close();
    await dropClusterState(prefix).catch(() => undefined);
    await dropPgDatabase(dbUrl);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** True when PostgreSQL, Redis and NATS all accept connections. */
export async function clusterServicesUp(): Promise<boolean> {
  try {
    await dropClusterState(`probe${process.pid}`);
    const db = await createPgDatabase(SCALE_OUT_URLS.postgres);
    await dropPgDatabase(db);
    return true;
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.argv[2] ?? 10);
  console.log(JSON.stringify(await clusterFigures(seconds), null, 2));
}
