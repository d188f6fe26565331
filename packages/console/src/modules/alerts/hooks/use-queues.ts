import { useQuery } from '@tanstack/react-query';
import { alertsApi } from '../../../api/alerts-api.ts';
import { useOrgQuery } from '../../org-scope/hooks/use-org-scope.ts';
import { useDocumentVisible } from '../../monitoring/hooks/use-document-visible.ts';
import { LIVE_REFRESH_MS } from './use-live-alerts.ts';

/** The queues the user sees (of the org chosen in the header, with those inherited), their counts kept live. */
export function useQueues() {
  const visible = useDocumentVisible();
  const { org } = useOrgQuery();
  return useQuery({
    queryKey: ['alert-queues', 'list', org ?? null],
    queryFn: () => alertsApi.queues(org),
    refetchInterval: visible ? LIVE_REFRESH_MS : false,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
}
