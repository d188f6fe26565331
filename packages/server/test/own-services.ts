import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, sleep } from './cluster-harness.ts';

/**
 * A Redis or NATS server the test starts itself on a free port, so that it can be stopped and
 * started again without touching the machine's shared services.
 */
export class OwnServer {
  private proc: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly kind: 'redis' | 'nats',
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** A server on a free port with a storage directory of its own; `start: false` only reserves them. */
  static async create(kind: 'redis' | 'nats', opts: { start?: boolean } = {}): Promise<OwnServer> {
    const s = new OwnServer(kind, await freePort(), await mkdtemp(path.join(tmpdir(), `vigil-own-${kind}-`)));
    if (opts.start !== false) await s.start();
    return s;
  }

  /** Where the server keeps its data (NATS: the JetStream store). */
  get storeDir(): string {
    return this.dir;
  }

  get url(): string {
    return this.kind === 'redis' ? `redis://127.0.0.1:${this.port}` : `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const [cmd, args] =
      this.kind === 'redis'
        ? ['/usr/bin/redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir]]
        : ['/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir]];
    const proc = spawn(cmd, args, { stdio: 'ignore' });
    this.proc = proc;
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    for (let i = 0; i < 100; i++) {
      if (await listening(this.port)) return;
      await sleep(50);
    }
    throw new Error(`${this.kind} server on ${this.port} did not start`);
  }

  /** Stops the server (SIGTERM unless told) and waits until it is gone. A Redis started here keeps nothing. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.proc;
    if (!p) return;
    this.proc = null;
    p.kill(signal);
    await this.exited;
  }

  /** Sends a signal to the running server (SIGSTOP / SIGCONT to freeze and thaw it). */
  signal(sig: NodeJS.Signals): void {
    this.proc?.kill(sig);
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
