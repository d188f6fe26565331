import {
  CompiledQuery,
  IdentifierNode,
  RawNode,
  createQueryId,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import { transactionScope } from '../transaction-scope.ts';
import { ConnectionGate } from './connection-gate.ts';
import type { PgliteBackend } from './pglite-backend.ts';
import { PgliteConnection } from './pglite-connection.ts';

/**
 * Kysely driver over one PGlite session. PGlite is a single connection, so every "connection" is a
 * lease on it: plain queries share it (queued in order), transactions take it exclusively.
 */
export class PgliteDriver implements Driver {
  readonly #open: () => Promise<PgliteBackend>;
  readonly #gate = new ConnectionGate();
  #backend: PgliteBackend | undefined;
  #closing: Promise<void> | undefined;

  /** `open` starts the backend; Kysely calls `init` lazily, before the first query. */
  constructor(open: () => Promise<PgliteBackend>) {
    this.#open = open;
  }

  async init(): Promise<void> {
    this.#backend = await this.#open();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#closing !== undefined || this.#backend === undefined) throw new Error('PGlite database is closed');
    if (transactionScope.getStore()?.open.has(this)) {
      throw new Error('query on the database inside withTransaction: use the transaction executor (on PGlite this would deadlock)');
    }
    const backend = this.#backend;
    await this.#gate.acquireShared();
    return new PgliteConnection(backend, this.#gate);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await lease(connection).becomeExclusive();
    transactionScope.getStore()?.open.add(this);
    let sql = 'begin';
    if (settings.isolationLevel !== undefined || settings.accessMode !== undefined) {
      sql = 'start transaction';
      if (settings.isolationLevel !== undefined) sql += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode !== undefined) sql += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(sql));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('savepoint', name), createQueryId()));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('rollback to', name), createQueryId()));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('release', name), createQueryId()));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const wasExclusive = lease(connection).release();
    if (wasExclusive) transactionScope.getStore()?.open.delete(this);
  }

  /**
   * Refuses new work, waits until every lease granted or queued before the call is released (so
   * in-flight queries and open transactions finish), then closes PGlite and its thread.
   */
  destroy(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#gate.whenIdle();
      await this.#backend?.close();
    })();
    return this.#closing;
  }
}

function lease(connection: DatabaseConnection): PgliteConnection {
  if (!(connection instanceof PgliteConnection)) throw new Error('PgliteDriver was handed a foreign connection');
  return connection;
}

// Kysely's own parseSavepointCommand is internal; this is the same node (the identifier is quoted).
function savepointCommand(command: string, name: string): RawNode {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
}
