import { createHash } from 'node:crypto';
import { createClient, ErrorReply, RESP_TYPES, type RedisArgument } from 'redis';

/** A node-redis 6 client as {@link connectRedis} configures it. */
export type RedisClient = ReturnType<typeof createClient>;

/** What the connection logs: a pino logger fits. */
export interface RedisLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RedisConnectOptions {
  /** `redis[s]://[[user][:password]@]host[:port][/db]`. */
  url: string;
  /** Deadline of one command (or one script call): past it the call fails with {@link RedisUnavailableError}. */
  commandTimeoutMs: number;
  /** Deadline of one connection attempt, and the longest {@link connectRedis} waits for the first one. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Connection name shown by `CLIENT LIST`. */
  name?: string;
  /** Reconnection backoff: first delay (default 50 ms), doubled per failed attempt up to `reconnectMaxDelayMs` (default 2000 ms). */
  reconnectMinDelayMs?: number;
  reconnectMaxDelayMs?: number;
  /** Most commands waiting for a reply; beyond it a command fails at once. Default 10 000. */
  maxPendingCommands?: number;
}

/** A Lua script run with EVALSHA, falling back to EVAL when the server does not know it yet. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

/** Options of one command sent through {@link RedisConnection.send}. */
export interface RedisSendOptions {
  /** Bulk strings come back as Buffers (binary values) instead of UTF-8 strings. */
  buffers?: boolean;
}

/** The commands a Redis-backed adapter needs: each call bounded by the connection's deadline. */
export interface RedisCommands {
  send<T = unknown>(args: readonly RedisArgument[], options?: RedisSendOptions): Promise<T>;
  evalScript<T = unknown>(script: LuaScript, keys: readonly RedisArgument[], args: readonly RedisArgument[], options?: RedisSendOptions): Promise<T>;
}

/**
 * Redis cannot answer now: not connected, connection lost while waiting, or no reply within the
 * deadline. `code` is `REDIS_UNAVAILABLE`; the original error, if any, is the `cause`. A command
 * that timed out may still have been executed by the server.
 */
export class RedisUnavailableError extends Error {
  readonly code = 'REDIS_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

/** Describes a Lua script once (its SHA-1 is what EVALSHA sends). */
export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
const DEFAULT_RECONNECT_MIN_MS = 50;
const DEFAULT_RECONNECT_MAX_MS = 2_000;
const DEFAULT_MAX_PENDING = 10_000;
/** While disconnected, connection errors are logged at most this often. */
const ERROR_LOG_INTERVAL_MS = 30_000;
const BUFFER_REPLIES = { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer } as const;
/** Client methods that manage the connection rather than send a command: no deadline. */
const LIFECYCLE = new Set<PropertyKey>(['connect', 'close', 'destroy', 'disconnect', 'quit', 'QUIT', 'duplicate', 'ref', 'unref']);
/** Client methods returning a client or a transaction whose commands must carry the deadline too. */
const DERIVED = new Set<PropertyKey>(['withTypeMapping', 'withCommandOptions', 'withAbortSignal', 'asap', 'multi', 'MULTI']);

const silent: RedisLog = { info() {}, warn() {}, error() {} };

/**
 * A Redis connection for a risk engine that must never hang on its dependencies:
 * - the offline queue is disabled: while disconnected every command fails at once, nothing piles
 *   up in memory;
 * - every command has a deadline (`commandTimeoutMs`): node-redis's own `timeout` covers a command
 *   still waiting to be written, and a timer covers the wait for the reply, after which the call
 *   fails and a late reply is dropped (the server may still have executed it);
 * - reconnection never gives up (exponential backoff, capped), so the process recovers without a
 *   restart; {@link onReady} tells when the connection is back, for catch-up work;
 * - an `error` listener is always attached (node-redis would otherwise crash the process) and
 *   connection trouble is logged once per outage, then at most every 30 s.
 *
 * {@link client} is the node-redis client with the deadline applied to every command method
 * (blocking commands and pub/sub do not fit it); {@link send} and {@link evalScript} are the
 * raw-argument equivalents adapters use.
 */
export class RedisConnection implements RedisCommands {
  /** The node-redis client; every command sent through it carries the deadline. */
  readonly client: RedisClient;
  readonly commandTimeoutMs: number;
  private readonly raw: RedisClient;
  private readonly readyListeners = new Set<(info: { downForMs: number | null }) => void>();
  private inFlight = 0;
  private closed = false;
  private everReady = false;
  private downSince: number | null = null;
  private lastErrorLog = 0;

