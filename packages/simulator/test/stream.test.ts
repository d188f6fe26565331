import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation, streamToServer, type SimRecord } from '../src/index.ts';

interface Seen {
  eventId: string;
  body: Record<string, unknown>;
  auth: string | undefined;
  socket: number;
  at: number;
}

/** A stand-in for the decision API that records requests and answers as `answer` says. */
async function fakeServer(answer: (body: Record<string, unknown>, attempt: number) => { status: number; headers?: Record<string, string>; body: unknown }) {
  const seen: Seen[] = [];
  const attempts = new Map<string, number>();
  const sockets = new Map<object, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const id = String(body.eventId);
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
      seen.push({ eventId: id, body, auth: req.headers.authorization, socket: sockets.get(req.socket)!, at: performance.now() });
      const a = answer(body, n);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, attempts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const decision = (body: Record<string, unknown>) => ({ status: 200, body: { decisionId: 'd-' + String(body.eventId), eventId: body.eventId, outcome: 'pass' } });
const records = (n: number): SimRecord[] => [...new Simulation({ seed: 1, customers: 200, events: n, start: '2026-03-02T00:00:00+08:00' })];

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

describe('streamToServer', () => {
  it('sends every event to the decision API at about the rate, over kept-alive connections', async () => {
    const srv = await fakeServer(decision);
    closers.push(srv.close);
    const rs = records(30);
    const t0 = performance.now();
    const stats = await streamToServer(rs, { url: srv.url, apiKey: 'vgl_test_key', rate: 50, concurrency: 4 });
    const elapsed = performance.now() - t0;
    expect(stats.sent).toBe(30);
    expect(stats.succeeded).toBe(30);
    expect(stats.outcomes).toEqual({ pass: 30 });
    // 30 events at 50/s: the last leaves at 0.58 s.
    expect(elapsed).toBeGreaterThan(500);
    expect(elapsed).toBeLessThan(3000);
    // Every event exactly once. Sent in order, but four connections may deliver two neighbours the other way round.
    expect(srv.seen.map((s) => s.eventId).sort()).toEqual(rs.map((r) => r.event.eventId).sort());
    expect(srv.seen.every((s) => s.auth === 'Bearer vgl_test_key')).toBe(true);
    expect(new Set(srv.seen.map((s) => s.socket)).size).toBeLessThanOrEqual(4);
    const first = srv.seen.find((s) => s.eventId === rs[0]!.event.eventId)!.body;
    expect(first).toEqual({ eventType: rs[0]!.event.eventType, eventId: rs[0]!.event.eventId, occurredAt: rs[0]!.event.occurredAt, data: rs[0]!.event.data });
  });

  it('backs off on 503 and retries the same body', async () => {
    const srv = await fakeServer((body, attempt) => (body.eventId === 's1-3' && attempt === 1 ? { status: 503, headers: { 'retry-after': '0' }, body: { error: { code: 'OVERLOADED', message: 'busy' } } } : decision(body)));
    closers.push(srv.close);
    const stats = await streamToServer(records(6), { url: srv.url, apiKey: 'k', rate: 200 });
    expect(stats.succeeded).toBe(6);
    expect(stats.retries).toBe(1);
    expect(srv.attempts.get('s1-3')).toBe(2);
    const [a, b] = srv.seen.filter((s) => s.eventId === 's1-3');
    expect(b!.body).toEqual(a!.body);
  });

  it('waits for an exponential back-off on 429 without Retry-After', async () => {
    const srv = await fakeServer((body, attempt) => (attempt <= 2 ? { status: 429, body: { error: { code: 'RATE_LIMITED', message: 'slow down' } } } : decision(body)));
    closers.push(srv.close);
    const t0 = performance.now();
    const stats = await streamToServer(records(1), { url: srv.url, apiKey: 'k', rate: 100 });
    expect(stats.succeeded).toBe(1);
    expect(stats.retries).toBe(2);
    // 200 ms then 400 ms, ±20 %.
    expect(performance.now() - t0).toBeGreaterThan(450);
  });

  it('counts refused events without retrying them, and keeps the server’s message', async () => {
    const srv = await fakeServer(() => ({ status: 400, body: { error: { code: 'INVALID_EVENT', message: 'bad field' } } }));
    closers.push(srv.close);
    const stats = await streamToServer(records(3), { url: srv.url, apiKey: 'k', rate: 500 });
    expect(stats).toMatchObject({ sent: 3, succeeded: 0, rejected: 3, retries: 0, errors: { '400 INVALID_EVENT': 3 } });
    expect(stats.errorSamples[0]).toContain('bad field');
  });

  it('sends the time of sending in now mode', async () => {
    const srv = await fakeServer(decision);
    closers.push(srv.close);
    await streamToServer(records(2), { url: srv.url, apiKey: 'k', rate: 100, timeMode: 'now' });
    for (const s of srv.seen) expect(Math.abs(Date.parse(String(s.body.occurredAt)) - Date.now())).toBeLessThan(5000);
  });

  it('stops gracefully when aborted', async () => {
    const srv = await fakeServer(decision);
    closers.push(srv.close);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const endless = new Simulation({ seed: 1, customers: 200, days: Infinity }).recordsAsync();
    const stats = await streamToServer(endless, { url: srv.url, apiKey: 'k', rate: 20, signal: ac.signal });
    expect(stats.sent).toBeGreaterThan(2);
    expect(stats.sent).toBeLessThan(15);
    expect(stats.succeeded).toBe(stats.sent);
  });

  it('gives up on an unreachable server after its retries', async () => {
    const srv = await fakeServer(decision);
    const url = srv.url;
    await srv.close();
    const stats = await streamToServer(records(1), { url, apiKey: 'k', rate: 100, maxRetries: 1 });
    expect(stats).toMatchObject({ sent: 1, succeeded: 0, failed: 1, retries: 1 });
    expect(Object.keys(stats.errors)[0]).toMatch(/^0 ECONNREFUSED/);
  });
});
