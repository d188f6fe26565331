/** Event-loop stall statistics in milliseconds. */
export interface StallStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const INTERVAL_MS = 1;

/**
 * Starts sampling the main event loop with a 1 ms interval timer; `stop()` returns how late each
 * tick was. Unlike `monitorEventLoopDelay`, the span from the last tick to `stop()` counts too: work
 * that completes through promise jobs alone never lets a timer fire, and would otherwise read as 0.
 */
export function startStallProbe(): { stop(): StallStats } {
  const lateness: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lateness.push(Math.max(0, now - last - INTERVAL_MS));
    last = now;
  }, INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      lateness.push(Math.max(0, performance.now() - last - INTERVAL_MS));
      lateness.sort((a, b) => a - b);
      const at = (q: number) => lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))];
      return { p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(lateness[lateness.length - 1]) };
    },
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
