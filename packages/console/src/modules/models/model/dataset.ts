import type { DatasetColumn } from '../../../api/types.ts';

/** A dataset's default name: its file's name without the extension. */
export function datasetName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  return (base.replace(/\.[^.]+$/, '') || base).slice(0, 200);
}

/** Columns that can be a binary target: two to twenty distinct values, ones with exactly two first. */
export function targetChoices(columns: readonly DatasetColumn[]): DatasetColumn[] {
  return columns.filter((c) => c.type !== 'date' && c.distinct >= 2 && c.distinct <= 20).sort((a, b) => Number(b.distinct === 2) - Number(a.distinct === 2));
}

/** The target value that most likely means "bad": a conventional name, else the rarer one. */
export function guessBad(column: DatasetColumn | undefined): string | undefined {
  const top = column?.top ?? [];
  const named = top.find((v) => /^(bad|1|yes|true|default|defaulted|fraud|y)$/i.test(v.value));
  if (named) return named.value;
  return [...top].sort((a, b) => a.count - b.count)[0]?.value;
}

/** The columns a scorecard may use: all but the target and dates. */
export function candidateVariables(columns: readonly DatasetColumn[], target: string | undefined): DatasetColumn[] {
  return columns.filter((c) => c.name !== target && c.type !== 'date');
}

/** A column's most frequent values as one line (`A11 274 · A12 269`). */
export function topText(column: Pick<DatasetColumn, 'top'>, max = 5): string {
  return (column.top ?? [])
    .slice(0, max)
    .map((v) => `${v.value} ${v.count}`)
    .join(' · ');
}

/** The column most likely the target: a two-valued one named like a target, else the last two-valued one. */
export function guessTarget(columns: readonly DatasetColumn[]): string | undefined {
  const binary = columns.filter((c) => c.type !== 'date' && c.distinct === 2);
  const named = binary.find((c) => /^(target|label|y|bad|default|defaulted|class|outcome|creditability|credit_risk|risk|fraud|is_fraud|is_bad)$/i.test(c.name));
  return (named ?? binary[binary.length - 1])?.name;
}

/** A quantile map as one short line, in the order of its percentiles (`p5 1 · p50 12 · p95 48`). */
export function quantilesText(q: Record<string, number> | undefined, format: (v: number) => string = String): string {
  if (!q) return '';
  const rank = (k: string) => {
    const n = Number(k.replace(/^[pq]/i, ''));
    return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
  };
  return Object.entries(q)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${format(v)}`)
    .join(' · ');
}
