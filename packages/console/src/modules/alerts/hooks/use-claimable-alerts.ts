import { useQueries } from '@tanstack/react-query';
import { alertsApi } from '../../../api/alerts-api.ts';
import { useDocumentVisible } from '../../monitoring/hooks/use-document-visible.ts';
import { compareUrgency } from '../utils/alert-model.ts';
import { LIVE_REFRESH_MS } from './use-live-alerts.ts';

/** Most urgent open alerts read per queue (the API allows 500; a desk with more works from the top). */
const PER_QUEUE = 100;

/** The open alerts of the queues the user serves, merged most urgent first: what they may claim. */
export function useClaimableAlerts(queueIds: readonly string[], enabled: boolean) {
  const visible = useDocumentVisible();
  return useQueries({
    queries: queueIds.map((queue) => {
      const query = { queue, status: 'open', sort: 'urgency', limit: PER_QUEUE };
      return {
        queryKey: ['alerts', 'list', query],
        queryFn: ({ signal }: { signal: AbortSignal }) => alertsApi.search(query, signal),
        enabled,
        refetchInterval: visible ? LIVE_REFRESH_MS : (false as const),
        refetchIntervalInBackground: false,
        staleTime: 5_000,
      };
    }),
    combine: (results) => ({
      items: results.flatMap((r) => r.data?.items ?? []).sort(compareUrgency),
      isLoading: results.some((r) => r.isLoading),
      isFetching: results.some((r) => r.isFetching),
      error: results.find((r) => r.error)?.error ?? null,
      dataUpdatedAt: Math.max(0, ...results.map((r) => r.dataUpdatedAt)),
    }),
  });
}
