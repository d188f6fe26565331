import { sql, type Kysely } from 'kysely';
import type { DB } from '@vigil/storage';

/** The advisory-lock key of the job runner (any 64-bit number unique to Vigil in the database). */
const LEADER_LOCK = 0x5649_4749_4c00n; // "VIGIL\0"

export interface LeadershipOptions {
  db: Kysely<DB>;
  /** With PGlite the process is alone: it always leads. */
  dbKind: 'pglite' | 'postgres';
  /** How often a follower tries to take the lock, and the leader checks its connection. */
  intervalMs?: number;
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void };
  /** The lock key; tests give each cluster its own. */
  lockKey?: bigint;
}

/**
 * Elects the one node that runs the scheduled jobs (SLA escalation, scheduled deployments, model
 * monitoring, feature-state sweeps) through a PostgreSQL session advisory lock. The leader holds
 * the lock on a connection of its own for as long as it lives; when that node dies, its
 * connection closes, PostgreSQL releases the lock, and another node takes it within
 * `intervalMs`. A leader whose connection fails steps down at once.
 */
export class Leadership {
  private leading: boolean;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private holding: Promise<void> | null = null;
  private release: (() => void) | null = null;
  private readonly interval: number;
  private readonly key: bigint;
  private readonly listeners: Array<(leading: boolean) => void> = [];

  constructor(private readonly o: LeadershipOptions) {
    this.leading = o.dbKind === 'pglite';
    this.interval = o.intervalMs ?? 2000;
    this.key = o.lockKey ?? LEADER_LOCK;
  }

  /** True while this node runs the scheduled jobs. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Called on every change of leadership of this node. */
  onChange(fn: (leading: boolean) => void): void {
    this.listeners.push(fn);
  }

  async start(): Promise<void> {
    if (this.o.dbKind === 'pglite') return;
    this.stopped = false;
    await this.attempt();
    this.timer = setInterval(() => void this.attempt(), this.interval);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.release?.();
    await this.holding;
  }

  private set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.o.log.info({ leading }, leading ? 'this node now runs the scheduled jobs' : 'this node no longer runs the scheduled jobs');
    for (const fn of this.listeners) {
      try {
        fn(leading);
      } catch {
        // a listener never affects the election
      }
    }
  }

  /** A follower tries to take the lock; the winner keeps its connection until it stops or fails. */
  private async attempt(): Promise<void> {
    if (this.stopped || this.holding) return;
    let acquired!: (got: boolean) => void;
    const decided = new Promise<boolean>((resolve) => (acquired = resolve));
    this.holding = this.o.db
      .connection()
      .execute(async (conn) => {
        const r = await sql<{ got: boolean }>`select pg_try_advisory_lock(${this.key.toString()}::bigint) as got`.execute(conn);
        if (!r.rows[0]?.got) return acquired(false);
        acquired(true);
        this.set(true);
        try {
          // Hold the connection (and with it the lock), checking it is still alive.
          for (;;) {
            const stop = new Promise<'stop'>((resolve) => (this.release = () => resolve('stop')));
            const tick = new Promise<'tick'>((resolve) => setTimeout(() => resolve('tick'), this.interval).unref());
            if ((await Promise.race([stop, tick])) === 'stop' || this.stopped) break;
            await sql`select 1`.execute(conn);
          }
          await sql`select pg_advisory_unlock(${this.key.toString()}::bigint)`.execute(conn);
        } finally {
          this.release = null;
          this.set(false);
        }
      })
      .catch((e: unknown) => {
        acquired(false);
        this.o.log.warn({ err: e }, 'job leadership connection failed; another node may take over');
      })
      .finally(() => {
        this.holding = null;
      });
    // A follower's attempt is over at once; a leader's runs until it steps down.
    if (!(await decided)) await this.holding;
  }
}
