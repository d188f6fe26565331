import type { ScorecardCharacteristic, ScorecardModel } from '@vigil/engine';
import type { Bin, VariableBinning } from '../types.ts';
import { characteristicInput } from './characteristic-input.ts';
import { scalingParameters, type ScalingOptions, type ScalingParameters } from './scaling-parameters.ts';
import { toScorecardBins } from './to-scorecard-bins.ts';

/** A logistic fit on WOE inputs: ln(odds of bad) = intercept + Σ coefficients[j]·WOE_j. */
export interface WoeLogisticFit {
  intercept: number;
  coefficients: ArrayLike<number>;
  /** When given and holding every binning's name, coefficients are matched by name; else by position. */
  names?: readonly string[];
}

export interface ScaleScorecardOptions extends ScalingOptions {
  /** 'none' (default) keeps exact points; 'integer' rounds each bin's points and the base points. */
  rounding?: 'none' | 'integer';
  /** CEL input per variable name; default `event.<name>`. */
  inputs?: Readonly<Record<string, string>>;
  /** Engine model id (default 'scorecard') and display name. */
  id?: string;
  name?: string;
}

/** One bin of the scorecard table. */
export interface ScorecardRow {
  variable: string;
  label: string;
  kind: Bin['kind'];
  min?: number;
  max?: number;
  values?: Array<string | number>;
  count: number;
  bad: number;
  good: number;
  eventRate: number;
  woe: number;
  /** The variable's coefficient βj. */
  coefficient: number;
  /** −factor·βj·WOE: the bin's points beside a separate `basePoints` (what the engine model holds). */
  points: number;
  /** offset/n − factor·(βj·WOE + β0/n): the points with the base spread evenly over the n variables. */
  pointsSpread: number;
}

export interface ScaledScorecard {
  scaling: ScalingParameters;
  /** offset − factor·β0: the engine model's `baseScore`. */
  basePoints: number;
  rounding: 'none' | 'integer';
  table: ScorecardRow[];
  /** The deployable engine model: baseScore = basePoints, bins with `points`. */
  model: ScorecardModel;
}

/**
 * Turns binnings and a logistic fit on their WOE values into a points scorecard.
 *
 * The fit predicts ln(odds of bad) = β0 + Σ βj·WOEj, so ln(odds of good) = −(β0 + Σ βj·WOEj) and
 * score = offset + factor·ln(odds good) (see {@link scalingParameters}). That total is split two
 * equivalent ways, both reported:
 * - separate base (`basePoints` = offset − factor·β0, bin points = −factor·βj·WOEij): a bin with
 *   WOE 0 (average risk) scores 0 — this is what the engine `ScorecardModel` holds, because the
 *   engine scores `baseScore + Σ bin points`;
 * - spread base (`pointsSpread` = offset/n − factor·(βj·WOEij + β0/n)): no base, every
 *   characteristic carries 1/n of it — the traditional printed scorecard.
 * Either way the total is offset + factor·ln(odds good) exactly (before rounding; with integer
 * rounding each term is rounded, so totals can differ by up to (n + 1)/2 points).
 *
 * In the engine model a value no bin lists scores as `woeTransform` would place it: an unseen
 * category takes the points of the `other` group, anything else 0 points (WOE 0, average risk);
 * see {@link toScorecardBins}.
 *
 * @example
 * const card = scaleScorecard(binnings, fit, {pdo: 20, baseScore: 600, baseOdds: 50, rounding: 'integer'});
 * card.model // → {kind: 'scorecard', id: 'scorecard', baseScore: card.basePoints, characteristics: [{input: 'event.duration', bins: […]}, …]}
 */
export function scaleScorecard(binnings: readonly VariableBinning[], fit: WoeLogisticFit, options: ScaleScorecardOptions = {}): ScaledScorecard {
  const scaling = scalingParameters(options);
  const rounding = options.rounding ?? 'none';
  const n = binnings.length;
  if (n === 0) throw new RangeError('a scorecard needs at least one characteristic');
  const betas = coefficientsFor(binnings, fit);
  if (!Number.isFinite(fit.intercept)) throw new RangeError('the intercept must be finite');
  const round = (v: number) => (rounding === 'integer' ? Math.round(v) + 0 : v); // + 0 turns −0 into 0
  const { factor, offset } = scaling;
  const b0 = fit.intercept;

  const table: ScorecardRow[] = [];
  const characteristics: ScorecardCharacteristic[] = binnings.map((binning, j) => {
    const beta = betas[j]!;
    const points = binning.bins.map((bin) => round(-factor * beta * bin.woe));
    binning.bins.forEach((bin, i) => {
      const row: ScorecardRow = {
        variable: binning.name,
        label: bin.label,
        kind: bin.kind,
        count: bin.count,
        bad: bin.bad,
        good: bin.good,
        eventRate: bin.eventRate,
        woe: bin.woe,
        coefficient: beta,
        points: points[i]!,
        pointsSpread: round(offset / n - factor * (beta * bin.woe + b0 / n)),
      };
      if (bin.min !== undefined) row.min = bin.min;
      if (bin.max !== undefined) row.max = bin.max;
      if (bin.values !== undefined) row.values = [...bin.values];
      table.push(row);
    });
    const { bins, defaultPoints } = toScorecardBins(binning.bins, points);
    return { input: characteristicInput(binning.name, options.inputs), bins, defaultPoints };
  });
  const basePoints = round(offset - factor * b0);
  const model: ScorecardModel = { kind: 'scorecard', id: options.id ?? 'scorecard', ...(options.name !== undefined && { name: options.name }), baseScore: basePoints, characteristics };
  return { scaling, basePoints, rounding, table, model };
}

function coefficientsFor(binnings: readonly VariableBinning[], fit: WoeLogisticFit): number[] {
  const names = fit.names;
  let betas: number[];
  if (names && binnings.every((b) => names.includes(b.name))) betas = binnings.map((b) => fit.coefficients[names.indexOf(b.name)]!);
  else {
    if (fit.coefficients.length !== binnings.length) throw new RangeError(`${fit.coefficients.length} coefficients for ${binnings.length} binnings`);
    betas = binnings.map((_, j) => fit.coefficients[j]!);
  }
  betas.forEach((b, j) => {
    if (!Number.isFinite(b)) throw new RangeError(`the coefficient of ${binnings[j]!.name} is not finite`);
  });
  return betas;
}
