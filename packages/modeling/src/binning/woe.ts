import type { IvBand } from '../types.ts';
import { BinningError } from './binning-error.ts';

/** Statistics of one bin; see {@link binStats}. */
export interface BinStats {
  /** bad / (good + bad), from the raw counts; 0 for an empty bin. */
  eventRate: number;
  /** ln(%good / %bad) per WOE_CONVENTION; always finite. */
  woe: number;
  /** (%good − %bad) · WOE; never negative. */
  iv: number;
}

/**
 * Count added to both the good and the bad count of a bin that has no goods or no bads, before
 * its WOE and IV are computed. Without it such a bin has an infinite WOE (ln 0 or ln ∞) and an
 * infinite IV; 0.5 is the usual continuity correction (as in Haldane–Anscombe for log odds
 * ratios). Only that bin is adjusted, the totals are not; the bin keeps its raw counts and
 * raw event rate. An empty bin (no rows at all) carries no evidence and gets WOE 0 and IV 0.
 */
export const ZERO_COUNT_SMOOTHING = 0.5;

/**
 * WOE, IV contribution and event rate of a bin with `good` and `bad` rows, out of `totalGood` and
 * `totalBad` in the whole sample. Both the WOE and the share difference use the smoothed counts
 * when smoothing applies (see {@link ZERO_COUNT_SMOOTHING}), so the IV contribution stays ≥ 0.
 *
 * @example
 * // 100 goods, 20 bads out of 700 goods and 300 bads:
 * // %good = 100/700 = 0.142857, %bad = 20/300 = 0.066667,
 * // WOE = ln(0.142857 / 0.066667) = ln(2.142857) = 0.762140,
 * // IV  = (0.142857 − 0.066667) · 0.762140 = 0.058068
 * binStats(100, 20, 700, 300); // { eventRate: 0.1667, woe: 0.7621, iv: 0.0581 }
 */
export function binStats(good: number, bad: number, totalGood: number, totalBad: number): BinStats {
  if (!(totalGood > 0 && totalBad > 0)) {
    throw new BinningError('TARGET_ONE_CLASS', `WOE needs both goods and bads in the sample, got ${totalGood} goods and ${totalBad} bads`);
  }
  const count = good + bad;
  if (count === 0) return { eventRate: 0, woe: 0, iv: 0 };
  const eventRate = bad / count;
  let g = good;
  let b = bad;
  if (g === 0 || b === 0) {
    g += ZERO_COUNT_SMOOTHING;
    b += ZERO_COUNT_SMOOTHING;
  }
  const pg = g / totalGood;
  const pb = b / totalBad;
  const woe = Math.log(pg / pb);
  return { eventRate, woe, iv: (pg - pb) * woe };
}

/**
 * The usual reading of a total IV: < 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, 0.3–0.5 strong,
 * > 0.5 suspicious (too good to be true: check for leakage). 0.02, 0.1 and 0.3 themselves take the
 * higher band; 0.5 is still strong, as only IVs above it are suspicious.
 *
 * @example
 * ivBand(0.666); // 'suspicious'
 */
export function ivBand(iv: number): IvBand {
  if (iv < 0.02) return 'useless';
  if (iv < 0.1) return 'weak';
  if (iv < 0.3) return 'medium';
  if (iv <= 0.5) return 'strong';
  return 'suspicious';
}
