import { createRng } from '../data/create-rng.ts';
import { bandOf, checkCuts, rankBands } from '../metrics/rank-bands.ts';
import { checkSamples, checkWeight, stack, type AcceptedSample, type AugmentedSample, type RejectedSample } from './augmented-sample.ts';

export interface ParcellingOptions {
  /**
   * Score bands: a count of about-equal bands of the accepts' predicted bad probability (default
   * 10; ties never split), or ascending probability cut points ([c_j, c_j+1) bands).
   */
  bands?: number | number[];
  /**
   * Multiplier of each band's accepted bad rate for the rejects (default 1; often 1.5–3, since
   * rejects are usually riskier than accepts at the same score). The product is capped at 1.
   */
  uplift?: number;
  /** Seed of the random choice of which rejects in a band are bad (default 1). */
  seed?: number;
  /** Weight of every reject row (default 1). */
  rejectWeight?: number;
}

export interface ParcelBand {
  /** The band is [lower, upper) in predicted bad probability. */
  lower: number;
  upper: number;
  acceptedCount: number;
  acceptedBads: number;
  /** Accepted bads / accepted count; NaN when no accept falls in the band. */
  acceptedBadRate: number;
  rejectCount: number;
  /** The rate applied: min(1, accepted bad rate × uplift), or the rejects' mean probability × uplift without accepts. */
  assignedBadRate: number;
  /** round(rejectCount × assignedBadRate) rejects labelled bad. */
  assignedBads: number;
}

export interface ParcellingResult extends AugmentedSample {
  bands: ParcelBand[];
}

/**
 * Reject inference by parcelling: bands of predicted bad probability are formed on the accepts;
 * in each band, round(rejects × min(1, accepted bad rate × uplift)) of the band's rejects —
 * chosen at random with a seeded generator, so the same seed gives the same labels — are labelled
 * bad and the rest good, and all are appended to the accepts.
 *
 * Caveats: it assumes that within a score band rejects behave like accepts, up to the uplift
 * factor; the uplift is a judgement call the data cannot confirm, the result depends on the
 * banding, and the random allocation adds noise (another seed, another sample). A band without
 * accepts falls back to the rejects' own mean predicted probability × uplift. Standard errors
 * of a model refitted on the result treat the inferred labels as observed and are too small.
 *
 * @example
 * const aug = parcelling({X: acceptX, y, badProbability: pAccepts}, {X: rejectX, badProbability: pRejects}, {uplift: 2, seed: 7});
 * aug.bands // per band: accepted bad rate, rejects, inferred bads
 */
export function parcelling(accepted: AcceptedSample, rejected: RejectedSample, options: ParcellingOptions = {}): ParcellingResult {
  const { na, nr } = checkSamples(accepted, rejected);
  const pa = accepted.badProbability;
  if (!pa) throw new RangeError('parcelling needs the accepts’ predicted bad probabilities (accepted.badProbability)');
  const uplift = options.uplift ?? 1;
  if (!(uplift > 0 && Number.isFinite(uplift))) throw new RangeError('uplift must be a positive number');
  const w = options.rejectWeight ?? 1;
  checkWeight(w);
  const spec = options.bands ?? 10;

  let cuts: number[];
  if (typeof spec === 'number') {
    const order = new Uint32Array(na);
    for (let i = 0; i < na; i++) order[i] = i;
    order.sort((a, b) => pa[a]! - pa[b]! || a - b);
    // Inner cut = the lowest accepted probability of each band after the first.
    cuts = rankBands(order, pa, spec)
      .slice(1)
      .map(([start]) => pa[order[start]!]!);
  } else {
    checkCuts(spec, 'parcelling cut points');
    cuts = [...spec];
  }
  const k = cuts.length + 1;
  const accCount = new Float64Array(k);
  const accBads = new Float64Array(k);
  for (let i = 0; i < na; i++) {
    const b = bandOf(cuts, pa[i]!);
    accCount[b]++;
    accBads[b] += accepted.y[i]!;
  }
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let r = 0; r < nr; r++) members[bandOf(cuts, rejected.badProbability[r]!)]!.push(r);

  const rng = createRng(options.seed ?? 1);
  const y = new Uint8Array(nr);
  const bands: ParcelBand[] = members.map((rows, b) => {
    const acceptedBadRate = accCount[b]! > 0 ? accBads[b]! / accCount[b]! : NaN;
    let base = acceptedBadRate;
    if (Number.isNaN(base)) base = rows.length ? rows.reduce((s, r) => s + rejected.badProbability[r]!, 0) / rows.length : 0;
    const assignedBadRate = Math.min(1, base * uplift);
    const assignedBads = Math.round(rows.length * assignedBadRate);
    // Fisher–Yates on the band's rejects; the first `assignedBads` of the shuffle are bad.
    const shuffled = rows.slice();
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    for (let i = 0; i < assignedBads; i++) y[shuffled[i]!] = 1;
    return { lower: b === 0 ? -Infinity : cuts[b - 1]!, upper: b === k - 1 ? Infinity : cuts[b]!, acceptedCount: accCount[b]!, acceptedBads: accBads[b]!, acceptedBadRate, rejectCount: rows.length, assignedBadRate, assignedBads };
  });
  const rows = new Uint32Array(nr);
  for (let r = 0; r < nr; r++) rows[r] = r;
  return { ...stack(accepted, rejected, rows, y, new Float64Array(nr).fill(w)), bands };
}
