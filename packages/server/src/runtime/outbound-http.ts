import http from 'node:http';
import https from 'node:https';
import { assertPublicUrl, publicOnlyLookup } from './ssrf-guard.ts';

/** The most redirects any outbound call follows, whatever it asks for. */
export const MAX_REDIRECTS = 3;
const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;
/** Headers that carry credentials: never sent to an origin other than the one the call was made to. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Which private targets configuration allows; everything else must resolve to public addresses. */
export interface OutboundPolicy {
  /** Every loopback, private and link-local target is allowed (development only). */
  allowPrivate: boolean;
  /** `host` or `host:port` values, compared with a URL's host part, allowed although private. */
  allowHosts?: Iterable<string>;
}

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string | number>;
  body?: Buffer | string;
  /** Deadline of the whole exchange, name checks and redirects included. */
  timeoutMs: number;
  /** Redirects to follow (at most {@link MAX_REDIRECTS}); with 0 a 3xx answer is returned as it is. */
  maxRedirects?: number;
  maxResponseBytes?: number;
  /** More headers (besides authorization and cookies) to drop when a redirect leaves the first origin, e.g. a signature. */
  credentialHeaders?: string[];
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The URL that gave this answer, after redirects. */
  url: string;
  redirects: number;
}

/**
 * Why an outbound call failed. `code` is `SSRF_REFUSED` (a refused target, at check or connect
 * time, first hop or redirect), `invalid_url`, `timeout`, `too_large`, `too_many_redirects`,
 * `redirect_refused` (an unusable `Location`, or https to http), or the network error's code.
 */
export class OutboundError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/**
 * The one guarded HTTP client for calls the node makes to URLs that users configured (data
 * sources, webhooks). Every hop's URL goes through the SSRF guard: http(s) only, and unless the
 * configuration allows it, no loopback, private or link-local target — checked by name before
 * the call and again at connect time (`publicOnlyLookup`, against DNS rebinding). Redirects are
 * followed only up to an explicit limit, each new URL checked the same way, and credentials are
 * never forwarded to another origin. A deadline covers the whole exchange and answers are capped.
 */
export class OutboundHttp {
  private readonly allowHosts: Set<string>;
  private readonly checked = new Map<string, number>();
  private readonly agents: Agents;
  private readonly ownAgents: boolean;
  private readonly checkCacheMs: number;

  constructor(
    private readonly policy: OutboundPolicy,
    opts: {
      /** Connection pools, e.g. keep-alive agents; defaults to keep-alive with 64 sockets per host. */
      agents?: Agents;
      /** How long a URL origin found public stays trusted without a new name check (the connect-time check still runs). */
      checkCacheMs?: number;
    } = {},
  ) {
    this.allowHosts = new Set(policy.allowHosts ?? []);
    this.ownAgents = !opts.agents;
    this.agents = opts.agents ?? { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };
    this.checkCacheMs = opts.checkCacheMs ?? 0;
  }

  /** Allows one private `host:port` at run time (the demo's own simulated sources). */
  allowHost(hostPort: string): void {
    this.allowHosts.add(hostPort);
    this.checked.clear();
  }

