import type { HttpClient } from './http-client.ts';
import type { MonitoringDecisions, MonitoringDecisionsParams, RuleQualityParams, RuleQualityReport } from './types.ts';

export function monitoringApi(http: HttpClient) {
  return {
    /** Decision volumes, outcomes, latency, top rules, by event type and org over a range (`decision.read`). */
    decisions: (params: MonitoringDecisionsParams, signal?: AbortSignal) => http.get<MonitoringDecisions>('/api/v1/monitoring/decisions', { query: { ...params }, signal }),
    /** Each rule's precision and recall against the events' labels over a range (`decision.read`). */
    ruleQuality: (params: RuleQualityParams, signal?: AbortSignal) => http.get<RuleQualityReport>('/api/v1/monitoring/rule-quality', { query: { ...params }, signal }),
  };
}
