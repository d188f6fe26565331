import { readFileSync } from 'node:fs';
import path from 'node:path';
import { csvRecords } from '@vigil/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_NAMES, LABELS_HEADER, REPORTS_HEADER, Simulation, writeSimulation, type SimulationSummary } from '../src/index.ts';
import { MODEST, tempDir } from './helpers.ts';

const tmp = tempDir();
let summary: SimulationSummary;
let events: Array<{ eventType: string; eventId: string; occurredAt: string; data: Record<string, unknown> }>;
let labels: string[][];
let reports: string[][];

/** Rows of a CSV file as the labels import reads them (the engine's RFC 4180 reader). */
function csv(file: string): string[][] {
  const rows: string[][] = [];
  for (const rec of csvRecords(readFileSync(file, 'utf8'))) {
    expect(rec.error).toBeUndefined();
    if (rec.fields.length === 1 && rec.fields[0] === '') continue;
    rows.push(rec.fields);
  }
  return rows;
}

beforeAll(async () => {
  summary = await writeSimulation(new Simulation(MODEST), tmp.dir);
  events = readFileSync(path.join(tmp.dir, FILE_NAMES.events), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  labels = csv(path.join(tmp.dir, FILE_NAMES.labels));
  reports = csv(path.join(tmp.dir, FILE_NAMES.reports));
});
afterAll(() => tmp.cleanup());

describe('output files', () => {
  it('writes one bulk-intake line per event, nothing else in it', () => {
    expect(events).toHaveLength(summary.events);
    for (const e of events) {
      expect(Object.keys(e)).toEqual(['eventType', 'eventId', 'occurredAt', 'data']);
      expect(e.data).not.toHaveProperty('label');
    }
  });

  it('writes ground truth for every event', () => {
    expect(labels[0]!.join(',')).toBe(LABELS_HEADER);
    const rows = labels.slice(1);
    expect(rows).toHaveLength(events.length);
    rows.forEach((row, i) => {
      const [eventType, eventId, org, label, amount, source, typology] = row;
      const e = events[i]!;
      expect([eventType, eventId, org]).toEqual([e.eventType, e.eventId, e.data.org]);
      expect(label).toBe(typology === '' ? 'genuine' : 'fraud');
      expect(source).toBe('simulator');
      const a = e.data.amount ?? e.data.coupon_value;
      expect(amount).toBe(a === undefined ? '' : String(a));
    });
    const fraud = rows.filter((r) => r[3] === 'fraud').length;
    expect(fraud).toBe(summary.fraudEvents);
  });

  it('feeds only fraud events to the report feed, later than they happened, in report order', () => {
    expect(reports[0]!.join(',')).toBe(REPORTS_HEADER);
    const truth = new Map(labels.slice(1).map((r) => [r[1]!, r]));
    const when = new Map(events.map((e) => [e.eventId, Date.parse(e.occurredAt)]));
    const rows = reports.slice(1);
    expect(rows.length).toBe(summary.reportedFraudEvents);
    let prev = -Infinity;
    for (const [eventType, eventId, org, label, amount, source, reportedAt] of rows) {
      const t = truth.get(eventId!)!;
      expect(t, eventId).toBeDefined();
      expect(t[6]).not.toBe('');
      expect([eventType, org, amount]).toEqual([t[0], t[2], t[4]]);
      expect(label).toBe('fraud');
      expect(['chargeback', 'customer_report', 'police_notice', 'campaign_audit', 'security_investigation']).toContain(source);
      const at = Date.parse(reportedAt!);
      expect(at).toBeGreaterThanOrEqual(when.get(eventId!)!);
      expect(at).toBeGreaterThanOrEqual(prev);
      prev = at;
    }
  });

  it('reports most fraud, but not all of it', () => {
    const share = summary.reportedFraudEvents / summary.fraudEvents;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(1);
  });

  it('imports as labels under the rules of POST /api/v1/labels', () => {
    // The import reads eventType, eventId, org, label, amount and source by name and ignores other columns.
    const header = reports[0]!;
    for (const col of ['eventType', 'eventId', 'org', 'label', 'amount', 'source']) expect(header).toContain(col);
    expect(header.slice(0, 6).join(',')).toBe('eventType,eventId,org,label,amount,source');
    for (const row of [...reports.slice(1), ...labels.slice(1)]) {
      const o = Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']));
      expect(o.eventId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      expect(['fraud', 'genuine']).toContain(o.label);
      if (o.amount !== '') expect(Number(o.amount)).toBeGreaterThanOrEqual(0);
      expect(o.source!.length).toBeLessThanOrEqual(64);
    }
  });

  it('summarises events per type and per typology', () => {
    expect(Object.values(summary.byEventType).reduce((a, b) => a + b, 0)).toBe(summary.events);
    expect(Object.values(summary.byTypology).reduce((a, b) => a + b, 0)).toBe(summary.events);
    expect(summary.byTypology.legitimate).toBe(summary.events - summary.fraudEvents);
  });
});
