import type { AlertStatus, SlaState } from '../../../api/types.ts';

/** The server's own threshold: an alert is due soon in the last 15 minutes before its due time. */
export const DUE_SOON_MS = 15 * 60_000;

export type SlaShown = 'ok' | 'due_soon' | 'breached';

export const SLA_COLORS: Record<SlaShown, string> = { ok: 'green', due_soon: 'orange', breached: 'red' };

/** A live countdown to an alert's due time, as the SLA indicator shows it. */
export interface Countdown {
  state: SlaShown;
  /** Past the due time: the clock counts how long ago. */
  overdue: boolean;
  /** Whole days, shown before the clock when there are any. */
  days: number;
  /** Hours, minutes and seconds: `H:MM:SS`, or `MM:SS` under an hour. */
  clock: string;
  remainingMs: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A span as days and a clock: 3_725_000 → `{days: 0, clock: '1:02:05'}`; 65_000 → `01:05`. */
export function formatSpan(ms: number): { days: number; clock: string } {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return { days, clock: h || days ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}` };
}

/**
 * The countdown of an alert at `now`, or null when it has no SLA (no due time, or closed). The
 * state is the worse of the server's (`sla`, as of its answer) and the clock's: the indicator turns
 * orange and then red on time between two refreshes, and never looks better than the server says.
 *
 * @example slaCountdown('2026-01-01T10:00:00Z', 'ok', 'assigned', Date.parse('2026-01-01T09:50:00Z')) // {state: 'due_soon', clock: '10:00', …}
 */
export function slaCountdown(dueAt: string | null, server: SlaState, status: AlertStatus, now: number): Countdown | null {
  if (!dueAt || status === 'closed') return null;
  const remainingMs = Date.parse(dueAt) - now;
  if (Number.isNaN(remainingMs)) return null;
  const clockState: SlaShown = remainingMs <= 0 ? 'breached' : remainingMs <= DUE_SOON_MS ? 'due_soon' : 'ok';
  const order: SlaShown[] = ['ok', 'due_soon', 'breached'];
  const state = order[Math.max(order.indexOf(clockState), server ? order.indexOf(server) : 0)]!;
  return { state, overdue: remainingMs <= 0, remainingMs, ...formatSpan(remainingMs) };
}
