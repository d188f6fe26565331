import type { VariableBinning } from '../types.ts';
import { BinningError } from './binning-error.ts';
import { buildCategoricalBinning, OTHER_LABEL, type CategoryGroup } from './build-categorical-binning.ts';
import { categoryCounts } from './category-counts.ts';
import { checkInteger, checkShare } from './check-options.ts';
import { optimalPartition } from './optimal-partition.ts';
import { quantileCuts } from './quantile-cuts.ts';

/** Most groups handed to the optimiser; beyond it neighbours in event-rate order are pre-merged. */
export const MAX_CATEGORY_GROUPS = 100;

export interface CategoricalBinningOptions {
  /** Variable name for the result; default `'x'`. */
  name?: string;
  /** Most category bins (the Missing bin not counted); default 8. */
  maxBins?: number;
  /** Fewest rows in a bin, as a share of the non-missing rows; default 0.05. */
  minBinShare?: number;
  /** Smallest event-rate difference between adjacent bins; default 0. */
  minEventRateDiff?: number;
  /**
   * Categories with fewer rows than this share of the non-missing rows are pooled into one
   * `Other` group before grouping, since their own event rates are mostly noise; default 0.01.
   * 0 pools nothing.
   */
  rareShare?: number;
}

interface Item {
  categories: string[];
  n: number;
  b: number;
  other: boolean;
}

function labelOf(items: readonly Item[]): string {
  const names = items.filter((it) => !it.other).flatMap((it) => it.categories);
  if (items.some((it) => it.other)) names.push(OTHER_LABEL);
  return names.join(', ');
}

/**
 * Supervised grouping of a categorical variable against a binary target (1 = bad). Rare
 * categories are pooled into `Other` (the bin marked `other: true`, which also takes categories
 * never seen in training); the categories (and `Other`) are sorted by event rate and adjacent ones
 * merged by the same optimiser as numeric bins — the grouping with the highest IV with at most
 * `maxBins` bins, each with at least `minBinShare` of the non-missing rows and one good and one
 * bad, event rates strictly rising by at least `minEventRateDiff`. Missing values (null) get their
 * own bin. Bins come in ascending event rate.
 *
 * @example
 * // German credit data: loan purpose against creditability ('retraining', 0.9 % of rows, is rare)
 * const b = binCategorical(purpose, target, { name: 'purpose', maxBins: 4 });
 * b.bins.map((x) => x.label);
 * // ['Other, car (used)', 'radio/television', 'furniture/equipment, domestic appliances, business', 'repairs, car (new), others, education']
 */
export function binCategorical(values: ArrayLike<string | null | undefined>, target: Uint8Array, options: CategoricalBinningOptions = {}): VariableBinning {
  const name = options.name ?? 'x';
  const maxBins = checkInteger('maxBins', options.maxBins ?? 8, 1, 10_000);
  const minBinShare = checkShare('minBinShare', options.minBinShare ?? 0.05, 0, 1);
  const minEventRateDiff = checkShare('minEventRateDiff', options.minEventRateDiff ?? 0, 0, 1);
  const rareShare = checkShare('rareShare', options.rareShare ?? 0.01, 0, 1);
  const counts = categoryCounts(values, target);
  if (counts.totalGood === 0 || counts.totalBad === 0) {
    throw new BinningError('TARGET_ONE_CLASS', `binning ${JSON.stringify(name)} needs both goods and bads, got ${counts.totalGood} goods and ${counts.totalBad} bads`);
  }

  const rareLimit = rareShare * counts.nonMissing;
  let items: Item[] = [];
  const other: Item = { categories: [], n: 0, b: 0, other: true };
  counts.names.forEach((c, k) => {
    const n = counts.count[k]!;
    const b = counts.bad[k]!;
    if (n < rareLimit) {
      other.categories.push(c);
      other.n += n;
      other.b += b;
    } else {
      items.push({ categories: [c], n, b, other: false });
    }
  });
  if (other.n > 0) items.push(other);
  items.sort((x, y) => x.b / x.n - y.b / y.n || y.n - x.n || (x.categories[0]! < y.categories[0]! ? -1 : 1));

  // Group of items: the label names the original categories, or Other for the pooled rare ones.
  let labels = items.map((it) => labelOf([it]));
  if (items.length > MAX_CATEGORY_GROUPS) {
    const starts = [0, ...quantileCuts(items.map((it) => it.n), MAX_CATEGORY_GROUPS)];
    const merged: Item[] = [];
    const mergedLabels: string[] = [];
    starts.forEach((s, g) => {
      const part = items.slice(s, starts[g + 1] ?? items.length);
      merged.push({ categories: part.flatMap((it) => it.categories), n: part.reduce((a, it) => a + it.n, 0), b: part.reduce((a, it) => a + it.b, 0), other: part.some((it) => it.other) });
      mergedLabels.push(labelOf(part));
    });
    items = merged;
    labels = mergedLabels;
  }

  const partition = optimalPartition(
    items.map((it) => it.n),
    items.map((it) => it.b),
    { trend: 'ascending', maxBins, minCount: minBinShare * counts.nonMissing, minEventRateDiff, totalGood: counts.totalGood, totalBad: counts.totalBad },
  );
  const starts = items.length === 0 ? [] : (partition?.starts ?? [0]);
  const groups: CategoryGroup[] = starts.map((s, g) => {
    const part = items.slice(s, starts[g + 1] ?? items.length);
    return {
      categories: part.flatMap((it) => it.categories),
      other: part.some((it) => it.other),
      label: labels.slice(s, starts[g + 1] ?? items.length).join(', '),
    };
  });
  return buildCategoricalBinning(counts, groups, { name, method: 'categorical' });
}
