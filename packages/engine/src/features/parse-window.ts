import { FeatureError } from './feature-error.ts';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const MIN_WINDOW_MS = UNIT_MS.m;
export const MAX_WINDOW_MS = 90 * UNIT_MS.d;
const WINDOW = /^([1-9][0-9]{0,8})([smhd])$/;

/**
 * Parses a feature window into milliseconds. Accepts a positive integer and one unit of s, m, h,
 * d, between 1 minute and 90 days; anything else throws a {@link FeatureError} `FEATURE_WINDOW`.
 *
 * @example parseWindow('10m') // 600000
 */
export function parseWindow(w: string): number {
  const m = typeof w === 'string' ? WINDOW.exec(w.trim()) : null;
  if (!m) {
    throw new FeatureError('FEATURE_WINDOW', `invalid window ${JSON.stringify(w)}: expected a whole number and a unit s, m, h or d, e.g. '10m'`);
  }
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms < MIN_WINDOW_MS || ms > MAX_WINDOW_MS) {
    throw new FeatureError('FEATURE_WINDOW', `window ${w} is out of range: it must be between 1m and 90d`);
  }
  return ms;
}