  /** Starts connecting in the background; see {@link connectRedis}. */
  constructor(
    options: RedisConnectOptions,
    private readonly log: RedisLog = silent,
  ) {
    const connectTimeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const minDelay = options.reconnectMinDelayMs ?? DEFAULT_RECONNECT_MIN_MS;
    const maxDelay = Math.max(minDelay, options.reconnectMaxDelayMs ?? DEFAULT_RECONNECT_MAX_MS);
    if (!(options.commandTimeoutMs > 0)) throw new TypeError('commandTimeoutMs must be a positive number of milliseconds');
    this.commandTimeoutMs = options.commandTimeoutMs;
    this.raw = createClient({
      url: options.url,
      name: options.name,
      disableOfflineQueue: true,
      commandsQueueMaxLength: options.maxPendingCommands ?? DEFAULT_MAX_PENDING,
      // Bounds the time a command waits to be written; the reply is bounded by `deadline`.
      commandOptions: { timeout: options.commandTimeoutMs },
      socket: {
        connectTimeout,
        // Never gives up: doubling from minDelay, capped at maxDelay, with ±20 % jitter so that a
        // fleet does not reconnect in lockstep.
        reconnectStrategy: (retries: number) => Math.round(Math.min(maxDelay, minDelay * 2 ** Math.min(retries, 20)) * (0.8 + 0.4 * Math.random())),
      },
    });
    this.raw.on('error', (err: unknown) => this.onError(err));
    this.raw.on('ready', () => this.onReadyEvent());
    this.client = guardClient(this.raw, (p) => this.deadline(p));
    this.downSince = Date.now();
    this.raw.connect().catch((err: unknown) => {
      // Only a close while connecting, or a configuration error, ends the connection loop.
      if (!this.closed) this.log.error({ err }, 'redis connection stopped');
    });
  }

  /** Connected and able to take commands now. */
  get isReady(): boolean {
    return !this.closed && this.raw.isReady;
  }

  /** Commands sent and not yet answered or failed by node-redis (timed-out ones included until their reply or the connection's loss). */
  get pending(): number {
    return this.inFlight;
  }

  /** One command with its deadline, e.g. `send(['HGET', key, field])`. */
  send<T = unknown>(args: readonly RedisArgument[], options?: RedisSendOptions): Promise<T> {
    if (!this.isReady) return Promise.reject(this.offline());
    return this.deadline(this.raw.sendCommand<T>(args, options?.buffers ? { typeMapping: BUFFER_REPLIES } : undefined));
  }

  /** Runs a Lua script (EVALSHA, then EVAL if the server does not have it); one deadline covers both. */
  evalScript<T = unknown>(script: LuaScript, keys: readonly RedisArgument[], args: readonly RedisArgument[], options?: RedisSendOptions): Promise<T> {
    if (!this.isReady) return Promise.reject(this.offline());
    const opts = options?.buffers ? { typeMapping: BUFFER_REPLIES } : undefined;
    const tail = [String(keys.length), ...keys, ...args];
    const run = async (): Promise<T> => {
      try {
        return await this.raw.sendCommand<T>(['EVALSHA', script.sha1, ...tail], opts);
      } catch (e) {
        if (!(e instanceof ErrorReply) || !e.message.startsWith('NOSCRIPT')) throw e;
        return await this.raw.sendCommand<T>(['EVAL', script.source, ...tail], opts);
      }
    };
    return this.deadline(run());
  }

