import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.ts';
import { seedDemo, type DemoCredentials } from '../src/demo/seed.ts';
import { createLogger } from '../src/logger.ts';
import { createVigil, type Vigil } from '../src/vigil.ts';

export const PG_URL = process.env.VIGIL_TEST_PG_URL;

/** Storage back ends the server suites run on: PGlite always, PostgreSQL when VIGIL_TEST_PG_URL is set. */
export const BACKENDS: Array<'pglite' | 'postgres'> = PG_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestNode {
  vigil: Vigil;
  creds: DemoCredentials;
  baseUrl: string;
  dataDir: string;
  databaseUrl?: string;
  /** Everything the node logged, for scanning. */
  logs: string[];
  /** Stops the node (flushing the log) without deleting its data. */
  stop(): Promise<void>;
  /** Stops and deletes the data directory and database. */
  destroy(): Promise<void>;
  json(method: string, url: string, body?: unknown, key?: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, string> }>;
}

/** A fresh, empty PostgreSQL database on the test server (VIGIL_TEST_PG_URL); returns its URL. */
export async function createPgDatabase(server = PG_URL): Promise<string> {
  const name = `vigil_srv_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await c.end();
  const u = new URL(server!);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropPgDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const server = new URL(url);
  server.pathname = '/postgres';
  const c = new pg.Client({ connectionString: server.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await c.end();
}

export interface StartOptions {
  backend?: 'pglite' | 'postgres';
  dataDir?: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  demo?: boolean;
}

/** Starts a real node listening on a loopback port, seeded with the demo workspace. */
export async function startNode(opts: StartOptions = {}): Promise<TestNode> {
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'vigil-test-')));
  const databaseUrl = opts.databaseUrl ?? (opts.backend === 'postgres' ? await createPgDatabase() : undefined);
  const config: Config = {
    ...loadConfig({ VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0', VIGIL_LOG_LEVEL: 'debug', ...(opts.env ?? {}) }),
    databaseUrl,
    demo: opts.demo ?? true,
    host: '127.0.0.1',
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const vigil = await createVigil(config, createLogger('debug', sink));
  await vigil.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (vigil.app.server.address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  let creds: DemoCredentials;
  if (config.demo) {
    vigil.services.dataSources.allowHost(`127.0.0.1:${port}`);
    creds = (await seedDemo(vigil.services, port)) ?? JSON.parse(await readFile(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
  } else creds = { apiKey: '', adminKey: '', users: [] };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await vigil.close();
  };
  return {
    vigil,
    creds,
    baseUrl,
    dataDir,
    databaseUrl,
    logs,
    stop,
    async destroy() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
      if (databaseUrl && !opts.databaseUrl) await dropPgDatabase(databaseUrl);
    },
    async json(method, url, body, key = creds.adminKey, headers = {}) {
      const res = await fetch(baseUrl + url, {
        method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // non-JSON bodies (CSV, metrics) stay text
      }
      return { status: res.status, body: parsed, headers: Object.fromEntries(res.headers) };
    },
  };
}

let seq = 0;
/** A card_auth decision request with realistic fields; `over` replaces any of them. */
export function cardAuth(over: Record<string, unknown> = {}, eventId = `evt-${process.pid}-${Date.now()}-${++seq}`) {
  return {
    eventType: 'card_auth',
    eventId,
    data: {
      card: '6222021234567890123',
      customer_id: 'cust-1',
      amount: 120.5,
      currency: 'CNY',
      merchant_id: 'm-1',
      mcc: '5411',
      channel: 'POS',
      entry_mode: 'chip',
      country: 'CN',
      city: 'Hangzhou',
      location: { lat: 30.27, lon: 120.15 },
      device_id: 'dev-1',
      org: 'bank_a',
      ...over,
    },
  };
}

/** An admin API key of one org: everything it manages is that org's subtree. */
export async function orgAdminKey(node: TestNode, orgId: string): Promise<string> {
  const { createApiKey } = await import('../src/repos/api-keys.ts');
  const { OrgData } = await import('../src/repos/scoped.ts');
  return (await createApiKey(OrgData.system(node.vigil.database.db), { name: `${orgId} admin`, kind: 'admin', orgId, eventTypes: [], rateLimitPerSec: 1000 })).key;
}

const approvers = new WeakMap<TestNode, Promise<string>>();

/** A second admin key of the union: the checker of maker-checker in tests. */
export function approverKey(node: TestNode): Promise<string> {
  let k = approvers.get(node);
  if (!k) approvers.set(node, (k = orgAdminKey(node, 'root')));
  return k;
}

/**
 * Takes a package through the lifecycle — import, submit (its test cases run), approval by
 * another key, deployment — and returns the version. Fails the test on any refusal.
 */
export async function deploy(node: TestNode, pkg: unknown, opts: { mode?: 'live' | 'shadow' | 'canary'; canary?: unknown; note?: string } = {}): Promise<number> {
  const path = (v: number) => `/api/v1/strategies/${(pkg as { id: string }).id}/versions/${v}`;
  const expectOk = (r: { status: number; body: any }, what: string) => {
    if (r.status >= 300) throw new Error(`${what} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  const imported = expectOk(await node.json('POST', '/api/v1/strategies/import', { package: pkg, changeNote: opts.note ?? 'test' }), 'import');
  const v = imported.body.version as number;
  expectOk(await node.json('POST', `${path(v)}/submit`, { note: 'ready' }), 'submit');
  expectOk(await node.json('POST', `${path(v)}/approve`, { note: 'checked' }, await approverKey(node)), 'approve');
  expectOk(await node.json('POST', `${path(v)}/deploy`, { mode: opts.mode ?? 'live', reason: opts.note ?? 'test', ...(opts.canary ? { canary: opts.canary } : {}) }), 'deploy');
  return v;
}

/** A demo user's console session: `call(method, url, body)` sends its cookie and CSRF token. */
export interface UserSession {
  username: string;
  call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any; headers: Record<string, string> }>;
}

/** Signs a demo user in (their password is in the node's demo credentials). */
export async function signIn(node: TestNode, username: string): Promise<UserSession> {
  const user = node.creds.users.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  const res = await fetch(`${node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: user.password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { username, call: (method, url, body) => node.json(method, url, body, '', { cookie, 'x-csrf-token': csrfToken }) };
}
