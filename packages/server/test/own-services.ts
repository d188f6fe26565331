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

  static async create(kind: 'redis' | 'nats'): Promise<OwnServer> {
    const s = new OwnServer(kind, await freePort(), await mkdtemp(path.join(tmpdir(), `vigil-own-${kind}-`)));
    await s.start();
    return s;
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

  /** Stops the server (SIGTERM) and waits until it is gone. A Redis started here keeps nothing. */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    this.proc = null;
    p.kill('SIGTERM');
    await this.exited;
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
