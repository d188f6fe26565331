import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createClient } from 'redis';

/** The machine's shared Redis and NATS (JetStream); the scale-out suites need them running. */
export const SCALE_OUT_URLS = {
  postgres: process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redis: process.env.VIGIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  nats: process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
};

/** Deletes what a cluster with this prefix left in Redis (every `<prefix>:*` key) and NATS (its streams). */
export async function dropClusterState(prefix: string): Promise<void> {
  const redis = createClient({ url: SCALE_OUT_URLS.redis });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) {
      if (keys.length) await redis.del(keys);
    }
  } finally {
    await redis.quit();
  }
  const nc = await connect({ servers: SCALE_OUT_URLS.nats, timeout: 2000 });
  try {
    const jsm = await jetstreamManager(nc);
    const upper = prefix.toUpperCase();
    for await (const s of jsm.streams.list()) {
      if (s.config.name.startsWith(`${upper}_`)) await jsm.streams.delete(s.config.name);
    }
  } finally {
    await nc.close();
  }
}
