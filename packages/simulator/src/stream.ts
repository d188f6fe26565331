import http from 'node:http';
import https from 'node:https';
import { Rng } from './rng.ts';
import type { SimRecord } from './types.ts';

export interface StreamOptions {
  /** Base URL of a Vigil node, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** API key of a channel system (sent as `Authorization: Bearer …`). */
  apiKey: string;
  /** Events per second to offer. */
  rate: number;
  /** Requests in flight at most (and sockets kept alive). Default 16. */
  concurrency?: number;
  /**
   * `simulated` sends each event's simulated `occurredAt`; `now` sends the time of sending (live
   * demo). Default `simulated`.
   */
  timeMode?: 'simulated' | 'now';
  /** `decisions` (synchronous decision API, default) or `events` (asynchronous intake). */
  endpoint?: 'decisions' | 'events';
  /** Stop after this many events. */
  maxEvents?: number;
  /** Stops sending new events; requests in flight finish, pending retries are given up. */
  signal?: AbortSignal;
  /** Retries per event after 429, 503 or a network error. Default 10. */
  maxRetries?: number;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** Called once per event with its final result. */
  onResult?: (r: StreamResult) => void;
}

export interface StreamResult {
  record: SimRecord;
  /** HTTP status of the last attempt; 0 after a network error or when given up. */
  status: number;
  /** The decision's outcome (decision endpoint, 200). */
  outcome?: string;
  /** Error code of the last attempt, from the server's `{error: {code}}` or the network. */
  error?: string;
  attempts: number;
  latencyMs: number;
}

export interface StreamStats {
  sent: number;
  /** 2xx answers. */
  succeeded: number;
  /** Refused for good (4xx other than 429, or 5xx other than 503). */
  rejected: number;
  /** Given up after retries, on a network error or when stopped during a back-off. */
  failed: number;
  retries: number;
  outcomes: Record<string, number>;
  /** `<status> <code>` → count, for answers that were not 2xx. */
  errors: Record<string, number>;
  /** The first few distinct error messages from the server (never event data). */
  errorSamples: string[];
  elapsedMs: number;
  /** Events sent per second over the run. */
  achievedRate: number;
}

interface Reply {
  status: number;
  retryAfter: string | undefined;
  text: string;
}

const MAX_SAMPLES = 5;

/**
 * Sends simulated events to a running Vigil node at a steady rate, through keep-alive connections
 * with at most `concurrency` requests in flight. 429 and 503 answers (and network errors) make the
 * whole stream back off — by `Retry-After` when the server gives one, else exponentially — and the
 * event is retried with the same body, so a retry is idempotent on the server.
 *
 * @example
 * const ac = new AbortController();
 * process.once('SIGINT', () => ac.abort());
 * await streamToServer(simulate({ seed: 7, customers: 2000, days: Infinity }), { url, apiKey, rate: 5, timeMode: 'now', signal: ac.signal });
 */
