import type { ScorecardBin } from './types.ts';

/**
 * Missing means no usable value: undefined, null, NaN or a blank string. BigInts (CEL ints)
 * become numbers first.
 */
export function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && v.trim() === '');
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) || Math.abs(v) === Infinity ? v : null;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/**
 * The first bin taking the value: for a missing value the bin marked `missing`; otherwise a bin
 * listing the value (strict equality, so `'1'` is not `1`) or a range `[min, max)` holding it
 * (an open end is unbounded). Null when no bin takes it.
 */
export function matchBin(bins: readonly ScorecardBin[], value: unknown): ScorecardBin | null {
  if (isMissing(value)) return bins.find((b) => b.missing === true) ?? null;
  const v = typeof value === 'bigint' ? Number(value) : value;
  const n = asNumber(v);
  for (const b of bins) {
    if (b.values?.includes(v as string | number | boolean)) return b;
    if (n !== null && (b.min !== undefined || b.max !== undefined) && (b.min === undefined || n >= b.min) && (b.max === undefined || n < b.max)) return b;
  }
  return null;
}

const described = new WeakMap<ScorecardBin, string>();

/** The bin's label, or a description of it for traces (worked out once per bin: traces ask per event). */
export function describeBin(b: ScorecardBin): string {
  let d = described.get(b);
  if (d === undefined) described.set(b, (d = describe(b)));
  return d;
}

function describe(b: ScorecardBin): string {
  if (b.label) return b.label;
  const parts: string[] = [];
  if (b.min !== undefined || b.max !== undefined) parts.push(`[${b.min ?? '-∞'}, ${b.max ?? '∞'})`);
  if (b.values) parts.push(`in {${b.values.map((v) => JSON.stringify(v)).join(', ')}}`);
  if (b.missing) parts.push('missing');
  return parts.join(' or ');
}
