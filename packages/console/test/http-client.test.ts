import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/api-error.ts';
import { createHttpClient, withQuery } from '../src/api/http-client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records calls and answers from a script. */
function fakeFetch(answer: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(url), init: init ?? {} };
    calls.push(call);
    return answer(call);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const headersOf = (c: Call) => c.init.headers as Record<string, string>;

describe('the API client', () => {
  it('builds queries leaving out empty values and repeating arrays', () => {
    expect(withQuery('/api/v1/decisions', { org: 'bank_a', outcome: undefined, rule: '', limit: 50, degraded: false, tag: ['a', 'b'], x: null })).toBe('/api/v1/decisions?org=bank_a&limit=50&degraded=false&tag=a&tag=b');
    expect(withQuery('/x?a=1', { b: 2 })).toBe('/x?a=1&b=2');
    expect(withQuery('/x', {})).toBe('/x');
  });

  it('sends a file as it is with extra headers (an upload’s name), never letting them replace the CSRF header', async () => {
    const f = fakeFetch(() => json(201, { id: 'a-1' }));
    const http = createHttpClient({ fetch: f.fetch, csrfToken: () => 'tok' });
    const file = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
    expect(await http.post('/api/v1/cases/c/attachments', file, { headers: { 'x-file-name': encodeURIComponent('收据.png'), 'x-csrf-token': 'forged' } })).toEqual({ id: 'a-1' });
    const h = headersOf(f.calls[0]!);
    expect(h['x-file-name']).toBe('%E6%94%B6%E6%8D%AE.png');
    expect(h['x-csrf-token']).toBe('tok');
    expect(h['content-type']).toBe('image/png');
    expect(f.calls[0]!.init.body).toBe(file);
  });

  it('reads JSON, sends the session cookie along, and no CSRF header on a GET', async () => {
    const f = fakeFetch(() => json(200, { items: [1] }));
    const http = createHttpClient({ baseUrl: 'http://vigil', fetch: f.fetch, csrfToken: () => 'tok' });
    expect(await http.get('/api/v1/orgs', { query: { org: 'bank_a' } })).toEqual({ items: [1] });
    expect(f.calls[0]!.url).toBe('http://vigil/api/v1/orgs?org=bank_a');
    expect(f.calls[0]!.init.method).toBe('GET');
    expect(f.calls[0]!.init.credentials).toBe('same-origin');
    expect(headersOf(f.calls[0]!)['x-csrf-token']).toBeUndefined();
    expect(headersOf(f.calls[0]!).accept).toBe('application/json');
  });

  it('sends JSON bodies with the CSRF token on every state change', async () => {
    const f = fakeFetch(() => json(200, { ok: true }));
    let token = 'first';
    const http = createHttpClient({ fetch: f.fetch, csrfToken: () => token });
    await http.post('/api/v1/lists', { name: 'x' });
    token = 'second';
    await http.put('/a', { v: 1 });
    await http.patch('/b', { v: 2 });
    await http.delete('/c');
    expect(f.calls.map((c) => [c.init.method, headersOf(c)['x-csrf-token']])).toEqual([
      ['POST', 'first'],
      ['PUT', 'second'],
      ['PATCH', 'second'],
      ['DELETE', 'second'],
    ]);
    expect(f.calls[0]!.init.body).toBe('{"name":"x"}');
    expect(headersOf(f.calls[0]!)['content-type']).toBe('application/json');
    expect(headersOf(f.calls[3]!)['content-type']).toBeUndefined();
  });

  it('sends text bodies (CSV, NDJSON) as they are, with their content type', async () => {
    const f = fakeFetch(() => json(200, {}));
    await createHttpClient({ fetch: f.fetch }).post('/api/v1/lists/x/import', 'value\n1\n', { contentType: 'text/csv' });
    expect(f.calls[0]!.init.body).toBe('value\n1\n');
    expect(headersOf(f.calls[0]!)['content-type']).toBe('text/csv');
  });

  it('answers 204 with undefined and returns text bodies as text', async () => {
    const f = fakeFetch((c) => (c.url === '/gone' ? new Response(null, { status: 204 }) : new Response('a,b\n1,2\n', { status: 200, headers: { 'content-type': 'text/csv' } })));
    const http = createHttpClient({ fetch: f.fetch });
    expect(await http.delete('/gone')).toBeUndefined();
    expect(await http.get('/csv')).toBe('a,b\n1,2\n');
  });

  it("turns the server's error body into an ApiError with code, path, details and request id", async () => {
    const body = { error: { code: 'INVALID_EVENT', message: 'data.amount: must be a number', requestId: 'r-1', path: 'data.amount', details: [{ path: 'data.amount', code: 'TYPE', message: 'must be a number' }] } };
    const http = createHttpClient({ fetch: fakeFetch(() => json(400, body)).fetch });
    const e = await http.post('/api/v1/decisions', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, code: 'INVALID_EVENT', message: 'data.amount: must be a number', requestId: 'r-1', path: 'data.amount', details: body.error.details });
  });

  it('names answers that are not the API (a proxy page) HTTP_<status>, and lost connections NETWORK', async () => {
    const proxy = createHttpClient({ fetch: fakeFetch(() => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } })).fetch });
    await expect(proxy.get('/x')).rejects.toMatchObject({ status: 502, code: 'HTTP_502', message: 'Bad Gateway' });
    const offline = createHttpClient({
      fetch: fakeFetch(() => {
        throw new TypeError('fetch failed');
      }).fetch,
    });
    await expect(offline.get('/x')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('lets an aborted request end as an AbortError, not as a failure to show', async () => {
    const http = createHttpClient({
      fetch: fakeFetch(() => {
        throw new DOMException('aborted', 'AbortError');
      }).fetch,
    });
    await expect(http.get('/x')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports an ended session once per refused request, except where a 401 is an expected answer', async () => {
    const expired = vi.fn();
    const unauthenticated = { error: { code: 'UNAUTHENTICATED', message: 'the session has ended; sign in again', requestId: 'r' } };
    const http = createHttpClient({ fetch: fakeFetch(() => json(401, unauthenticated)).fetch, onSessionExpired: expired });
    await expect(http.get('/api/v1/orgs')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(expired).toHaveBeenCalledTimes(1);
    await expect(http.post('/api/v1/auth/login', {}, { expectUnauthenticated: true })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(expired).toHaveBeenCalledTimes(1);
    // A locked account is not an ended session.
    const locked = createHttpClient({ fetch: fakeFetch(() => json(401, { error: { code: 'ACCOUNT_LOCKED', message: 'locked', requestId: 'r' } })).fetch, onSessionExpired: expired });
    await expect(locked.get('/x')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('reports PASSWORD_CHANGE_REQUIRED so the shell can ask for a new password', async () => {
    const change = vi.fn();
    const http = createHttpClient({ fetch: fakeFetch(() => json(403, { error: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'choose a new password first', requestId: 'r' } })).fetch, onPasswordChangeRequired: change });
    await expect(http.get('/api/v1/orgs')).rejects.toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    expect(change).toHaveBeenCalledTimes(1);
  });
});
