import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesced.ts';

describe('coalesced', () => {
  it('runs once for a call, and once more for any number of calls made meanwhile', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const reload = coalesced(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (release = r));
    });
    const first = reload();
    const during = [reload(), reload(), reload()];
    release();
    await Promise.all([first, ...during]);
    expect(runs).toBe(2);
    await reload();
    expect(runs).toBe(3);
  });

  it('a call arriving just as the last run ends starts a new run', async () => {
    let runs = 0;
    const reload = coalesced(async () => {
      runs++;
    });
    const first = reload();
    // Queue the second call as late as possible: after the run's own promise settles.
    const second = first.then(() => reload());
    await second;
    expect(runs).toBe(2);
  });

  it('a run started after a change always sees it', async () => {
    let version = 0;
    let seen = -1;
    const reload = coalesced(async () => {
      const v = version;
      await new Promise((r) => setTimeout(r, 5));
      seen = v;
    });
    const a = reload();
    version = 1;
    const b = reload();
    await Promise.all([a, b]);
    expect(seen).toBe(1);
  });
});
