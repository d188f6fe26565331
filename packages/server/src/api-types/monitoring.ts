// API types of the console's monitoring pages (see ../api-types.ts for the rules: type-only, from schema
// modules that import nothing of the server).
import type { Static } from 'typebox';
import type { MonitoringBucket, MonitoringDecisionsQuery, MonitoringDecisionsResponse, MonitoringEventTypeRow, MonitoringOrgRow, MonitoringRuleHits, OutcomeCounts, RuleQualityQuery, RuleQualityResponse, RuleQualityRowSchema } from '../routes/monitoring-schema.ts';

export type { MonitoringInterval } from '../routes/monitoring-schema.ts';
/** `GET /api/v1/monitoring/decisions` query. */
export type MonitoringDecisionsParams = Static<typeof MonitoringDecisionsQuery>;
/** `GET /api/v1/monitoring/decisions`: totals, a bucketed series, top rules, by event type and by org. */
export type MonitoringDecisions = Static<typeof MonitoringDecisionsResponse>;
export type MonitoringSeriesBucket = Static<typeof MonitoringBucket>;
export type MonitoringRuleHitsRow = Static<typeof MonitoringRuleHits>;
export type MonitoringEventTypeStats = Static<typeof MonitoringEventTypeRow>;
export type MonitoringOrgStats = Static<typeof MonitoringOrgRow>;
export type MonitoringOutcomeCounts = Static<typeof OutcomeCounts>;
/** `GET /api/v1/monitoring/rule-quality` query. */
export type RuleQualityParams = Static<typeof RuleQualityQuery>;
/** `GET /api/v1/monitoring/rule-quality`: each rule's hits, fraud and genuine hits, precision and recall against labels. */
export type RuleQualityReport = Static<typeof RuleQualityResponse>;
export type RuleQualityRow = Static<typeof RuleQualityRowSchema>;
