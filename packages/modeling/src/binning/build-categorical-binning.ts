import type { Bin, VariableBinning } from '../types.ts';
import type { CategoryCounts } from './category-counts.ts';
import { makeBin } from './make-bin.ts';
import { ivBand } from './woe.ts';

/** Label of the group of rare (and, when scoring, unseen) categories. */
export const OTHER_LABEL = 'Other';

/** One group of categories of a binning; `other` marks the group taking unseen categories. */
export interface CategoryGroup {
  categories: string[];
  other: boolean;
  label: string;
}

/**
 * The binning table of a categorical variable: one bin per group (categories not in the counts
 * add nothing), then the Missing bin when any value is missing.
 *
 * @example
 * buildCategoricalBinning(categoryCounts(values, target), [{ categories: ['A11', 'A12'], other: false, label: 'A11, A12' }], { name: 'status', method: 'manual' });
 */
export function buildCategoricalBinning(counts: CategoryCounts, groups: readonly CategoryGroup[], meta: { name: string; method: VariableBinning['method'] }): VariableBinning {
  const { totalGood, totalBad } = counts;
  const bins: Bin[] = groups.map((g) => {
    let n = 0;
    let b = 0;
    for (const c of g.categories) {
      const k = counts.index.get(c);
      if (k === undefined) continue;
      n += counts.count[k]!;
      b += counts.bad[k]!;
    }
    return makeBin({ label: g.label, kind: 'categories', values: [...g.categories], ...(g.other ? { other: true } : {}) }, n - b, b, totalGood, totalBad);
  });
  if (counts.missingGood + counts.missingBad > 0) bins.push(makeBin({ label: 'Missing', kind: 'missing' }, counts.missingGood, counts.missingBad, totalGood, totalBad));
  let iv = 0;
  for (const b of bins) iv += b.iv;
  return { name: meta.name, type: 'categorical', bins, iv, ivBand: ivBand(iv), method: meta.method };
}
