import http from 'node:http';
import https from 'node:https';
import type { DataSourceCaller, DataSourceDef, DataSourceResult } from '@vigil/engine';
import { OutboundHttp } from './outbound-http.ts';

interface CacheEntry {
  value: unknown;
  expiresAt: number;
}

export interface SourceUsage {
  calls: number;
  cacheHits: number;
  failures: number;
  cost: number;
}

const MAX_CACHE_PER_SOURCE = 50_000;
const MAX_RESPONSE_BYTES = 256 * 1024;
const BREAKER_FAILURES = 5;
const BREAKER_OPEN_MS = 10_000;
/** A source URL found public is not looked up again for this long (connections still check at connect time). */
const URL_CHECK_CACHE_MS = 60_000;
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new https.Agent({ keepAlive: true, maxSockets: 256 }) };

/**
 * Calls third-party HTTP data sources for the `datasource` stage: a deadline on every call, a
 * response cache per source (TTL), a cost counter, a circuit breaker that stops calling a source
 * that keeps failing, and the SSRF guard on the target address (through {@link OutboundHttp}).
 */
export class HttpDataSourceClient implements DataSourceCaller {
  private readonly cache = new Map<string, Map<string, CacheEntry>>();
  private readonly breakers = new Map<string, { failures: number; openUntil: number }>();
  readonly usage = new Map<string, SourceUsage>();
  private readonly http: OutboundHttp;

  constructor(private readonly opts: { allowPrivate: boolean; allowHosts?: string[]; now?: () => number; onCall?: (source: string, result: string) => void }) {
    this.http = new OutboundHttp({ allowPrivate: opts.allowPrivate, allowHosts: opts.allowHosts }, { agents, checkCacheMs: URL_CHECK_CACHE_MS });
  }

  /** Allows one private `host:port` at run time (the demo's own simulated sources). */
  allowHost(hostPort: string): void {
    this.http.allowHost(hostPort);
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private use(id: string): SourceUsage {
    let u = this.usage.get(id);
    if (!u) this.usage.set(id, (u = { calls: 0, cacheHits: 0, failures: 0, cost: 0 }));
    return u;
  }

  /** Puts back usage whose write failed, so no call goes uncounted. */
  restoreUsage(usage: Map<string, SourceUsage>): void {
    for (const [id, u] of usage) {
      const cur = this.use(id);
      cur.calls += u.calls;
      cur.cacheHits += u.cacheHits;
      cur.failures += u.failures;
      cur.cost += u.cost;
    }
  }

  /** Usage since the last drain, for persisting the cost counters. */
  drainUsage(): Map<string, SourceUsage> {
    const out = new Map(this.usage);
    this.usage.clear();
    return out;
  }

  async call(def: DataSourceDef, request: unknown, deadline: number): Promise<DataSourceResult> {
    const now = this.now();
    const u = this.use(def.id);
    const cacheKey = JSON.stringify(request);
    const perSource = this.cache.get(def.id);
    const hit = perSource?.get(cacheKey);
    if (hit && hit.expiresAt > now) {
      u.cacheHits++;
      this.opts.onCall?.(def.id, 'cache_hit');
      return { ok: true, value: hit.value, cached: true };
    }
    const breaker = this.breakers.get(def.id);
    if (breaker && breaker.openUntil > now) {
      u.failures++;
      this.opts.onCall?.(def.id, 'circuit_open');
      return { ok: false, value: null, cached: false, error: 'circuit_open' };
    }
    const budget = Math.min(def.timeoutMs, deadline - now);
    if (budget <= 1) {
      u.failures++;
      this.opts.onCall?.(def.id, 'no_budget');
      return { ok: false, value: null, cached: false, error: 'no_budget' };
    }
    u.calls++;
    u.cost += def.costPerCall;
    try {
      const value = await this.fetchJson(def, request, budget);
      this.breakers.delete(def.id);
      if (def.cacheTtlSec > 0) {
        let m = this.cache.get(def.id);
        if (!m) this.cache.set(def.id, (m = new Map()));
        if (m.size >= MAX_CACHE_PER_SOURCE) m.delete(m.keys().next().value as string);
        m.set(cacheKey, { value, expiresAt: now + def.cacheTtlSec * 1000 });
      }
      this.opts.onCall?.(def.id, 'ok');
      return { ok: true, value, cached: false };
    } catch (e) {
      u.failures++;
      const b = this.breakers.get(def.id) ?? { failures: 0, openUntil: 0 };
      b.failures++;
      if (b.failures >= BREAKER_FAILURES) {
        b.openUntil = this.now() + BREAKER_OPEN_MS;
        b.failures = 0;
      }
      this.breakers.set(def.id, b);
      const kind = (e as Error & { code?: string }).code ?? 'error';
      this.opts.onCall?.(def.id, kind === 'timeout' ? 'timeout' : 'error');
      return { ok: false, value: null, cached: false, error: kind };
    }
  }

  /**
   * One call through the shared guarded client, on keep-alive connections (node:http rather than
   * fetch: no lazy loading on the first call, and connection reuse keeps a paid source's round trip
   * to a few hundred µs). Redirects are not followed: a source answers at its URL or fails.
   */
  private async fetchJson(def: DataSourceDef, request: unknown, timeoutMs: number): Promise<unknown> {
    const method = def.method ?? 'POST';
    const url = new URL(def.url);
    if (method === 'GET' && request && typeof request === 'object') {
      for (const [k, v] of Object.entries(request as Record<string, unknown>)) url.searchParams.set(k, String(v));
    }
    const body = method === 'POST' ? JSON.stringify(request) : undefined;
    const res = await this.http.request({
      url: url.href,
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body,
      timeoutMs,
      maxRedirects: 0,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    if (res.status < 200 || res.status >= 300) throw Object.assign(new Error(`HTTP ${res.status}`), { code: `http_${res.status}` });
    try {
      return JSON.parse(res.body.toString('utf8'));
    } catch {
      throw Object.assign(new Error('response is not JSON'), { code: 'bad_json' });
    }
  }
}
