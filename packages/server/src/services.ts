import type { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import type { FeatureStore, PanTokenizer } from '@vigil/engine';
import type { Authenticator } from './auth/authenticator.ts';
import type { RateLimiter } from './auth/rate-limiter.ts';
import type { SessionManager } from './auth/sessions.ts';
import type { ShadowRunner } from './runtime/shadow-runner.ts';
import type { BacktestJobs } from './runtime/backtest-jobs.ts';
import type { Config } from './config.ts';
import type { ChangeTopic } from './repos/changes.ts';
import type { DecisionRecord } from './repos/decisions.ts';
import type { DecisionLogWriter } from './runtime/decision-log-writer.ts';
import type { DecisionService } from './runtime/decision-service.ts';
import type { HttpDataSourceClient } from './runtime/datasource-client.ts';
import type { FeaturePersistence } from './runtime/feature-persistence.ts';
import type { InboxWorker } from './runtime/inbox-worker.ts';
import type { ListService } from './runtime/list-service.ts';
import type { Metrics } from './runtime/metrics.ts';
import type { TreeOrgDirectory } from './runtime/org-directory.ts';
import type { StrategyRegistry } from './runtime/strategy-registry.ts';
import type { OutboundHttp } from './runtime/outbound-http.ts';
import type { WebhookDeliverer } from './runtime/webhook-deliverer.ts';
import type { ActionDispatcher } from './runtime/action-dispatcher.ts';
import type { Logger } from 'pino';
import type { WebhookPublisher } from './runtime/webhook-publisher.ts';
import type { AlertFeed } from './runtime/alert-feed.ts';
import type { AlertSlaJob } from './runtime/alert-sla.ts';
import type { ModelMonitor } from './runtime/model-monitoring.ts';
import type { Leadership } from './scaleout/leadership.ts';
import type { ScaleOut } from './scaleout/scale-out.ts';

/** What the bus's `feedback` event carries: a stored feedback report (the note already masked). */
export interface FeedbackEvent {
  feedbackId: string;
  decisionId: string;
  eventType: string;
  orgId: string;
  entities: Record<string, string>;
  challengeResult?: string;
  businessStatus?: string;
  note: string;
  receivedAt: Date;
}

/** The process's long-lived parts, built once at start and handed to the routes. */
export interface Services {
  config: Config;
  db: Kysely<DB>;
  dbKind: 'pglite' | 'postgres';
  auth: Authenticator;
  sessions: SessionManager;
  rateLimiter: RateLimiter;
  registry: StrategyRegistry;
  lists: ListService;
  features: FeatureStore;
  featurePersistence: FeaturePersistence;
  writer: DecisionLogWriter;
  decisions: DecisionService;
  inbox: InboxWorker;
  dataSources: HttpDataSourceClient;
  tokenizer: PanTokenizer;
  orgs: TreeOrgDirectory;
  metrics: Metrics;
  /**
   * In-process bus of what happened after a decision: `decision` (a {@link DecisionRecord}, once
   * it is stored in the log), `alert`, `tag`, `notify` (rule and outcome actions) and `feedback`
   * ({@link FeedbackEvent}). The alert center, webhooks and the scale-out bus adapter subscribe here.
   */
  bus: EventEmitter;
  webhooks: {
    /** The guarded outbound client of webhooks; routes check endpoint URLs with it. */
    http: OutboundHttp;
    publisher: WebhookPublisher;
    deliverer: WebhookDeliverer;
  };
  /** The alert center's jobs: the feed filing decisions' alerts, and SLA escalation. */
  alerts: { feed: AlertFeed; sla: AlertSlaJob };
  /** The alert center's handling actions: the worker sending them through their channels. */
  actions: {
    dispatcher: ActionDispatcher;
    log: Logger;
  };
  /** Model monitoring on each model's schedule. */
  models: { monitor: ModelMonitor };
  /** Backtest jobs running on this node. */
  backtests: BacktestJobs;
  /** Runs shadow (challenger) versions after each decision. */
  shadows: ShadowRunner;
  /** Elects the one node that runs the scheduled jobs (always this one with PGlite). */
  leadership: Leadership;
  /** The scale-out adapters in use (Redis, NATS JetStream), or none in the embedded mode. */
  scaleOut: ScaleOut;
  /** Announces a committed change to this node and every other node sharing the database. */
  changed(topic: ChangeTopic): Promise<void>;
  /** Writes the data-source call counters kept in memory to `datasource_usage`. */
  flushDataSourceUsage(): Promise<void>;
}
