import type { StageTrace } from '../../api/types.ts';

/** One bar of the trace waterfall: where the stage started and how long it ran, in ms. */
export interface WaterfallRow {
  id: string;
  type: string;
  outcome?: string;
  hits: string[];
  errors: StageTrace['errors'];
  skipped: boolean;
  /** What the stage produced (score, model contributions, branch target, data-source result, table cell). */
  output?: unknown;
  startMs: number;
  durationMs: number;
  /** Share of the whole flow's time, for the bar's offset and width (0–1). */
  offset: number;
  width: number;
}

/** Stages run one after another: each starts where the previous ended. */
export function waterfall(stages: readonly StageTrace[]): { rows: WaterfallRow[]; totalMs: number } {
  const totalMicros = stages.reduce((n, s) => n + Math.max(0, s.micros || 0), 0);
  let at = 0;
  const rows = stages.map((s) => {
    const micros = Math.max(0, s.micros || 0);
    const row: WaterfallRow = {
      id: s.id,
      type: s.type,
      outcome: s.outcome,
      hits: s.hits,
      errors: s.errors,
      skipped: !!s.skipped,
      ...(s.output !== undefined ? { output: s.output } : {}),
      startMs: at / 1000,
      durationMs: micros / 1000,
      offset: totalMicros ? at / totalMicros : 0,
      width: totalMicros ? micros / totalMicros : 0,
    };
    at += micros;
    return row;
  });
  return { rows, totalMs: totalMicros / 1000 };
}

/** The stage each rule fired in (a rule id, or `list:<key>` for a list stage's hit). */
export function hitStages(stages: readonly StageTrace[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of stages) for (const h of s.hits) if (!m.has(h)) m.set(h, s.id);
  return m;
}

/** A trace value for a table cell: numbers rounded, objects as compact JSON. */
export function formatTraceValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 10_000) / 10_000);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The text of a reason: stored as one language at decision time, or as `{zh, en}`. */
export function reasonText(text: unknown, locale: string): string {
  if (typeof text === 'string') return text;
  if (text && typeof text === 'object') {
    const t = text as { zh?: unknown; en?: unknown };
    const v = locale === 'zh-CN' ? (t.zh ?? t.en) : (t.en ?? t.zh);
    if (typeof v === 'string') return v;
  }
  return '';
}
