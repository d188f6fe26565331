import type { LogisticCoefficient, LogisticModel, ModelDefinition, ScorecardBin, ScorecardCharacteristic, ScorecardModel } from './types.ts';
import { isNum, isObj, isText, scoreScaleOf, type Err, type ModelIssue, type Obj } from './validate-helpers.ts';
import { validateTreeModel } from './validate-tree-model.ts';

export type { ModelIssue } from './validate-helpers.ts';

/**
 * Checks a model definition (e.g. parsed JSON) and returns a clean copy holding only the known
 * fields, or every problem found with its path (`characteristics[0].bins[2].max`). Besides types
 * it refuses ambiguous bins: overlapping ranges, a value listed twice, two missing bins; and
 * trees that are not trees: children out of range, a node reached twice, a leaf that is not finite,
 * a split on an input the model does not have.
 *
 * @example validateModel({kind: 'scorecard', id: 'sc1', baseScore: 600, characteristics: [{input: 'event.amount', bins: [{max: 100, points: 20}, {min: 100, points: -15}]}]})
 * // → {ok: true, model: {…}}
 */
export function validateModel(m: unknown): { ok: true; model: ModelDefinition } | { ok: false; errors: ModelIssue[] } {
  const errors: ModelIssue[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  if (!isObj(m)) return { ok: false, errors: [{ path: '', message: 'a model must be an object' }] };
  if (!isText(m.id)) err('id', 'id is required');
  if (m.name !== undefined && typeof m.name !== 'string') err('name', 'name must be a string');
  let model: ModelDefinition | null = null;
  if (m.kind === 'scorecard') model = scorecard(m, err);
  else if (m.kind === 'logistic') model = logistic(m, err);
  else if (m.kind === 'decision_tree' || m.kind === 'tree_ensemble') model = validateTreeModel(m, err);
  else err('kind', "kind must be 'scorecard', 'logistic', 'decision_tree' or 'tree_ensemble'");
  if (model) meta(m, model, err);
  return errors.length || !model ? { ok: false, errors } : { ok: true, model };
}

/** The optional fields every kind carries: how many reason codes, and where it came from. */
function meta(m: Obj, model: ModelDefinition, err: Err): void {
  if (m.reasonCount !== undefined) {
    if (!Number.isInteger(m.reasonCount) || (m.reasonCount as number) < 0 || (m.reasonCount as number) > 10) err('reasonCount', 'reasonCount must be an integer from 0 to 10');
    else model.reasonCount = m.reasonCount as number;
  }
  if (m.source !== undefined) {
    const src = m.source;
    if (!isObj(src) || !isText(src.model) || !Number.isInteger(src.version)) err('source', 'source must be {model, version} of the registry');
    else model.source = { model: src.model as string, version: src.version as number, ...(isText(src.key) && { key: src.key as string }), ...(isText(src.org) && { org: src.org as string }) };
  }
}

function reasonCodeOf(c: Obj, p: string, err: Err): { reasonCode?: string } {
  if (c.reasonCode === undefined) return {};
  if (!isText(c.reasonCode) || (c.reasonCode as string).length > 64) {
    err(`${p}.reasonCode`, 'reasonCode must be a non-empty string of at most 64 characters');
    return {};
  }
  return { reasonCode: c.reasonCode as string };
}

function scorecard(m: Obj, err: Err): ScorecardModel {
  if (!isNum(m.baseScore)) err('baseScore', 'baseScore must be a finite number');
  const characteristics: ScorecardCharacteristic[] = [];
  if (!Array.isArray(m.characteristics) || m.characteristics.length === 0) err('characteristics', 'at least one characteristic is required');
  else {
    m.characteristics.forEach((c: unknown, i) => {
      const p = `characteristics[${i}]`;
      if (!isObj(c)) return err(p, 'a characteristic must be an object');
      if (!isText(c.input)) err(`${p}.input`, 'input expression is required');
      if (c.defaultPoints !== undefined && !isNum(c.defaultPoints)) err(`${p}.defaultPoints`, 'defaultPoints must be a finite number');
      const bins = binsOf(c.bins, `${p}.bins`, err);
      characteristics.push({ input: c.input as string, bins, ...(c.defaultPoints !== undefined && { defaultPoints: c.defaultPoints as number }), ...reasonCodeOf(c, p, err) });
    });
  }
  return { kind: 'scorecard', id: m.id as string, ...(m.name !== undefined && { name: m.name as string }), baseScore: m.baseScore as number, characteristics };
}

function logistic(m: Obj, err: Err): LogisticModel {
  if (!isNum(m.intercept)) err('intercept', 'intercept must be a finite number');
  const coefficients: LogisticCoefficient[] = [];
  if (!Array.isArray(m.coefficients) || m.coefficients.length === 0) err('coefficients', 'at least one coefficient is required');
  else {
    m.coefficients.forEach((c: unknown, i) => {
      const p = `coefficients[${i}]`;
      if (!isObj(c)) return err(p, 'a coefficient must be an object');
      if (!isText(c.input)) err(`${p}.input`, 'input expression is required');
      if (!isNum(c.weight)) err(`${p}.weight`, 'weight must be a finite number');
      const transform = c.transform ?? 'none';
      if (!['none', 'log1p', 'woe'].includes(transform as string)) err(`${p}.transform`, "transform must be 'none', 'log1p' or 'woe'");
      if (c.missingValue !== undefined && !isNum(c.missingValue)) err(`${p}.missingValue`, 'missingValue must be a finite number');
      const coef: LogisticCoefficient = { input: c.input as string, weight: c.weight as number };
      if (c.transform !== undefined) coef.transform = c.transform as LogisticCoefficient['transform'];
      if (transform === 'woe') coef.woe = binsOf(c.woe, `${p}.woe`, err);
      else if (c.woe !== undefined) err(`${p}.woe`, "woe bins are only used with transform 'woe'");
      if (c.missingValue !== undefined) coef.missingValue = c.missingValue as number;
      Object.assign(coef, reasonCodeOf(c, p, err));
      coefficients.push(coef);
    });
  }
  const model: LogisticModel = { kind: 'logistic', id: m.id as string, intercept: m.intercept as number, coefficients };
  if (m.name !== undefined) model.name = m.name as string;
  if (m.output !== undefined) {
    if (m.output !== 'probability' && m.output !== 'score') err('output', "output must be 'probability' or 'score'");
    model.output = m.output as LogisticModel['output'];
  }
  const scale = scoreScaleOf(m.scoreScale, m.output === 'score', err);
  if (scale) model.scoreScale = scale;
  return model;
}

function binsOf(raw: unknown, path: string, err: Err): ScorecardBin[] {
  if (!Array.isArray(raw)) {
    err(path, 'bins must be a list');
    return [];
  }
  const bins: ScorecardBin[] = [];
  const seen = new Map<unknown, number>();
  let missingAt = -1;
  raw.forEach((b: unknown, j) => {
    const p = `${path}[${j}]`;
    if (!isObj(b)) return err(p, 'a bin must be an object');
    const bin: ScorecardBin = { points: b.points as number };
    if (!isNum(b.points)) err(`${p}.points`, 'points must be a finite number');
    if (b.min !== undefined) {
      if (!isNum(b.min)) err(`${p}.min`, 'min must be a finite number');
      bin.min = b.min as number;
    }
    if (b.max !== undefined) {
      if (!isNum(b.max)) err(`${p}.max`, 'max must be a finite number');
      bin.max = b.max as number;
    }
    if (isNum(b.min) && isNum(b.max) && b.min >= b.max) err(p, 'min must be below max: the range is [min, max)');
    if (b.values !== undefined) {
      if (!Array.isArray(b.values) || b.values.length === 0 || !b.values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
        err(`${p}.values`, 'values must be a non-empty list of strings, numbers or booleans');
      } else {
        for (const v of b.values) {
          if (seen.has(v)) err(`${p}.values`, `${JSON.stringify(v)} is already in bin ${seen.get(v)}`);
          else seen.set(v, j);
        }
        bin.values = [...b.values];
      }
    }
    if (b.missing !== undefined) {
      if (typeof b.missing !== 'boolean') err(`${p}.missing`, 'missing must be a boolean');
      else if (b.missing) {
        if (missingAt >= 0) err(`${p}.missing`, `bin ${missingAt} already takes missing values`);
        missingAt = j;
      }
      bin.missing = b.missing as boolean;
    }
    if (b.label !== undefined) {
      if (typeof b.label !== 'string') err(`${p}.label`, 'label must be a string');
      bin.label = b.label as string;
    }
    if (bin.min === undefined && bin.max === undefined && bin.values === undefined && bin.missing !== true) {
      err(p, 'a bin needs a range (min/max), values or missing: true');
    }
    bins.push(bin);
  });
  // Ranges are [min, max): two ranges overlap when each starts before the other ends.
  bins.forEach((a, i) => {
    if (a.min === undefined && a.max === undefined) return;
    for (let j = 0; j < i; j++) {
      const b = bins[j]!;
      if (b.min === undefined && b.max === undefined) continue;
      if ((a.min ?? -Infinity) < (b.max ?? Infinity) && (b.min ?? -Infinity) < (a.max ?? Infinity)) err(`${path}[${i}]`, `range overlaps bin ${j}`);
    }
  });
  return bins;
}
