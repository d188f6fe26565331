import type { ModelEvent } from '../../../api/types.ts';

/** The actions of a model's history that have a message of their own. */
export const EVENT_ACTIONS = ['created', 'updated', 'version_registered', 'status_changed', 'champion_changed', 'deployed', 'monitoring_changed', 'monitoring_alert'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

export function isEventAction(a: string): a is EventAction {
  return (EVENT_ACTIONS as readonly string[]).includes(a);
}

const COLORS: Record<EventAction, string> = {
  created: 'blue',
  updated: 'gray',
  version_registered: 'blue',
  status_changed: 'green',
  champion_changed: 'green',
  deployed: 'purple',
  monitoring_changed: 'gray',
  monitoring_alert: 'red',
};

export function eventColor(action: string): string {
  return isEventAction(action) ? COLORS[action] : 'gray';
}

/** A model's history newest first. */
export function eventsNewestFirst(events: readonly ModelEvent[]): ModelEvent[] {
  return [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** The few details of an event worth a line (status moves, champion choices, a deployment's target). */
export function eventDetails(e: Pick<ModelEvent, 'details'>): Array<[string, string]> {
  const d = e.details;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return [];
  return Object.entries(d as Record<string, unknown>)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 8)
    .map(([k, v]) => [k, v === null ? '—' : String(v)]);
}
