import type { SessionResult } from './pglite-session.mjs';

/** Where PGlite runs: a worker thread in production, the calling thread only for comparison. */
export interface PgliteBackend {
  /**
   * Runs one statement; parameters are already serialised the way node-postgres would send them.
   * `copyData` is the UTF-8 data of a `COPY … FROM '/dev/blob'` statement; a worker backend takes
   * its buffer over (transfers it) instead of copying it.
   */
  query(sql: string, params: readonly unknown[], copyData?: Uint8Array<ArrayBuffer>): Promise<SessionResult>;
  /** Waits for queued statements, closes PGlite and releases the thread. */
  close(): Promise<void>;
}
