import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '@vigil/storage';
import { parkInbox } from '../repos/inbox.ts';
import { OrgData } from '../repos/scoped.ts';
import type { Config } from '../config.ts';
import type { DecisionRecord } from '../repos/decisions.ts';
import type { Metrics } from '../runtime/metrics.ts';
import { connectNats, type NatsLink } from './nats-link.ts';
import { NatsChangeBus } from './nats-changes.ts';
import { JetStreamIntake } from './nats-intake.ts';
import { DecisionStreamPublisher } from './nats-decision-stream.ts';
import { connectRedis, type VigilRedis } from './redis-client.ts';
import { RedisFeatureStore } from './redis-feature-store.ts';
import { RedisIdempotency, type RedisKv } from './redis-idempotency.ts';
import { ResilientFeatureStore } from './resilient-feature-store.ts';

/** Feature updates kept while Redis is away (about 200 bytes each). */
const MAX_PENDING_FEATURE_WRITES = 200_000;

/**
 * The scale-out adapters a node uses, chosen by configuration alone: Redis (`VIGIL_REDIS_URL`) for
 * feature state and idempotency keys, NATS JetStream (`VIGIL_NATS_URL`) for async intake, the
 * decision stream and change notifications. Each part is null when its service is not configured
 * (the embedded default).
 */
export interface ScaleOut {
  redis: VigilRedis | null;
  features: ResilientFeatureStore | null;
  idempotency: RedisIdempotency | null;
  nats: NatsLink | null;
  changes: NatsChangeBus | null;
  intake: JetStreamIntake | null;
  decisionStream: DecisionStreamPublisher | null;
  /** Connection state per configured service, for `/readyz` and the metrics. */
  status(): Record<string, 'ok' | 'unavailable'>;
  close(): Promise<void>;
}

export async function createScaleOut(config: Config, log: Logger, metrics: Metrics, db: Kysely<DB>): Promise<ScaleOut> {
  const prefix = config.clusterPrefix;
  let redis: VigilRedis | null = null;
  let features: ResilientFeatureStore | null = null;
  let idempotency: RedisIdempotency | null = null;
  if (config.redisUrl) {
    redis = await connectRedis({ url: config.redisUrl, commandTimeoutMs: config.redisTimeoutMs, name: 'vigil' }, log.child({ service: 'redis' }));
    features = new ResilientFeatureStore(new RedisFeatureStore(redis, { prefix }), {
      maxPending: MAX_PENDING_FEATURE_WRITES,
      onPending: (n) => metrics.featureWritesPending.set(n),
      onDropped: (n) => metrics.featureWritesDropped.inc(n),
      log,
    });
    idempotency = new RedisIdempotency(redis.client as unknown as RedisKv, { prefix, answerTtlMs: config.idempotencyTtlSec * 1000 });
  }
  let nats: NatsLink | null = null;
  let changes: NatsChangeBus | null = null;
  let intake: JetStreamIntake | null = null;
  let decisionStream: DecisionStreamPublisher | null = null;
  if (config.natsUrl) {
    nats = await connectNats({ url: config.natsUrl, name: 'vigil', timeoutMs: config.natsTimeoutMs, prefix }, log.child({ service: 'nats' }));
    changes = new NatsChangeBus(nats, { publishTimeoutMs: config.natsTimeoutMs });
    intake = new JetStreamIntake(nats, {
      ackWaitMs: config.natsAckWaitMs,
      // A busy cluster retries an event with backoff (up to a minute apart) for about 45 minutes
      // before it is parked as failed.
      maxDeliver: 50,
      publishTimeoutMs: config.natsTimeoutMs,
      // An event the stream gives up on is kept as a failed inbox event, with its error.
      onGiveUp: (item, reason) => parkInbox(OrgData.system(db), item, `given up after repeated deliveries: ${String((reason as Error)?.message ?? reason)}`, 10),
    });
    decisionStream = new DecisionStreamPublisher(nats, { maxQueue: config.decisionStreamQueue, maxAgeMs: config.decisionStreamMaxAgeHours * 3_600_000, onDropped: (n) => metrics.decisionStreamDropped.inc(n) });
  }
  return {
    redis,
    features,
    idempotency,
    nats,
    changes,
    intake,
    decisionStream,
    status() {
      const s: Record<string, 'ok' | 'unavailable'> = {};
      if (redis) s.redis = redis.isReady ? 'ok' : 'unavailable';
      if (nats) s.nats = nats.connected ? 'ok' : 'unavailable';
      for (const [k, v] of Object.entries(s)) metrics.scaleoutConnected.set({ service: k }, v === 'ok' ? 1 : 0);
      return s;
    },
    async close() {
      await intake?.stop().catch(() => undefined);
      if (features) {
        features.close();
        await features.catchUp();
      }
      await decisionStream?.close().catch(() => undefined);
      await changes?.close().catch(() => undefined);
      await nats?.close().catch(() => undefined);
      await redis?.close().catch(() => undefined);
    },
  };
}

/** What the decision stream carries of a stored decision: the log record, tokenised as stored. */
export function streamRecord(r: DecisionRecord): Record<string, unknown> {
  return {
    decisionId: r.decisionId,
    eventId: r.eventId,
    eventType: r.eventType,
    direction: r.direction,
    orgId: r.orgId,
    occurredAt: r.occurredAt.toISOString(),
    decidedAt: r.decidedAt.toISOString(),
    outcome: r.outcome,
    score: r.score,
    riskLevel: r.riskLevel,
    strategy: r.strategyId ? { id: r.strategyId, version: r.strategyVersion } : null,
    latencyMs: r.latencyMs,
    degraded: r.degraded,
    entities: r.entities,
    hits: r.hits,
    event: r.event,
    reasons: (r.response as { reasons?: unknown }).reasons ?? [],
  };
}
