import { EventEmitter } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createDatabase, type Database } from '@vigil/storage';
import { MemoryFeatureStore, PanTokenizer } from '@vigil/engine';
import { buildApp } from './app.ts';
import { Authenticator } from './auth/authenticator.ts';
import { RateLimiter } from './auth/rate-limiter.ts';
import { SessionManager } from './auth/sessions.ts';
import type { Config } from './config.ts';
import { readRevisions, type ChangeTopic } from './repos/changes.ts';
import { getDecisionByEvent, recentDecisionKeys } from './repos/decisions.ts';
import { addDataSourceUsage } from './repos/datasource-usage.ts';
import { HttpDataSourceClient } from './runtime/datasource-client.ts';
import { DecisionLogWriter } from './runtime/decision-log-writer.ts';
import { DecisionService, idempotencyKey } from './runtime/decision-service.ts';
import { FeaturePersistence } from './runtime/feature-persistence.ts';
import { InboxWorker } from './runtime/inbox-worker.ts';
import { ListService } from './runtime/list-service.ts';
import { createMetrics } from './runtime/metrics.ts';
import { TreeOrgDirectory } from './runtime/org-directory.ts';
import { loadOrgParams, loadOrgs } from './repos/orgs.ts';
import { StrategyRegistry } from './runtime/strategy-registry.ts';
import { ActionRunner } from './runtime/action-runner.ts';
import { AlertFeed, type AlertOpenedEvent } from './runtime/alert-feed.ts';
import { autoActionsOnAlertOpened } from './runtime/alert-actions.ts';
import { AlertSlaJob } from './runtime/alert-sla.ts';
import { ModelMonitor } from './runtime/model-monitoring.ts';
import { raisesAlert } from './repos/decision-encoding.ts';
import { ShadowRunner } from './runtime/shadow-runner.ts';
import { BacktestJobs } from './runtime/backtest-jobs.ts';
import { DeploymentScheduler } from './runtime/deployment-scheduler.ts';
import { OutboundHttp } from './runtime/outbound-http.ts';
import { WebhookDeliverer } from './runtime/webhook-deliverer.ts';
import { WebhookPublisher } from './runtime/webhook-publisher.ts';
import { ActionDispatcher } from './runtime/action-dispatcher.ts';
import type { Services } from './services.ts';
import { Leadership } from './scaleout/leadership.ts';
import { createScaleOut, streamRecord } from './scaleout/scale-out.ts';
import { decideFromIntake } from './scaleout/intake-handler.ts';
import { rebuildIfLost } from './scaleout/feature-rebuild.ts';

const CHANGE_POLL_MS = 500;
/** With change notifications on NATS, the database is still polled, less often, as a safety net. */
const CHANGE_POLL_NATS_MS = 5000;

export interface Vigil {
  app: FastifyInstance;
  services: Services;
  database: Database;
  /** Flushes the decision log, snapshots feature state and closes everything. */
  close(): Promise<void>;
}

/** Reads the PAN key from configuration, or keeps a generated one in the data directory. */
async function panKey(config: Config): Promise<string> {
  if (config.panKey) return config.panKey;
  const file = path.join(config.dataDir, 'pan-token.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString('base64url');
    await writeFile(file, key + '\n', { mode: 0o600 });
    return key;
  }
}

/**
 * Builds a running Vigil node: storage (migrated), live strategies, lists, feature state recovered
 * from snapshot plus log replay, the decision pipeline and the HTTP application (not yet listening).
 */
