import { EVENT_TYPES, TYPOLOGIES, type SimRecord } from './types.ts';

/** What a run produced: events per type and per typology, fraud reported, time span, speed. */
export interface SimulationSummary {
  events: number;
  byEventType: Record<string, number>;
  /** Per typology, and `legitimate` for unlabelled events. */
  byTypology: Record<string, number>;
  fraudEvents: number;
  /** Fraud events that appear in the delayed fraud-report feed. */
  reportedFraudEvents: number;
  firstAt: string | null;
  lastAt: string | null;
  seconds: number;
  eventsPerSecond: number;
}

/** Counts records as they go by. */
export class SummaryCounter {
  private events = 0;
  private fraud = 0;
  private reported = 0;
  private readonly byType = new Map<string, number>();
  private readonly byTypology = new Map<string, number>();
  private first: string | null = null;
  private last: string | null = null;
  private readonly t0 = performance.now();

  get count(): number {
    return this.events;
  }

  add(r: SimRecord): void {
    this.events++;
    const type = r.event.eventType;
    this.byType.set(type, (this.byType.get(type) ?? 0) + 1);
    const label = r.label ?? 'legitimate';
    this.byTypology.set(label, (this.byTypology.get(label) ?? 0) + 1);
    if (r.label !== null) this.fraud++;
    if (r.reportedAt !== null) this.reported++;
    if (this.first === null) this.first = r.event.occurredAt;
    this.last = r.event.occurredAt;
  }

  summary(): SimulationSummary {
    const seconds = (performance.now() - this.t0) / 1000;
    const byEventType: Record<string, number> = {};
    for (const k of EVENT_TYPES) byEventType[k] = this.byType.get(k) ?? 0;
    const byTypology: Record<string, number> = { legitimate: this.byTypology.get('legitimate') ?? 0 };
    for (const k of TYPOLOGIES) byTypology[k] = this.byTypology.get(k) ?? 0;
    return {
      events: this.events,
      byEventType,
      byTypology,
      fraudEvents: this.fraud,
      reportedFraudEvents: this.reported,
      firstAt: this.first,
      lastAt: this.last,
      seconds,
      eventsPerSecond: seconds > 0 ? Math.round(this.events / seconds) : 0,
    };
  }
}

/** The summary as a short plain-text report (no event data, so no card numbers). */
export function formatSummary(s: SimulationSummary): string {
  const pad = (k: string) => k.padEnd(22);
  const pct = (n: number) => (s.events ? ((100 * n) / s.events).toFixed(2) + ' %' : '-');
  const lines = [`events                ${s.events}   (${s.firstAt ?? '-'} .. ${s.lastAt ?? '-'})`, '', 'per event type'];
  for (const [k, v] of Object.entries(s.byEventType)) lines.push(`  ${pad(k)}${String(v).padStart(10)}`);
  lines.push('', 'per typology');
  for (const [k, v] of Object.entries(s.byTypology)) lines.push(`  ${pad(k)}${String(v).padStart(10)}  ${pct(v).padStart(8)}`);
  lines.push('', `fraud events          ${s.fraudEvents} (${pct(s.fraudEvents)}), reported later: ${s.reportedFraudEvents}`);
  lines.push(`took                  ${s.seconds.toFixed(2)} s (${s.eventsPerSecond} events/s)`);
  return lines.join('\n');
}
