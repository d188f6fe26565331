import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { openInProcessPglite } from './open-in-process-pglite.ts';
import { PgliteDriver } from './pglite-driver.ts';
import { startPgliteWorker } from './start-pglite-worker.ts';

export interface PgliteWorkerDialectConfig {
  /** PGlite data directory (created if missing), or `memory://` for a throwaway database. */
  dataDir: string;
  /**
   * Run PGlite on the calling thread instead of a worker. Only for measuring what the worker buys
   * and for short-lived tools: every statement then blocks the event loop while it executes.
   */
  runOnMainThread?: boolean;
}

/**
 * Kysely dialect for PGlite running in a `worker_threads` Worker, so large writes never stall the
 * event loop that serves decisions. SQL is Kysely's PostgreSQL dialect; only the driver differs.
 *
 * @example
 * const db = new Kysely<DB>({ dialect: new PgliteWorkerDialect({ dataDir: './data/pgdata' }) });
 * await db.selectFrom('settings').selectAll().execute();
 * await db.destroy(); // waits for in-flight work, flushes PGlite, stops the worker
 */
export class PgliteWorkerDialect implements Dialect {
  readonly #config: PgliteWorkerDialectConfig;

  constructor(config: PgliteWorkerDialectConfig) {
    this.#config = { ...config };
  }

  createDriver(): Driver {
    const { dataDir, runOnMainThread } = this.#config;
    return new PgliteDriver(() => (runOnMainThread ? openInProcessPglite(dataDir) : startPgliteWorker(dataDir)));
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
