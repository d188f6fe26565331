import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '@vigil/storage';

const root = path.resolve(import.meta.dirname, '../../..');

/** Starts `npm start`'s entry point as a real child process on a free port. */
async function startProcess(dataDir: string, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_PORT: String(port), VIGIL_HOST: '127.0.0.1', VIGIL_LOG_LEVEL: 'warn', VIGIL_DEMO_RATE: '0', ...env },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) {
        // the demo seed runs right after listen
        for (let i = 0; i < 100; i++) {
          try {
            await readFile(path.join(dataDir, 'demo-credentials.json'));
            return child;
          } catch {
            await new Promise((res) => setTimeout(res, 100));
          }
        }
      }
    } catch {
      // not listening yet
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

describe('crash durability (PGlite, real process, SIGKILL)', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterAll(async () => {
    // A failed or timed-out test must not leave a server running.
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('in sync mode every answered decision survives a kill -9', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-crash-'));
    dirs.push(dataDir);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = await startProcess(dataDir, port, { VIGIL_DURABILITY: 'sync' });
    children.push(child);
    const { apiKey } = JSON.parse(await readFile(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    const answered: string[] = [];
    let stop = false;
    // Several concurrent clients, so the kill lands in the middle of group commits.
    const clients = Array.from({ length: 8 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        const eventId = `crash-${c}-${i}`;
        try {
          const r = await fetch(`http://127.0.0.1:${port}/api/v1/decisions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ eventType: 'login', eventId, data: { customer_id: `c${i % 50}`, ip: '10.0.0.1', channel: 'WEB', method: 'password', success: true, org: 'bank_a' } }),
          });
          if (r.status === 200) answered.push(eventId);
        } catch {
          return;
        }
      }
    });
    await new Promise((res) => setTimeout(res, 2500));
    const exited = new Promise((res) => child.once('exit', res));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    await exited;
    expect(answered.length).toBeGreaterThan(50);

    const database = await createDatabase({ dataDir });
    try {
      const rows = await database.db.selectFrom('decisions').select('event_id').where('event_id', 'like', 'crash-%').execute();
      const stored = new Set(rows.map((r) => r.event_id));
      const lost = answered.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
    } finally {
      await database.close();
    }
    // A real process: compiling the sources, migrating and seeding the demo can take most of a minute on a busy machine.
  }, 120_000);

  it('npm start keeps the demo alive: simulated customers of both banks send events to it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-demo-'));
    dirs.push(dataDir);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = await startProcess(dataDir, port, { VIGIL_DEMO_RATE: '40' });
    children.push(child);
    const { adminKey } = JSON.parse(await readFile(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    let items: Array<{ eventType: string; orgId: string; eventId: string }> = [];
    for (let i = 0; i < 40 && items.length < 60; i++) {
      await new Promise((res) => setTimeout(res, 250));
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/decisions?limit=500`, { headers: { authorization: `Bearer ${adminKey}` } });
      items = ((await r.json()) as { items: typeof items }).items;
    }
    expect(items.length).toBeGreaterThanOrEqual(60);
    expect(new Set(items.map((d) => d.eventType)).size).toBeGreaterThan(2);
    expect(new Set(items.map((d) => d.orgId.slice(0, 6))).size).toBe(2);
    expect(items.every((d) => d.eventId.startsWith('demo-'))).toBe(true);
    const exited = new Promise((res) => child.once('exit', res));
    child.kill('SIGTERM');
    await exited;
  }, 120_000);
});
