import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Simulation, type SimRecord, type SimulationOptions } from '../src/index.ts';

/** The modest run most tests look at: 2,000 customers for 3 days. */
export const MODEST: SimulationOptions = { seed: 11, customers: 2000, days: 3, start: '2026-03-02T00:00:00+08:00' };

let cached: SimRecord[] | null = null;
export function modestRun(): SimRecord[] {
  cached ??= [...new Simulation(MODEST)];
  return cached;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-sim-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Hour of day in China Standard Time. */
export function cstHourOf(at: number): number {
  return Math.floor(((at + 8 * 3_600_000) % 86_400_000) / 3_600_000);
}
