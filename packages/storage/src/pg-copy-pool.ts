import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { CopyData } from './copy-from.ts';

type Callback = (error: Error | null, result?: pg.QueryResult) => void;

/**
 * `COPY … FROM STDIN` on node-postgres: a query that answers the server's CopyInResponse with the
 * data in one CopyData message and CopyDone (what pg-copy-streams does, without the stream).
 */
class CopyFromText extends (pg as unknown as { Query: new (text: string, values: undefined, callback: Callback) => object }).Query {
  readonly #data: Buffer;

  constructor(sql: string, text: string, callback: Callback) {
    super(sql, undefined, callback);
    this.#data = Buffer.from(text, 'utf8');
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    connection.sendCopyFromChunk(this.#data);
    connection.endCopyFrom();
  }
}

function copyIn(client: pg.PoolClient, sql: string, text: string): Promise<pg.QueryResult> {
  return new Promise((resolve, reject) => {
    client.query(new CopyFromText(sql, text, (error, result) => (error ? reject(error) : resolve(result!))) as unknown as pg.QueryConfig);
  });
}

/**
 * The pool Kysely's PostgresDialect gets: node-postgres's own, except that a statement whose only
 * parameter is {@link CopyData} runs as COPY FROM STDIN with that data. Each pg client keeps one
 * wrapper, so Kysely (which caches a connection per client object) sees stable identities.
 */
export function copyAwarePool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let w = wrappers.get(client);
    if (!w) {
      w = {
        query: ((sql: unknown, params?: readonly unknown[]) => {
          if (typeof sql === 'string' && params?.length === 1 && params[0] instanceof CopyData) return copyIn(client, sql, params[0].text);
          return client.query(sql as string, params as unknown[]);
        }) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
      wrappers.set(client, w);
    }
    return w;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
