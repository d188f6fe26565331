import type { MonotonicTrend } from '../types.ts';
import { binStats } from './woe.ts';

/** A trend the optimiser can enforce (`auto` is resolved by the caller). */
export type FittedTrend = Exclude<MonotonicTrend, 'auto'>;

export interface PartitionConstraints {
  trend: FittedTrend;
  /** Most groups. */
  maxBins: number;
  /** Fewest rows in a group. */
  minCount: number;
  /** Smallest event-rate difference between adjacent groups (0: any difference). */
  minEventRateDiff: number;
  /** Sample totals, for the WOE of each group. */
  totalGood: number;
  totalBad: number;
}

/** Groups as the index of the first element of each (the first is 0), and their total IV. */
export interface Partition {
  starts: number[];
  iv: number;
}

/**
 * Phase after appending a group of event rate r2 to one of rate r1 while in `phase`, or -1 when
 * the trend forbids it. Peak: phase 0 rises, phase 1 falls (the turning point is where the phase
 * changes); valley the mirror image. Rates must differ by at least `minDiff` and, for monotonic
 * trends, strictly — equal neighbours would be one bin drawn twice.
 */
function nextPhase(trend: FittedTrend, phase: number, r1: number, r2: number, minDiff: number): number {
  const diff = r2 - r1;
  const up = diff > 0 && diff >= minDiff;
  const down = diff < 0 && -diff >= minDiff;
  switch (trend) {
    case 'ascending':
      return up ? 0 : -1;
    case 'descending':
      return down ? 0 : -1;
    case 'none':
      return Math.abs(diff) >= minDiff ? 0 : -1;
    case 'peak':
      if (phase === 0) return up ? 0 : down ? 1 : -1;
      return down ? 1 : -1;
    case 'valley':
      if (phase === 0) return down ? 0 : up ? 1 : -1;
      return up ? 1 : -1;
  }
}

/**
 * The partition of `k` ordered elements (pre-bins, or categories sorted by event rate) into
 * contiguous groups that maximises the total IV subject to the constraints: at most `maxBins`
 * groups, each with at least `minCount` rows and at least one good and one bad, and the event
 * rates of adjacent groups following `trend` with at least `minEventRateDiff` between them. Null
 * when no partition satisfies them.
 *
 * Exact, by dynamic programming: the state is (groups so far, start and end of the last group,
 * trend phase), since the trend constraint only links adjacent groups; O(maxBins · k³) time,
 * fine for the ≤ 100 elements fine classing produces. Among equal IVs the fewest groups win.
 *
 * @example
 * // Four pre-bins with bad rates 10%, 20%, 30%, 40% (100 rows each), ascending, at most 2 bins:
 * optimalPartition([100, 100, 100, 100], [10, 20, 30, 40], {
 *   trend: 'ascending', maxBins: 2, minCount: 50, minEventRateDiff: 0, totalGood: 300, totalBad: 100,
 * }).starts; // [0, 2]
 */
export function optimalPartition(count: ArrayLike<number>, bad: ArrayLike<number>, c: PartitionConstraints): Partition | null {
  const k = count.length;
  if (k === 0) return null;
  const K = k + 1;
  const cum = new Float64Array(K);
  const cumBad = new Float64Array(K);
  for (let j = 0; j < k; j++) {
    cum[j + 1] = cum[j]! + count[j]!;
    cumBad[j + 1] = cumBad[j]! + bad[j]!;
  }
  // Group [s, e): validity, event rate and IV, computed once.
  const ok = new Uint8Array(K * K);
  const rate = new Float64Array(K * K);
  const value = new Float64Array(K * K);
  for (let s = 0; s < k; s++) {
    for (let e = s + 1; e <= k; e++) {
      const n = cum[e]! - cum[s]!;
      const b = cumBad[e]! - cumBad[s]!;
      if (n < c.minCount || b < 1 || n - b < 1) continue;
      ok[s * K + e] = 1;
      rate[s * K + e] = b / n;
      value[s * K + e] = binStats(n - b, b, c.totalGood, c.totalBad).iv;
    }
  }
  const M = Math.max(1, Math.floor(c.maxBins));
  // best[((m · K + s) · K + e) · 2 + phase]: best IV of m + 1 groups covering [0, e), the last [s, e).
  const size = M * K * K * 2;
  const best = new Float64Array(size).fill(-Infinity);
  const parent = new Int32Array(size).fill(-1);
  const at = (m: number, s: number, e: number, p: number) => ((m * K + s) * K + e) * 2 + p;
  for (let e = 1; e <= k; e++) if (ok[e]) best[at(0, 0, e, 0)] = value[e]!;
  for (let m = 0; m + 1 < M; m++) {
    for (let s = 0; s < k; s++) {
      for (let e = s + 1; e < k; e++) {
        if (!ok[s * K + e]) continue;
        const r1 = rate[s * K + e]!;
        for (let p = 0; p < 2; p++) {
          const here = best[at(m, s, e, p)]!;
          if (here === -Infinity) continue;
          for (let f = e + 1; f <= k; f++) {
            if (!ok[e * K + f]) continue;
            const np = nextPhase(c.trend, p, r1, rate[e * K + f]!, c.minEventRateDiff);
            if (np < 0) continue;
            const v = here + value[e * K + f]!;
            const to = at(m + 1, e, f, np);
            if (v > best[to]!) {
              best[to] = v;
              parent[to] = s * 2 + p;
            }
          }
        }
      }
    }
  }
  let end = -1;
  let endM = 0;
  let endS = 0;
  let endP = 0;
  for (let m = 0; m < M; m++) {
    for (let s = 0; s < k; s++) {
      for (let p = 0; p < 2; p++) {
        const v = best[at(m, s, k, p)]!;
        // A relative tolerance so that rounding noise never buys an extra group.
        if (v > -Infinity && (end < 0 || v > best[end]! + 1e-12 * Math.abs(best[end]!))) {
          end = at(m, s, k, p);
          endM = m;
          endS = s;
          endP = p;
        }
      }
    }
  }
  if (end < 0) return null;
  const starts: number[] = [];
  let m = endM;
  let s = endS;
  let e = k;
  let p = endP;
  for (;;) {
    starts.push(s);
    if (m === 0) break;
    const par = parent[at(m, s, e, p)]!;
    e = s;
    s = par >> 1;
    p = par & 1;
    m--;
  }
  return { starts: starts.reverse(), iv: best[end]! };
}
