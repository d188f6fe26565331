import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process, exposed at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m = {
    registry,
    decisions: new Counter({ name: 'vigil_decisions_total', help: 'Decisions made', labelNames: ['event_type', 'direction', 'outcome'], registers: [registry] }),
    decisionLatency: new Histogram({
      name: 'vigil_decision_duration_seconds',
      help: 'Time from request receipt to answer, including the log commit in sync mode',
      labelNames: ['event_type'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    degraded: new Counter({ name: 'vigil_decisions_degraded_total', help: 'Decisions answered in degraded mode', labelNames: ['event_type', 'reason'], registers: [registry] }),
    ruleErrors: new Counter({ name: 'vigil_rule_errors_total', help: 'Rule evaluation errors recorded in traces', labelNames: ['event_type'], registers: [registry] }),
    idempotentReplays: new Counter({ name: 'vigil_idempotent_replays_total', help: 'Retries answered with the stored decision', registers: [registry] }),
    shed: new Counter({ name: 'vigil_requests_shed_total', help: 'Requests refused with 503 under overload', registers: [registry] }),
    dataSourceCalls: new Counter({ name: 'vigil_datasource_calls_total', help: 'Third-party data source calls', labelNames: ['source', 'result'], registers: [registry] }),
    webhookAttempts: new Counter({ name: 'vigil_webhook_attempts_total', help: 'Webhook delivery attempts by result', labelNames: ['result'], registers: [registry] }),
    shadowEvaluations: new Counter({ name: 'vigil_shadow_evaluations_total', help: 'Challenger (shadow) evaluations by result: ok, failed, dropped (queue full)', labelNames: ['result'], registers: [registry] }),
    actionAttempts: new Counter({ name: 'vigil_action_attempts_total', help: 'Alert action attempts through channels, by action type and result (succeeded, retry, failed)', labelNames: ['type', 'result'], registers: [registry] }),
    webhookDropped: new Counter({ name: 'vigil_webhook_deliveries_dropped_total', help: 'Webhook deliveries dropped because the in-memory queue was full', registers: [registry] }),
    logFlush: new Histogram({ name: 'vigil_decision_log_flush_seconds', help: 'Duration of one group-commit write', buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1], registers: [registry] }),
    logBacklog: new Gauge({ name: 'vigil_decision_log_backlog', help: 'Decision records waiting to be written', registers: [registry] }),
    inboxPending: new Gauge({ name: 'vigil_event_inbox_pending', help: 'Accepted async events not yet evaluated', registers: [registry] }),
    sharedIdempotency: new Counter({
      name: 'vigil_shared_idempotency_total',
      help: 'Shared (Redis) idempotency outcomes other than a plain claim: answered (a stored answer), waited (another node was deciding), unavailable (Redis failed)',
      labelNames: ['result'],
      registers: [registry],
    }),
    featureWritesPending: new Gauge({ name: 'vigil_feature_writes_pending', help: 'Feature updates kept while the feature store was unavailable, to be applied when it returns', registers: [registry] }),
    featureWritesDropped: new Counter({ name: 'vigil_feature_writes_dropped_total', help: 'Feature updates dropped because the pending bound was reached while the feature store was unavailable', registers: [registry] }),
    scaleoutConnected: new Gauge({ name: 'vigil_scaleout_connected', help: '1 while the scale-out service is reachable, 0 while not', labelNames: ['service'], registers: [registry] }),
    intakeFallbacks: new Counter({ name: 'vigil_intake_fallbacks_total', help: 'Async events stored in the database inbox because JetStream was unavailable', registers: [registry] }),
    decisionStreamDropped: new Counter({ name: 'vigil_decision_stream_dropped_total', help: 'Decisions not published to the decision stream because its queue was full while NATS was away', registers: [registry] }),
    isLeader: new Gauge({ name: 'vigil_job_leader', help: '1 on the node that runs the scheduled jobs', registers: [registry] }),
    featureKeys: new Gauge({ name: 'vigil_feature_state_keys', help: 'Entity keys held in feature state', registers: [registry] }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
