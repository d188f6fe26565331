import { normalTwoSidedP } from '../regression/erfc.ts';
import { fitLogistic, type LogisticFit } from '../regression/fit-logistic.ts';
import { LogisticFitError } from '../regression/logistic-fit-error.ts';

export interface StepwiseOptions {
  /** Column names (default `x1`, `x2`, …). */
  names?: string[];
  /** Default 'both': forward steps, each followed by a check whether a variable should leave. */
  direction?: 'forward' | 'backward' | 'both';
  /**
   * Default 'aic'. 'aic'/'bic': take the step that lowers the criterion most, stop when none
   * lowers it. 'pvalue': enter the candidate with the smallest Wald p-value if below `pEnter`,
   * remove the variable with the largest Wald p-value if above `pRemove`.
   */
  criterion?: 'aic' | 'bic' | 'pvalue';
  /** Default 0.05. */
  pEnter?: number;
  /** Default 0.1. Keep pEnter ≤ pRemove, or a variable can enter and leave in turn. */
  pRemove?: number;
  /**
   * The p-value of the 'pvalue' criterion. 'wald' (default): the coefficient's Wald p-value, as in
   * the coefficient table of the fit. 'likelihood-ratio': P(χ²₁ ≥ 2·Δln L) between the models with
   * and without the variable — more reliable for strong effects, where the Wald statistic is
   * known to understate the evidence (the Hauck–Donner effect) and can pick the wrong variable.
   */
  test?: 'wald' | 'likelihood-ratio';
  /** Columns (indices or names) always in the model and never removed. */
  include?: Array<number | string>;
  /** Steps at most (default 100). */
  maxSteps?: number;
  /** Passed to {@link fitLogistic}. */
  l2?: number;
  weights?: Float64Array;
  maxIter?: number;
}

export interface StepwiseStep {
  step: number;
  action: 'start' | 'add' | 'remove';
  /** The variable added or removed (absent at the start). */
  variable?: string;
  aic: number;
  bic: number;
  /** 'pvalue' criterion: the p-value that decided the step. */
  pValue?: number;
  /** The variables in the model after this step. */
  selected: string[];
  /** Candidates not fitted in this step: singular design or separated classes. */
  skipped?: Array<{ variable: string; reason: string }>;
}

export interface StepwiseResult {
  /** Indices of the selected columns, ascending. */
  selected: number[];
  names: string[];
  /** The fit on the selected columns (in ascending column order). */
  fit: LogisticFit;
  steps: StepwiseStep[];
  /** Why the search ended. */
  stoppedBecause: 'no_improvement' | 'max_steps' | 'cycle';
}

/**
 * Stepwise logistic regression: forward, backward or both, by AIC, BIC or p-values, each
 * candidate model fitted by {@link fitLogistic}. Candidates whose fit is singular or separated are
 * skipped (and logged), since their criterion values are not meaningful.
 *
 * @example
 * const r = stepwise(woeColumns, y, {names, direction: 'both', criterion: 'pvalue'});
 * r.names // → ['status', 'duration', 'history', …]; r.steps is the log of additions and removals
 */
