/** The decision search's filters a dashboard element leads to. */
export interface DrillDown {
  outcome?: string;
  eventType?: string;
  rule?: string;
  org?: string;
  from: string;
  to: string;
}

const ORDER: ReadonlyArray<keyof DrillDown> = ['outcome', 'eventType', 'rule', 'org', 'from', 'to'];

/**
 * The decision search showing what was clicked, in the URL contract of the decisions page:
 * `/decisions?outcome=reject&eventType=card_auth&rule=R1&org=bank_a&from=<ISO>&to=<ISO>`.
 */
export function decisionsUrl(d: DrillDown): string {
  const params = new URLSearchParams();
  for (const k of ORDER) {
    const v = d[k];
    if (v) params.set(k, v);
  }
  return `/decisions?${params.toString()}`;
}

/** The time span of one bucket, cut to the range asked for (the first and last may stick out). */
export function bucketSpan(at: string, intervalSeconds: number, range: { from: string; to: string }): { from: string; to: string } {
  const start = Date.parse(at);
  const end = start + intervalSeconds * 1000;
  const from = Math.max(start, Date.parse(range.from));
  const to = Math.min(end, Date.parse(range.to));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
