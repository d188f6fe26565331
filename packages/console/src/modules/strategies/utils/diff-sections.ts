import type { StrategyPackageDiff } from '../../../api/types.ts';

/** The kinds of item a diff compares one by one, in the order a reviewer reads them. */
export const DIFF_SECTIONS = ['rules', 'ruleSets', 'flow', 'variables', 'features', 'models', 'dataSources', 'tables', 'outcomeActions', 'testCases'] as const;
export type DiffSection = (typeof DIFF_SECTIONS)[number];

export interface DiffRow {
  key: string;
  change: 'added' | 'removed' | 'changed';
  /** The item's id, name or outcome. */
  id: string;
  /** Field changes of a changed item; the whole item of an added or removed one. */
  fields: Array<{ path: string; before?: unknown; after?: unknown }>;
  /** Rule-set members added and removed, reordering, a feature's new state. */
  notes: string[];
}

/** An added or removed item's name: rules and stages by id, variables, features and cases by name, outcome actions by outcome. */
export function itemId(item: unknown): string {
  if (!item || typeof item !== 'object') return String(item);
  const o = item as Record<string, unknown>;
  for (const k of ['id', 'name', 'outcome']) if (typeof o[k] === 'string') return o[k] as string;
  return JSON.stringify(item).slice(0, 60);
}

/** A changed value as one short line (JSON for structures). */
export function valueText(v: unknown, max = 200): string {
  if (v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** One section of a structured diff as table rows: added, then removed, then changed items. */
export function diffRows(diff: StrategyPackageDiff, section: DiffSection): DiffRow[] {
  const c = diff[section];
  const rows: DiffRow[] = [];
  for (const item of c.added) rows.push({ key: `+${itemId(item)}`, change: 'added', id: itemId(item), fields: [{ path: '', after: item }], notes: [] });
  for (const item of c.removed) rows.push({ key: `-${itemId(item)}`, change: 'removed', id: itemId(item), fields: [{ path: '', before: item }], notes: [] });
  for (const ch of c.changed) {
    const notes: string[] = [];
    if (ch.membersAdded?.length) notes.push(`+ ${ch.membersAdded.join(', ')}`);
    if (ch.membersRemoved?.length) notes.push(`− ${ch.membersRemoved.join(', ')}`);
    rows.push({ key: `~${ch.id}`, change: 'changed', id: ch.id, fields: ch.changes, notes });
  }
  return rows;
}

/** How many changes a section holds (for its badge). */
export function sectionCount(diff: StrategyPackageDiff, section: DiffSection): number {
  const c = diff[section];
  return c.added.length + c.removed.length + c.changed.length + (c.reordered ? 1 : 0);
}
