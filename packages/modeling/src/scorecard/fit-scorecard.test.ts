import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scoreModel } from '@vigil/engine';
import { describe, expect, it } from 'vitest';
import { GERMAN_CREDIT_PATH } from '../../test/german-credit.ts';
import { runModelingCli } from '../cli/run-modeling-cli.ts';
import { getColumn, parseCsv } from '../data/index.ts';
import { auc } from '../metrics/index.ts';
import { renderScorecardReport } from '../report/render-scorecard-report.ts';
import { binVariable, fitScorecard } from './fit-scorecard.ts';

const GERMAN = GERMAN_CREDIT_PATH;
// A copy travels with the tests (test/fixtures), so this only skips in a broken checkout.
const has = existsSync(GERMAN);

describe.skipIf(!has)('fitScorecard on German credit', () => {
  const ds = has ? parseCsv(readFileSync(GERMAN, 'utf8')) : (null as never);
  const a = has ? fitScorecard(ds, { target: 'creditability', bad: 'bad', holdout: 0.3, seed: 1, createdAt: '2026-01-01T00:00:00.000Z' }) : (null as never);

  it('splits 70/30 stratified, keeps the informative variables and discriminates out of sample', () => {
    expect(a.training).toMatchObject({ rows: 1000, trainRows: 700, testRows: 300, split: { kind: 'random', holdout: 0.3, seed: 1 } });
    expect(a.metrics.train.bads).toBe(210);
    expect(a.metrics.test!.bads).toBe(90);
    // Published fits of this data set land at a test AUC of about 0.75–0.80.
    expect(a.metrics.test!.auc).toBeGreaterThan(0.74);
    expect(a.metrics.test!.auc).toBeLessThan(0.85);
    expect(a.metrics.test!.gini).toBeCloseTo(2 * a.metrics.test!.auc - 1, 12);
    expect(a.features).toContain('status_of_existing_checking_account');
    expect(a.features).toContain('duration_in_month');
    for (const v of a.variables) {
      if (v.selected) expect(v.iv).toBeGreaterThanOrEqual(0.02);
      else expect(v.droppedBecause).toBeTruthy();
    }
    expect(a.variables.find((v) => v.name === 'foreign_worker')!.selected).toBe(false);
    // Every kept coefficient is negative under WOE = ln(%good/%bad).
    for (const c of a.regression.coefficients) expect(c.estimate).toBeLessThan(0);
    expect(a.regression.converged).toBe(true);
  });

  it('reports metrics that a recount over the engine’s own scores confirms', () => {
    // Re-score the whole file with the deployable model and check the in-sample AUC bound.
    const cols = a.features.map((f) => getColumn(ds, f));
    const scores = new Float64Array(ds.rows);
    for (let i = 0; i < ds.rows; i++) {
      const inputs = cols.map((c) => (c.type === 'categorical' ? c.values[i] : c.values[i]));
      scores[i] = scoreModel(a.model, inputs).score;
    }
    const y = Uint8Array.from((getColumn(ds, 'creditability') as { values: Array<string | null> }).values, (v) => (v === 'bad' ? 1 : 0));
    const all = auc(scores, y, { higherIsRiskier: false });
    const lo = Math.min(a.metrics.train.auc, a.metrics.test!.auc);
    const hi = Math.max(a.metrics.train.auc, a.metrics.test!.auc);
    expect(all).toBeGreaterThanOrEqual(lo - 1e-9);
    expect(all).toBeLessThanOrEqual(hi + 1e-9);
    // Integer points, and the base at the scaling's offset less factor·β0, rounded.
    for (const c of a.model.characteristics) for (const b of c.bins) expect(Number.isInteger(b.points)).toBe(true);
    expect(a.scaling.factor).toBeCloseTo(20 / Math.LN2, 12);
    expect(a.scaling.basePoints).toBe(Math.round(a.scaling.offset - a.scaling.factor * a.regression.intercept.estimate));
  });

  it('records the development distributions monitoring compares against', () => {
    const d = a.development;
    expect(d.scoreCounts.reduce((s, x) => s + x, 0)).toBe(700);
    expect(d.scoreCounts.length).toBe(d.scoreBreaks.length + 1);
    for (let i = 1; i < d.scoreBreaks.length; i++) expect(d.scoreBreaks[i]).toBeGreaterThan(d.scoreBreaks[i - 1]!);
    for (const f of a.features) expect(d.characteristics[f]!.counts.reduce((s, x) => s + x, 0)).toBe(700);
    // The gains table covers the sample, riskiest band first.
    const g = a.evaluation.test!.gains;
    expect(g.reduce((s, b) => s + b.count, 0)).toBe(300);
    expect(g[0]!.badRate).toBeGreaterThan(g[g.length - 1]!.badRate);
    expect(a.evaluation.test!.confusion.tp + a.evaluation.test!.confusion.fn).toBe(90);
  });

  it('is reproducible: the same data, options and seed give the same card', () => {
    const again = fitScorecard(ds, { target: 'creditability', bad: 'bad', holdout: 0.3, seed: 1, createdAt: '2026-01-01T00:00:00.000Z' });
    expect(again).toEqual(a);
    const other = fitScorecard(ds, { target: 'creditability', bad: 'bad', holdout: 0.3, seed: 2 });
    expect(other.metrics.test!.auc).not.toBe(a.metrics.test!.auc);
  });

  it('honours manual breaks and groups, and bins one variable for the workbench', () => {
    const m = fitScorecard(ds, { target: 'creditability', bad: 'bad', seed: 1, breaks: { duration_in_month: [12, 24, 36] }, groups: { purpose: [['car (new)'], ['radio/television', 'car (used)']] } });
    expect(m.binning.find((b) => b.name === 'duration_in_month')!.breaks).toEqual([12, 24, 36]);
    const purpose = m.binning.find((b) => b.name === 'purpose')!;
    expect(purpose.bins.some((b) => b.values?.includes('car (used)') && b.values.includes('radio/television'))).toBe(true);
    const one = binVariable(ds, { target: 'creditability', bad: 'bad', variable: 'age_in_years', options: { trend: 'descending', maxBins: 4 } });
    const rates = one.bins.filter((b) => b.kind === 'range').map((b) => b.eventRate);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThan(rates[i - 1]!);
    expect(() => binVariable(ds, { target: 'creditability', bad: 'bad', variable: 'creditability' })).toThrow(/target/);
  });

  it('renders a self-contained report that escapes what the data says', () => {
    const hostile = parseCsv('grade,bad\n"<script>alert(1)</script>",1\n"<script>alert(1)</script>",0\nA,0\nA,0\nA,1\nB,0\nB,0\nB,0\nB,1\nA,0\n');
    const h = fitScorecard(hostile, { target: 'bad', bad: '1', holdout: 0, minIv: 0, binning: { minBinShare: 0.1 } });
    const html = renderScorecardReport(h);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    const full = renderScorecardReport(a, { title: 'A card' });
    expect(full).toContain('<title>A card</title>');
    expect(full.match(/<svg/g)!.length).toBeGreaterThanOrEqual(4 + a.features.length);
  });
});

