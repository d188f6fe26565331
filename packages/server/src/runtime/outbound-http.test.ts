import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboundHttp, type OutboundError } from './outbound-http.ts';

interface Seen {
  server: string;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server on a loopback port; `route` answers, every request is recorded in `seen`. */
async function serve(name: string, seen: Seen[], route: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ server: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      route(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

const refusal = async (p: Promise<unknown>): Promise<OutboundError> => {
  try {
    await p;
  } catch (e) {
    return e as OutboundError;
  }
  throw new Error('the call was not refused');
};

describe('guarded outbound HTTP', () => {
  let seen: Seen[] = [];
  let a: { server: Server; port: number };
  let b: { server: Server; port: number };
  const target = { port: 0 };
  beforeAll(async () => {
    // `a` redirects as its path says; `b` is the second private server a redirect may point at.
    a = await serve('a', seen, (req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname === '/to') {
        res.writeHead(Number(u.searchParams.get('status') ?? 302), { location: u.searchParams.get('location')! });
        return res.end('moved');
      }
      if (u.pathname === '/loop') {
        res.writeHead(302, { location: '/loop' });
        return res.end();
      }
      if (u.pathname === '/big') return res.end(Buffer.alloc(5000, 'x'));
      if (u.pathname === '/slow') return; // never answers
      res.end('a says hi');
    });
    b = await serve('b', seen, (_req, res, body) => res.end(`b got ${body}`));
    target.port = b.port;
  });
  afterAll(() => {
    a.server.closeAllConnections();
    b.server.closeAllConnections();
    a.server.close();
    b.server.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });
  const hits = () => seen.map((s) => `${s.server}${s.url}`);

  it('refuses loopback in public-only mode, before any connection', async () => {
    const client = new OutboundHttp({ allowPrivate: false });
    for (const url of [`http://127.0.0.1:${a.port}/`, `http://localhost:${a.port}/`, 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:1/']) {
      expect((await refusal(client.request({ url, timeoutMs: 1000 }))).code, url).toBe('SSRF_REFUSED');
    }
    expect((await refusal(client.request({ url: 'file:///etc/passwd', timeoutMs: 1000 }))).code).toBe('SSRF_REFUSED');
    expect((await refusal(client.request({ url: 'not a url', timeoutMs: 1000 }))).code).toBe('invalid_url');
    expect(seen).toHaveLength(0);
  });

  it('refuses a redirect from an allowed host to a private address that is not allowed', async () => {
    const client = new OutboundHttp({ allowPrivate: false, allowHosts: [`127.0.0.1:${a.port}`] });
    const toB = `http://127.0.0.1:${target.port}/inside`;
    const e = await refusal(client.request({ url: `http://127.0.0.1:${a.port}/to?location=${encodeURIComponent(toB)}`, method: 'POST', body: '{}', timeoutMs: 1000 }));
    expect(e.code).toBe('SSRF_REFUSED');
    const meta = await refusal(client.request({ url: `http://127.0.0.1:${a.port}/to?location=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`, timeoutMs: 1000 }));
    expect(meta.code).toBe('SSRF_REFUSED');
    expect(hits()).toEqual([`a/to?location=${encodeURIComponent(toB)}`, `a/to?location=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`]);
  });

  it('follows a redirect to an allowed host, without the credentials of the first origin', async () => {
    const client = new OutboundHttp({ allowPrivate: false, allowHosts: [`127.0.0.1:${a.port}`, `127.0.0.1:${target.port}`] });
    const toB = `http://127.0.0.1:${target.port}/inside`;
    const headers = { authorization: 'Bearer secret', 'X-Vigil-Signature': 't=1,v1=abc', 'x-trace': 'kept' };
    const res = await client.request({ url: `http://127.0.0.1:${a.port}/to?status=307&location=${encodeURIComponent(toB)}`, method: 'POST', body: 'payload', headers, timeoutMs: 1000, credentialHeaders: ['x-vigil-signature'] });
    expect(res).toMatchObject({ status: 200, url: toB, redirects: 1 });
    expect(res.body.toString()).toBe('b got payload');
    const [first, second] = seen;
    expect(first!.headers).toMatchObject({ authorization: 'Bearer secret', 'x-vigil-signature': 't=1,v1=abc' });
    expect(second!.method).toBe('POST');
    expect(second!.headers['x-trace']).toBe('kept');
    expect(second!.headers.authorization).toBeUndefined();
    expect(second!.headers['x-vigil-signature']).toBeUndefined();

    // 302 after a POST continues as a GET without the body; a same-origin hop keeps the headers.
    seen.length = 0;
    const same = await client.request({ url: `http://127.0.0.1:${a.port}/to?location=/plain`, method: 'POST', body: 'x', headers, timeoutMs: 1000, credentialHeaders: ['x-vigil-signature'] });
    expect(same.status).toBe(200);
    expect(seen[1]).toMatchObject({ method: 'GET', url: '/plain', body: '' });
    expect(seen[1]!.headers['x-vigil-signature']).toBe('t=1,v1=abc');
  });

  it('stops after the redirect limit, and returns a 3xx as it is when told not to follow', async () => {
    const client = new OutboundHttp({ allowPrivate: true });
    expect((await refusal(client.request({ url: `http://127.0.0.1:${a.port}/loop`, timeoutMs: 2000 }))).code).toBe('too_many_redirects');
    expect(seen).toHaveLength(4);
    seen.length = 0;
    const res = await client.request({ url: `http://127.0.0.1:${a.port}/loop`, timeoutMs: 1000, maxRedirects: 0 });
    expect(res.status).toBe(302);
    expect(seen).toHaveLength(1);
    // A caller cannot raise the limit past the ceiling.
    seen.length = 0;
    await refusal(client.request({ url: `http://127.0.0.1:${a.port}/loop`, timeoutMs: 2000, maxRedirects: 50 }));
    expect(seen).toHaveLength(4);
  });

  it('caps the answer size and enforces the deadline', async () => {
    const client = new OutboundHttp({ allowPrivate: true });
    expect((await client.request({ url: `http://127.0.0.1:${a.port}/big`, timeoutMs: 1000, maxResponseBytes: 5000 })).body.length).toBe(5000);
    expect((await refusal(client.request({ url: `http://127.0.0.1:${a.port}/big`, timeoutMs: 1000, maxResponseBytes: 4999 }))).code).toBe('too_large');
    const t0 = Date.now();
    expect((await refusal(client.request({ url: `http://127.0.0.1:${a.port}/slow`, timeoutMs: 150 }))).code).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
