import type { IsolationLevel, Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { transactionScope } from './transaction-scope.ts';

/**
 * Runs `fn` in a transaction: commits when it resolves, rolls back when it throws (and rethrows).
 * Called with a transaction, `fn` joins it instead of nesting, so repository helpers can use
 * this whether or not the use case already opened one. Inside `fn`, run every query on `trx`: on
 * PGlite a query on the root `db` would wait for this very transaction, so it throws instead.
 *
 * @example
 * await withTransaction(db, async (trx) => {
 *   await insertStrategyVersion(trx, version);
 *   await activateDeployment(trx, deployment);
 * });
 */
export function withTransaction<T>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
  options: { isolationLevel?: IsolationLevel } = {},
): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>);
  let builder = db.transaction();
  if (options.isolationLevel !== undefined) builder = builder.setIsolationLevel(options.isolationLevel);
  // A child scope inherits the parent's open transactions: a transaction started on the root `db`
  // from inside another one's callback would deadlock on PGlite just the same.
  const scope = { open: new Set(transactionScope.getStore()?.open) };
  return transactionScope.run(scope, () => builder.execute(fn));
}
