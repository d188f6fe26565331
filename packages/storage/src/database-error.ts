import pg from 'pg';
import type { SerializedError } from './pglite/pglite-session.mjs';

/**
 * The error class both drivers throw for PostgreSQL errors: node-postgres's own `DatabaseError`.
 * PGlite errors are rebuilt as instances of it, so `err.code === '23505'` and
 * `err instanceof DatabaseError` behave the same whichever driver runs.
 */
export const DatabaseError = pg.DatabaseError;
export type DatabaseError = pg.DatabaseError;

/**
 * True for an error reported by PostgreSQL (either driver), with its SQLSTATE in `code`.
 *
 * @example
 * try { await insertApiKey(db, key); } catch (err) {
 *   if (isDatabaseError(err) && err.code === '23505') return conflict();
 *   throw err;
 * }
 */
export function isDatabaseError(error: unknown): error is DatabaseError {
  return error instanceof pg.DatabaseError;
}

/** Rebuilds an error sent by the PGlite worker as a node-postgres `DatabaseError` (or a plain Error when it has no SQLSTATE). */
export function toDatabaseError(serialized: SerializedError): Error {
  if (serialized.code === undefined) return new Error(serialized.message);
  const error = new pg.DatabaseError(serialized.message, 0, 'error');
  const { message: _message, ...fields } = serialized;
  return Object.assign(error, fields);
}
