import { ApiError, errorFromBody } from './api-error.ts';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | QueryValue[]>;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON, except strings, Blobs and FormData (CSV and NDJSON uploads), sent as they are. */
  body?: unknown;
  contentType?: string;
  /** More request headers (an upload's file name); never the CSRF header, which the client sets. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * A 401 here is an expected answer (the sign-in form, the session check), not a session that
   * ended under the user: no `onSessionExpired`.
   */
  expectUnauthenticated?: boolean;
}

export interface HttpClientOptions {
  /** Origin and prefix of the API; empty in the browser, where the console and the API share an origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The session's CSRF token, echoed in `x-csrf-token` on every request that changes state. */
  csrfToken?: () => string | undefined;
  /** A request was refused because the session ended (idle timeout, logout elsewhere, disabled user). */
  onSessionExpired?: (error: ApiError) => void;
  /** The user must choose a new password before anything else answers. */
  onPasswordChangeRequired?: (error: ApiError) => void;
}

export interface HttpClient {
  request<T>(method: Method, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  delete<T>(path: string, options?: RequestOptions): Promise<T>;
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set<Method>(['GET']);

/** `path?query`, leaving out empty values; arrays repeat the parameter. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined && item !== null && item !== '') params.append(k, String(item));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

function encodeBody(body: unknown, contentType?: string): { body?: BodyInit; type?: string } {
  if (body === undefined) return {};
  if (typeof body === 'string') return { body, type: contentType ?? 'text/plain' };
  if (body instanceof FormData) return { body };
  if (body instanceof Blob) return { body, type: contentType ?? (body.type || 'application/octet-stream') };
  return { body: JSON.stringify(body), type: contentType ?? 'application/json' };
}

/**
 * `fetch` for the Vigil API: JSON in and out, the CSRF header on state changes, the session
 * cookie sent along, and every failure turned into an {@link ApiError} with the server's code.
 *
 * @example
 * const http = createHttpClient({ csrfToken: () => readCookie(document.cookie, 'vigil_csrf') });
 * const orgs = await http.get<OrgListResponse>('/api/v1/orgs');
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { ...opts.headers, accept: 'application/json' };
    const { body, type } = encodeBody(opts.body, opts.contentType);
    if (type) headers['content-type'] = type;
    if (!SAFE.has(method)) {
      const csrf = options.csrfToken?.();
      if (csrf) headers[CSRF_HEADER] = csrf;
    }
    let res: Response;
    try {
      res = await doFetch(base + withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw new ApiError(0, { code: 'NETWORK', message: `the server could not be reached: ${(e as Error)?.message ?? e}` });
    }
    if (res.status === 204 || res.status === 205) return undefined as T;
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    let parsed: unknown = text;
    if (isJson && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (res.ok) return (text === '' ? undefined : parsed) as T;
    const error = errorFromBody(res.status, parsed, res.statusText);
    if (error.status === 401 && error.code === 'UNAUTHENTICATED' && !opts.expectUnauthenticated) options.onSessionExpired?.(error);
    if (error.code === 'PASSWORD_CHANGE_REQUIRED') options.onPasswordChangeRequired?.(error);
    throw error;
  }

  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    put: (path, body, opts) => request('PUT', path, { ...opts, body }),
    patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
    delete: (path, opts) => request('DELETE', path, opts),
  };
}
