import type { AlertLevel, AlertTimelineEntry, Disposition } from '../../../api/types.ts';
import { isDisposition, isLevel } from './alert-model.ts';

/** Timeline entries the console knows how to tell; anything else is shown with its raw details. */
export const KNOWN_KINDS = ['contribution', 'routed', 'assigned', 'claimed', 'released', 'reassigned', 'note', 'disposed', 'sla_breached', 'reopened', 'action'] as const;
export type KnownKind = (typeof KNOWN_KINDS)[number];

/** One contribution: a decision (or a report, a batch rule …) that joined the alert. */
export interface ContributionView {
  source: string;
  level: AlertLevel | null;
  decisionId: string | null;
  eventType: string | null;
  eventId: string | null;
  ruleIds: string[];
  amount: number | null;
  note: string | null;
}

/** A timeline entry ready to show: its kind, dot colour and the details it carries, typed. */
export type TimelineView = {
  key: string;
  at: string;
  /** A username, `system`, `api_key:<name>`, or none (a contribution). */
  actor: string | null;
  color: string;
} & (
  | { kind: 'contribution'; contribution: ContributionView }
  | { kind: 'routed'; queueId: string | null }
  | { kind: 'assigned'; assignee: string | null; mode: string | null; note: string | null }
  | { kind: 'claimed' }
  | { kind: 'released'; from: string | null }
  | { kind: 'reassigned'; from: string | null; assignee: string | null; note: string | null }
  | { kind: 'note'; text: string }
  | { kind: 'disposed'; disposition: Disposition | null; rawDisposition: string | null; note: string | null }
  | { kind: 'sla_breached'; dueAt: string | null; escalationLevel: number | null; fromQueue: string | null; toQueue: string | null; assignee: string | null }
  | { kind: 'reopened'; note: string | null }
  | { kind: 'action'; actionId: string | null; type: string; actionKind: string | null; source: string | null; status: string | null; attempts: number | null; lastError: string | null }
  | { kind: 'other'; rawKind: string; fields: Array<{ name: string; value: string }> }
);

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A detail value as one line of text (objects as compact JSON). */
export function detailText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

const COLORS: Record<KnownKind | 'other', string> = {
  contribution: 'blue',
  routed: 'gray',
  assigned: 'purple',
  claimed: 'purple',
  released: 'gray',
  reassigned: 'purple',
  note: 'cyan',
  disposed: 'green',
  sla_breached: 'red',
  reopened: 'orange',
  action: 'geekblue',
  other: 'gray',
};

/** A contribution's dot takes its level's colour: where the alert rose is visible at a glance. */
const LEVEL_DOT: Record<AlertLevel, string> = { low: 'blue', medium: 'gold', high: 'orange', critical: 'red' };

/** The entry of the API as the timeline shows it; an entry of a kind added later keeps every detail. */
export function timelineView(e: AlertTimelineEntry, index: number): TimelineView {
  const d = (e.details ?? {}) as Record<string, unknown>;
  const base = { key: `${index}-${e.kind}-${e.at}`, at: e.at, actor: e.actor };
  const kind = (KNOWN_KINDS as readonly string[]).includes(e.kind) ? (e.kind as KnownKind) : 'other';
  const color = COLORS[kind];
  switch (kind) {
    case 'contribution': {
      const level = str(d.level);
      const c: ContributionView = {
        source: str(d.source) ?? 'decision',
        level: level && isLevel(level) ? level : null,
        decisionId: str(d.decisionId),
        eventType: str(d.eventType),
        eventId: str(d.eventId),
        ruleIds: strings(d.ruleIds),
        amount: num(d.amount),
        note: str(d.note),
      };
      return { ...base, kind, color: c.level ? LEVEL_DOT[c.level] : color, contribution: c };
    }
    case 'routed':
      return { ...base, kind, color, queueId: str(d.queueId) };
    case 'assigned':
      return { ...base, kind, color, assignee: str(d.assignee), mode: str(d.mode), note: str(d.note) };
    case 'claimed':
      return { ...base, kind, color };
    case 'released':
      return { ...base, kind, color, from: str(d.from) };
    case 'reassigned':
      return { ...base, kind, color, from: str(d.from), assignee: str(d.assignee), note: str(d.note) };
    case 'note':
      return { ...base, kind, color, text: str(d.text) ?? '' };
    case 'disposed': {
      const raw = str(d.disposition);
      return { ...base, kind, color: raw === 'confirmed_fraud' ? 'red' : color, disposition: raw && isDisposition(raw) ? raw : null, rawDisposition: raw, note: str(d.note) };
    }
    case 'sla_breached':
      return { ...base, kind, color, dueAt: str(d.dueAt), escalationLevel: num(d.escalationLevel), fromQueue: str(d.from), toQueue: str(d.to), assignee: str(d.assignee) };
    case 'reopened':
      return { ...base, kind, color, note: str(d.note) };
    case 'action': {
      const status = str(d.status);
      return { ...base, kind, color: status === 'failed' ? 'red' : color, actionId: str(d.actionId), type: str(d.type) ?? 'action', actionKind: str(d.kind), source: str(d.source), status, attempts: num(d.attempts), lastError: str(d.lastError) };
    }
    default:
      return { ...base, kind: 'other', color, rawKind: e.kind, fields: Object.entries(d).map(([name, value]) => ({ name, value: detailText(value) })) };
  }
}

/** How many contributions (events) the timeline holds, and the levels they brought. */
export function contributionSummary(views: readonly TimelineView[]): { count: number; levels: Partial<Record<AlertLevel, number>> } {
  const levels: Partial<Record<AlertLevel, number>> = {};
  let count = 0;
  for (const v of views) {
    if (v.kind !== 'contribution') continue;
    count++;
    if (v.contribution.level) levels[v.contribution.level] = (levels[v.contribution.level] ?? 0) + 1;
  }
  return { count, levels };
}
