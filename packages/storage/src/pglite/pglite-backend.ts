import type { SessionResult } from './pglite-session.mjs';

/** Where PGlite runs: a worker thread in production, the calling thread only for comparison. */
export interface PgliteBackend {
  /**
   * Runs one statement; parameters are already serialised the way node-postgres would send them.
   * `copyText` is the data of a `COPY … FROM '/dev/blob'` statement.
   */
  query(sql: string, params: readonly unknown[], copyText?: string): Promise<SessionResult>;
  /** Waits for queued statements, closes PGlite and releases the thread. */
  close(): Promise<void>;
}