export async function createVigil(config: Config, logger: Logger): Promise<Vigil> {
  await mkdir(config.dataDir, { recursive: true });
  const database = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const db = database.db;
  const metrics = createMetrics();
  const scaleOut = await createScaleOut(config, logger, metrics, db);
  const leadership = new Leadership({ db, dbKind: database.kind, log: logger });
  leadership.onChange((leading) => metrics.isLeader.set(leading ? 1 : 0));
  const tokenKey = await panKey(config);
  const tokenizer = new PanTokenizer(tokenKey);
  const registry = new StrategyRegistry(db, logger);
  const lists = new ListService(db);
  // Feature state: in process memory (snapshots + replay), or shared by every node in Redis.
  const features = scaleOut.features ?? new MemoryFeatureStore();
  const orgs = new TreeOrgDirectory();
  const reloadOrgs = async () => orgs.load(await loadOrgs(db), await loadOrgParams(db));
  await reloadOrgs();
  const writer = new DecisionLogWriter(db, {
    durability: config.durability,
    flushIntervalMs: config.flushIntervalMs,
    batchSize: config.flushBatchSize,
    maxQueue: Math.max(20_000, config.flushBatchSize * 4),
    onFlush: (ms) => metrics.logFlush.observe(ms / 1000),
    onError: (e) => logger.error({ err: e }, 'decision log write failed'),
  });
  const dataSources = new HttpDataSourceClient({
    allowPrivate: config.allowPrivateDataSources,
    allowHosts: config.dataSourceAllowHosts,
    onCall: (source, result) => metrics.dataSourceCalls.inc({ source, result }),
  });
  const shadows = new ShadowRunner({ db, registry, lists, orgs, log: logger, count: (result, n = 1) => metrics.shadowEvaluations.inc({ result }, n) });
  const decisions = new DecisionService({
    registry,
    lists,
    features,
    writer,
    dataSources,
    tokenizer,
    orgs,
    params: orgs,
    metrics,
    durability: config.durability,
    maxInFlight: config.maxInFlight,
    idempotencyCacheSize: config.idempotencyCacheSize,
    lookupStored: (et, dir, org, id) => getDecisionByEvent(db, et, dir, org, id),
    shadows,
    ...(scaleOut.idempotency ? { shared: scaleOut.idempotency } : {}),
  });
  const bus = new EventEmitter();
  const webhookHttp = new OutboundHttp({ allowPrivate: config.allowPrivateWebhooks, allowHosts: config.webhookAllowHosts }, { checkCacheMs: 60_000 });
  const deliverer = new WebhookDeliverer({
    db,
    http: webhookHttp,
    sealKey: createHmac('sha256', tokenKey).update('vigil-webhook-seal').digest(),
    timeoutMs: config.webhookTimeoutMs,
    maxAttempts: config.webhookMaxAttempts,
    retryBaseMs: config.webhookRetryBaseMs,
    log: logger,
    onAttempt: (result) => metrics.webhookAttempts.inc({ result }),
  });
  // Alert actions go out through the webhooks' guarded client: the same SSRF guard and allow-list.
  const actionDispatcher = new ActionDispatcher({
    db,
    http: webhookHttp,
    sealKey: createHmac('sha256', tokenKey).update('vigil-action-channel-seal').digest(),
    timeoutMs: config.actionTimeoutMs,
    maxAttempts: config.actionMaxAttempts,
    retryBaseMs: config.actionRetryBaseMs,
    retryMaxMs: config.actionRetryMaxMs,
    log: logger,
    onAttempt: (type, result) => metrics.actionAttempts.inc({ type, result }),
  });
  const publisher = new WebhookPublisher({ db, bus, orgs, log: logger, onQueued: () => deliverer.wake(), onDropped: (n) => metrics.webhookDropped.inc(n) });
  await publisher.reload();
  const inbox = new InboxWorker(db, decisions, registry, logger);
  const featurePersistence = new FeaturePersistence(db, features, registry);
  const auth = new Authenticator(db, orgs);

  await registry.reload();
  await lists.reload();
  if (scaleOut.features) {
    // Redis holds the state. Should it have lost it (restarted empty), one node rebuilds it from
    // the decision log; then the updates kept during an outage are applied.
    const recoverShared = async () => {
      await rebuildIfLost({ redis: scaleOut.redis!, prefix: config.clusterPrefix, persistence: featurePersistence, registry, log: logger });
      await scaleOut.features!.catchUp();
    };
    scaleOut.redis!.onReady(() => void recoverShared().catch((e) => logger.error({ err: e }, 'feature state recovery after Redis returned failed')));
    if (scaleOut.redis!.isReady) await recoverShared().catch((e) => logger.error({ err: e }, 'feature state recovery failed'));
  } else {
    const recovered = await featurePersistence.recover();
    logger.info(recovered, 'feature state recovered');
  }
  for (const k of await recentDecisionKeys(db, Math.min(config.idempotencyCacheSize, 200_000))) {
    decisions.idempotency.set(idempotencyKey(k.eventType, k.direction, k.orgId, k.eventId), { payloadHash: k.payloadHash, response: k.response });
  }

  const reloaders: Record<ChangeTopic, () => Promise<void>> = {
    strategies: async () => {
      await registry.reload();
      await scheduler.refresh();
    },
    event_types: () => registry.reload(),
    lists: () => lists.reload(),
    api_keys: async () => auth.invalidate(),
    orgs: async () => {
      await reloadOrgs();
      auth.invalidate();
    },
    webhooks: () => publisher.reload(),
    // Model monitoring schedules (the services exist by the time a change arrives).
    models: () => services.models.monitor.reschedule(),
  };
  let revisions = await readRevisions(db);
  const origin = randomUUID();
  let lastPoll = 0;
  // The change is committed before this runs: a failed reload must not fail the request that
  // made it. It is logged, and the poller reloads that topic again on its next round.
  // Read before reloading: a change another node commits meanwhile keeps a newer revision and is
  // still picked up by the poller. A change already loaded is not loaded again by the poller.
  const reloadTopic = async (topic: ChangeTopic) => {
    const seen = (await readRevisions(db))[topic];
    await reloaders[topic]();
    revisions[topic] = seen;
  };
  const changed = async (topic: ChangeTopic) => {
    try {
      await reloadTopic(topic);
      // Every other node hears of it at once through NATS (the database poll is the safety net).
      scaleOut.changes?.publish(topic, origin).catch((e: unknown) => logger.warn({ err: e, topic }, 'change notification not published; nodes will see it by polling'));
    } catch (e) {
      revisions[topic] = -1;
      logger.error({ err: e, topic }, 'reload after change failed; retrying from the poller');
    }
  };
  // A change announced by another node through NATS: reload that part now.
  scaleOut.changes?.subscribe((topic, from) => {
    if (from === origin || !(topic in reloaders)) return;
    reloadTopic(topic).catch((e: unknown) => {
      revisions[topic] = -1;
      logger.warn({ err: e, topic }, 'reload after a change notification failed; retrying from the poller');
    });
  });
  // Other nodes sharing the database announce changes through revision counters.
  let polling = false;
  const poll = setInterval(async () => {
    if (polling) return;
    if (scaleOut.nats?.connected && Date.now() - lastPoll < CHANGE_POLL_NATS_MS) return;
    lastPoll = Date.now();
    polling = true;
    try {
      const next = await readRevisions(db);
      for (const t of Object.keys(next) as ChangeTopic[]) {
        if (next[t] === revisions[t]) continue;
        await reloaders[t]();
        revisions[t] = next[t];
      }
    } catch (e) {
      logger.warn({ err: e }, 'change poll failed');
    } finally {
      polling = false;
    }
  }, CHANGE_POLL_MS);
  poll.unref();

  const flushDataSourceUsage = async () => {
    const usage = dataSources.drainUsage();
    if (!usage.size) return;
    try {
      await addDataSourceUsage(db, new Date().toISOString().slice(0, 10), usage);
    } catch (e) {
      dataSources.restoreUsage(usage);
      throw e;
    }
  };
  const services: Services = {
    config,
    db,
    dbKind: database.kind,
    auth,
    sessions: new SessionManager(db, orgs, createHmac('sha256', tokenKey).update('vigil-totp-seal').digest()),
    rateLimiter: new RateLimiter(),
    registry,
    lists,
    features,
    featurePersistence,
    leadership,
    scaleOut,
    writer,
    decisions,
    inbox,
    dataSources,
    tokenizer,
    orgs,
    metrics,
    changed,
    flushDataSourceUsage,
    bus,
    webhooks: { http: webhookHttp, publisher, deliverer },
    actions: { dispatcher: actionDispatcher, log: logger },
    shadows,
    alerts: {
      feed: new AlertFeed({ db, orgs, eventType: (k) => registry.eventType(k), bus, log: logger }),
      sla: new AlertSlaJob({ db, orgs, bus, log: logger, leads: () => leadership.isLeader }),
    },
    models: { monitor: new ModelMonitor({ db, orgs, bus, log: logger, leads: () => leadership.isLeader }) },
    backtests: new BacktestJobs({ db, registry, lists, orgs, dataDir: config.dataDir, nodeId: await nodeId(config.dataDir), log: logger }),
  };
  logger.info({ interrupted: await services.backtests.recover() }, 'backtest jobs recovered');
  const scheduler = new DeploymentScheduler(services, logger);
  const actions = new ActionRunner(services, logger);
  decisions.onDecision((record, result) => actions.run(record, result));
  // A new alert's automatic actions (an SMS to the customer from the templates that ask for it).
  bus.on('alert.opened', (e: AlertOpenedEvent) => void autoActionsOnAlertOpened(services, e.alertId));
  decisions.onLogged((record) => {
    bus.emit('decision', record);
    scaleOut.decisionStream?.publish(record.eventType, record.decisionId, streamRecord(record));
    if (raisesAlert(record.trace)) services.alerts.feed.wake();
  });
  publisher.start();

  const snapshotTimer = setInterval(() => {
    flushDataSourceUsage().catch((e) => logger.error({ err: e }, 'data source usage flush failed'));
    if (!scaleOut.features) {
      featurePersistence.snapshot().catch((e) => logger.error({ err: e }, 'feature snapshot failed'));
      void features.evictExpired(Date.now());
    } else if (leadership.isLeader) {
      // Redis expires whole keys itself; the leader also compacts what is left, once for all nodes.
      features.evictExpired(Date.now()).catch((e) => logger.warn({ err: e }, 'feature sweep failed'));
    }
    if (scaleOut.features?.pendingWrites) void scaleOut.features.catchUp();
    scaleOut.status();
  }, config.featureSnapshotIntervalMs);
  snapshotTimer.unref();

  const app = await buildApp(services, logger);
  await leadership.start();
  await scheduler.start();
  inbox.start();
  // Async intake from JetStream: acknowledged only once the decision is stored.
  scaleOut.intake?.start((item, info) => decideFromIntake(services, item, info.deliveryCount), { concurrency: 100 });
  deliverer.start();
  services.alerts.feed.start();
  services.alerts.sla.start(config.alertSlaIntervalMs);
  actionDispatcher.start();
  await services.models.monitor.start();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(poll);
      clearInterval(snapshotTimer);
      await app.close();
      scheduler.stop();
      await scaleOut.intake?.stop();
      await inbox.stop();
      await actions.idle();
      await services.alerts.sla.stop();
      services.models.monitor.stop();
      await shadows.stop();
      await services.backtests.stop();
      await writer.close();
      // After the log is flushed: the last decisions' alerts are filed now rather than at the next start.
      await services.alerts.feed.drain().catch((e) => logger.error({ err: e }, 'alert feed drain failed'));
      await services.alerts.feed.stop();
      // After the log is flushed, so deliveries of the last decisions are stored too.
      await publisher.stop();
      await deliverer.stop();
      await actionDispatcher.stop();
      webhookHttp.close();
      await flushDataSourceUsage().catch((e) => logger.error({ err: e }, 'data source usage flush failed'));
      if (!scaleOut.features) await featurePersistence.snapshot().catch((e) => logger.error({ err: e }, 'final feature snapshot failed'));
      await leadership.stop();
      await scaleOut.close();
      await database.close();
    })());
  return { app, services, database, close };
}

/** A stable id of this node (its data directory), so it can recognise its own unfinished jobs after a restart. */
async function nodeId(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'node-id');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const id = randomUUID();
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, id + '\n');
    return id;
  }
}
