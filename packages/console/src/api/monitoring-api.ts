import type { HttpClient } from './http-client.ts';
import type { MonitoringDecisions, MonitoringDecisionsParams } from './types.ts';

export function monitoringApi(http: HttpClient) {
  return {
    /** Decision volumes, outcomes, latency, top rules, by event type and org over a range (`decision.read`). */
    decisions: (params: MonitoringDecisionsParams, signal?: AbortSignal) => http.get<MonitoringDecisions>('/api/v1/monitoring/decisions', { query: { ...params }, signal }),
  };
}
