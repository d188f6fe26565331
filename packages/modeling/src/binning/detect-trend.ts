import type { MonotonicTrend } from '../types.ts';

/**
 * The shape of a sequence of event rates: strictly rising `ascending`, strictly falling
 * `descending`, rising then falling `peak`, falling then rising `valley`, otherwise (also for
 * fewer than two rates or equal neighbours) `none`.
 *
 * @example
 * detectTrend([0.1, 0.3, 0.2]); // 'peak'
 */
export function detectTrend(rates: readonly number[]): MonotonicTrend {
  if (rates.length < 2) return 'none';
  const steps: number[] = [];
  for (let j = 1; j < rates.length; j++) {
    const d = rates[j]! - rates[j - 1]!;
    if (d === 0) return 'none';
    const s = d > 0 ? 1 : -1;
    if (steps.length === 0 || steps[steps.length - 1] !== s) steps.push(s);
  }
  if (steps.length === 1) return steps[0]! > 0 ? 'ascending' : 'descending';
  if (steps.length === 2) return steps[0]! > 0 ? 'peak' : 'valley';
  return 'none';
}
