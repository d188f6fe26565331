import { Worker } from 'node:worker_threads';
import { toDatabaseError } from '../database-error.ts';
import type { PgliteBackend } from './pglite-backend.ts';
import type { SerializedError, SessionResult } from './pglite-session.mjs';

type Reply =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedError }
  | { id: number; ok: true; result?: SessionResult }
  | { id: number; ok: false; error: SerializedError };

interface Pending {
  resolve(result: SessionResult | undefined): void;
  reject(error: Error): void;
}

// The worker is a plain .mjs file next to this one: it needs no TypeScript loader, so it starts the
// same way under tsx, vitest or compiled output.
const WORKER_URL = new URL('./pglite-worker.mjs', import.meta.url);

/**
 * Starts a worker thread owning a PGlite instance at `dataDir` (a directory or `memory://`) and
 * resolves once PGlite is ready, or rejects with the reason it could not open.
 */
export function startPgliteWorker(dataDir: string): Promise<PgliteBackend> {
  // execArgv: [] keeps the parent's loader flags (tsx's --import, vitest's) out of the worker: it
  // runs plain JavaScript and starts faster without them.
  const worker = new Worker(WORKER_URL, { workerData: { dataDir }, execArgv: [] });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | undefined;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };

  return new Promise<PgliteBackend>((resolveStart, rejectStart) => {
    worker.on('error', (error) => {
      failAll(error);
      rejectStart(error);
    });
    worker.on('exit', (code) => {
      failAll(new Error(`PGlite worker exited (code ${code})`));
      rejectStart(failure);
    });
    worker.on('message', (reply: Reply) => {
      if ('type' in reply) {
        if (reply.type === 'ready') resolveStart(backend);
        else rejectStart(toDatabaseError(reply.error));
        return;
      }
      const p = pending.get(reply.id);
      if (p === undefined) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(toDatabaseError(reply.error));
    });

    function send(message: Record<string, unknown>, transfer?: ArrayBuffer[]): Promise<SessionResult | undefined> {
      if (failure !== undefined) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          worker.postMessage({ id, ...message }, transfer);
        } catch (error) {
          // DataCloneError: a parameter that cannot cross threads (a function, a class instance).
          pending.delete(id);
          reject(error as Error);
        }
      });
    }

    let closing: Promise<void> | undefined;
    const backend: PgliteBackend = {
      async query(sql, params, copyData) {
        // The COPY data's buffer is moved to the worker, not copied: a batch of decisions is tens of kilobytes.
        return (await (copyData === undefined ? send({ type: 'query', sql, params }) : send({ type: 'query', sql, params, copyData }, [copyData.buffer]))) as SessionResult;
      },
      close() {
        closing ??= (async () => {
          try {
            if (failure === undefined) await send({ type: 'close' });
          } finally {
            failure ??= new Error('PGlite worker is closed');
            await worker.terminate();
          }
        })();
        return closing;
      },
    };
  });
}
