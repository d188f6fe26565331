import type { FitScorecardRequest } from '../../../api/types.ts';

export const STEPWISE_CHOICES = ['none', 'forward', 'backward', 'both'] as const;
export type Stepwise = (typeof STEPWISE_CHOICES)[number];

/** The fit options the workbench offers, with the toolkit's defaults. */
export interface FitOptions {
  holdout: number;
  seed: number;
  pdo: number;
  baseScore: number;
  baseOdds: number;
  minIv: number;
  stepwise: Stepwise;
  exclude: string[];
}

export const DEFAULT_FIT_OPTIONS: FitOptions = { holdout: 0.3, seed: 1, pdo: 20, baseScore: 600, baseOdds: 50, minIv: 0.02, stepwise: 'both', exclude: [] };

/** A variable's binning as edited by hand: cut points (numeric) or category groups (categorical). */
export type ManualBinning = { breaks: number[] } | { groups: string[][] };

/**
 * The fit request of the options and the binnings edited by hand (each variable's edit goes with
 * the fit; a variable excluded keeps no edit).
 */
export function fitRequest(target: string, bad: string, o: FitOptions, manual: Record<string, ManualBinning>): FitScorecardRequest {
  const kept = Object.entries(manual).filter(([name]) => name !== target && !o.exclude.includes(name));
  const breaks = Object.fromEntries(kept.flatMap(([name, m]) => ('breaks' in m ? [[name, m.breaks]] : [])));
  const groups = Object.fromEntries(kept.flatMap(([name, m]) => ('groups' in m ? [[name, m.groups]] : [])));
  return {
    target,
    bad,
    holdout: o.holdout,
    seed: o.seed,
    pdo: o.pdo,
    baseScore: o.baseScore,
    baseOdds: o.baseOdds,
    minIv: o.minIv,
    stepwise: o.stepwise,
    exclude: o.exclude.filter((x) => x !== target),
    ...(Object.keys(breaks).length ? { breaks } : {}),
    ...(Object.keys(groups).length ? { groups } : {}),
  };
}

/** Problems of the options that the API would refuse. */
export function fitOptionsProblems(o: FitOptions): Array<'HOLDOUT' | 'PDO' | 'BASE_ODDS' | 'MIN_IV' | 'SEED'> {
  const out: Array<'HOLDOUT' | 'PDO' | 'BASE_ODDS' | 'MIN_IV' | 'SEED'> = [];
  if (!(o.holdout >= 0 && o.holdout <= 0.9)) out.push('HOLDOUT');
  if (!(o.pdo > 0)) out.push('PDO');
  if (!(o.baseOdds > 0)) out.push('BASE_ODDS');
  if (!(o.minIv >= 0)) out.push('MIN_IV');
  if (!Number.isInteger(o.seed) || o.seed < 0) out.push('SEED');
  return out;
}
