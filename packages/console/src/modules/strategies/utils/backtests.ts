/** How often a queued or running backtest is polled for progress. */
export const BACKTEST_POLL_MS = 1000;

/** Whether any run still moves (queued or running): the list polls only then. */
export function backtestListActive(runs: ReadonlyArray<{ status: string }>): boolean {
  return runs.some((r) => r.status === 'queued' || r.status === 'running');
}

/** The content type of an uploaded events file: CSV by its name or a header line, NDJSON otherwise. */
export function uploadContentType(name: string, text: string): 'text/csv' | 'application/x-ndjson' {
  if (/\.csv$/i.test(name)) return 'text/csv';
  if (/\.(ndjson|jsonl|json)$/i.test(name)) return 'application/x-ndjson';
  return text.trimStart().startsWith('{') ? 'application/x-ndjson' : 'text/csv';
}

/** Ids of a comparison from `?ids=a,b`: distinct, non-empty, in order. */
export function compareIds(param: string | null): string[] {
  return [...new Set((param ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
}
