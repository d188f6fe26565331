import { readFileSync } from 'node:fs';
import { scoreModel, validateModel } from '@vigil/engine';
import { describe, expect, it } from 'vitest';
import { binDataset } from '../binning/bin-dataset.ts';
import { woeTransform } from '../binning/woe-transform.ts';
import { binaryTarget } from '../data/binary-target.ts';
import { getColumn } from '../data/get-column.ts';
import { parseCsv } from '../data/parse-csv.ts';
import { auc, gini } from '../metrics/auc.ts';
import { gainsTable } from '../metrics/gains-table.ts';
import { ks } from '../metrics/ks.ts';
import { GERMAN_CREDIT_PATH, hasGermanCredit } from '../regression/german-credit.fixture.ts';
import { predictLogit } from '../regression/predict-logistic.ts';
import { correlationFilter } from '../selection/correlation-filter.ts';
import { selectByIv } from '../selection/select-by-iv.ts';
import { stepwise } from '../selection/stepwise.ts';
import { vif } from '../selection/vif.ts';
import { scaleScorecard } from './scale-scorecard.ts';

/**
 * The whole chain on the German credit data — binning, IV and correlation filters, stepwise
 * logistic regression on WOE, scaling — checked where it must be exact: the engine scoring the
 * deployed scorecard on the raw values of every row gives offset + factor·ln(odds good) of the fit.
 */
describe.skipIf(!hasGermanCredit)('German credit scorecard, end to end', () => {
  it('deploys a scorecard whose engine scores equal the scaled logistic fit on every row', () => {
    const ds = parseCsv(readFileSync(GERMAN_CREDIT_PATH, 'utf8'));
    const y = binaryTarget(ds, 'creditability', 'bad');
    const { selected } = selectByIv(binDataset(ds, { column: 'creditability', badValue: 'bad' }));
    const woe = selected.map((b) => woeTransform(b, getColumn(ds, b.name)));
    const cf = correlationFilter(woe, selected.map((b) => b.iv), { names: selected.map((b) => b.name) });
    const X = cf.selected.map((j) => woe[j]!);
    for (const v of vif(X)) expect(v).toBeLessThan(5);
    const sw = stepwise(X, y, { names: cf.names, direction: 'both', criterion: 'aic' });
    expect(sw.fit.converged).toBe(true);
    // WOE = ln(%good/%bad) rises with safety, so every coefficient on "bad" should be negative.
    for (const b of sw.fit.coefficients) expect(b).toBeLessThan(0);

    const binnings = sw.selected.map((j) => selected[cf.selected[j]!]!);
    const card = scaleScorecard(binnings, sw.fit, { id: 'german_v1' });
    expect(validateModel(card.model).ok).toBe(true);
    const eta = predictLogit(sw.fit, sw.selected.map((j) => X[j]!));
    const columns = binnings.map((b) => getColumn(ds, b.name).values);
    const scores = new Float64Array(ds.rows);
    for (let i = 0; i < ds.rows; i++) {
      const inputs = columns.map((c) => {
        const v = c[i];
        return typeof v === 'number' && Number.isNaN(v) ? null : v;
      });
      scores[i] = scoreModel(card.model, inputs).score;
      expect(scores[i]).toBeCloseTo(card.scaling.offset - card.scaling.factor * eta[i]!, 9);
    }

    // Points: higher = safer. In-sample discrimination of a WOE scorecard on this data is ~0.8.
    const a = auc(scores, y, { higherIsRiskier: false });
    expect(a).toBeGreaterThan(0.75);
    expect(a).toBeLessThan(0.9);
    expect(gini(scores, y, { higherIsRiskier: false })).toBeCloseTo(2 * a - 1, 12);
    expect(ks(scores, y).ks).toBeGreaterThan(0.35);
    // The riskiest (lowest-score) quintile has the highest bad rate, and bad rates fall band by band.
    const bands = gainsTable(scores, y, { bands: 5, higherIsRiskier: false }).bands;
    for (let i = 1; i < bands.length; i++) expect(bands[i]!.badRate).toBeLessThan(bands[i - 1]!.badRate);
  });
});
