import { chiSquareSurvival } from './chi-square-survival.ts';
import { bandOf, checkCuts, rankBands } from './rank-bands.ts';
import { orderByScore } from './score-checks.ts';

/** One band of predicted probability with what was predicted and what happened. */
export interface CalibrationBand {
  band: number;
  minPredicted: number;
  maxPredicted: number;
  count: number;
  bads: number;
  /** Σ predicted probabilities: the bads the model expects. */
  expectedBads: number;
  meanPredicted: number;
  /** bads / count. */
  observedRate: number;
  /** observedRate − meanPredicted. */
  difference: number;
}

export interface Calibration {
  bands: CalibrationBand[];
  /** Hosmer–Lemeshow statistic Σ (O − E)² / (E·(1 − E/n)) over the non-empty bands. */
  hosmerLemeshow: number;
  /** Bands − 2 (the usual df for a model fitted on the same data). */
  degreesOfFreedom: number;
  /** P(χ²_df ≥ statistic); NaN with fewer than 3 bands. */
  pValue: number;
}

/**
 * Calibration: predicted against observed bad rate per band of predicted probability, lowest
 * first, with the Hosmer–Lemeshow test. `bands` is a count of about-equal bands by rank (ties
 * never split; default 10) or ascending probability cut points ([c_j, c_j+1) bands).
 *
 * @example
 * // Two bands: p = 0.1, 0.1 (no bad: observed 0 vs 0.1) and p = 0.8, 0.8 (2 bads: 1 vs 0.8).
 * calibrationByBand(Float64Array.of(0.1, 0.8, 0.1, 0.8), Uint8Array.of(0, 1, 0, 1), 2)
 */
export function calibrationByBand(predicted: ArrayLike<number>, y: Uint8Array, bands: number | number[] = 10): Calibration {
  const order = orderByScore(predicted, y);
  for (let i = 0; i < y.length; i++) {
    if (!(predicted[i]! >= 0 && predicted[i]! <= 1)) throw new RangeError(`predicted probability at row ${i} is ${predicted[i]}: must be within [0, 1]`);
  }
  const groups: number[][] = [];
  if (typeof bands === 'number') {
    for (const [start, end] of rankBands(order, predicted, bands)) groups.push(Array.from(order.subarray(start, end)));
  } else {
    checkCuts(bands, 'calibration cut points');
    for (let j = 0; j <= bands.length; j++) groups.push([]);
    for (const i of order) groups[bandOf(bands, predicted[i]!)]!.push(i);
  }
  const out: CalibrationBand[] = [];
  let hl = 0;
  let used = 0;
  groups.forEach((rows, j) => {
    let bads = 0;
    let expected = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const i of rows) {
      bads += y[i]!;
      expected += predicted[i]!;
      min = Math.min(min, predicted[i]!);
      max = Math.max(max, predicted[i]!);
    }
    const count = rows.length;
    const mean = count ? expected / count : NaN;
    const observed = count ? bads / count : NaN;
    out.push({ band: j + 1, minPredicted: count ? min : NaN, maxPredicted: count ? max : NaN, count, bads, expectedBads: expected, meanPredicted: mean, observedRate: observed, difference: observed - mean });
    if (count === 0) return;
    used++;
    // E·(1 − E/n) is the binomial variance of the band's bad count; skip bands where it vanishes.
    const variance = expected * (1 - expected / count);
    if (variance > 0) hl += ((bads - expected) * (bads - expected)) / variance;
  });
  const df = used - 2;
  return { bands: out, hosmerLemeshow: hl, degreesOfFreedom: df, pValue: df >= 1 ? chiSquareSurvival(hl, df) : NaN };
}
