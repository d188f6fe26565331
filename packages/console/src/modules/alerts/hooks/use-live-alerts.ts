import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { alertsApi } from '../../../api/alerts-api.ts';
import type { Query } from '../../../api/http-client.ts';
import { useDocumentVisible } from '../../monitoring/hooks/use-document-visible.ts';

/** How often the queues refresh themselves while shown. */
export const LIVE_REFRESH_MS = 15_000;

/** Alerts of a query, refreshed every {@link LIVE_REFRESH_MS} while the tab is shown (paused while hidden). */
export function useLiveAlerts(query: Query, enabled = true) {
  const visible = useDocumentVisible();
  return useQuery({
    queryKey: ['alerts', 'list', query],
    queryFn: ({ signal }) => alertsApi.search(query, signal),
    enabled,
    placeholderData: keepPreviousData,
    refetchInterval: visible ? LIVE_REFRESH_MS : false,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
}
