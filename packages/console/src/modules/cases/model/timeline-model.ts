import type { CaseTimelineEntry } from '../../../api/types.ts';
import { actorName } from './case-workflow.ts';

/** Timeline entry kinds the console words (docs/api.md "Search, timeline and report"); others show their kind. */
export const TIMELINE_KINDS = [
  'created',
  'updated',
  'transition',
  'member_added',
  'member_removed',
  'task_added',
  'task_updated',
  'task_completed',
  'task_removed',
  'note_added',
  'attachment_added',
  'evidence_added',
  'evidence_removed',
  'link_added',
  'conclusion_proposed',
  'conclusion_approved',
  'conclusion_rejected',
  'labels_recorded',
  'merged_in',
  'merged_out',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export function isTimelineKind(kind: string): kind is TimelineKind {
  return (TIMELINE_KINDS as readonly string[]).includes(kind);
}

type Bilingual = { zh?: unknown; en?: unknown };
const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
const nameOf = (v: unknown, lang: 'zh' | 'en'): string => {
  if (v && typeof v === 'object') return str((v as Bilingual)[lang] ?? (v as Bilingual).en);
  return str(v);
};

/**
 * The words of one timeline entry: the message parameters of its kind (filled into
 * `cases.timeline.text.<kind>`), and the free text someone wrote with it (a transition's or a
 * review's note, a note's excerpt, a conclusion's summary), shown beneath.
 */
export interface EntryText {
  params: Record<string, string>;
  /** Free text written by a person, shown as it is. */
  quote?: string;
}

export function entryText(e: CaseTimelineEntry, lang: 'zh' | 'en'): EntryText {
  const d = e.details as Record<string, unknown>;
  switch (e.kind) {
    case 'created':
      return { params: { number: str(d.number), title: str(d.title), source: str(d.source), subject: str((d.subject as { display?: unknown } | undefined)?.display) } };
    case 'updated':
      if (d.reason === 'case_rule') return { params: { fields: str(d.rule) }, quote: d.alertId ? `${str(d.alertId)} · ${str(d.disposition)}` : undefined };
      return { params: { fields: Object.keys((d.after as Record<string, unknown> | undefined) ?? {}).join(', ') } };
    case 'transition':
      return { params: { name: nameOf(d.name, lang) || str(d.transition), from: str(d.from), to: str(d.to) }, quote: str(d.note) || undefined };
    case 'member_added':
      return { params: { username: str(d.username), lead: d.lead ? '★' : '' } };
    case 'member_removed':
      return { params: { username: str(d.username) } };
    case 'task_added':
    case 'task_completed':
    case 'task_removed':
      return { params: { title: str(d.title), assignee: str(d.assignee) } };
    case 'task_updated': {
      const { taskId: _id, ...fields } = d;
      return { params: { title: str(d.title), fields: Object.keys(fields).join(', ') } };
    }
    case 'note_added':
      return { params: {}, quote: str(d.excerpt) };
    case 'attachment_added':
      return { params: { fileName: str(d.fileName), size: str(d.size) } };
    case 'evidence_added':
    case 'evidence_removed':
      return { params: { kind: str(d.kind) }, quote: str(d.description) || undefined };
    case 'link_added':
      return { params: { kind: str(d.kind), display: str(d.display) } };
    case 'conclusion_proposed':
      return { params: { outcome: str(d.outcome), loss: str(d.lossAmount), typology: str(d.typology) }, quote: str(d.summary) || undefined };
    case 'conclusion_approved':
    case 'conclusion_rejected':
      return { params: { outcome: str(d.outcome), proposedBy: actorName(str(d.proposedBy)) }, quote: str(d.note) || undefined };
    case 'labels_recorded':
      return { params: { events: str(d.events ?? 0), subject: d.subject ? '✓' : '—' } };
    case 'merged_in':
      return { params: { number: str(d.number), events: str(d.events ?? 0) } };
    case 'merged_out':
      return { params: { number: str(d.number) } };
    default:
      return { params: {}, quote: Object.keys(d).length ? JSON.stringify(d) : undefined };
  }
}

/**
 * Reads a whole timeline through its cursor pages (a merged case's history can be long), up to a
 * safety bound of pages.
 */
export async function readWholeTimeline(page: (cursor?: string) => Promise<{ items: CaseTimelineEntry[]; nextCursor: string | null }>, maxPages = 20): Promise<{ items: CaseTimelineEntry[]; complete: boolean }> {
  const items: CaseTimelineEntry[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const p = await page(cursor);
    items.push(...p.items);
    if (!p.nextCursor) return { items, complete: true };
    cursor = p.nextCursor;
  }
  return { items, complete: false };
}