describe.skipIf(!has)('vigil scorecard fit / score / psi', () => {
  it('writes binning.json, metrics.json, model.json and report.html, scores a file and compares samples', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-fit-'));
    try {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
      const code = await runModelingCli(['scorecard', 'fit', '--data', GERMAN, '--target', 'creditability', '--bad', 'bad', '--out', dir, '--holdout', '0.3', '--seed', '1', '--pdo', '20', '--base-score', '600', '--base-odds', '50'], io);
      expect(code, err.join('')).toBe(0);
      const binning = JSON.parse(await readFile(path.join(dir, 'binning.json'), 'utf8'));
      expect(binning.variables).toHaveLength(20);
      for (const v of binning.variables) {
        expect(Object.keys(v)).toEqual(expect.arrayContaining(['name', 'type', 'iv', 'bins']));
        for (const b of v.bins) expect(Object.keys(b)).toEqual(expect.arrayContaining(['label', 'count', 'bad', 'good', 'woe']));
      }
      const metrics = JSON.parse(await readFile(path.join(dir, 'metrics.json'), 'utf8'));
      expect(Object.keys(metrics.train).sort()).toEqual(['auc', 'gini', 'ks']);
      expect(metrics.test.auc).toBeGreaterThan(0.74);
      const model = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
      expect(model.format).toBe('vigil.scorecard/v1');
      expect(model.metrics.test.auc).toBe(metrics.test.auc);
      expect(await readFile(path.join(dir, 'report.html'), 'utf8')).toContain('<!doctype html>');

      out.length = 0;
      expect(await runModelingCli(['scorecard', 'score', '--model', path.join(dir, 'model.json'), '--data', GERMAN, '--out', path.join(dir, 'scores.csv')], io)).toBe(0);
      const scores = (await readFile(path.join(dir, 'scores.csv'), 'utf8')).trim().split('\n');
      expect(scores).toHaveLength(1001);
      expect(scores[0]).toBe('row,score,probability_bad,reason_1,reason_2,reason_3');

      out.length = 0;
      expect(await runModelingCli(['psi', '--model', path.join(dir, 'model.json'), '--data', GERMAN], io)).toBe(0);
      const psi = JSON.parse(out.join(''));
      // The whole file against its own 70% training sample: stable.
      expect(psi.scorePsi).toBeLessThan(0.1);
      expect(Object.keys(psi.csi).sort()).toEqual([...model.features].sort());

      expect(await runModelingCli(['scorecard', 'fit', '--data', GERMAN], io)).toBe(2);
      expect(err.join('')).toContain('--out is required');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
