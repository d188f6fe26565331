import type { VariableBinning } from '../types.ts';
import { BinningError } from './binning-error.ts';
import { buildCategoricalBinning, OTHER_LABEL, type CategoryGroup } from './build-categorical-binning.ts';
import { buildNumericBinning } from './build-numeric-binning.ts';
import { categoryCounts } from './category-counts.ts';
import { numericCounts } from './numeric-counts.ts';

export interface ApplyBreaksOptions {
  /** Variable name for the result; default `'x'`. */
  name?: string;
  /** Values binned apart, as in binNumeric. */
  specialValues?: readonly number[];
}

/**
 * The binning table of a numeric variable for user-chosen inner cut points (e.g. after editing the
 * breaks of an automatic binning), recomputed from the data: range bins `[-inf, b1)`, …,
 * `[bn, +inf)` (empty ones kept, with WOE 0), special bins, Missing bin. No constraint is enforced;
 * `trend` reports the shape the event rates show. Method `manual`.
 *
 * @example
 * applyBreaks(amounts, target, [1000, 2500], { name: 'credit_amount' }).bins.map((b) => b.label);
 * // ['[-inf, 1000)', '[1000, 2500)', '[2500, +inf)']
 */
export function applyBreaks(values: Float64Array, target: Uint8Array, breaks: readonly number[], options: ApplyBreaksOptions = {}): VariableBinning {
  breaks.forEach((b, i) => {
    if (!Number.isFinite(b)) throw new BinningError('INVALID_BREAKS', `break ${i} is ${b}; breaks must be finite numbers`);
    if (i > 0 && !(b > breaks[i - 1]!)) throw new BinningError('INVALID_BREAKS', `breaks must be strictly ascending, but break ${i} (${b}) follows ${breaks[i - 1]}`);
  });
  const counts = numericCounts(values, target, options.specialValues ?? []);
  return buildNumericBinning(counts, breaks, { name: options.name ?? 'x', method: 'manual' });
}

export interface ApplyGroupsOptions {
  /** Variable name for the result; default `'x'`. */
  name?: string;
  /**
   * Index of the group that takes the categories no group lists (seen now or at scoring time);
   * by default they form an extra `Other` bin at the end when any occur.
   */
  otherGroup?: number;
}

/**
 * The binning table of a categorical variable for user-chosen groups of categories, recomputed
 * from the data. A category may be listed once; the groups' bins keep the given order, the
 * Missing bin follows. Method `manual`.
 *
 * @example
 * applyGroups(status, target, [['A11'], ['A12', 'A13'], ['A14']], { name: 'status' }).bins.length; // 3
 */
export function applyGroups(values: ArrayLike<string | null | undefined>, target: Uint8Array, groups: readonly (readonly string[])[], options: ApplyGroupsOptions = {}): VariableBinning {
  const listed = new Set<string>();
  groups.forEach((g, i) => {
    if (g.length === 0) throw new BinningError('INVALID_GROUPS', `group ${i} is empty`);
    for (const c of g) {
      if (listed.has(c)) throw new BinningError('INVALID_GROUPS', `the category ${JSON.stringify(c)} is listed twice (again in group ${i})`);
      listed.add(c);
    }
  });
  const otherGroup = options.otherGroup;
  if (otherGroup !== undefined && !(Number.isInteger(otherGroup) && otherGroup >= 0 && otherGroup < groups.length)) {
    throw new BinningError('INVALID_GROUPS', `otherGroup ${otherGroup} is not the index of a group`);
  }
  const counts = categoryCounts(values, target);
  const unlisted = counts.names.filter((c) => !listed.has(c));
  const result: CategoryGroup[] = groups.map((g, i) => {
    const isOther = i === otherGroup;
    const categories = isOther ? [...g, ...unlisted] : [...g];
    return { categories, other: isOther, label: isOther ? [...g, OTHER_LABEL].join(', ') : g.join(', ') };
  });
  if (otherGroup === undefined && unlisted.length > 0) result.push({ categories: unlisted, other: true, label: OTHER_LABEL });
  return buildCategoricalBinning(counts, result, { name: options.name ?? 'x', method: 'manual' });
}