export async function streamToServer(records: Iterable<SimRecord> | AsyncIterable<SimRecord>, opts: StreamOptions): Promise<StreamStats> {
  if (!(opts.rate > 0)) throw new Error('rate must be positive');
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 16));
  const maxRetries = opts.maxRetries ?? 10;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxEvents = opts.maxEvents ?? Infinity;
  const signal = opts.signal;
  const timeMode = opts.timeMode ?? 'simulated';
  const base = new URL(opts.url);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('url must be http or https');
  const transport = base.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = {
    hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: base.port || (base.protocol === 'https:' ? 443 : 80),
    path: base.pathname.replace(/\/+$/, '') + (opts.endpoint === 'events' ? '/api/v1/events' : '/api/v1/decisions'),
  };
  const jitter = new Rng(0x5eed);
  const stats: StreamStats = { sent: 0, succeeded: 0, rejected: 0, failed: 0, retries: 0, outcomes: {}, errors: {}, errorSamples: [], elapsedMs: 0, achievedRate: 0 };
  const interval = 1000 / opts.rate;
  const t0 = performance.now();
  let origin = t0;
  let pausedUntil = 0;
  const inFlight = new Set<Promise<void>>();

  const post = (body: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = transport.request(
        {
          agent,
          hostname: target.hostname,
          port: target.port,
          path: target.path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${opts.apiKey}` },
        },
        (res) => {
          const chunks: string[] = [];
          res.setEncoding('utf8');
          res.on('data', (c: string) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: header(res.headers['retry-after']), text: chunks.join('') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error('request timed out')));
      req.on('error', reject);
      req.end(body);
    });

  const send = async (r: SimRecord): Promise<void> => {
    const e = r.event;
    // One body for every attempt: a retry of a request the server did handle is then a duplicate, not a conflict.
    const body = JSON.stringify({ eventType: e.eventType, eventId: e.eventId, occurredAt: timeMode === 'now' ? new Date().toISOString() : e.occurredAt, data: e.data });
    const started = performance.now();
    let attempts = 0;
    for (;;) {
      attempts++;
      let reply: Reply | null = null;
      let netError: string | null = null;
      try {
        reply = await post(body);
      } catch (err) {
        netError = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      }
      const retryable = reply === null || reply.status === 429 || reply.status === 503;
      if (retryable && attempts <= maxRetries && !signal?.aborted) {
        stats.retries++;
        const delay = retryDelay(reply?.retryAfter, attempts, jitter);
        pausedUntil = Math.max(pausedUntil, performance.now() + delay);
        if (await sleep(delay, signal)) continue;
      }
      const result: StreamResult = { record: r, status: reply?.status ?? 0, attempts, latencyMs: performance.now() - started };
      if (reply === null) {
        stats.failed++;
        result.error = netError ?? 'NETWORK';
        count(stats.errors, `0 ${result.error}`);
      } else if (reply.status >= 200 && reply.status < 300) {
        stats.succeeded++;
        const outcome = parseJson(reply.text)?.outcome;
        if (typeof outcome === 'string') {
          result.outcome = outcome;
          count(stats.outcomes, outcome);
        }
      } else {
        const err = parseJson(reply.text)?.error as { code?: string; message?: string } | undefined;
        result.error = err?.code ?? `HTTP_${reply.status}`;
        if (retryable) stats.failed++;
        else stats.rejected++;
        count(stats.errors, `${reply.status} ${result.error}`);
        const sample = `${reply.status} ${result.error}: ${err?.message ?? ''}`.slice(0, 300);
        if (stats.errorSamples.length < MAX_SAMPLES && !stats.errorSamples.includes(sample)) stats.errorSamples.push(sample);
      }
      opts.onResult?.(result);
      return;
    }
  };

  const iterator = Symbol.asyncIterator in records ? (records as AsyncIterable<SimRecord>)[Symbol.asyncIterator]() : (records as Iterable<SimRecord>)[Symbol.iterator]();
  try {
    while (stats.sent < maxEvents && !signal?.aborted) {
      const next = await iterator.next();
      if (next.done) break;
      let now = performance.now();
      if (pausedUntil > now) {
        if (!(await sleep(pausedUntil - now, signal))) break;
        now = performance.now();
        // After a back-off, resume at the rate rather than catching up in a burst.
        origin = now - stats.sent * interval;
      }
      // Never build up more than a second of debt when the server or the source is slow.
      if (now - (origin + stats.sent * interval) > 1000) origin = now - stats.sent * interval;
      const due = origin + stats.sent * interval;
      if (due - now >= 1 && !(await sleep(due - now, signal))) break;
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const p: Promise<void> = send(next.value).finally(() => inFlight.delete(p));
      inFlight.add(p);
      stats.sent++;
    }
  } finally {
    await Promise.all(inFlight);
    await iterator.return?.();
    agent.destroy();
  }
  stats.elapsedMs = performance.now() - t0;
  stats.achievedRate = stats.elapsedMs > 0 ? Math.round((stats.sent / stats.elapsedMs) * 1000 * 100) / 100 : 0;
  return stats;
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function count(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1;
}

/** `Retry-After` (seconds or an HTTP date) when given, else 200 ms doubling per attempt up to 10 s, ±20 %. */
export function retryDelay(retryAfter: string | undefined, attempt: number, rng: Rng): number {
  if (retryAfter !== undefined) {
    const s = Number(retryAfter);
    if (Number.isFinite(s) && s >= 0) return Math.min(60_000, s * 1000);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.min(60_000, Math.max(0, at - Date.now()));
  }
  return Math.min(10_000, 200 * 2 ** (attempt - 1)) * (0.8 + 0.4 * rng.float());
}

/** Resolves true after `ms`, or false at once when the signal is (or becomes) aborted. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
