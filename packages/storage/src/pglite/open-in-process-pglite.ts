import { toDatabaseError } from '../database-error.ts';
import type { PgliteBackend } from './pglite-backend.ts';
import { openPgliteSession, serializeError } from './pglite-session.mjs';

/**
 * Runs PGlite on the calling thread. Only for measuring what the worker buys (see
 * `measureFlushStall`) and for short-lived tools: WASM execution then blocks the event loop.
 * Errors go through the same serialisation as the worker's so the two behave identically.
 */
export async function openInProcessPglite(dataDir: string): Promise<PgliteBackend> {
  const session = await openPgliteSession(dataDir);
  return {
    async query(sql, params, copyData) {
      try {
        return await session.run(sql, params, copyData);
      } catch (error) {
        throw toDatabaseError(serializeError(error));
      }
    },
    close: () => session.close(),
  };
}
