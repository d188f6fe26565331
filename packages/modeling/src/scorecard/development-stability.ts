import { psi, type PsiResult } from '../metrics/index.ts';
import type { Column } from '../types.ts';
import type { ScorecardArtefact } from './artefact.ts';

/**
 * The bin of a score among the development sample's inner cut points: a score at or above a cut
 * goes above it (binary search).
 *
 * @example scoreBin([500, 550], 550) // 2
 */
export function scoreBin(breaks: readonly number[], score: number): number {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (score >= breaks[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The raw value of row `i` of a column as an event would carry it: a missing value is undefined. */
export function columnValue(col: Column, i: number): unknown {
  if (col.type === 'categorical') return col.values[i] ?? undefined;
  const v = col.values[i]!;
  return Number.isNaN(v) ? undefined : v;
}

/** One scored row: its score and, per characteristic in the model's order, the bin label it took. */
export interface ScoredRow {
  score: number;
  bins: ReadonlyArray<string | undefined>;
}

export interface DevelopmentStability {
  /** PSI of the rows' scores against the development score bins. */
  score: PsiResult;
  /** Rows in each development score bin. */
  actualCounts: number[];
  /** Characteristic → CSI (PSI of its bin distribution). */
  csi: Record<string, number>;
}

/**
 * How a sample of scored rows compares with the development sample a scorecard recorded: score PSI
 * over the development deciles, and CSI per characteristic over its bins. A row whose bin the
 * development sample did not have (a value no bin takes) counts in one extra bin the development
 * sample never saw, so unseen values raise the CSI instead of vanishing.
 *
 * @example developmentStability(artefact.development, artefact.features, rows).score.psi // 0.004
 */
export function developmentStability(dev: ScorecardArtefact['development'], features: readonly string[], rows: readonly ScoredRow[]): DevelopmentStability {
  const actualCounts = new Array<number>(dev.scoreCounts.length).fill(0);
  for (const r of rows) actualCounts[scoreBin(dev.scoreBreaks, r.score)]!++;
  const csi: Record<string, number> = {};
  features.forEach((name, j) => {
    const c = dev.characteristics[name];
    if (!c) return;
    const counts = new Array<number>(c.labels.length).fill(0);
    let other = 0;
    for (const r of rows) {
      const k = r.bins[j] === undefined ? -1 : c.labels.indexOf(r.bins[j]!);
      if (k >= 0) counts[k]!++;
      else other++;
    }
    csi[name] = psi(other ? [...c.counts, 0] : c.counts, other ? [...counts, other] : counts).psi;
  });
  return { score: psi(dev.scoreCounts, actualCounts), actualCounts, csi };
}
