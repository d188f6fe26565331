export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** China Standard Time, where the member banks and their customers live (no daylight saving). */
export const CST_OFFSET = 8 * HOUR;

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Formats epoch milliseconds as `toISOString()` does, without a Date per call: the date part is
 * computed once per day and the time of day with integer arithmetic. Simulated times only move
 * forward, so the cached day almost always matches.
 *
 * @example new IsoClock().format(0) // '1970-01-01T00:00:00.000Z'
 */
export class IsoClock {
  private dayStart = NaN;
  private prefix = '';

  format(t: number): string {
    const day = Math.floor(t / DAY) * DAY;
    if (day !== this.dayStart) {
      this.dayStart = day;
      this.prefix = new Date(day).toISOString().slice(0, 11);
    }
    let ms = t - day;
    const h = Math.floor(ms / HOUR);
    ms -= h * HOUR;
    const m = Math.floor(ms / MINUTE);
    ms -= m * MINUTE;
    const s = Math.floor(ms / 1000);
    ms -= s * 1000;
    return this.prefix + PAD2[h] + ':' + PAD2[m] + ':' + PAD2[s] + '.' + PAD3[ms] + 'Z';
  }
}

/** Hour of day (0-23) in China Standard Time. */
export function cstHour(t: number): number {
  return Math.floor(((t + CST_OFFSET) % DAY) / HOUR);
}

/** Start (epoch ms) of the China Standard Time day containing `t`. */
export function cstDayStart(t: number): number {
  return Math.floor((t + CST_OFFSET) / DAY) * DAY - CST_OFFSET;
}

/**
 * Relative activity per hour of the day, China Standard Time: quiet at night, a lunch peak and an
 * evening peak. Mean 1.
 */
export const DAILY_RHYTHM: readonly number[] = normalise([
  0.16, 0.08, 0.05, 0.04, 0.04, 0.08, 0.25, 0.6, 0.9, 1.0, 1.05, 1.15, 1.25, 1.05, 0.95, 0.95, 1.0, 1.1, 1.25, 1.3, 1.35, 1.2, 0.85, 0.45,
]);

/** Normalises weights to mean 1. */
export function normalise(w: readonly number[]): number[] {
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  return w.map((x) => x / mean);
}
