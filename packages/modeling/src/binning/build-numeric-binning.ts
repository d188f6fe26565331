import type { Bin, MonotonicTrend, VariableBinning } from '../types.ts';
import { detectTrend } from './detect-trend.ts';
import { makeBin } from './make-bin.ts';
import type { NumericCounts } from './numeric-counts.ts';
import { rangeLabel } from './range-label.ts';
import { ivBand } from './woe.ts';

/**
 * The binning table of a numeric variable for ascending inner cut points: range bins
 * `[-inf, c1)`, `[c1, c2)`, …, `[cn, +inf)` (kept even when empty, so every ordinary value has a
 * bin), then one bin per special value that occurs, then the Missing bin when any value is missing.
 * `trend` defaults to the shape the range bins show.
 *
 * @example
 * buildNumericBinning(numericCounts(values, target, [-1]), [1000, 2500], { name: 'amount', method: 'manual' });
 */
export function buildNumericBinning(
  counts: NumericCounts,
  cuts: readonly number[],
  meta: { name: string; method: VariableBinning['method']; trend?: MonotonicTrend },
): VariableBinning {
  const { totalGood, totalBad } = counts;
  const rangeGood = new Float64Array(cuts.length + 1);
  const rangeBad = new Float64Array(cuts.length + 1);
  let r = 0;
  for (let j = 0; j < counts.values.length; j++) {
    while (r < cuts.length && counts.values[j]! >= cuts[r]!) r++;
    rangeBad[r] += counts.bad[j]!;
    rangeGood[r] += counts.count[j]! - counts.bad[j]!;
  }
  const bins: Bin[] = [];
  for (let i = 0; i <= cuts.length; i++) {
    const min = i === 0 ? undefined : cuts[i - 1];
    const max = i === cuts.length ? undefined : cuts[i];
    bins.push(
      makeBin(
        { label: rangeLabel(min, max), kind: 'range', ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) },
        rangeGood[i]!,
        rangeBad[i]!,
        totalGood,
        totalBad,
      ),
    );
  }
  const rates = bins.filter((b) => b.count > 0).map((b) => b.eventRate);
  for (const s of counts.special) {
    if (s.good + s.bad > 0) bins.push(makeBin({ label: `Special: ${s.value}`, kind: 'special', values: [s.value] }, s.good, s.bad, totalGood, totalBad));
  }
  if (counts.missingGood + counts.missingBad > 0) {
    bins.push(makeBin({ label: 'Missing', kind: 'missing' }, counts.missingGood, counts.missingBad, totalGood, totalBad));
  }
  let iv = 0;
  for (const b of bins) iv += b.iv;
  return { name: meta.name, type: 'numeric', bins, iv, ivBand: ivBand(iv), breaks: [...cuts], trend: meta.trend ?? detectTrend(rates), method: meta.method };
}
