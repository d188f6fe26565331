import { http } from './client.ts';
import type { HttpClient, Query } from './http-client.ts';
import type {
  AlertCategoryListResponse,
  AlertChangedResponse,
  AlertDetail,
  AlertDisposedResponse,
  AlertPageResponse,
  AlertQueue,
  AlertQueueListResponse,
  Disposition,
  QueueFilters,
  QueueHandlerListResponse,
  SlaMinutes,
  AssignmentMode,
} from './types.ts';

/** What a queue is made of when created or replaced (`POST`/`PUT /api/v1/alert-queues`). */
export interface QueueBody {
  orgId?: string;
  name: { zh: string; en: string };
  position: number;
  filters: QueueFilters;
  roles: string[];
  assignment: AssignmentMode;
  slaMinutes: SlaMinutes;
  escalateTo: string | null;
  enabled: boolean;
}

/** How alerts of a category merge for an org (`PUT /api/v1/alert-categories/{key}`). */
export interface CategoryBody {
  orgId?: string;
  name: { zh: string; en: string };
  description: string;
  mergeBy: string[];
  windowMinutes: number;
}

const enc = encodeURIComponent;

/** The alert center: search, an alert with its timeline, the handling steps, queues and categories. */
export function alertsApiOf(h: HttpClient) {
  return {
    /** `sort=newest` pages with `cursor`; `sort=urgency` answers one page, most urgent first. */
    search: (query: Query, signal?: AbortSignal) => h.get<AlertPageResponse>('/api/v1/alerts', { query, signal }),
    get: (id: string) => h.get<AlertDetail>(`/api/v1/alerts/${enc(id)}`),
    claim: (id: string) => h.post<AlertChangedResponse>(`/api/v1/alerts/${enc(id)}/claim`),
    release: (id: string) => h.post<AlertChangedResponse>(`/api/v1/alerts/${enc(id)}/release`),
    assign: (id: string, assignee: string, note?: string) => h.post<AlertChangedResponse>(`/api/v1/alerts/${enc(id)}/assign`, { assignee, ...(note ? { note } : {}) }),
    note: (id: string, text: string) => h.post<AlertChangedResponse>(`/api/v1/alerts/${enc(id)}/notes`, { text }),
    dispose: (id: string, disposition: Disposition, note?: string) => h.post<AlertDisposedResponse>(`/api/v1/alerts/${enc(id)}/disposition`, { disposition, ...(note ? { note } : {}) }),
    reopen: (id: string, note?: string) => h.post<AlertChangedResponse>(`/api/v1/alerts/${enc(id)}/reopen`, note ? { note } : {}),

    queues: (org?: string) => h.get<AlertQueueListResponse>('/api/v1/alert-queues', { query: { org } }),
    handlers: (queueId: string) => h.get<QueueHandlerListResponse>(`/api/v1/alert-queues/${enc(queueId)}/handlers`),
    createQueue: (b: QueueBody) => h.post<AlertQueue>('/api/v1/alert-queues', b),
    replaceQueue: (id: string, b: QueueBody) => h.put<AlertQueue>(`/api/v1/alert-queues/${enc(id)}`, b),
    deleteQueue: (id: string) => h.delete<void>(`/api/v1/alert-queues/${enc(id)}`),

    categories: (org?: string) => h.get<AlertCategoryListResponse>('/api/v1/alert-categories', { query: { org } }),
    setCategory: (key: string, b: CategoryBody) => h.put<void>(`/api/v1/alert-categories/${enc(key)}`, b),
    removeCategory: (key: string, org?: string) => h.delete<void>(`/api/v1/alert-categories/${enc(key)}`, { query: { org } }),
  };
}

export const alertsApi = alertsApiOf(http);
