import { bandOf, checkCuts, rankBands } from './rank-bands.ts';
import { countClasses, orderByScore, requireBothClasses } from './score-checks.ts';
import type { ScoreDirection } from './score-direction.ts';

export interface GainsOptions extends ScoreDirection {
  /**
   * A number of bands of about equal row counts (default 10; tied scores are never split, so
   * heavy ties give fewer bands), or explicit ascending cut points c1 < … < ck giving the bands
   * (−∞, c1), [c1, c2), …, [ck, ∞) — empty ones included.
   */
  bands?: number | number[];
}

/** One score band of a gains (KS) table. Cumulative columns run from the riskiest band down. */
export interface GainsBand {
  /** 1 = the riskiest band. */
  band: number;
  /** Lowest and highest score seen in the band (NaN when it is empty). */
  minScore: number;
  maxScore: number;
  /** With explicit cut points: the band is [lower, upper); ±Infinity at the open ends. */
  lower?: number;
  upper?: number;
  count: number;
  bads: number;
  goods: number;
  /** bads / count; 0 for an empty band. */
  badRate: number;
  /** count / all rows. */
  share: number;
  cumCount: number;
  cumBads: number;
  cumGoods: number;
  /** Bads in this and riskier bands / all bads (the "capture rate"). */
  cumBadShare: number;
  cumGoodShare: number;
  cumBadRate: number;
  /** |cumBadShare − cumGoodShare|: the KS at the band's lower edge of risk. */
  ks: number;
  /** badRate / overall bad rate. */
  lift: number;
  /** cumBadRate / overall bad rate. */
  cumLift: number;
}

export interface GainsTable {
  bands: GainsBand[];
  count: number;
  bads: number;
  goods: number;
  badRate: number;
  /** The largest band KS (≤ the exact {@link ks}, which may fall inside a band). */
  ks: number;
}

/**
 * The gains (KS) table by score band, riskiest band first: counts, bad rate, cumulative bad and
 * good shares, KS at each band, lift and cumulative lift.
 *
 * @example
 * // Ten rows, scores 1…10 (higher riskier), bads at 10, 9 and 5; two bands of five rows:
 * // band 1 = scores 6–10, 2 bads (rate 0.4, lift 0.4/0.3 = 1.33, cum bad share 2/3, cum good share 3/7,
 * // KS 0.238); band 2 = scores 1–5, 1 bad.
 * gainsTable(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 1, 1), {bands: 2})
 */
export function gainsTable(scores: ArrayLike<number>, y: Uint8Array, options: GainsOptions = {}): GainsTable {
  const higherIsRiskier = options.higherIsRiskier ?? true;
  const spec = options.bands ?? 10;
  const order = orderByScore(scores, y);
  const { bads, goods } = countClasses(y);
  requireBothClasses(bads, goods, 'a gains table');
  const n = y.length;

  // Per band, riskiest first: counts, bads, observed min and max, optional bounds.
  const raw: Array<{ count: number; bads: number; min: number; max: number; lower?: number; upper?: number }> = [];
  if (typeof spec === 'number') {
    if (higherIsRiskier) order.reverse();
    for (const [start, end] of rankBands(order, scores, spec)) {
      let b = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let r = start; r < end; r++) {
        const i = order[r]!;
        b += y[i]!;
        min = Math.min(min, scores[i]!);
        max = Math.max(max, scores[i]!);
      }
      raw.push({ count: end - start, bads: b, min, max });
    }
  } else {
    checkCuts(spec, 'gains table cut points');
    const k = spec.length + 1;
    const count = new Float64Array(k);
    const bad = new Float64Array(k);
    const min = new Float64Array(k).fill(Infinity);
    const max = new Float64Array(k).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      const j = bandOf(spec, scores[i]!);
      count[j]++;
      bad[j] += y[i]!;
      min[j] = Math.min(min[j]!, scores[i]!);
      max[j] = Math.max(max[j]!, scores[i]!);
    }
    for (let j = 0; j < k; j++) {
      const empty = count[j] === 0;
      raw.push({ count: count[j]!, bads: bad[j]!, min: empty ? NaN : min[j]!, max: empty ? NaN : max[j]!, lower: j === 0 ? -Infinity : spec[j - 1]!, upper: j === k - 1 ? Infinity : spec[j]! });
    }
    if (higherIsRiskier) raw.reverse();
  }

  const overall = bads / n;
  let cumCount = 0;
  let cumBads = 0;
  let maxKs = 0;
  const rows = raw.map((r, idx): GainsBand => {
    cumCount += r.count;
    cumBads += r.bads;
    const cumGoods = cumCount - cumBads;
    const badRate = r.count ? r.bads / r.count : 0;
    const cumBadRate = cumCount ? cumBads / cumCount : 0;
    const ksHere = Math.abs(cumBads / bads - cumGoods / goods);
    maxKs = Math.max(maxKs, ksHere);
    const row: GainsBand = {
      band: idx + 1,
      minScore: r.min,
      maxScore: r.max,
      count: r.count,
      bads: r.bads,
      goods: r.count - r.bads,
      badRate,
      share: r.count / n,
      cumCount,
      cumBads,
      cumGoods,
      cumBadShare: cumBads / bads,
      cumGoodShare: cumGoods / goods,
      cumBadRate,
      ks: ksHere,
      lift: badRate / overall,
      cumLift: cumBadRate / overall,
    };
    if (r.lower !== undefined) {
      row.lower = r.lower;
      row.upper = r.upper!;
    }
    return row;
  });
  return { bands: rows, count: n, bads, goods, badRate: overall, ks: maxKs };
}