  /** Closes the kept-alive connections of the pools this client made itself (at shutdown). */
  close(): void {
    if (!this.ownAgents) return;
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** True when configuration lets this URL's host be private (no address check at all). */
  private trusted(url: URL): boolean {
    return this.policy.allowPrivate || this.allowHosts.has(url.host);
  }

  /**
   * Throws an {@link OutboundError} unless the URL may be called: `invalid_url`, or
   * `SSRF_REFUSED` for another protocol or a host resolving to a refused address. A name that
   * does not resolve fails with the resolver's code (e.g. `ENOTFOUND`).
   */
  async check(raw: string | URL): Promise<void> {
    let url: URL;
    try {
      url = typeof raw === 'string' ? new URL(raw) : raw;
    } catch {
      throw new OutboundError('invalid_url', 'not a valid absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('SSRF_REFUSED', `protocol ${url.protocol} is not allowed`);
    if (this.trusted(url)) return;
    const now = Date.now();
    const until = this.checked.get(url.origin);
    if (until !== undefined && until > now) return;
    try {
      await assertPublicUrl(url.href, false);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new OutboundError(code ?? 'error', (e as Error).message);
    }
    if (this.checkCacheMs > 0) {
      if (this.checked.size > 10_000) this.checked.clear();
      this.checked.set(url.origin, now + this.checkCacheMs);
    }
  }

  /** One call, following redirects as allowed. Resolves with any HTTP status; rejects with an {@link OutboundError}. */
  async request(req: OutboundRequest): Promise<OutboundResponse> {
    const deadline = Date.now() + req.timeoutMs;
    const maxRedirects = Math.min(req.maxRedirects ?? MAX_REDIRECTS, MAX_REDIRECTS);
    const strip = new Set([...CREDENTIAL_HEADERS, ...(req.credentialHeaders ?? []).map((h) => h.toLowerCase())]);
    let headers: Record<string, string | number> = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    let method = req.method ?? 'GET';
    let body = req.body === undefined ? undefined : Buffer.from(req.body);
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new OutboundError('invalid_url', 'not a valid absolute URL');
    }
    const firstOrigin = url.origin;
    for (let redirects = 0; ; redirects++) {
      await withDeadline(this.check(url), deadline);
      const res = await this.once(url, method, headers, body, deadline, req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, maxRedirects > 0);
      const location = res.headers.location;
      if (!REDIRECT_STATUSES.has(res.status) || maxRedirects === 0 || location === undefined) return { ...res, url: url.href, redirects };
      if (redirects >= maxRedirects) throw new OutboundError('too_many_redirects', `more than ${maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new OutboundError('redirect_refused', 'the redirect location is not a valid URL');
      }
      if (url.protocol === 'https:' && next.protocol === 'http:') throw new OutboundError('redirect_refused', 'a redirect from https to http is not followed');
      if (next.origin !== firstOrigin) {
        // Once the call has left its first origin, credentials stay behind, even if it comes back.
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !strip.has(k)));
      }
      // As browsers do: 303 always, and 301/302 after a POST, continue as a GET without the body.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        const { 'content-type': _t, 'content-length': _l, ...rest } = headers;
        headers = rest;
      }
      url = next;
    }
  }

  /** One HTTP exchange without following anything. */
  private once(url: URL, method: string, headers: Record<string, string | number>, body: Buffer | undefined, deadline: number, maxBytes: number, discardRedirectBody: boolean): Promise<Omit<OutboundResponse, 'url' | 'redirects'>> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(new OutboundError('timeout', 'deadline passed'));
    const https_ = url.protocol === 'https:';
    const mod = https_ ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (e: OutboundError | null, value?: Omit<OutboundResponse, 'url' | 'redirects'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (e) reject(e);
        else resolve(value!);
      };
      const request = mod.request(
        url,
        {
          method,
          agent: https_ ? this.agents.https : this.agents.http,
          ...(this.trusted(url) ? {} : { lookup: publicOnlyLookup }),
          headers: { ...headers, ...(body ? { 'content-length': body.length } : {}) },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (discardRedirectBody && REDIRECT_STATUSES.has(status) && res.headers.location !== undefined) {
            // The body of a redirect is not read: whatever its size, the call moves on.
            res.destroy();
            return finish(null, { status, headers: res.headers, body: Buffer.alloc(0) });
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) {
              request.destroy();
              finish(new OutboundError('too_large', `answer larger than ${maxBytes} bytes`));
            } else chunks.push(c);
          });
          res.on('end', () => finish(null, { status, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', (e) => finish(new OutboundError('error', e.message)));
        },
      );
      const timer = setTimeout(() => {
        request.destroy();
        finish(new OutboundError('timeout', 'no answer within the deadline'));
      }, remaining);
      request.on('error', (e) => finish(new OutboundError((e as Error & { code?: string }).code ?? 'error', e.message)));
      request.end(body);
    });
  }
}

/** Bounds a step (a name lookup) by the call's deadline. */
async function withDeadline<T>(p: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OutboundError('timeout', 'deadline passed')), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
