import { http } from './client.ts';
import type { HttpClient } from './http-client.ts';
import type {
  AddEntriesResult,
  CreateListRequest,
  EventType,
  EventTypeListResponse,
  EventTypeUsage,
  ExpireEntriesResult,
  ListCollectionResponse,
  ListEntryInput,
  ListEntryPage,
  ListImportResult,
  PatchListRequest,
  RemoveEntriesResult,
  RiskList,
} from './types.ts';

export interface EntryPageQuery {
  limit: number;
  offset: number;
  search?: string;
  includeExpired?: boolean;
}

const enc = encodeURIComponent;

/** The event-type catalogue and the lists, as the console uses them. */
export function catalogApiOf(client: HttpClient) {
  return {
    eventTypes: {
      list: () => client.get<EventTypeListResponse>('/api/v1/event-types'),
      get: (key: string) => client.get<EventType>(`/api/v1/event-types/${enc(key)}`),
      usage: (key: string) => client.get<EventTypeUsage>(`/api/v1/event-types/${enc(key)}/usage`),
      create: (def: EventType) => client.post<EventType>('/api/v1/event-types', def),
      replace: (key: string, def: EventType) => client.put<EventType>(`/api/v1/event-types/${enc(key)}`, def),
      remove: (key: string) => client.delete<void>(`/api/v1/event-types/${enc(key)}`),
    },
    lists: {
      list: (query: { org?: string }) => client.get<ListCollectionResponse>('/api/v1/lists', { query }),
      get: (id: string) => client.get<RiskList>(`/api/v1/lists/${enc(id)}`),
      create: (body: CreateListRequest) => client.post<RiskList>('/api/v1/lists', body),
      update: (id: string, body: PatchListRequest) => client.patch<RiskList>(`/api/v1/lists/${enc(id)}`, body),
      remove: (id: string) => client.delete<void>(`/api/v1/lists/${enc(id)}`),
      entries: (id: string, query: EntryPageQuery) => client.get<ListEntryPage>(`/api/v1/lists/${enc(id)}/entries`, { query: { ...query } }),
      addEntries: (id: string, entries: ListEntryInput[]) => client.post<AddEntriesResult>(`/api/v1/lists/${enc(id)}/entries`, { entries }),
      expireEntries: (id: string, refs: string[]) => client.post<ExpireEntriesResult>(`/api/v1/lists/${enc(id)}/entries/expire`, { refs }),
      removeEntries: (id: string, refs: string[]) => client.post<RemoveEntriesResult>(`/api/v1/lists/${enc(id)}/entries/delete`, { refs }),
      importCsv: (id: string, csv: string) => client.post<ListImportResult>(`/api/v1/lists/${enc(id)}/import`, csv, { contentType: 'text/csv' }),
      /** The CSV export as text (`list.export`; card numbers masked by the server). */
      exportCsv: (id: string) => client.get<string>(`/api/v1/lists/${enc(id)}/export`),
    },
  };
}

export const catalogApi = catalogApiOf(http);
