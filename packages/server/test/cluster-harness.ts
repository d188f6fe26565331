import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeEvent } from '../src/repos/decision-encoding.ts';

/** The repository root (engine processes are started from there, like `npm start`). */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One Vigil engine process (`packages/server/src/main.ts`, as `npm start` runs it) with its own
 * data directory and port; environment variables configure it exactly as an operator would.
 */
export class NodeProcess {
  private proc: ChildProcess | null = null;
  readonly output: string[] = [];
  exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly name: string,
    readonly dataDir: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  /** Starts the process and waits until it answers `/readyz` (at most `timeoutMs`). */
  async start(timeoutMs = 90_000): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, VIGIL_LOG_LEVEL: 'warn', ...this.env, VIGIL_DATA_DIR: this.dataDir, VIGIL_PORT: String(this.port), VIGIL_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    const keep = (chunk: Buffer) => {
      this.output.push(String(chunk));
      if (this.output.length > 400) this.output.splice(0, 200);
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      proc.once('exit', (code) => {
        if (this.proc === proc) this.proc = null;
        resolve(code);
      }),
    );
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.proc !== proc) throw new Error(`${this.name} exited while starting:\n${this.tail()}`);
      try {
        const r = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`${this.name} did not become ready in ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** Kills the process (SIGKILL: no flush, no goodbye) and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.proc;
    if (!p) return;
    p.kill(signal);
    await this.exited;
  }

  /** The last lines the process printed. */
  tail(): string {
    return this.output.join('').split('\n').slice(-40).join('\n');
  }

  /** Reads a JSON file the node wrote into its data directory. */
  async readDataFile<T>(name: string): Promise<T> {
    return JSON.parse(await readFile(path.join(this.dataDir, name), 'utf8')) as T;
  }
}

export interface Answer {
  status: number;
  body: any;
  node: string;
  attempts: number;
}

/**
 * A channel system's client in front of several engine nodes: requests go round-robin; a node that
 * cannot be reached, or answers 503, is skipped and the same request (same event id) is sent to
 * the next one, until an answer comes or `maxAttempts` is reached.
 */
export class RoundRobinClient {
  private next = 0;
  retries = 0;

  constructor(
    private readonly nodes: () => Array<{ name: string; url: string }>,
    private readonly key: string,
    private readonly o: { maxAttempts?: number; timeoutMs?: number; retryDelayMs?: number } = {},
  ) {}

  async send(method: string, url: string, body?: unknown): Promise<Answer> {
    const max = this.o.maxAttempts ?? 200;
    let last = '';
    for (let attempt = 1; attempt <= max; attempt++) {
      const nodes = this.nodes();
      const n = nodes[this.next++ % nodes.length]!;
      try {
        const r = await fetch(n.url + url, {
          method,
          headers: { authorization: `Bearer ${this.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000),
        });
        const text = await r.text();
        if (r.status === 503 || r.status === 502) {
          last = `${n.name}: ${r.status} ${text}`;
        } else {
          return { status: r.status, body: text ? JSON.parse(text) : null, node: n.name, attempts: attempt };
        }
      } catch (e) {
        last = `${n.name}: ${(e as Error).message}`;
      }
      this.retries++;
      await sleep(this.o.retryDelayMs ?? 50);
    }
    throw new Error(`no node answered ${method} ${url} after ${max} attempts: ${last}`);
  }
}

/** The event type the cluster suites decide: a card payment keyed by a card id. */
export const clusterEventType = {
  key: 'cluster_txn',
  name: { zh: '集群交易', en: 'Cluster payment' },
  scenario: 'payment',
  channels: ['POS'],
  fields: { card: { type: 'string', required: true }, amount: { type: 'number', required: true }, org: { type: 'string' } },
  entityFields: { card: 'card' },
  sensitiveFields: {},
  orgField: 'org',
  latencyBudgetMs: 200,
  fallbackOutcome: 'review',
  outcomePrecedence: ['pass', 'review', 'challenge', 'reject'],
};

/** Its strategy: a count and a sum per card over a day, read before each event. */
export const clusterStrategy = {
  id: 'cluster_check',
  name: { zh: '集群校验', en: 'Cluster check' },
  eventType: 'cluster_txn',
  direction: 'in',
  features: [
    { kind: 'velocity', name: 'cnt', agg: 'count', by: ['card'], window: '1d', eventTypes: ['cluster_txn'] },
    { kind: 'velocity', name: 'amt', agg: 'sum', field: 'amount', by: ['card'], window: '1d', eventTypes: ['cluster_txn'] },
  ],
  rules: [{ id: 'busy', name: { zh: '频繁', en: 'Busy' }, condition: 'features.cnt >= 1000', outcome: 'review', score: 10, reasonCode: 'BUSY', enabled: true, mode: 'live' }],
  ruleSets: [{ id: 's', rules: ['busy'] }],
  flow: { stages: [{ id: 'r', type: 'rules', ruleSet: 's', mode: 'all' }] },
  testCases: [{ name: 'a first payment passes', data: { card: 'c-test', amount: 10, org: 'bank_a' }, expectOutcome: 'pass' }],
};

/**
 * Registers the cluster event type, deploys its strategy (maker: `adminKey`, checker:
 * `approverKey`) and creates a channel key for it; returns the channel key.
 */
export async function setUpClusterWorkspace(url: string, adminKey: string, approverKey: string): Promise<string> {
  const call = async (method: string, p: string, body: unknown, key = adminKey) => {
    const r = await fetch(url + p, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return JSON.parse(text) as any;
  };
  await call('POST', '/api/v1/event-types', clusterEventType);
  const { version } = await call('POST', '/api/v1/strategies/import', { package: clusterStrategy, changeNote: 'cluster check' });
  const v = `/api/v1/strategies/${clusterStrategy.id}/versions/${version}`;
  await call('POST', `${v}/submit`, { note: 'ready' });
  await call('POST', `${v}/approve`, { note: 'checked' }, approverKey);
  await call('POST', `${v}/deploy`, { mode: 'live', reason: 'cluster check' });
  const key = await call('POST', '/api/v1/api-keys', { name: 'cluster channel', eventTypes: ['cluster_txn'], rateLimitPerSec: 100_000 });
  return key.key as string;
}

/** Each card's count and sum of amounts over logged `cluster_txn` decisions (their `event` column). */
export function recountByCard(rows: ReadonlyArray<{ event: unknown }>): Map<string, { cnt: number; amt: number }> {
  const out = new Map<string, { cnt: number; amt: number }>();
  for (const r of rows) {
    const d = (decodeEvent(r.event as string) as { data: { card: string; amount: number } }).data;
    const c = out.get(d.card) ?? { cnt: 0, amt: 0 };
    c.cnt++;
    c.amt += d.amount;
    out.set(d.card, c);
  }
  return out;
}
