import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:console` writes the console, beside this package in the repository. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

export type Durability = 'sync' | 'async';

/** Process configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  demo: boolean;
  /** Simulated events per second a demo node sends itself (0: none). */
  demoRate: number;
  durability: Durability;
  /** Longest time (ms) a decision record waits in memory before its batch is written in `async` mode. */
  flushIntervalMs: number;
  /** Records per write statement. */
  flushBatchSize: number;
  /** Decisions in flight beyond which new ones are shed with 503. */
  maxInFlight: number;
  /** Key of the PAN tokenisation HMAC; generated into the data directory in demo mode when unset. */
  panKey?: string;
  logLevel: string;
  /** Allow data-source URLs on loopback and private networks (refused by default: SSRF). */
  allowPrivateDataSources: boolean;
  /** `host:port` pairs a data source may use even though they are private (e.g. an in-house bureau gateway). */
  dataSourceAllowHosts: string[];
  /** Allow webhook URLs on loopback and private networks (refused by default: SSRF). */
  allowPrivateWebhooks: boolean;
  /** `host:port` pairs a webhook may target even though they are private (e.g. an in-house case system). */
  webhookAllowHosts: string[];
  /** Deadline of one webhook delivery attempt, redirects included. */
  webhookTimeoutMs: number;
  /** Attempts before a webhook delivery is marked failed. */
  webhookMaxAttempts: number;
  /** Wait after a delivery's first failed attempt; doubles after each further one (at most an hour). */
  webhookRetryBaseMs: number;
  /** How often overdue alerts are looked for and escalated. */
  alertSlaIntervalMs: number;
  /** Largest CSV the modelling workbench takes (bytes). */
  modelDatasetMaxBytes: number;
  /** Deadline of one attempt of an alert action through a webhook channel, redirects included. */
  actionTimeoutMs: number;
  /** Attempts before an alert action is marked failed (a retry on request grants as many again). */
  actionMaxAttempts: number;
  /** Wait after an action's first failed attempt; doubles after each further one, up to `actionRetryMaxMs`. */
  actionRetryBaseMs: number;
  actionRetryMaxMs: number;
  featureSnapshotIntervalMs: number;
  /** Console sign-in attempts per second from one address (bursts of twice that). */
  loginRatePerSec: number;
  /** Decisions whose idempotency keys are kept in memory (and preloaded on start). */
  idempotencyCacheSize: number;
  /** The built console served at `/` (read once at start). */
  consoleDir: string;
  /**
   * Scale-out: Redis for feature state and idempotency keys (`VIGIL_REDIS_URL`); absent, both stay
   * in process memory.
   */
  redisUrl?: string;
  /** Prefix of every Redis key and NATS subject/stream of this deployment (several may share a server). */
  clusterPrefix: string;
  /** Deadline of one Redis command; past it the call fails and the decision degrades. */
  redisTimeoutMs: number;
  /** How long an answered event id is remembered in Redis (older retries are answered from the log). */
  idempotencyTtlSec: number;
  /** Scale-out: NATS JetStream for async intake, the decision stream and change notifications. */
  natsUrl?: string;
  /** Deadline of one NATS publish (async intake falls back to the database inbox past it). */
  natsTimeoutMs: number;
  /** How long a node may hold an async event without acknowledging it before another node gets it. */
  natsAckWaitMs: number;
  /** Bound of the decisions waiting to be published to the decision stream while NATS is away. */
  decisionStreamQueue: number;
  /** Decisions kept in the decision stream (hours). */
  decisionStreamMaxAgeHours: number;
}

/** A key/subject prefix: lower-case letters, digits and dashes, so it is valid in Redis keys, NATS subjects and stream names. */
function prefix(raw: string): string {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(raw)) throw new Error(`VIGIL_CLUSTER_PREFIX must be lower-case letters, digits and dashes (at most 32, starting with a letter), got ${raw}`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got ${raw}`);
    return n;
  };
  const durability = (env.VIGIL_DURABILITY ?? 'sync') as Durability;
  if (durability !== 'sync' && durability !== 'async') throw new Error('VIGIL_DURABILITY must be sync or async');
  return {
    port: int('VIGIL_PORT', 8080, 0, 65535),
    host: env.VIGIL_HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.VIGIL_DATA_DIR ?? './data'),
    databaseUrl: env.VIGIL_DATABASE_URL || undefined,
    demo: env.VIGIL_DEMO !== '0',
    demoRate: int('VIGIL_DEMO_RATE', 3, 0, 10_000),
    durability,
    flushIntervalMs: int('VIGIL_FLUSH_INTERVAL_MS', 20, 1, 60_000),
    flushBatchSize: int('VIGIL_FLUSH_BATCH_SIZE', 500, 1, 50_000),
    maxInFlight: int('VIGIL_MAX_IN_FLIGHT', 2000, 1, 1_000_000),
    panKey: env.VIGIL_PAN_KEY || undefined,
    logLevel: env.VIGIL_LOG_LEVEL ?? 'info',
    allowPrivateDataSources: env.VIGIL_ALLOW_PRIVATE_DATASOURCES === '1',
    dataSourceAllowHosts: (env.VIGIL_DATASOURCE_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    allowPrivateWebhooks: env.VIGIL_ALLOW_PRIVATE_WEBHOOKS === '1',
    webhookAllowHosts: (env.VIGIL_WEBHOOK_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    webhookTimeoutMs: int('VIGIL_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    webhookMaxAttempts: int('VIGIL_WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
    webhookRetryBaseMs: int('VIGIL_WEBHOOK_RETRY_BASE_MS', 30_000, 10, 3_600_000),
    alertSlaIntervalMs: int('VIGIL_ALERT_SLA_INTERVAL_MS', 30_000, 100, 3_600_000),
    modelDatasetMaxBytes: int('VIGIL_MODEL_DATASET_MAX_BYTES', 20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    actionTimeoutMs: int('VIGIL_ACTION_TIMEOUT_MS', 10_000, 100, 120_000),
    actionMaxAttempts: int('VIGIL_ACTION_MAX_ATTEMPTS', 5, 1, 50),
    actionRetryBaseMs: int('VIGIL_ACTION_RETRY_BASE_MS', 10_000, 10, 3_600_000),
    actionRetryMaxMs: int('VIGIL_ACTION_RETRY_MAX_MS', 900_000, 10, 86_400_000),
    featureSnapshotIntervalMs: int('VIGIL_FEATURE_SNAPSHOT_INTERVAL_MS', 60_000, 1000, 86_400_000),
    loginRatePerSec: int('VIGIL_LOGIN_RATE_PER_SEC', 5, 1, 10_000),
    idempotencyCacheSize: int('VIGIL_IDEMPOTENCY_CACHE_SIZE', 200_000, 1000, 10_000_000),
    consoleDir: env.VIGIL_CONSOLE_DIR ? path.resolve(env.VIGIL_CONSOLE_DIR) : DEFAULT_CONSOLE_DIR,
    redisUrl: env.VIGIL_REDIS_URL || undefined,
    clusterPrefix: prefix(env.VIGIL_CLUSTER_PREFIX ?? 'vigil'),
    redisTimeoutMs: int('VIGIL_REDIS_TIMEOUT_MS', 100, 1, 10_000),
    idempotencyTtlSec: int('VIGIL_IDEMPOTENCY_TTL_S', 600, 10, 7 * 86_400),
    natsUrl: env.VIGIL_NATS_URL || undefined,
    natsTimeoutMs: int('VIGIL_NATS_TIMEOUT_MS', 2000, 10, 60_000),
    natsAckWaitMs: int('VIGIL_NATS_ACK_WAIT_MS', 30_000, 1000, 3_600_000),
    decisionStreamQueue: int('VIGIL_DECISION_STREAM_QUEUE', 50_000, 100, 10_000_000),
    decisionStreamMaxAgeHours: int('VIGIL_DECISION_STREAM_MAX_AGE_H', 168, 1, 24 * 365),
  };
}
