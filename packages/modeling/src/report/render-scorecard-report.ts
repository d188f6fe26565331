import type { GainsRow, SampleEvaluation, ScorecardArtefact } from '../scorecard/artefact.ts';
import type { VariableBinning } from '../types.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ESC[c]!);
}

const num = (x: number | undefined | null, digits = 4) => (x === undefined || x === null || !Number.isFinite(x) ? '–' : Number(x.toFixed(digits)).toString());
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A line chart of one or more series over [0, 1] × [0, 1] or given ranges, as inline SVG. */
function lineChart(series: Array<{ name: string; color: string; points: Array<[number, number]> }>, opts: { xLabel: string; yLabel: string; diagonal?: boolean; xRange?: [number, number] }): string {
  const W = 420;
  const H = 300;
  const L = 48;
  const B = 40;
  const [x0, x1] = opts.xRange ?? [0, 1];
  const sx = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - 12);
  const sy = (y: number) => H - B - y * (H - B - 12);
  const paths = series
    .map((s) => `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"><title>${escapeHtml(s.name)}</title></polyline>`)
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<line x1="${L}" x2="${W - 12}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/><text x="${L - 6}" y="${sy(t) + 4}" text-anchor="end" font-size="10">${t}</text>`)
    .join('');
  const xt = [0, 0.25, 0.5, 0.75, 1].map((t) => x0 + t * (x1 - x0)).map((v) => `<text x="${sx(v)}" y="${H - B + 14}" text-anchor="middle" font-size="10">${num(v, 2)}</text>`).join('');
  const legend = series.map((s, i) => `<rect x="${L + 8 + i * 120}" y="6" width="10" height="10" fill="${s.color}"/><text x="${L + 22 + i * 120}" y="15" font-size="11">${escapeHtml(s.name)}</text>`).join('');
  const diag = opts.diagonal ? `<line x1="${sx(x0)}" y1="${sy(0)}" x2="${sx(x1)}" y2="${sy(1)}" stroke="#bbb" stroke-dasharray="4 3"/>` : '';
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">${ticks}${xt}${diag}${paths}${legend}<text x="${(W + L) / 2}" y="${H - 6}" text-anchor="middle" font-size="11">${escapeHtml(opts.xLabel)}</text><text x="12" y="${(H - B) / 2}" transform="rotate(-90 12 ${(H - B) / 2})" text-anchor="middle" font-size="11">${escapeHtml(opts.yLabel)}</text></svg>`;
}

/** Bars of each bin's share of rows with its event rate as a line. */
function binningChart(b: VariableBinning): string {
  const W = 520;
  const H = 220;
  const L = 40;
  const B = 56;
  const total = b.bins.reduce((a, x) => a + x.count, 0) || 1;
  const maxShare = Math.max(...b.bins.map((x) => x.count / total), 0.01);
  const maxRate = Math.max(...b.bins.map((x) => x.eventRate), 0.01);
  const bw = (W - L - 12) / Math.max(b.bins.length, 1);
  const bars = b.bins
    .map((x, i) => {
      const h = ((x.count / total) / maxShare) * (H - B - 16);
      const label = x.label.length > 14 ? `${x.label.slice(0, 13)}…` : x.label;
      return `<rect x="${L + i * bw + 4}" y="${H - B - h}" width="${bw - 8}" height="${h}" fill="#91b5e8"><title>${escapeHtml(x.label)}: ${x.count} rows, bad rate ${pct(x.eventRate)}, WOE ${num(x.woe)}</title></rect><text x="${L + i * bw + bw / 2}" y="${H - B + 14}" text-anchor="middle" font-size="10">${escapeHtml(label)}</text>`;
    })
    .join('');
  const line = b.bins.map((x, i) => `${(L + i * bw + bw / 2).toFixed(1)},${(H - B - (x.eventRate / maxRate) * (H - B - 16)).toFixed(1)}`).join(' ');
  const dots = b.bins.map((x, i) => `<circle cx="${(L + i * bw + bw / 2).toFixed(1)}" cy="${(H - B - (x.eventRate / maxRate) * (H - B - 16)).toFixed(1)}" r="3" fill="#d9534f"/>`).join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img"><line x1="${L}" x2="${W - 12}" y1="${H - B}" y2="${H - B}" stroke="#999"/>${bars}<polyline fill="none" stroke="#d9534f" stroke-width="2" points="${line}"/>${dots}<text x="${L}" y="${H - 8}" font-size="10">bars: share of rows · red: bad rate (max ${pct(maxRate)})</text></svg>`;
}

