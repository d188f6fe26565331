import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scoreModel } from '@vigil/engine';
import { getColumn, parseCsv } from '../data/index.ts';
import { psiFromSamples } from '../metrics/index.ts';
import { renderScorecardReport } from '../report/render-scorecard-report.ts';
import type { ScorecardArtefact } from '../scorecard/artefact.ts';
import { columnValue, developmentStability } from '../scorecard/development-stability.ts';
import { fitScorecard, type FitScorecardOptions } from '../scorecard/fit-scorecard.ts';
import type { Dataset } from '../types.ts';

export const MODELING_USAGE = `  scorecard fit --data FILE.csv --target COLUMN --bad VALUE --out DIR
                [--holdout 0.3] [--seed 1] [--oot-column DATE --oot-cutoff YYYY-MM-DD]
                [--pdo 20 --base-score 600 --base-odds 50] [--exclude a,b] [--min-iv 0.02]
                [--stepwise both|forward|backward|none] [--criterion aic|bic|pvalue]
                [--max-bins 8] [--min-bin-share 0.05] [--trend auto|ascending|descending|peak|valley|none]
                [--breaks breaks.json]   ({"variable": [cut points] | [["cat", …], …]})
                                   fit a scorecard; writes DIR/binning.json, metrics.json, model.json, report.html
  scorecard score --model model.json --data FILE.csv [--out scores.csv] [--id COLUMN]
                                   score every row: score, probability of bad, the 3 reason codes
  psi --model model.json --data FILE.csv
                                   score PSI and CSI per characteristic of a sample against the development sample
  psi --expected A.csv --actual B.csv --column NAME [--bins 10]
                                   PSI of one numeric column between two samples (quantile bins of A)`;

class UsageError extends Error {}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return v;
}

function required(args: string[], name: string): string {
  const v = flag(args, name);
  if (v === undefined) throw new UsageError(`${name} is required`);
  return v;
}

