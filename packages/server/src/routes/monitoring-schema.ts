import { Type } from 'typebox';

// Schemas of the monitoring routes, in a module that imports nothing of the server: the console's
// types are derived from them (see api-types/monitoring.ts).

/** Bucket widths of the decision time series, each with its length in seconds. */
export const MONITORING_INTERVALS = { '1m': 60, '5m': 300, '15m': 900, '30m': 1800, '1h': 3600, '6h': 21_600, '12h': 43_200, '1d': 86_400 } as const;
export type MonitoringInterval = keyof typeof MONITORING_INTERVALS;

/** The longest time range one request may cover, and the most buckets its series may have. */
export const MONITORING_MAX_RANGE_DAYS = 31;
export const MONITORING_MAX_BUCKETS = 1500;
/** The default range when `from` is not given: the hour before `to`. */
export const MONITORING_DEFAULT_RANGE_MS = 3_600_000;
export const MONITORING_TOP_RULES = 20;
/** Rows of the per event type and per org breakdowns, the busiest first. */
export const MONITORING_MAX_GROUPS = 200;

export const MonitoringDecisionsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Start of the range (event time, inclusive); default: one hour before `to`' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'End of the range (exclusive); default: now' })),
    eventType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'One visible org: its decisions and those of the orgs below it' })),
    interval: Type.Optional(
      Type.Union(
        [Type.Literal('1m'), Type.Literal('5m'), Type.Literal('15m'), Type.Literal('30m'), Type.Literal('1h'), Type.Literal('6h'), Type.Literal('12h'), Type.Literal('1d')],
        { description: 'Bucket width of the time series; default: chosen from the range (at most 200 buckets)' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Decisions per outcome. */
export const OutcomeCounts = Type.Object({ pass: Type.Integer(), review: Type.Integer(), challenge: Type.Integer(), reject: Type.Integer() });

const Ms = Type.Union([Type.Number(), Type.Null()]);

export const MonitoringBucket = Type.Object({
  at: Type.String({ format: 'date-time', description: 'Start of the bucket' }),
  decisions: Type.Integer(),
  outcomes: OutcomeCounts,
  degraded: Type.Integer(),
  latencyP50: Ms,
  latencyP99: Ms,
});

export const MonitoringRuleHits = Type.Object({
  ruleId: Type.String({ description: 'A rule id, or list:<list key> for a list hit' }),
  hits: Type.Integer(),
  share: Type.Number({ description: 'Hits over the decisions of the range' }),
});

export const MonitoringEventTypeRow = Type.Object({ eventType: Type.String(), decisions: Type.Integer(), outcomes: OutcomeCounts, latencyP99: Ms });
export const MonitoringOrgRow = Type.Object({ org: Type.String(), decisions: Type.Integer(), outcomes: OutcomeCounts });

export const MonitoringDecisionsResponse = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  interval: Type.String(),
  intervalSeconds: Type.Integer(),
  eventType: Type.Union([Type.String(), Type.Null()]),
  org: Type.Union([Type.String(), Type.Null()]),
  totals: Type.Object({
    decisions: Type.Integer(),
    outcomes: OutcomeCounts,
    degraded: Type.Integer(),
    latencyMs: Type.Object({ p50: Ms, p95: Ms, p99: Ms }),
    avgScore: Ms,
  }),
  series: Type.Array(MonitoringBucket),
  topRules: Type.Array(MonitoringRuleHits),
  eventTypes: Type.Array(MonitoringEventTypeRow),
  orgs: Type.Array(MonitoringOrgRow),
});

/** `GET /api/v1/monitoring/rule-quality`: the range and filters, without buckets. */
export const RuleQualityQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Start of the range (event time, inclusive); default: 7 days before `to`' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'End of the range (exclusive); default: now' })),
    eventType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'One visible org: its decisions and those of the orgs below it' })),
  },
  { additionalProperties: false },
);

/** One rule's quality against labels: precision over its judged hits, recall over the range's fraud events. */
export const RuleQualityRowSchema = Type.Object({
  ruleId: Type.String(),
  hits: Type.Integer(),
  fraudHits: Type.Integer(),
  genuineHits: Type.Integer(),
  precision: Type.Union([Type.Number(), Type.Null()]),
  recall: Type.Union([Type.Number(), Type.Null()]),
});

export const RuleQualityResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  decisions: Type.Integer(),
  labelledEvents: Type.Integer(),
  fraudEvents: Type.Integer(),
  rules: Type.Array(RuleQualityRowSchema),
});
