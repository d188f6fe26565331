import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_NAMES, Simulation, writeSimulation } from '../src/index.ts';
import { tempDir } from './helpers.ts';

const opts = { customers: 500, days: 2, start: '2026-03-02T00:00:00+08:00' } as const;
const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function filesFor(seed: number, name: string): Promise<Record<string, Buffer>> {
  const dir = path.join(tmp.dir, name);
  await writeSimulation(new Simulation({ ...opts, seed }), dir);
  return Object.fromEntries(Object.values(FILE_NAMES).map((f) => [f, readFileSync(path.join(dir, f))]));
}

describe('determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    const a = await filesFor(7, 'a');
    const b = await filesFor(7, 'b');
    for (const f of Object.values(FILE_NAMES)) {
      expect(a[f]!.length, f).toBeGreaterThan(100);
      expect(a[f]!.equals(b[f]!), f).toBe(true);
    }
  });

  it('writes different events for a different seed', async () => {
    const a = await filesFor(7, 'c');
    const b = await filesFor(8, 'd');
    expect(a[FILE_NAMES.events]!.equals(b[FILE_NAMES.events]!)).toBe(false);
  });

  it('gives the same records when a simulation is iterated twice', () => {
    const sim = new Simulation({ ...opts, seed: 3, days: 1 });
    const first = [...sim].map((r) => JSON.stringify(r));
    const second = [...sim].map((r) => JSON.stringify(r));
    expect(second).toEqual(first);
  });

  it('stops after exactly the requested number of events', () => {
    const sim = new Simulation({ seed: 5, customers: 300, events: 1234 });
    expect([...sim]).toHaveLength(1234);
  });
});