function num(args: string[], name: string): number | undefined {
  const v = flag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number, not ${v}`);
  return n;
}

/** npm run changes the working directory to the repository; INIT_CWD is where the user was. */
function userPath(p: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), p);
}

async function readDataset(file: string): Promise<{ ds: Dataset; sha256: string }> {
  const text = await readFile(userPath(file), 'utf8');
  return { ds: parseCsv(text), sha256: createHash('sha256').update(text).digest('hex') };
}

const r4 = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 1e4) / 1e4);

async function fit(args: string[], out: (s: string) => void): Promise<number> {
  const dataFile = required(args, '--data');
  const dir = userPath(required(args, '--out'));
  const { ds, sha256 } = await readDataset(dataFile);
  let breaks: FitScorecardOptions['breaks'];
  let groups: FitScorecardOptions['groups'];
  const breaksFile = flag(args, '--breaks');
  if (breaksFile) {
    const doc = JSON.parse(await readFile(userPath(breaksFile), 'utf8')) as Record<string, unknown>;
    breaks = {};
    groups = {};
    for (const [k, v] of Object.entries(doc)) {
      if (Array.isArray(v) && v.every((x) => typeof x === 'number')) breaks[k] = v as number[];
      else if (Array.isArray(v) && v.every((g) => Array.isArray(g))) groups[k] = (v as unknown[][]).map((g) => g.map(String));
      else throw new UsageError(`--breaks: ${k} must be a list of cut points or a list of category groups`);
    }
  }
  const ootColumn = flag(args, '--oot-column');
  const trend = flag(args, '--trend');
  const artefact = fitScorecard(ds, {
    target: required(args, '--target'),
    bad: required(args, '--bad'),
    holdout: num(args, '--holdout'),
    seed: num(args, '--seed'),
    outOfTime: ootColumn ? { dateColumn: ootColumn, cutoff: required(args, '--oot-cutoff') } : undefined,
    pdo: num(args, '--pdo'),
    baseScore: num(args, '--base-score'),
    baseOdds: num(args, '--base-odds'),
    exclude: flag(args, '--exclude')?.split(',').map((s) => s.trim()).filter(Boolean),
    minIv: num(args, '--min-iv'),
    stepwise: flag(args, '--stepwise') as FitScorecardOptions['stepwise'],
    criterion: flag(args, '--criterion') as FitScorecardOptions['criterion'],
    binning: { maxBins: num(args, '--max-bins'), minBinShare: num(args, '--min-bin-share'), trend: trend as never },
    breaks,
    groups,
    dataSha256: sha256,
    name: path.basename(dataFile).replace(/\.csv$/i, ''),
  });
  await mkdir(dir, { recursive: true });
  const binning = { woeConvention: artefact.woeConvention, variables: artefact.binning.map((b) => ({ name: b.name, type: b.type, iv: b.iv, ivBand: b.ivBand, selected: artefact.features.includes(b.name), bins: b.bins.map((x) => ({ label: x.label, count: x.count, bad: x.bad, good: x.good, eventRate: x.eventRate, woe: x.woe, iv: x.iv })) })) };
  const pick = (m?: { auc: number; ks: number; gini: number }) => m && { auc: m.auc, ks: m.ks, gini: m.gini };
  const metrics = { train: pick(artefact.metrics.train), test: pick(artefact.metrics.test) ?? null };
  await writeFile(path.join(dir, 'binning.json'), JSON.stringify(binning, null, 2) + '\n');
  await writeFile(path.join(dir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(artefact, null, 2) + '\n');
  await writeFile(path.join(dir, 'report.html'), renderScorecardReport(artefact));
  out(
    JSON.stringify({
      out: dir,
      rows: artefact.training.rows,
      features: artefact.features,
      train: { auc: r4(artefact.metrics.train.auc), ks: r4(artefact.metrics.train.ks), gini: r4(artefact.metrics.train.gini) },
      test: artefact.metrics.test ? { auc: r4(artefact.metrics.test.auc), ks: r4(artefact.metrics.test.ks), gini: r4(artefact.metrics.test.gini) } : null,
    }) + '\n',
  );
  return 0;
}

async function readArtefact(file: string): Promise<ScorecardArtefact> {
  const doc = JSON.parse(await readFile(userPath(file), 'utf8')) as ScorecardArtefact;
  if (doc?.format !== 'vigil.scorecard/v1') throw new UsageError(`${file} is not a Vigil scorecard (model.json of "scorecard fit")`);
  return doc;
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Each row's score with the artefact's engine model (the one a strategy runs). */
function scoreDataset(a: ScorecardArtefact, ds: Dataset) {
  const cols = a.features.map((f) => getColumn(ds, f));
  const inputs = new Array<unknown>(cols.length);
  const rows: Array<{ score: number; bins: Array<string | undefined>; reasons: string[] }> = [];
  for (let i = 0; i < ds.rows; i++) {
    for (let j = 0; j < cols.length; j++) inputs[j] = columnValue(cols[j]!, i);
    const r = scoreModel(a.model, inputs);
    rows.push({ score: r.score, bins: r.contributions.map((c) => c.bin), reasons: (r as { reasons?: string[] }).reasons ?? [] });
  }
  return rows;
}

async function score(args: string[], out: (s: string) => void): Promise<number> {
  const a = await readArtefact(required(args, '--model'));
  const { ds } = await readDataset(required(args, '--data'));
  const idName = flag(args, '--id');
  const id = idName ? getColumn(ds, idName) : undefined;
  const rows = scoreDataset(a, ds);
  const lines = [`${idName ?? 'row'},score,probability_bad,reason_1,reason_2,reason_3`];
  rows.forEach((r, i) => {
    const p = 1 / (1 + Math.exp((r.score - a.scaling.offset) / a.scaling.factor));
    lines.push([id ? csvCell(columnValue(id, i)) : String(i + 1), String(r.score), p.toFixed(6), ...[0, 1, 2].map((k) => csvCell(r.reasons[k]))].join(','));
  });
  const text = lines.join('\n') + '\n';
  const file = flag(args, '--out');
  if (file) {
    await writeFile(userPath(file), text);
    out(JSON.stringify({ out: userPath(file), rows: rows.length }) + '\n');
  } else out(text);
  return 0;
}

async function psiCommand(args: string[], out: (s: string) => void): Promise<number> {
  const model = flag(args, '--model');
  if (model) {
    const a = await readArtefact(model);
    const { ds } = await readDataset(required(args, '--data'));
    const rows = scoreDataset(a, ds);
    const st = developmentStability(a.development, a.features, rows);
    const csi = Object.fromEntries(Object.entries(st.csi).map(([f, v]) => [f, r4(v)!]));
    out(JSON.stringify({ rows: rows.length, scorePsi: r4(st.score.psi), stability: st.score.stability, csi }, null, 2) + '\n');
    return 0;
  }
  const column = required(args, '--column');
  const a = await readDataset(required(args, '--expected'));
  const b = await readDataset(required(args, '--actual'));
  const ca = getColumn(a.ds, column);
  const cb = getColumn(b.ds, column);
  if (ca.type !== 'numeric' || cb.type !== 'numeric') throw new UsageError(`--column ${column} must be numeric in both files`);
  const r = psiFromSamples(ca.values, cb.values, { bins: num(args, '--bins') ?? 10 });
  out(JSON.stringify({ psi: r4(r.psi), stability: r.stability, breaks: r.breaks, bins: r.bins.map((x) => ({ ...x })) }, null, 2) + '\n');
  return 0;
}

/**
 * The modelling commands of the `vigil` CLI: `scorecard fit`, `scorecard score` and `psi`. They
 * work on files alone (no server): fit a scorecard and write its artefacts, score a file with a
 * model.json, compare samples. Returns the exit code; a usage or data error is printed on stderr.
 *
 * @example await runModelingCli(['scorecard', 'fit', '--data', 'german.csv', '--target', 'creditability', '--bad', 'bad', '--out', 'out/'])
 */
export async function runModelingCli(args: string[], io: { out?: (s: string) => void; err?: (s: string) => void } = {}): Promise<number> {
  const out = io.out ?? ((s: string) => void process.stdout.write(s));
  const err = io.err ?? ((s: string) => void process.stderr.write(s));
  try {
    const [cmd, sub] = args;
    if (cmd === 'scorecard' && sub === 'fit') return await fit(args.slice(2), out);
    if (cmd === 'scorecard' && sub === 'score') return await score(args.slice(2), out);
    if (cmd === 'psi') return await psiCommand(args.slice(1), out);
    throw new UsageError(`unknown command: ${args.join(' ')}`);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\n\nusage:\n${MODELING_USAGE}\n`);
      return 2;
    }
    err(`${(e as Error).message}\n`);
    return 1;
  }
}
