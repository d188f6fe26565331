import type { ScorecardBin, ScorecardModel } from '@vigil/engine';
import { characteristicInput } from './characteristic-input.ts';
import { ExpertScorecardError, type ScorecardSpecIssue } from './expert-scorecard-error.ts';

/** One attribute band entered by hand: a range `[min, max)`, a list of values, or missing. */
export interface ExpertBinSpec {
  min?: number;
  max?: number;
  values?: Array<string | number | boolean>;
  missing?: boolean;
  points: number;
  label?: string;
}

export interface ExpertCharacteristicSpec {
  name: string;
  /** CEL input; default `event.<name>`. */
  input?: string;
  bins: ExpertBinSpec[];
  /** Points for a value no band takes (and a missing value without a missing band); default 0. */
  defaultPoints?: number;
}

export interface ExpertScorecardSpec {
  id: string;
  name?: string;
  baseScore: number;
  characteristics: ExpertCharacteristicSpec[];
}

export interface ExpertScorecardRow {
  variable: string;
  label: string;
  min?: number;
  max?: number;
  values?: Array<string | number | boolean>;
  missing?: boolean;
  points: number;
}

export interface ExpertScorecard {
  model: ScorecardModel;
  /** One row per band, for display and {@link reasonCodes}. */
  table: ExpertScorecardRow[];
  /** Legal but probably unintended: gaps between ranges, no missing band. */
  warnings: string[];
}

/**
 * A cold-start scorecard from points per attribute band entered by hand, for when no labelled
 * data exists yet; it produces the same engine `ScorecardModel` as a fitted card, so a fitted
 * card can later replace it through the registry.
 *
 * Validated: a non-empty id, a finite base score, at least one characteristic with a unique
 * name; per band finite points and something to match (a range, values or missing); ranges with
 * min < max that do not overlap; no value in two bands; at most one missing band. Every problem is
 * reported at once in an {@link ExpertScorecardError}. Gaps between ranges and the lack of a
 * missing band are allowed (such values get `defaultPoints`) but returned as warnings.
 *
 * @example
 * expertScorecard({id: 'cold_start_v1', baseScore: 500, characteristics: [
 *   {name: 'age', bins: [{max: 25, points: -10}, {min: 25, max: 60, points: 15}, {min: 60, points: 5}, {missing: true, points: 0}]},
 *   {name: 'channel', bins: [{values: ['branch'], points: 10}, {values: ['online', 'app'], points: -5}]},
 * ]}).model // → {kind: 'scorecard', id: 'cold_start_v1', baseScore: 500, characteristics: [{input: 'event.age', …}, …]}
 */
