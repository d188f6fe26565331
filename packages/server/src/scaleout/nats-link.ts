import { setMaxListeners } from 'node:events';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';

/** The logging a NATS component needs; a pino logger fits. */
export interface NatsLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
  error(o: object, msg: string): void;
}

/** How a node reaches the NATS server shared by the nodes of a deployment. */
export interface NatsLinkOptions {
  /** Server URL, or several for a cluster, e.g. `nats://127.0.0.1:4222`. */
  url: string | string[];
  /** Connection name shown by the server's monitoring, e.g. the node id. */
  name: string;
  /** Deadline of the connection handshake and of each JetStream API request. Default 2000 ms. */
  timeoutMs?: number;
  /**
   * Names every subject and stream of the deployment: prefix `vigil` gives subjects `vigil.events.…`,
   * `vigil.decisions.…`, `vigil.changes.…` and streams `VIGIL_EVENTS`, `VIGIL_DECISIONS`, `VIGIL_CHANGES`.
   * Letters, digits, `_` and `-` only.
   */
  prefix: string;
  /** Pause between connection attempts while the server is unreachable (plus up to 20 % jitter). Default 1000 ms. */
  reconnectWaitMs?: number;
  /** Interval of the client's pings; two unanswered pings count as a lost connection. Default 10 000 ms. */
  pingIntervalMs?: number;
  /** Replicas of each stream on a clustered JetStream. Default 1. */
  replicas?: number;
}

/**
 * The link's state as reported to {@link NatsLink.onStatus}: `connected` when the connection is
 * (re)established, `ready` once the streams are in place on the server it reached, `disconnected`
 * when it is lost (or the link is closed).
 */
export type NatsLinkStatus = 'connected' | 'ready' | 'disconnected';

/** The three streams of a deployment. */
export type NatsStreamKind = 'events' | 'decisions' | 'changes';

/** A stream's configuration as sent to the server (nanosecond durations, as JetStream expects). */
export type NatsStreamSpec = Partial<StreamConfig> & { name: string; subjects: string[] };

/** Raised when NATS cannot take a request right now (disconnected, deadline passed, server refused). */
export class NatsUnavailableError extends Error {
  readonly code: string;
  constructor(message: string, code = 'NATS_UNAVAILABLE', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NatsUnavailableError';
    this.code = code;
  }
}

const MINUTE = 60_000;

/** A subject token made of an arbitrary name: anything but letters, digits, `_` and `-` becomes `_`. */
export function subjectToken(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_-]/g, '_');
  return t.length > 0 ? t : '_';
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Whether a JetStream API error says the stream or the consumer does not exist. */
export function isMissingResource(e: unknown): boolean {
  if (e instanceof JetStreamApiError) return e.code === JetStreamApiCodes.StreamNotFound || e.code === JetStreamApiCodes.ConsumerNotFound;
  const m = (e as Error | undefined)?.message;
  return m === 'stream not found' || m === 'consumer not found';
}

/** An error followed by its causes, outermost first. */
export function errorChain(e: unknown): Error[] {
  const out: Error[] = [];
  for (let x = e; x instanceof Error && out.length < 10; x = (x as { cause?: unknown }).cause) out.push(x);
  return out;
}

/** Exponential pause for the n-th consecutive failure (0-based): 250 ms doubling up to `maxMs`. */
export function backoffMs(n: number, maxMs = 5000): number {
  return Math.min(maxMs, 250 * 2 ** Math.min(n, 10));
}

/**
 * One node's connection to NATS JetStream, shared by the change bus, the event intake and the
 * decision stream. It never fails the process: when the server is down at start the link keeps
 * trying in the background, and once connected it reconnects forever. Each time it (re)connects it
 * (re)creates the deployment's streams and consumers, so a server that lost them is repaired.
 * Use {@link connectNats} to create one.
 */
export class NatsLink {
  /** The subject prefix, e.g. `vigil`. */
  readonly prefix: string;
  /** Stream names by kind, e.g. `{ events: 'VIGIL_EVENTS', … }`. */
  readonly streams: Readonly<Record<NatsStreamKind, string>>;
  /** Deadline of each JetStream API request, in ms. */
  readonly timeoutMs: number;

