import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type TestNode } from './harness.ts';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>';
const APP = `console.log(${JSON.stringify('x'.repeat(4000))});`;

/** A console build of two files (the real one is tested end to end in packages/console). */
async function fakeBuild(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-console-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), INDEX);
  await writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(dir, 'assets/app-abc123.js'), APP);
  await writeFile(path.join(dir, 'assets/app-abc123.js.gz'), gzipSync(APP));
  return dir;
}

describe('the console served at /', () => {
  let node: TestNode;
  let dir: string;
  beforeAll(async () => {
    dir = await fakeBuild();
    node = await startNode({ demo: false, env: { VIGIL_CONSOLE_DIR: dir } });
  });
  afterAll(async () => {
    await node?.destroy();
    await rm(dir, { recursive: true, force: true });
  });
  const get = (url: string, headers: Record<string, string> = {}) => fetch(node.baseUrl + url, { headers });

  it('serves index.html at / for revalidation on every load, with the page security headers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toBe(INDEX);
  });

  it('answers client-side routes with index.html, ids with dots included', async () => {
    for (const url of ['/login', '/alerts/42', '/admin/users?page=2', '/strategies/card.v1/versions/3']) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(await res.text(), url).toBe(INDEX);
    }
  });

  it('caches hashed assets for a year and sends them compressed when the client accepts it', async () => {
    const plain = await get('/assets/app-abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(APP);

    // fetch decompresses transparently: the header and the length tell the story.
    const gz = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toBe('accept-encoding');
    expect(await gz.text()).toBe(APP);
  });

  it('answers 304 to a matching If-None-Match, and HEAD without a body', async () => {
    const first = await get('/favicon.svg');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await get('/favicon.svg', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const head = await fetch(`${node.baseUrl}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('keeps JSON 404s for the API, the probes and missing assets, and never leaves the build folder', async () => {
    for (const url of ['/api/v1/nope', '/api/nope', '/api', '/metrics/x', '/demo/x', '/assets/gone-123.js', '/old.css', '/%2e%2e/%2e%2e/etc/passwd.txt']) {
      const res = await get(url);
      const body = await res.text();
      expect(res.status, url).toBe(404);
      expect(JSON.parse(body).error.code, url).toBe('NOT_FOUND');
    }
    // A malformed escape is refused by the router before any route runs.
    expect((await get('/assets/%E0%A4%A')).status).toBe(400);
    // A traversal without an extension is just an unknown page of the console.
    const page = await get('/..%2f..%2fetc%2fpasswd');
    expect(await page.text()).toBe(INDEX);
  });

  it('leaves the API, the probes and the OpenAPI document as they were', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/api/docs/json')).headers.get('content-type')).toContain('application/json');
    const api = await get('/api/v1/orgs');
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const post = await fetch(`${node.baseUrl}/alerts`, { method: 'POST' });
    expect(post.status).toBe(404);
  });
});

describe('a node without a console build', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode({ demo: false, env: { VIGIL_CONSOLE_DIR: path.join(tmpdir(), 'vigil-no-console-here') } });
  });
  afterAll(() => node?.destroy());

  it('says how to build it, and still serves the API', async () => {
    const res = await fetch(`${node.baseUrl}/alerts`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:console');
    expect(node.logs.join('')).toContain('console not built');
    expect((await fetch(`${node.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${node.baseUrl}/api/v1/nope`)).status).toBe(404);
  });
});
