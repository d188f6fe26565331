import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { http } from '../../../api/client.ts';
import { monitoringApi } from '../../../api/monitoring-api.ts';
import { liveRefreshMs, rangeKey, resolveRange, type RangeChoice } from '../utils/time-range.ts';

const api = monitoringApi(http);

export interface MonitoringFilters {
  range: RangeChoice;
  eventType?: string;
  org?: string;
}

/**
 * The dashboard's figures. A preset range is resolved at each fetch, so every refresh shows the
 * latest window; with `live` it refetches (every 10 s for short ranges, see {@link liveRefreshMs}) while the tab is visible (TanStack Query
 * skips interval refetches of a hidden document) and keeps the previous figures on screen meanwhile.
 */
export function useMonitoringDecisions(f: MonitoringFilters, live: boolean) {
  return useQuery({
    queryKey: ['monitoring', 'decisions', rangeKey(f.range), f.eventType ?? null, f.org ?? null],
    queryFn: ({ signal }) => {
      const r = resolveRange(f.range);
      return api.decisions({ from: r.from, to: r.to, ...(r.interval ? { interval: r.interval } : {}), ...(f.eventType ? { eventType: f.eventType } : {}), ...(f.org ? { org: f.org } : {}) }, signal);
    },
    placeholderData: keepPreviousData,
    refetchInterval: live ? (liveRefreshMs(f.range) ?? false) : false,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: live,
    staleTime: 5_000,
  });
}
