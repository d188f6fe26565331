import type { MonitoringInterval } from '../../../api/types.ts';

/** The quick ranges of the dashboard, the last N minutes up to now. */
export const RANGE_PRESETS = ['15m', '1h', '6h', '24h', '7d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const PRESET_MS: Record<RangePreset, number> = { '15m': 15 * 60_000, '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };
/** Buckets per preset: per minute up to an hour, then as many as a chart can show legibly. */
const PRESET_INTERVAL: Record<RangePreset, MonitoringInterval> = { '15m': '1m', '1h': '1m', '6h': '5m', '24h': '15m', '7d': '1h' };

/** The longest custom range the server accepts. */
export const MAX_RANGE_DAYS = 31;

/** A range: a preset that moves with the clock, or a fixed custom one. */
export type RangeChoice = { preset: RangePreset } | { custom: { from: string; to: string } };

export interface ResolvedRange {
  from: string;
  to: string;
  /** Absent: the server chooses from the range. */
  interval?: MonitoringInterval;
}

/**
 * The `from`/`to`/`interval` of a choice at `now`. A preset ends at now, rounded up to the
 * second so that repeated refreshes within one second share the same answer.
 */
export function resolveRange(choice: RangeChoice, now: number = Date.now()): ResolvedRange {
  if ('custom' in choice) return { from: choice.custom.from, to: choice.custom.to };
  const to = Math.ceil(now / 1000) * 1000;
  return { from: new Date(to - PRESET_MS[choice.preset]).toISOString(), to: new Date(to).toISOString(), interval: PRESET_INTERVAL[choice.preset] };
}

/** Whether a choice follows the clock, so live refresh has something new to show. */
export function isLive(choice: RangeChoice): boolean {
  return 'preset' in choice;
}

/** Why a custom range cannot be asked for, or null when it can. */
export function customRangeProblem(from: number, to: number): 'toBeforeFrom' | 'tooLong' | null {
  if (!(to > from)) return 'toBeforeFrom';
  if (to - from > MAX_RANGE_DAYS * 86_400_000) return 'tooLong';
  return null;
}

/**
 * How often a live dashboard asks again: every 10 s up to six hours; a day or a week drawn in
 * 15-minute or hourly buckets barely moves in 10 s, and costs the database far more to recount.
 */
export function liveRefreshMs(choice: RangeChoice): number | null {
  if (!('preset' in choice)) return null;
  return choice.preset === '24h' ? 60_000 : choice.preset === '7d' ? 300_000 : 10_000;
}

/** A stable key of a choice for the query cache (a preset's times change on every refresh). */
export function rangeKey(choice: RangeChoice): string {
  return 'preset' in choice ? choice.preset : `${choice.custom.from}/${choice.custom.to}`;
}
