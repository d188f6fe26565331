// One PGlite instance and the query loop around it. Plain JavaScript so that the worker thread can
// load it without a TypeScript loader (tsx, vitest) — and shared with the in-process variant used
// to measure what the worker buys, so both run exactly the same code.
import { PGlite } from '@electric-sql/pglite';
import { typeParsers } from '../pg-type-parsers.mjs';

const ERROR_FIELDS = [
  'severity', 'code', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where',
  'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine',
];

const BYTEA = 17;

/**
 * Copies an error into a plain object: PGlite's DatabaseError does not survive structured clone
 * with its fields, and the main thread rebuilds a node-postgres-shaped error from this.
 */
export function serializeError(error) {
  const out = { message: error instanceof Error ? error.message : String(error) };
  if (error !== null && typeof error === 'object') {
    for (const field of ERROR_FIELDS) {
      if (error[field] !== undefined) out[field] = error[field];
    }
  }
  return out;
}

function toResult(r) {
  const bytea = r.fields.filter((f) => f.dataTypeID === BYTEA).map((f) => f.name);
  return { rows: r.rows, command: r.command, rowCount: r.rowCount ?? 0, byteaColumns: bytea };
}

/** Opens PGlite at `dataDir` (a directory, or `memory://`) and returns a FIFO query runner. */
export async function openPgliteSession(dataDir) {
  const pg = await PGlite.create(dataDir, { parsers: typeParsers });
  // The pg pools pin UTC too, so date arithmetic on timestamptz agrees between drivers.
  await pg.exec("SET TimeZone = 'UTC'");
  let tail = Promise.resolve();

  async function execute(sql, params, copyData) {
    // COPY … FROM '/dev/blob' reads the blob handed to this one query.
    if (copyData !== undefined) return toResult(await pg.query(sql, params, { blob: new Blob([copyData]) }));
    if (params.length === 0) {
      // node-postgres sends parameterless queries with the simple protocol, which accepts several
      // statements; exec() is PGlite's simple protocol. pg then returns an array and Kysely sees no
      // rows, so a multi-statement result maps to an empty one here as well.
      const results = await pg.exec(sql);
      if (results.length !== 1) return { rows: [], command: undefined, rowCount: 0, byteaColumns: [] };
      return toResult(results[0]);
    }
    return toResult(await pg.query(sql, params));
  }

  return {
    /** Runs queries strictly in arrival order: transactions on the single session rely on it. */
    run(sql, params, copyData) {
      const result = tail.then(() => execute(sql, params, copyData));
      tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    /** Waits for queued queries, then closes PGlite (which flushes a persisted data directory). */
    async close() {
      await tail;
      await pg.close();
    },
  };
}