function table(head: string[], rows: Array<Array<string | number>>): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function gains(g: GainsRow[]): string {
  return table(
    ['Band', 'Score range', 'Rows', 'Bads', 'Bad rate', 'Cum. bads', 'Cum. goods', 'KS', 'Lift'],
    g.map((b) => [b.band, `${num(b.minScore, 1)} – ${num(b.maxScore, 1)}`, b.count, b.bads, pct(b.badRate), pct(b.cumBadShare), pct(b.cumGoodShare), num(b.ks, 3), num(b.lift, 2)]),
  );
}

function evaluation(name: string, e: SampleEvaluation): string {
  const roc = lineChart([{ name: `ROC (AUC ${num(e.metrics.auc, 3)})`, color: '#1f6feb', points: e.roc }], { xLabel: 'False positive rate', yLabel: 'True positive rate', diagonal: true });
  const scores = e.ksCurve.map((p) => p.score);
  const range: [number, number] = scores.length ? [Math.min(...scores), Math.max(...scores)] : [0, 1];
  const ksc = lineChart(
    [
      { name: 'Cum. bads', color: '#d9534f', points: e.ksCurve.map((p) => [p.score, p.cumBad]) },
      { name: 'Cum. goods', color: '#2e8b57', points: e.ksCurve.map((p) => [p.score, p.cumGood]) },
    ],
    { xLabel: `Score (KS ${num(e.metrics.ks, 3)})`, yLabel: 'Cumulative share', xRange: range },
  );
  const c = e.confusion;
  return `<h3>${escapeHtml(name)}: AUC ${num(e.metrics.auc, 4)} · KS ${num(e.metrics.ks, 4)} · Gini ${num(e.metrics.gini, 4)} · ${e.metrics.rows} rows, ${e.metrics.bads} bad</h3>
<div class="charts">${roc}${ksc}</div>
<h4>Gains table</h4>${gains(e.gains)}
<h4>At cut-off ${num(c.cutoff, 1)} (approve at or above)</h4>${table(['', 'Predicted bad (declined)', 'Predicted good (approved)'], [
    ['Actual bad', c.tp, c.fn],
    ['Actual good', c.fp, c.tn],
  ])}<p>Cost with a missed bad costing ${c.costMatrix.fn} and a declined good ${c.costMatrix.fp}: <b>${num(c.cost, 2)}</b></p>
<h4>Calibration</h4>${table(['Band', 'Rows', 'Predicted bad rate', 'Observed bad rate'], e.calibration.map((r) => [r.band, r.count, pct(r.predicted), pct(r.observed)]))}`;
}

/**
 * A self-contained HTML report of a fitted scorecard: summary and metrics, the scorecard table,
 * variable selection with IVs, coefficients, a binning chart and table per variable, ROC and KS
 * curves, gains tables, confusion and cost at the cut-off, calibration and the development score
 * distribution monitoring compares against. No scripts, no external resources; every text from
 * the data is escaped.
 *
 * @example writeFileSync('report.html', renderScorecardReport(artefact, {title: 'A-card v3'}))
 */
