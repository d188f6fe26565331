import { AsyncLocalStorage } from 'node:async_hooks';

/** Drivers with a transaction open in the current async context (see `withTransaction`). */
export interface TransactionScope {
  readonly open: Set<object>;
}

/**
 * Lets the PGlite driver recognise a query sent on the root executor from inside a transaction's
 * callback. On PostgreSQL that query quietly runs outside the transaction; on PGlite, which has one
 * session, it would wait for the transaction that is waiting for it — a silent hang. The driver
 * throws instead, so the mistake fails loudly in tests.
 */
export const transactionScope = new AsyncLocalStorage<TransactionScope>();
