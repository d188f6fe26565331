import type { SessionResult } from './pglite-session.mjs';

/** Where PGlite runs: a worker thread in production, the calling thread only for comparison. */
export interface PgliteBackend {
  /** Runs one statement; parameters are already serialised the way node-postgres would send them. */
  query(sql: string, params: readonly unknown[]): Promise<SessionResult>;
  /** Waits for queued statements, closes PGlite and releases the thread. */
  close(): Promise<void>;
}
