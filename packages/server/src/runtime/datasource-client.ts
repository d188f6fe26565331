import http from 'node:http';
import https from 'node:https';
import type { DataSourceCaller, DataSourceDef, DataSourceResult } from '@vigil/engine';
import { assertPublicUrl, publicOnlyLookup } from './ssrf-guard.ts';

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
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * Calls third-party HTTP data sources for the `datasource` stage: a deadline on every call, a
 * response cache per source (TTL), a cost counter, a circuit breaker that stops calling a source
 * that keeps failing, and the SSRF guard on the target address.
 */
export class HttpDataSourceClient implements DataSourceCaller {
  private readonly cache = new Map<string, Map<string, CacheEntry>>();
  private readonly breakers = new Map<string, { failures: number; openUntil: number }>();
  private readonly checkedUrls = new Map<string, number>();
  readonly usage = new Map<string, SourceUsage>();
  private readonly allowHosts: Set<string>;

  constructor(private readonly opts: { allowPrivate: boolean; allowHosts?: string[]; now?: () => number; onCall?: (source: string, result: string) => void }) {
    this.allowHosts = new Set(opts.allowHosts ?? []);
  }

  /** Allows one private `host:port` at run time (the demo's own simulated sources). */
  allowHost(hostPort: string): void {
    this.allowHosts.add(hostPort);
    this.checkedUrls.clear();
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
      await this.checkUrl(def.url, now);
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

  private async checkUrl(url: string, now: number): Promise<void> {
    const until = this.checkedUrls.get(url);
    if (until && until > now) return;
    await assertPublicUrl(url, this.opts.allowPrivate, this.allowHosts);
    this.checkedUrls.set(url, now + 60_000);
  }

  /**
   * One HTTP call on keep-alive connections (node:http rather than fetch: no lazy loading on the
   * first call, and connection reuse keeps a paid source's round trip to a few hundred µs).
   */
  private fetchJson(def: DataSourceDef, request: unknown, timeoutMs: number): Promise<unknown> {
    const method = def.method ?? 'POST';
    const url = new URL(def.url);
    if (method === 'GET' && request && typeof request === 'object') {
      for (const [k, v] of Object.entries(request as Record<string, unknown>)) url.searchParams.set(k, String(v));
    }
    const body = method === 'POST' ? Buffer.from(JSON.stringify(request)) : undefined;
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const fail = (code: string, message: string) => reject(Object.assign(new Error(message), { code }));
      const req = mod.request(
        url,
        {
          method,
          agent: url.protocol === 'https:' ? httpsAgent : httpAgent,
          ...(this.opts.allowPrivate || this.allowHosts.has(url.host) ? {} : { lookup: publicOnlyLookup }),
          headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_RESPONSE_BYTES) {
              req.destroy();
              fail('too_large', 'response too large');
            } else chunks.push(c);
          });
          res.on('end', () => {
            clearTimeout(timer);
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) return fail(`http_${res.statusCode}`, `HTTP ${res.statusCode}`);
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch {
              fail('bad_json', 'response is not JSON');
            }
          });
          res.on('error', (e) => fail('error', e.message));
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        fail('timeout', `no answer within ${timeoutMs} ms`);
      }, timeoutMs);
      req.on('error', (e) => {
        clearTimeout(timer);
        fail((e as Error & { code?: string }).code ?? 'error', e.message);
      });
      req.end(body);
    });
  }
}
