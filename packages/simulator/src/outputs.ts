import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { SummaryCounter, type SimulationSummary } from './summary.ts';
import type { SimRecord } from './types.ts';

/** Ground truth, one row per event. Importable as labels (`label` is fraud or genuine). */
export const LABELS_HEADER = 'eventType,eventId,org,label,amount,source,typology';
/**
 * The delayed fraud-report feed, in `reportedAt` order: only fraud the banks learn of. The first six
 * columns are what `POST /api/v1/labels` imports; `reportedAt` (ignored by the import) says when
 * each row becomes known, so a replay can feed labels in as they would have arrived.
 */
export const REPORTS_HEADER = 'eventType,eventId,org,label,amount,source,reportedAt';

export const FILE_NAMES = { events: 'events.ndjson', labels: 'labels.csv', reports: 'fraud-reports.csv' } as const;

/** A bulk-intake NDJSON line: `{eventType, eventId, occurredAt, data}`, no ground truth. */
export function eventLine(r: SimRecord): string {
  return JSON.stringify(r.event);
}

/** The amount at stake: the transaction amount, or a coupon's value; null for other events. */
export function amountValue(r: SimRecord): number | null {
  const d = r.event.data;
  const a = d.amount ?? d.coupon_value;
  return typeof a === 'number' ? a : null;
}

/** {@link amountValue} as a CSV cell: empty for events without an amount. */
export function amountOf(r: SimRecord): string {
  const a = amountValue(r);
  return a === null ? '' : String(a);
}

function orgOf(r: SimRecord): string {
  return String(r.event.data.org ?? '');
}

export function labelLine(r: SimRecord): string {
  const e = r.event;
  return `${e.eventType},${e.eventId},${orgOf(r)},${r.label === null ? 'genuine' : 'fraud'},${amountOf(r)},simulator,${r.label ?? ''}`;
}

export function reportLine(r: SimRecord): string {
  const e = r.event;
  return `${e.eventType},${e.eventId},${orgOf(r)},fraud,${amountOf(r)},${r.reportSource},${new Date(r.reportedAt!).toISOString()}`;
}

/** Buffers lines and writes them in large chunks, waiting when the stream asks to. */
class ChunkedFile {
  private readonly stream: WriteStream;
  private buf: string[] = [];
  private size = 0;

  private error: Error | null = null;

  constructor(file: string, header?: string) {
    this.stream = createWriteStream(file, { encoding: 'utf8' });
    this.stream.on('error', (e) => (this.error = e));
    if (header !== undefined) this.push(header);
  }

  /** True when the caller should `flush()` before going on. */
  push(line: string): boolean {
    this.buf.push(line);
    this.size += line.length + 1;
    return this.size >= 1 << 20;
  }

  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      if (!this.error) {
        this.stream.end();
        await once(this.stream, 'finish');
      }
    }
    if (this.error) throw this.error;
  }
}

export interface WriteOutputsOptions {
  /** Called with the number of events written so far, every million events. */
  onProgress?: (events: number) => void;
}

/**
 * Writes a simulation to `dir`: `events.ndjson` (the events, exactly as bulk intake takes them),
 * `labels.csv` (ground truth for every event) and `fraud-reports.csv` (the delayed report feed).
 * The reports are held in memory until the end (fraud is a small minority) to be sorted by report time.
 */
export async function writeSimulation(records: Iterable<SimRecord> | AsyncIterable<SimRecord>, dir: string, opts: WriteOutputsOptions = {}): Promise<SimulationSummary> {
  mkdirSync(dir, { recursive: true });
  const events = new ChunkedFile(path.join(dir, FILE_NAMES.events));
  const labels = new ChunkedFile(path.join(dir, FILE_NAMES.labels), LABELS_HEADER);
  const reports: SimRecord[] = [];
  const counter = new SummaryCounter();
  const take = (r: SimRecord): boolean => {
    counter.add(r);
    const full = events.push(eventLine(r));
    if (r.reportedAt !== null) reports.push(r);
    if (opts.onProgress && counter.count % 1_000_000 === 0) opts.onProgress(counter.count);
    return labels.push(labelLine(r)) || full;
  };
  try {
    // A synchronous source is read without a promise per record; only full buffers wait.
    if (Symbol.iterator in records) {
      for (const r of records) if (take(r)) await Promise.all([events.flush(), labels.flush()]);
    } else {
      for await (const r of records) if (take(r)) await Promise.all([events.flush(), labels.flush()]);
    }
  } finally {
    const closed = await Promise.allSettled([events.close(), labels.close()]);
    for (const c of closed) if (c.status === 'rejected') throw c.reason;
  }
  // Stable sort: reports due at the same instant keep the order of their events.
  reports.sort((x, y) => x.reportedAt! - y.reportedAt!);
  const feed = new ChunkedFile(path.join(dir, FILE_NAMES.reports), REPORTS_HEADER);
  for (const r of reports) if (feed.push(reportLine(r))) await feed.flush();
  await feed.close();
  return counter.summary();
}