export function expertScorecard(spec: ExpertScorecardSpec): ExpertScorecard {
  const issues: ScorecardSpecIssue[] = [];
  const warnings: string[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message });
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (typeof spec.id !== 'string' || spec.id.trim() === '') issue('id', 'id is required');
  if (!finite(spec.baseScore)) issue('baseScore', 'baseScore must be a finite number');
  if (!Array.isArray(spec.characteristics) || spec.characteristics.length === 0) issue('characteristics', 'at least one characteristic is required');
  const names = new Set<string>();
  const table: ExpertScorecardRow[] = [];

  const characteristics = (spec.characteristics ?? []).map((c, ci) => {
    const at = `characteristics[${ci}]`;
    if (typeof c.name !== 'string' || c.name.trim() === '') issue(`${at}.name`, 'name is required');
    else if (names.has(c.name)) issue(`${at}.name`, `${c.name} is defined twice`);
    else names.add(c.name);
    if (c.input !== undefined && (typeof c.input !== 'string' || c.input.trim() === '')) issue(`${at}.input`, 'input must be a CEL expression');
    if (c.defaultPoints !== undefined && !finite(c.defaultPoints)) issue(`${at}.defaultPoints`, 'defaultPoints must be a finite number');
    if (!Array.isArray(c.bins) || c.bins.length === 0) issue(`${at}.bins`, 'at least one band is required');
    const seen = new Map<string | number | boolean, number>();
    let missingAt = -1;
    const bins: ScorecardBin[] = (c.bins ?? []).map((b, bi) => {
      const p = `${at}.bins[${bi}]`;
      if (!finite(b.points)) issue(`${p}.points`, 'points must be a finite number');
      if (b.min !== undefined && !finite(b.min)) issue(`${p}.min`, 'min must be a finite number');
      if (b.max !== undefined && !finite(b.max)) issue(`${p}.max`, 'max must be a finite number');
      if (finite(b.min) && finite(b.max) && !(b.min < b.max)) issue(p, `min ${b.min} must be below max ${b.max}: the band is [min, max)`);
      if (b.values !== undefined) {
        if (!Array.isArray(b.values) || b.values.length === 0) issue(`${p}.values`, 'values must be a non-empty list');
        else
          for (const v of b.values) {
            if (seen.has(v)) issue(`${p}.values`, `${JSON.stringify(v)} is already in band ${seen.get(v)}`);
            else seen.set(v, bi);
          }
      }
      if (b.missing === true) {
        if (missingAt >= 0) issue(`${p}.missing`, `band ${missingAt} already takes missing values`);
        missingAt = bi;
      }
      if (b.min === undefined && b.max === undefined && b.values === undefined && b.missing !== true) issue(p, 'a band needs a range (min/max), values or missing: true');
      const bin: ScorecardBin = { points: b.points };
      if (b.min !== undefined) bin.min = b.min;
      if (b.max !== undefined) bin.max = b.max;
      if (b.values !== undefined) bin.values = [...b.values];
      if (b.missing === true) bin.missing = true;
      bin.label = b.label ?? describe(b);
      table.push({ variable: c.name, ...bin, label: bin.label });
      return bin;
    });
    checkRanges(c.bins ?? [], at, issue, warnings, c.name);
    if (missingAt < 0 && (c.bins ?? []).length) warnings.push(`${c.name}: no missing band; missing values get defaultPoints (${c.defaultPoints ?? 0})`);
    return { input: c.input ?? characteristicInput(c.name ?? ''), bins, ...(c.defaultPoints !== undefined && { defaultPoints: c.defaultPoints }) };
  });

  if (issues.length) throw new ExpertScorecardError(issues);
  const model: ScorecardModel = { kind: 'scorecard', id: spec.id, ...(spec.name !== undefined && { name: spec.name }), baseScore: spec.baseScore, characteristics };
  return { model, table, warnings };
}

/** Overlapping ranges are errors; gaps between consecutive ranges are warnings. */
function checkRanges(bins: readonly ExpertBinSpec[], at: string, issue: (path: string, message: string) => void, warnings: string[], name: string): void {
  const ranges = bins
    .map((b, i) => ({ i, lo: b.min ?? -Infinity, hi: b.max ?? Infinity, isRange: b.min !== undefined || b.max !== undefined }))
    .filter((r) => r.isRange && r.lo < r.hi)
    .sort((a, b) => a.lo - b.lo || a.i - b.i);
  for (let k = 1; k < ranges.length; k++) {
    const prev = ranges[k - 1]!;
    const cur = ranges[k]!;
    // [lo, hi) ranges overlap when the next starts before the previous ends.
    if (cur.lo < prev.hi) issue(`${at}.bins[${Math.max(prev.i, cur.i)}]`, `range overlaps band ${Math.min(prev.i, cur.i)}`);
    else if (cur.lo > prev.hi) warnings.push(`${name}: no band covers [${prev.hi}, ${cur.lo}); such values get defaultPoints`);
  }
  if (ranges.length) {
    if (ranges[0]!.lo > -Infinity) warnings.push(`${name}: no band covers values below ${ranges[0]!.lo}`);
    const top = Math.max(...ranges.map((r) => r.hi));
    if (top < Infinity) warnings.push(`${name}: no band covers values from ${top} up`);
  }
}

function describe(b: ExpertBinSpec): string {
  const parts: string[] = [];
  if (b.min !== undefined && b.max !== undefined) parts.push(`[${b.min}, ${b.max})`);
  else if (b.min !== undefined) parts.push(`>= ${b.min}`);
  else if (b.max !== undefined) parts.push(`< ${b.max}`);
  if (b.values) parts.push(b.values.map(String).join(', '));
  if (b.missing) parts.push('Missing');
  return parts.join(' or ');
}
