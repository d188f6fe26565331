import { parseNumber } from '../data/parse-number.ts';
import type { VariableBinning } from '../types.ts';

/** A raw value as found in a dataset or an event. */
export type RawValue = number | string | null | undefined;

/** Finds the bin index of a raw value; -1 when no bin takes it. */
export type BinAssigner = (value: RawValue) => number;

function numericAssigner(binning: VariableBinning): BinAssigner {
  const range: number[] = [];
  const lower: number[] = [];
  const special = new Map<number, number>();
  let missing = -1;
  binning.bins.forEach((b, i) => {
    if (b.kind === 'range') {
      range.push(i);
      if (range.length > 1) lower.push(b.min ?? -Infinity);
    } else if (b.kind === 'special') {
      for (const v of b.values ?? []) special.set(Number(v), i);
    } else if (b.kind === 'missing') {
      missing = i;
    }
  });
  // Inner cut points: the breaks as stored, else the lower bounds of the range bins after the first.
  const cuts = binning.breaks && binning.breaks.length === range.length - 1 ? binning.breaks : lower;
  return (value) => {
    const v = typeof value === 'number' ? value : typeof value === 'string' ? parseNumber(value) : NaN;
    if (!Number.isFinite(v)) return missing;
    if (special.size > 0) {
      const s = special.get(v);
      if (s !== undefined) return s;
    }
    if (range.length === 0) return -1;
    // Number of cut points ≤ v is the index of the range bin [cut, next cut).
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cuts[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return range[lo]!;
  };
}

function categoricalAssigner(binning: VariableBinning): BinAssigner {
  const byCategory = new Map<string, number>();
  let missing = -1;
  let other = -1;
  binning.bins.forEach((b, i) => {
    if (b.kind === 'missing') missing = i;
    else if (b.kind === 'categories') {
      for (const v of b.values ?? []) byCategory.set(String(v), i);
      if (b.other) other = i;
    }
  });
  return (value) => {
    if (value === null || value === undefined) return missing;
    return byCategory.get(String(value)) ?? other;
  };
}

const cache = new WeakMap<VariableBinning, BinAssigner>();

/**
 * A function giving the bin index of a raw value, built once per binning (binnings are treated as
 * immutable: edit one with applyBreaks/applyGroups, which return a new binning). Numeric: a value
 * that is not a finite number (NaN, null, a non-numeric text) goes to the Missing bin, a special
 * value to its bin, any other to the range bin `[min, max)` holding it. Categorical: null goes to
 * the Missing bin, a known category to its bin, an unseen one to the `other` bin. -1 when the
 * binning has no such bin (e.g. a missing value when training had none).
 *
 * @example
 * const assign = binAssigner(binning);
 * for (let i = 0; i < values.length; i++) index[i] = assign(values[i]);
 */
export function binAssigner(binning: VariableBinning): BinAssigner {
  let a = cache.get(binning);
  if (!a) {
    a = binning.type === 'numeric' ? numericAssigner(binning) : categoricalAssigner(binning);
    cache.set(binning, a);
  }
  return a;
}

/**
 * The index in `binning.bins` of the bin a raw value falls in, or -1 when none takes it; see
 * {@link binAssigner} for the rules.
 *
 * @example
 * // bins [-inf, 1000), [1000, 2500), [2500, +inf), Missing
 * assignBin(binning, 1000); // 1
 * assignBin(binning, NaN);  // 3
 */
export function assignBin(binning: VariableBinning, value: RawValue): number {
  return binAssigner(binning)(value);
}
