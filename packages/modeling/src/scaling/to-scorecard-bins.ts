import type { ScorecardBin } from '@vigil/engine';
import type { Bin } from '../types.ts';

/**
 * The engine bins of one characteristic, from its binning bins and their points (same order),
 * with the `defaultPoints` that make the engine agree with `woeTransform` on values no bin lists.
 *
 * Range bins become `[min, max)` ranges (an open end stays absent), category groups and special
 * values become `values` lists, the missing bin `missing: true`; every bin keeps its label. The
 * engine takes the first bin that matches a value, so the special bins go first: a special value
 * such as −1 also lies inside a range bin and must be caught before it. The missing bin goes last.
 *
 * Values no bin lists: `woeTransform` gives an unseen category the WOE of the `other` group when
 * there is one, and anything else it cannot place (a missing value without a missing bin) WOE 0,
 * i.e. 0 points. So `defaultPoints` is the `other` group's points, or 0; and when it is not 0 and
 * the binning has no missing bin, an explicit missing bin of 0 points keeps missing values at
 * WOE 0 rather than at the default. A range bin open at both ends (the only range bin) cannot be
 * written as a finite range: it becomes the default the same way.
 *
 * @example
 * toScorecardBins(binning.bins, [12, -3, 0]) // → {bins: [{values: [-1], …}, {max: 1000, …}, …], defaultPoints: 0}
 */
export function toScorecardBins(bins: readonly Bin[], points: ArrayLike<number>): { bins: ScorecardBin[]; defaultPoints: number } {
  const special: ScorecardBin[] = [];
  const main: ScorecardBin[] = [];
  const missing: ScorecardBin[] = [];
  let defaultPoints = 0;
  bins.forEach((b, i) => {
    const p = points[i]!;
    switch (b.kind) {
      case 'range':
        if (b.min === undefined && b.max === undefined) defaultPoints = p;
        else main.push({ ...(b.min !== undefined && { min: b.min }), ...(b.max !== undefined && { max: b.max }), points: p, label: b.label });
        break;
      case 'categories':
        if (b.other) defaultPoints = p;
        main.push({ values: [...(b.values ?? [])], points: p, label: b.label });
        break;
      case 'special':
        special.push({ values: [...(b.values ?? [])], points: p, label: b.label });
        break;
      case 'missing':
        missing.push({ missing: true, points: p, label: b.label });
        break;
    }
  });
  if (defaultPoints !== 0 && missing.length === 0) missing.push({ missing: true, points: 0, label: 'Missing' });
  return { bins: [...special, ...main, ...missing], defaultPoints };
}
