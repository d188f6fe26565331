import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSourceDef } from '@vigil/engine';
import { HttpDataSourceClient } from './datasource-client.ts';
import { isPrivateAddress } from './ssrf-guard.ts';

describe('data source client', () => {
  let port = 0;
  let hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/redirect') {
      res.statusCode = 302;
      res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, n: hits.length }));
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => server.close());
  const def = (path: string, over: Partial<DataSourceDef> = {}): DataSourceDef => ({ id: 's', url: `http://127.0.0.1:${port}${path}`, request: '', timeoutMs: 200, cacheTtlSec: 0, costPerCall: 2, ...over });

  it('refuses loopback and private targets unless the host is allowed', async () => {
    const strict = new HttpDataSourceClient({ allowPrivate: false });
    const r = await strict.call(def('/x'), {}, Date.now() + 1000);
    expect(r).toMatchObject({ ok: false, error: 'SSRF_REFUSED' });
    expect(hits).toHaveLength(0);
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:a00:1', '::ffff:7f00:1', '64:ff9b::a00:1']) expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '2001:4860:4860::8888', '::ffff:8.8.8.8', '::ffff:808:808']) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('never follows a redirect (so a redirect to a private address goes nowhere)', async () => {
    const client = new HttpDataSourceClient({ allowPrivate: false, allowHosts: [`127.0.0.1:${port}`] });
    hits = [];
    const r = await client.call(def('/redirect'), {}, Date.now() + 1000);
    expect(r).toMatchObject({ ok: false, error: 'http_302' });
    expect(hits).toEqual(['/redirect']);
  });

  it('caches answers for their TTL, counts calls and cost, and opens the breaker after repeated failures', async () => {
    let now = 1_000_000;
    const client = new HttpDataSourceClient({ allowPrivate: true, now: () => now });
    const d = def('/ok', { cacheTtlSec: 60 });
    const a = await client.call(d, { k: 1 }, Infinity);
    const b = await client.call(d, { k: 1 }, Infinity);
    expect(a.cached).toBe(false);
    expect(b).toMatchObject({ ok: true, cached: true, value: a.value });
    now += 61_000;
    expect((await client.call(d, { k: 1 }, Infinity)).cached).toBe(false);
    const usage = client.drainUsage().get('s')!;
    expect(usage).toMatchObject({ calls: 2, cacheHits: 1, cost: 4 });
    const dead = def('/ok', { id: 'dead', url: 'http://127.0.0.1:1/nothing' });
    for (let i = 0; i < 5; i++) await client.call(dead, {}, Infinity);
    expect(await client.call(dead, {}, Infinity)).toMatchObject({ ok: false, error: 'circuit_open' });
  });
});