export function renderScorecardReport(a: ScorecardArtefact, opts: { title?: string } = {}): string {
  const title = opts.title ?? a.model.name ?? a.model.id;
  const selected = new Set(a.features);
  const t = a.training;
  const split = t.split.kind === 'random' ? `random, ${pct(t.split.holdout)} held out, seed ${t.split.seed}` : t.split.kind === 'out_of_time' ? `out of time: ${escapeHtml(t.split.dateColumn)} ≥ ${escapeHtml(t.split.cutoff)}` : 'none';
  const bins = a.binning
    .filter((b) => selected.has(b.name))
    .map(
      (b) =>
        `<section><h3>${escapeHtml(b.name)} <small>IV ${num(b.iv)} (${escapeHtml(b.ivBand)}), ${escapeHtml(b.method)}${b.trend ? `, trend ${escapeHtml(b.trend)}` : ''}</small></h3>${binningChart(b)}${table(
          ['Bin', 'Rows', 'Bads', 'Goods', 'Bad rate', 'WOE', 'IV', 'Points'],
          b.bins.map((x) => [x.label, x.count, x.bad, x.good, pct(x.eventRate), num(x.woe), num(x.iv), num(a.scorecardTable.find((r) => r.variable === b.name && r.label === x.label)?.points, 1)]),
        )}</section>`,
    )
    .join('');
  const devTotal = a.development.scoreCounts.reduce((s, x) => s + x, 0) || 1;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f5f7fa}td:first-child,th:first-child{text-align:left}.charts{display:flex;gap:16px;flex-wrap:wrap}small{color:#666;font-weight:normal}h2{border-bottom:2px solid #1f6feb;padding-bottom:4px;margin-top:32px}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>Scorecard with ${a.features.length} characteristics, fitted ${escapeHtml(t.createdAt)} on ${t.rows} rows (${t.trainRows} train, ${t.testRows} test; split ${split}). Target <code>${escapeHtml(t.target)}</code>, bad = <code>${escapeHtml(t.bad)}</code>. Data SHA-256 <code>${escapeHtml(t.dataSha256)}</code>.</p>
<p>Scaling: ${num(a.scaling.baseScore, 2)} points at good:bad odds ${num(a.scaling.baseOdds, 2)}:1, ${num(a.scaling.pdo, 2)} points to double the odds (factor ${num(a.scaling.factor)}, offset ${num(a.scaling.offset)}). WOE convention: <code>${escapeHtml(a.woeConvention)}</code>; higher scores are safer.</p>
${table(['Sample', 'AUC', 'KS', 'Gini', 'Rows', 'Bads'], [
  ['Train', num(a.metrics.train.auc), num(a.metrics.train.ks), num(a.metrics.train.gini), a.metrics.train.rows, a.metrics.train.bads],
  ...(a.metrics.test ? [['Test', num(a.metrics.test.auc), num(a.metrics.test.ks), num(a.metrics.test.gini), a.metrics.test.rows, a.metrics.test.bads]] : []),
])}
<h2>Scorecard</h2>
<p>Base points ${num(a.scaling.basePoints, 2)} plus the points of each characteristic's bin.</p>
${table(['Characteristic', 'Bin', 'Rows', 'Bad rate', 'WOE', 'Points'], a.scorecardTable.map((r) => [r.variable, r.label, r.count, pct(r.eventRate), num(r.woe), num(r.points, 1)]))}
<h2>Variables</h2>
${table(['Variable', 'Type', 'IV', 'Band', 'In the card', 'Why not'], a.variables.map((v) => [v.name, v.type, num(v.iv), v.ivBand, v.selected ? 'yes' : 'no', v.droppedBecause ?? '']))}
<h2>Logistic regression</h2>
<p>${a.regression.iterations} IRLS iterations, ${a.regression.converged ? 'converged' : '<b>not converged</b>'}; log-likelihood ${num(a.regression.logLikelihood, 3)}, AIC ${num(a.regression.aic, 2)}, BIC ${num(a.regression.bic, 2)}.</p>
${table(['Term', 'Estimate', 'Std. error', 'z', 'p'], [a.regression.intercept, ...a.regression.coefficients].map((c) => [c.name, num(c.estimate), num(c.stdError), num(c.z, 3), num(c.pValue, 4)]))}
<h2>Evaluation</h2>
${evaluation('Train', a.evaluation.train)}
${a.evaluation.test ? evaluation('Test', a.evaluation.test) : ''}
<h2>Binning</h2>
${bins}
<h2>Development score distribution</h2>
<p>The reference of score PSI monitoring.</p>
${table(['Score bin', 'Rows', 'Share'], a.development.scoreCounts.map((c, i) => [i === 0 ? `< ${num(a.development.scoreBreaks[0], 1)}` : i === a.development.scoreBreaks.length ? `≥ ${num(a.development.scoreBreaks[i - 1], 1)}` : `[${num(a.development.scoreBreaks[i - 1], 1)}, ${num(a.development.scoreBreaks[i], 1)})`, c, pct(c / devTotal)]))}
<h2>Selection log</h2>
<ol>${a.selectionLog.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ol>
</body></html>
`;
}