export function stepwise(X: readonly Float64Array[], y: Uint8Array, options: StepwiseOptions = {}): StepwiseResult {
  const p = X.length;
  const names = options.names ?? Array.from({ length: p }, (_, j) => `x${j + 1}`);
  if (names.length !== p) throw new RangeError(`${names.length} names for ${p} columns`);
  const direction = options.direction ?? 'both';
  const criterion = options.criterion ?? 'aic';
  const pEnter = options.pEnter ?? 0.05;
  const pRemove = options.pRemove ?? 0.1;
  const maxSteps = options.maxSteps ?? 100;
  const forced = new Set(
    (options.include ?? []).map((v) => {
      const j = typeof v === 'number' ? v : names.indexOf(v);
      if (!(j >= 0 && j < p)) throw new RangeError(`include: no column ${String(v)}`);
      return j;
    }),
  );
  const fitOptions = { ...(options.l2 !== undefined && { l2: options.l2 }), ...(options.weights && { weights: options.weights }), ...(options.maxIter !== undefined && { maxIter: options.maxIter }) };

  /** Fits the model on a set of columns (ascending), or explains why not. */
  const fitSet = (set: number[]): LogisticFit | string => {
    try {
      const fit = fitLogistic(
        set.map((j) => X[j]!),
        y,
        { ...fitOptions, names: set.map((j) => names[j]!) },
      );
      if (fit.diagnostics.separation) return 'separation';
      return fit;
    } catch (e) {
      if (e instanceof LogisticFitError && e.code !== 'INVALID_INPUT') return e.code === 'SINGULAR_MATRIX' ? 'singular' : 'separation';
      throw e;
    }
  };
  const score = (f: LogisticFit) => (criterion === 'bic' ? f.bic : f.aic);
  const lr = options.test === 'likelihood-ratio';
  const wald = (f: LogisticFit, set: number[], j: number) => f.pValues[set.indexOf(j) + 1]!;
  // χ²₁ survival: P(χ²₁ ≥ x) = P(|Z| ≥ √x).
  const lrTest = (big: LogisticFit, small: LogisticFit) => normalTwoSidedP(Math.sqrt(Math.max(0, 2 * (big.logLikelihood - small.logLikelihood))));
  const sorted = (s: Iterable<number>) => [...s].sort((a, b) => a - b);

  let current = direction === 'backward' ? Array.from({ length: p }, (_, j) => j) : sorted(forced);
  const start = fitSet(current);
  if (typeof start === 'string') throw new LogisticFitError(start === 'singular' ? 'SINGULAR_MATRIX' : 'SEPARATION', `the starting model (${current.map((j) => names[j]).join(', ') || 'intercept only'}) cannot be fitted: ${start}`);
  let fit = start;
  const steps: StepwiseStep[] = [{ step: 0, action: 'start', aic: fit.aic, bic: fit.bic, selected: current.map((j) => names[j]!) }];
  // Models visited: with 'both', a p-value rule can otherwise add and remove the same variable forever.
  const seen = new Set([current.join(',')]);
  const stop: { reason: StepwiseResult['stoppedBecause'] } = { reason: 'no_improvement' };
  const revisits = (set: number[]) => {
    const key = set.join(',');
    if (seen.has(key)) {
      stop.reason = 'cycle';
      return true;
    }
    seen.add(key);
    return false;
  };

  const record = (action: 'add' | 'remove', j: number, next: number[], nextFit: LogisticFit, pValue: number | undefined, skipped: StepwiseStep['skipped']) => {
    current = next;
    fit = nextFit;
    const entry: StepwiseStep = { step: steps.length, action, variable: names[j]!, aic: fit.aic, bic: fit.bic, selected: current.map((k) => names[k]!) };
    if (pValue !== undefined) entry.pValue = pValue;
    if (skipped && skipped.length) entry.skipped = skipped;
    steps.push(entry);
  };

  const tryAdd = (): boolean => {
    let best: { j: number; set: number[]; fit: LogisticFit; key: number; p: number } | null = null;
    const skipped: NonNullable<StepwiseStep['skipped']> = [];
    for (let j = 0; j < p; j++) {
      if (current.includes(j)) continue;
      const set = sorted([...current, j]);
      const f = fitSet(set);
      if (typeof f === 'string') {
        skipped.push({ variable: names[j]!, reason: f });
        continue;
      }
      const pv = lr ? lrTest(f, fit) : wald(f, set, j);
      // Rank by the test statistic rather than the p-value, which underflows to 0 for strong variables.
      const key = criterion !== 'pvalue' ? score(f) : lr ? -(f.logLikelihood - fit.logLikelihood) : -Math.abs(f.zValues[set.indexOf(j) + 1]!);
      if (!best || key < best.key) best = { j, set, fit: f, key, p: pv };
    }
    if (!best) return false;
    const accept = criterion === 'pvalue' ? best.p < pEnter : best.key < score(fit) - 1e-9;
    if (!accept || revisits(best.set)) return false;
    record('add', best.j, best.set, best.fit, criterion === 'pvalue' ? best.p : undefined, skipped);
    return true;
  };

  const tryRemove = (): boolean => {
    const removable = current.filter((j) => !forced.has(j));
    if (!removable.length) return false;
    let best: { j: number; set: number[]; fit: LogisticFit; p: number } | null = null;
    const skipped: NonNullable<StepwiseStep['skipped']> = [];
    if (criterion === 'pvalue' && !lr) {
      let worst = -1;
      for (const j of removable) if (worst < 0 || wald(fit, current, j) > wald(fit, current, worst)) worst = j;
      const pv = wald(fit, current, worst);
      if (!(pv > pRemove)) return false;
      const set = current.filter((k) => k !== worst);
      const f = fitSet(set);
      if (typeof f === 'string') return false;
      best = { j: worst, set, fit: f, p: pv };
    } else if (criterion === 'pvalue') {
      for (const j of removable) {
        const set = current.filter((k) => k !== j);
        const f = fitSet(set);
        if (typeof f === 'string') {
          skipped.push({ variable: names[j]!, reason: f });
          continue;
        }
        const pv = lrTest(fit, f);
        if (pv > pRemove && (!best || pv > best.p)) best = { j, set, fit: f, p: pv };
      }
    } else {
      let bestKey = score(fit) - 1e-9;
      for (const j of removable) {
        const set = current.filter((k) => k !== j);
        const f = fitSet(set);
        if (typeof f === 'string') {
          skipped.push({ variable: names[j]!, reason: f });
          continue;
        }
        if (score(f) < bestKey) {
          bestKey = score(f);
          best = { j, set, fit: f, p: NaN };
        }
      }
    }
    if (!best || revisits(best.set)) return false;
    record('remove', best.j, best.set, best.fit, criterion === 'pvalue' ? best.p : undefined, skipped);
    return true;
  };

  for (;;) {
    if (steps.length > maxSteps) {
      stop.reason = 'max_steps';
      break;
    }
    let changed = false;
    if (direction === 'backward') changed = tryRemove();
    else {
      changed = tryAdd();
      // After an addition, earlier variables may have become redundant.
      if (changed && direction === 'both') while (steps.length <= maxSteps && tryRemove());
    }
    if (!changed || stop.reason === 'cycle') break;
  }
  return { selected: [...current], names: current.map((j) => names[j]!), fit, steps, stoppedBecause: stop.reason };
}