  /**
   * Calls `listener` every time the connection becomes ready: the first time (`downForMs` null)
   * and after every outage (how long it lasted). Returns a function that removes the listener.
   */
  onReady(listener: (info: { downForMs: number | null }) => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Resolves true once connected, or false after `timeoutMs` without a connection. */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.isReady) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const off = this.onReady(() => {
        clearTimeout(timer);
        off();
        resolve(true);
      });
      const timer = setTimeout(() => {
        off();
        resolve(this.isReady);
      }, timeoutMs);
      timer.unref?.();
    });
  }

  /** Closes the connection: QUIT (answers pending commands first) within the deadline, else drops it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.readyListeners.clear();
    if (this.raw.isReady) {
      try {
        await withTimeout(this.raw.quit(), Math.max(this.commandTimeoutMs, 1_000));
        return;
      } catch {
        // fall through: drop the connection
      }
    }
    try {
      this.raw.destroy();
    } catch {
      // already closed
    }
  }

  private offline(): RedisUnavailableError {
    return new RedisUnavailableError(this.closed ? 'Redis connection closed' : 'Redis is not connected');
  }

  /** Races a command against the deadline; a late settlement is ignored. */
  private deadline<T>(p: Promise<T>): Promise<T> {
    this.inFlight++;
    const ms = this.commandTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        reject(new RedisUnavailableError(`Redis did not answer within ${ms} ms`));
      }, ms);
      p.then(
        (v) => {
          this.inFlight--;
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          this.inFlight--;
          if (done) return;
          done = true;
          clearTimeout(timer);
          reject(classify(e));
        },
      );
    });
  }

  private onError(err: unknown): void {
    const now = Date.now();
    const throttled = now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS;
    if (this.raw.isReady) {
      // An error on a live connection (a failed keep-alive PING, …): worth a line, not an outage.
      if (!throttled) this.log.warn({ err }, 'redis error');
    } else if (this.downSince === null) {
      // The first error of an outage.
      this.downSince = now;
      this.log.warn({ err }, 'redis connection lost; reconnecting');
    } else if (!throttled) {
      this.log.warn({ err, downForMs: now - this.downSince }, 'redis unreachable; retrying');
    } else return;
    this.lastErrorLog = now;
  }

  private onReadyEvent(): void {
    const downForMs = this.everReady && this.downSince !== null ? Date.now() - this.downSince : null;
    if (downForMs !== null) this.log.info({ downForMs }, 'redis connection restored');
    this.everReady = true;
    this.downSince = null;
    this.lastErrorLog = 0;
    for (const l of [...this.readyListeners]) {
      try {
        l({ downForMs });
      } catch (err) {
        this.log.error({ err }, 'redis ready listener failed');
      }
    }
  }
}

/** The Redis connection of a Vigil node (see {@link RedisConnection}). */
export type VigilRedis = RedisConnection;

/**
 * Opens a {@link RedisConnection} and waits up to `connectTimeoutMs` for it to be ready. Redis
 * being down does not fail the start: the connection is returned anyway and keeps trying in the
 * background (`isReady` false, commands fail at once until then). Throws only on a malformed
 * configuration.
 *
 * @example
 * const redis = await connectRedis({ url: 'redis://127.0.0.1:6379', commandTimeoutMs: 50 }, log);
 * redis.onReady(({ downForMs }) => downForMs !== null && catchUp());
 */
export async function connectRedis(options: RedisConnectOptions, log?: RedisLog): Promise<RedisConnection> {
  const conn = new RedisConnection(options, log);
  if (!(await conn.whenReady(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS))) {
    log?.warn({ url: redactUrl(options.url) }, 'redis not reachable at start; retrying in the background');
  }
  return conn;
}

/** Node-redis errors as this module reports them: a reply error as is, anything else as unavailable. */
function classify(e: unknown): Error {
  if (e instanceof ErrorReply) return e;
  if (e instanceof RedisUnavailableError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new RedisUnavailableError(`Redis unavailable: ${message}`, { cause: e });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailableError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(malformed url)';
  }
}

/**
 * The client seen through a proxy that puts the deadline on every promise a command method
 * returns, and on the clients and transactions derived from it (`withTypeMapping`, `multi`, …).
 */
function guardClient<C extends object>(target: C, deadline: <T>(p: Promise<T>) => Promise<T>): C {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const v: unknown = Reflect.get(t, prop, t);
      if (typeof v !== 'function' || LIFECYCLE.has(prop)) return v;
      return function guarded(this: unknown, ...args: unknown[]) {
        const r: unknown = (v as (...a: unknown[]) => unknown).apply(t, args);
        if (r === t) return receiver;
        if (r instanceof Promise) return deadline(r);
        if (DERIVED.has(prop) && r !== null && typeof r === 'object') return guardClient(r, deadline);
        return r;
      };
    },
  });
}
