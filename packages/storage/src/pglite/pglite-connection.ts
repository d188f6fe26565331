import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import { prepareValue } from 'pg/lib/utils.js';
import { copyDataOf } from '../copy-from.ts';
import type { ConnectionGate } from './connection-gate.ts';
import type { PgliteBackend } from './pglite-backend.ts';

const COUNTED_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);
const UTF8 = new TextEncoder();
/** PGlite has no STDIN: COPY data comes from its `/dev/blob` device instead. */
const FROM_STDIN = /\bfrom\s+stdin\s*$/i;

/**
 * A lease on PGlite's single session, shared until it begins a transaction and exclusive from then
 * until released. Results are shaped exactly like Kysely's PostgresConnection over node-postgres.
 */
export class PgliteConnection implements DatabaseConnection {
  readonly #backend: PgliteBackend;
  readonly #gate: ConnectionGate;
  #mode: 'shared' | 'upgrading' | 'exclusive' | 'released' = 'shared';

  /** The caller must already hold `gate` in shared mode. */
  constructor(backend: PgliteBackend, gate: ConnectionGate) {
    this.#backend = backend;
    this.#gate = gate;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#mode === 'released') throw new Error('PGlite connection used after release');
    // Serialise parameters with node-postgres's own rules (a JS array becomes a PostgreSQL array,
    // an object JSON, a Date an ISO string), so a value that pg would reject fails here too instead
    // of passing in PGlite-backed tests and breaking in production.
    const copy = copyDataOf(compiledQuery);
    if (copy && !FROM_STDIN.test(compiledQuery.sql)) throw new Error('COPY data given to a statement that is not COPY … FROM STDIN');
    const params = copy ? [] : compiledQuery.parameters.map(prepareValue);
    try {
      const result = copy
        ? await this.#backend.query(compiledQuery.sql.replace(FROM_STDIN, "from '/dev/blob'"), params, UTF8.encode(copy.text))
        : await this.#backend.query(compiledQuery.sql, params);
      const rows = result.rows;
      if (result.byteaColumns.length > 0) toBuffers(rows, result.byteaColumns);
      return {
        rows: rows as R[],
        numAffectedRows: result.command !== undefined && COUNTED_COMMANDS.has(result.command) ? BigInt(result.rowCount) : undefined,
      };
    } catch (error) {
      // The error was built in a message handler; append the caller's (async) stack like Kysely does for pg.
      if (error instanceof Error) error.stack = `${error.stack ?? ''}\n${(new Error().stack ?? '').split('\n').slice(1).join('\n')}`;
      throw error;
    }
  }

  // Same stance as Kysely's pg connection without `cursor`: streaming is not configured.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported by the PGlite worker dialect; page with limit/offset or keyset instead');
  }

  /** Trades the shared lease for an exclusive one before BEGIN (waits for in-flight plain queries). */
  async becomeExclusive(): Promise<void> {
    if (this.#mode === 'exclusive') return;
    if (this.#mode !== 'shared') throw new Error(`PGlite connection cannot begin a transaction while ${this.#mode}`);
    // Release first, then queue: two leases upgrading at once would otherwise wait on each other.
    this.#mode = 'upgrading';
    this.#gate.release('shared');
    await this.#gate.acquireExclusive();
    this.#mode = 'exclusive';
  }

  /** Gives the lease back; returns whether it was exclusive (a transaction ended). */
  release(): boolean {
    const mode = this.#mode;
    if (mode === 'shared' || mode === 'exclusive') this.#gate.release(mode);
    this.#mode = 'released';
    return mode === 'exclusive';
  }
}

/** PGlite yields bytea as Uint8Array; node-postgres as Buffer. Buffer wins (zero-copy view). */
function toBuffers(rows: Record<string, unknown>[], columns: string[]): void {
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
        row[column] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
    }
  }
}