  private nc: NatsConnection | null = null;
  private jsClient: JetStreamClient | null = null;
  private jsManager: JetStreamManager | null = null;
  private isConnected = false;
  private isReady = false;
  private closed = false;
  private generation = 0;
  private readonly aborter = new AbortController();
  private readonly listeners = new Set<(s: NatsLinkStatus) => void>();
  private readonly specs = new Map<string, NatsStreamSpec>();
  private readonly kinds = new Map<NatsStreamKind, string>();
  private readonly hooks: Array<(jsm: JetStreamManager) => Promise<void>> = [];
  private ensureChain: Promise<void> = Promise.resolve();
  private down: AbortController = aborted();
  private connecting: Promise<void> | null = null;
  private lastRepair = 0;
  private readonly reconnectWaitMs: number;
  private readonly pingIntervalMs: number;

  /** @internal use {@link connectNats} */
  constructor(
    private readonly opts: NatsLinkOptions,
    /** The logger the link and the components built on it write to. */
    readonly log: NatsLog,
  ) {
    if (!/^[A-Za-z0-9_-]+$/.test(opts.prefix)) throw new Error(`invalid NATS prefix ${JSON.stringify(opts.prefix)}`);
    this.prefix = opts.prefix;
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.reconnectWaitMs = opts.reconnectWaitMs ?? 1000;
    this.pingIntervalMs = opts.pingIntervalMs ?? 10_000;
    const up = opts.prefix.toUpperCase();
    this.streams = { events: `${up}_EVENTS`, decisions: `${up}_DECISIONS`, changes: `${up}_CHANGES` };
    const replicas = opts.replicas ?? 1;
    this.defineStream('events', {
      name: this.streams.events,
      subjects: [`${this.prefix}.events.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      // A full intake refuses new events (the caller falls back) rather than losing accepted ones.
      discard: DiscardPolicy.New,
      duplicate_window: nanos(10 * MINUTE),
      num_replicas: replicas,
    });
    this.defineStream('decisions', {
      name: this.streams.decisions,
      subjects: [`${this.prefix}.decisions.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(7 * 24 * 60 * MINUTE),
      max_bytes: 1024 ** 3,
      duplicate_window: nanos(2 * MINUTE),
      num_replicas: replicas,
    });
    this.defineStream('changes', {
      name: this.streams.changes,
      subjects: [`${this.prefix}.changes.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(60 * MINUTE),
      max_msgs_per_subject: 5,
      duplicate_window: nanos(MINUTE),
      num_replicas: replicas,
    });
  }

  /** Whether the connection to the server is up right now. */
  get connected(): boolean {
    return this.isConnected;
  }

  /** Whether the connection is up and the streams have been put in place since it came up. */
  get ready(): boolean {
    return this.isReady;
  }

  /** Whether {@link close} was called; a closed link never connects again. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** The underlying connection, or null before the first successful connection. */
  get connection(): NatsConnection | null {
    return this.nc;
  }

  /** The subject of a stream kind for a name, e.g. `subject('events', 'payment')` → `vigil.events.payment`. */
  subject(kind: NatsStreamKind, name: string): string {
    return `${this.prefix}.${kind}.${subjectToken(name)}`;
  }

  /** The JetStream client. Throws {@link NatsUnavailableError} before the first connection. */
  js(): JetStreamClient {
    if (!this.jsClient) throw new NatsUnavailableError('NATS is not connected');
    return this.jsClient;
  }

  /** The JetStream manager. Throws {@link NatsUnavailableError} before the first connection. */
  jsm(): JetStreamManager {
    if (!this.jsManager) throw new NatsUnavailableError('NATS is not connected');
    return this.jsManager;
  }

  /**
   * Changes the configuration of one of the deployment's streams (merged into the default); applied
   * by the next {@link ensureStreams}, which also runs after every reconnection.
   */
  configureStream(kind: NatsStreamKind, changes: Partial<StreamConfig>): void {
    const name = this.kinds.get(kind)!;
    this.specs.set(name, { ...this.specs.get(name)!, ...changes, name, subjects: this.specs.get(name)!.subjects });
  }

  /** The configuration {@link ensureStreams} puts in place for a stream kind. */
  streamSpec(kind: NatsStreamKind): NatsStreamSpec {
    return { ...this.specs.get(this.kinds.get(kind)!)! };
  }

  /** Adds provisioning (e.g. a durable consumer) run after the streams by every {@link ensureStreams}. */
  onEnsure(fn: (jsm: JetStreamManager) => Promise<void>): void {
    this.hooks.push(fn);
  }

  /**
   * Creates the deployment's streams, or updates those whose settings differ, then runs the
   * registered provisioning. Idempotent; runs by itself after every (re)connection.
   * Rejects with {@link NatsUnavailableError} while disconnected.
   */
  ensureStreams(): Promise<void> {
    const run = this.ensureChain.then(() => this.doEnsure());
    this.ensureChain = run.catch(() => undefined);
    return run;
  }

  /**
   * Called with a failed request's error: when it says a stream or consumer is missing (or nothing
   * answers on a stream subject), puts them back in place in the background, at most once a second.
   */
  repairIfMissing(e: unknown): void {
    const chain = errorChain(e);
    const missing = chain.some((x) => isMissingResource(x) || /no responders|not enabled/i.test(`${x.name} ${x.message}`));
    if (!missing || !this.isConnected || Date.now() - this.lastRepair < 1000) return;
    this.lastRepair = Date.now();
    this.ensureStreams().catch((err) => this.log.warn({ err }, 'NATS streams could not be repaired'));
  }

  /**
   * Subscribes to the link's state changes; returns the function that unsubscribes. Listeners run
   * synchronously and must not throw.
   */
  onStatus(fn: (s: NatsLinkStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** A signal aborted when the current connection is lost (already aborted while disconnected). */
  downSignal(): AbortSignal {
    return this.down.signal;
  }

  /**
   * Settles like `p`, but rejects with a {@link NatsUnavailableError} of the given code as soon as
   * the connection is lost or `ms` pass, whichever comes first.
   */
  deadline<T>(p: Promise<T>, ms: number, what: string, code = 'NATS_UNAVAILABLE'): Promise<T> {
    const signal = this.down.signal;
    if (signal.aborted) {
      p.catch(() => undefined);
      return Promise.reject(new NatsUnavailableError(`${what}: NATS is disconnected`, code));
    }
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onDown);
      };
      const onDown = () => {
        done();
        reject(new NatsUnavailableError(`${what}: NATS disconnected`, code));
      };
      const timer = setTimeout(() => {
        done();
        reject(new NatsUnavailableError(`${what}: no answer within ${ms} ms`, code));
      }, ms);
      signal.addEventListener('abort', onDown, { once: true });
      p.then(
        (v) => {
          done();
          resolve(v);
        },
        (e) => {
          done();
          reject(e instanceof NatsUnavailableError ? e : new NatsUnavailableError(`${what}: ${(e as Error)?.message ?? e}`, code, { cause: e }));
        },
      );
    });
  }

  /** Resolves true once connected, false after `timeoutMs`, on `signal` or when the link closes. */
  waitConnected(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.waitFor(() => this.isConnected, timeoutMs, signal);
  }

  /** Resolves true once {@link ready}, false after `timeoutMs`, on `signal` or when the link closes. */
  waitReady(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.waitFor(() => this.isReady, timeoutMs, signal);
  }

  /** Drains and closes the connection (bounded by the link's deadline) and stops reconnecting. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.aborter.abort();
    this.setConnected(false);
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    const drained = await Promise.race([
      nc.drain().then(
        () => true,
        () => false,
      ),
      sleep(this.timeoutMs).then(() => false),
    ]);
    if (!drained && !nc.isClosed()) await nc.close().catch(() => undefined);
  }

  /** @internal starts connecting in the background; resolves after the first attempt. */
  start(): Promise<void> {
    let first!: () => void;
    const attempted = new Promise<void>((r) => (first = r));
    this.connecting = this.connectLoop(first).finally(() => (this.connecting = null));
    return attempted;
  }

  private defineStream(kind: NatsStreamKind, spec: NatsStreamSpec): void {
    this.kinds.set(kind, spec.name);
    this.specs.set(spec.name, spec);
  }

  private async connectLoop(firstAttempt: () => void): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      try {
        const nc = await connect({
          servers: this.opts.url,
          name: this.opts.name,
          timeout: this.timeoutMs,
          reconnect: true,
          maxReconnectAttempts: -1,
          reconnectTimeWait: this.reconnectWaitMs,
          reconnectJitter: Math.ceil(this.reconnectWaitMs / 5),
          pingInterval: this.pingIntervalMs,
          maxPingOut: 2,
        });
        if (this.closed) {
          await nc.close().catch(() => undefined);
          firstAttempt();
          return;
        }
        // With checkAPI off the manager is built locally, without a request.
        const jsm = await jetstreamManager(nc, { timeout: this.timeoutMs, checkAPI: false });
        this.attach(nc, jsm);
        firstAttempt();
        return;
      } catch (e) {
        if (failures === 0 || failures % 60 === 0) this.log.warn({ err: e, url: this.opts.url, failures }, 'NATS unreachable; retrying in the background');
        failures++;
        firstAttempt();
        await sleep(this.reconnectWaitMs, this.aborter.signal);
      }
    }
    firstAttempt();
  }

  private attach(nc: NatsConnection, jsm: JetStreamManager): void {
    this.nc = nc;
    this.jsClient = jetstream(nc, { timeout: this.timeoutMs });
    this.jsManager = jsm;
    this.log.info({ url: this.opts.url, server: nc.info?.server_name, version: nc.info?.version }, 'NATS connected');
    this.setConnected(true);
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') {
          this.log.warn({ server: s.server }, 'NATS disconnected; reconnecting');
          this.setConnected(false);
        } else if (s.type === 'reconnect') {
          this.log.info({ server: s.server }, 'NATS reconnected');
          this.setConnected(true);
        }
      }
    })().catch(() => undefined);
    void nc.closed().then((err) => {
      this.setConnected(false);
      if (this.closed) return;
      // The client only gives up for fatal reasons (e.g. authorization); start over with a new connection.
      this.log.error({ err }, 'NATS connection closed; connecting again');
      if (!this.connecting) void this.start();
    });
  }

  private setConnected(up: boolean): void {
    if (up && this.closed) return;
    if (up === this.isConnected) return;
    this.isConnected = up;
    this.generation++;
    if (!up) {
      this.isReady = false;
      this.down.abort();
      this.emit('disconnected');
      return;
    }
    this.down = new AbortController();
    // Every request in flight listens to it.
    setMaxListeners(0, this.down.signal);
    this.emit('connected');
    void this.prepare(this.generation);
  }

  /** Puts the streams in place after a (re)connection, retrying until done or the connection changes. */
  private async prepare(gen: number): Promise<void> {
    for (let failures = 0; gen === this.generation && !this.closed; failures++) {
      try {
        await this.ensureStreams();
        if (gen !== this.generation) return;
        this.isReady = true;
        this.emit('ready');
        return;
      } catch (e) {
        if (gen !== this.generation) return;
        if (failures === 0 || failures % 20 === 0) this.log.warn({ err: e, failures }, 'NATS streams not ready yet; retrying');
        await sleep(backoffMs(failures), this.aborter.signal);
      }
    }
  }

  private async doEnsure(): Promise<void> {
    if (!this.isConnected || !this.jsManager) throw new NatsUnavailableError('NATS is disconnected');
    const jsm = this.jsManager;
    for (const spec of this.specs.values()) {
      let current: StreamConfig | null = null;
      try {
        current = (await jsm.streams.info(spec.name)).config;
      } catch (e) {
        if (!isMissingResource(e)) throw e;
      }
      if (!current) {
        await jsm.streams.add({ ...spec });
        this.log.info({ stream: spec.name }, 'NATS stream created');
        continue;
      }
      const differs = Object.entries(spec).some(([k, v]) => JSON.stringify((current as Record<string, unknown>)[k]) !== JSON.stringify(v));
      if (differs) {
        const { name, retention: _r, storage: _s, ...changes } = spec;
        await jsm.streams.update(name, changes);
        this.log.info({ stream: spec.name }, 'NATS stream updated');
      }
    }
    for (const hook of this.hooks) await hook(jsm);
  }

  private emit(s: NatsLinkStatus): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(s);
      } catch (e) {
        this.log.error({ err: e }, 'NATS status listener failed');
      }
    }
  }

  private waitFor(cond: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (cond()) return Promise.resolve(true);
    if (this.closed || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (v: boolean) => {
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', abort);
        this.aborter.signal.removeEventListener('abort', abort);
        resolve(v);
      };
      const abort = () => finish(false);
      const off = this.onStatus(() => {
        if (cond()) finish(true);
      });
      const timer = setTimeout(() => finish(cond()), timeoutMs);
      signal?.addEventListener('abort', abort, { once: true });
      this.aborter.signal.addEventListener('abort', abort, { once: true });
    });
  }
}

function aborted(): AbortController {
  const a = new AbortController();
  a.abort();
  return a;
}

/**
 * Connects a node to NATS JetStream. Resolves after the first connection attempt (bounded by
 * `timeoutMs`) with a link that is either connected or still trying in the background; it never
 * rejects because the server is down. Check {@link NatsLink.connected} / {@link NatsLink.ready}, or
 * wait with {@link NatsLink.waitReady}.
 */
export async function connectNats(opts: NatsLinkOptions, log: NatsLog): Promise<NatsLink> {
  const link = new NatsLink(opts, log);
  await Promise.race([link.start(), sleep(opts.timeoutMs ?? 2000)]);
  if (link.connected) await link.waitReady(opts.timeoutMs ?? 2000);
  return link;
}
