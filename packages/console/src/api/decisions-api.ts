import { http } from './client.ts';
import { withQuery, type Query } from './http-client.ts';
import type { DecisionDetail, DecisionPage, EntityKind, EntityView } from './types.ts';

/** The decision log and the entity view (`decision.read`; the export needs `decision.export`). */
export const decisionsApi = {
  /** One page of the log, newest first; `cursor` is the previous page's `nextCursor`. */
  search: (query: Query, signal?: AbortSignal) => http.get<DecisionPage>('/api/v1/decisions', { query, signal }),
  get: (id: string) => http.get<DecisionDetail>(`/api/v1/decisions/${encodeURIComponent(id)}`),
  /** Where the browser downloads the CSV of a search (a plain GET with the session cookie). */
  exportUrl: (query: Query) => withQuery('/api/v1/decisions/export', query),
  /** In the body, not the URL: a card number typed by the user never reaches an access log. */
  entity: (type: EntityKind, value: string, org?: string) => http.post<EntityView>('/api/v1/entities/lookup', { type, value, ...(org ? { org } : {}) }),
};

/** What the search's event-type picker reads of the catalogue (`event_type.read`). */
export interface EventTypeChoice {
  key: string;
  name: { zh: string; en: string };
}

export const eventTypeChoices = () => http.get<{ items: EventTypeChoice[] }>('/api/v1/event-types').then((r) => r.items.map(({ key, name }) => ({ key, name })));
