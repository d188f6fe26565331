import type { Bin, IvBandName, ModelMetrics, VariableDecision } from './artefact-types.ts';

export const IV_BANDS: readonly IvBandName[] = ['useless', 'weak', 'medium', 'strong', 'suspicious'];
export const IV_BAND_COLORS: Record<IvBandName, string> = { useless: 'default', weak: 'orange', medium: 'blue', strong: 'green', suspicious: 'red' };

/** The reasons a fit gives for leaving a variable out (`droppedBecause`, before any `:`). */
export const DROP_REASONS = ['low_iv', 'correlated', 'vif', 'stepwise', 'not_significant', 'positive_coefficient'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/**
 * Why a variable is not in the scorecard, split into a known reason and its argument
 * (`correlated:age` → the variable kept instead); an unknown reason is returned as it is.
 *
 * @example
 * dropReason({ droppedBecause: 'correlated:age' }) // { reason: 'correlated', arg: 'age' }
 */
export function dropReason(d: Pick<VariableDecision, 'droppedBecause'>): { reason: DropReason; arg: string } | { reason: null; raw: string } | null {
  if (!d.droppedBecause) return null;
  const i = d.droppedBecause.indexOf(':');
  const head = i < 0 ? d.droppedBecause : d.droppedBecause.slice(0, i);
  const arg = i < 0 ? '' : d.droppedBecause.slice(i + 1);
  return (DROP_REASONS as readonly string[]).includes(head) ? { reason: head as DropReason, arg } : { reason: null, raw: d.droppedBecause };
}

/** A statistic to a fixed number of decimals; an empty string for a missing or non-finite value. */
export function fixed(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(digits);
}

/** A p-value as statisticians write it: tiny ones as `< 0.0001`. */
export function pValueText(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '';
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

/** Each bin's share of all rows (0 when nothing was counted). */
export function binShares(bins: readonly Pick<Bin, 'count'>[]): number[] {
  const total = bins.reduce((s, b) => s + b.count, 0);
  return bins.map((b) => (total ? b.count / total : 0));
}

/** The samples of a version's metrics in a fixed order, each with its AUC, KS and Gini. */
export function metricRows(metrics: ModelMetrics | null | undefined): Array<{ sample: 'train' | 'test' | 'oot'; auc: number; ks: number; gini: number; rows?: number; bads?: number }> {
  if (!metrics) return [];
  return (['train', 'test', 'oot'] as const).flatMap((sample) => {
    const m = metrics[sample];
    return m ? [{ sample, ...m }] : [];
  });
}

/** The headline metric of a version: the test sample's when there is one, else the training sample's. */
export function headlineMetrics(metrics: ModelMetrics | null | undefined): { auc: number; ks: number; gini: number } | null {
  return metrics?.test ?? metrics?.oot ?? metrics?.train ?? null;
}

/** Bytes as people read them (binary units). */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * How many table rows each row's first cell spans when runs of equal `key` share one cell: the
 * run's length on its first row, 0 on the others.
 *
 * @example
 * rowSpans(['a', 'a', 'b']) // [2, 0, 1]
 */
export function rowSpans(keys: readonly string[]): number[] {
  return keys.map((k, n) => {
    if (n > 0 && keys[n - 1] === k) return 0;
    let end = n;
    while (end < keys.length && keys[end] === k) end++;
    return end - n;
  });
}

/**
 * Who did something, as people know them: the API records users as `user:<name>` (and API keys
 * as `api_key:…`, kept as they are).
 *
 * @example
 * actorText('user:a.modeller') // 'a.modeller'
 */
export function actorText(actor: string | null | undefined): string {
  if (!actor) return '';
  return actor.startsWith('user:') ? actor.slice('user:'.length) : actor;
}
