import { randomBytes } from 'node:crypto';
import type { SharedClaim, SharedIdempotency } from '../runtime/idempotency.ts';

/** The few commands the idempotency keys use (a node-redis 6 client has them). */
export interface RedisKv {
  set(key: string, value: string, options: { condition?: 'NX'; expiration?: { type: 'PX'; value: number }; GET?: boolean }): Promise<string | null | unknown>;
  get(key: string): Promise<string | null | unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface RedisIdempotencyOptions {
  prefix: string;
  /** How long an answer is kept. */
  answerTtlMs: number;
  /** How long a claim lives if its node dies before answering. */
  claimTtlMs?: number;
}

/** Deletes the key only while it still holds this node's claim. */
const RELEASE = `local v = redis.call('GET', KEYS[1]) if v and string.sub(v, 1, #ARGV[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Idempotency keys in Redis: `<prefix>:i:{<event key>}` holds either a claim (`p|<node token>|<payload
 * hash>`, expiring after `claimTtlMs` so a dead node's claim goes away) or the answer
 * (`a|<payload hash>|<answer JSON>`, expiring after `answerTtlMs`). A claim is one
 * `SET … NX PX … GET`: the first node to set it decides the event; any other sees what is there.
 */
export class RedisIdempotency implements SharedIdempotency {
  private readonly token = randomBytes(6).toString('base64url');
  private readonly claimTtl: number;

  constructor(
    private readonly redis: RedisKv,
    private readonly o: RedisIdempotencyOptions,
  ) {
    this.claimTtl = o.claimTtlMs ?? 10_000;
  }

  private key(k: string): string {
    return `${this.o.prefix}:i:{${k.replace(/[{}]/g, '_')}}`;
  }

  private claimValue(hash: string): string {
    return `p|${this.token}|${hash}`;
  }

  async claim(key: string, payloadHash: string): Promise<SharedClaim> {
    const prev = await this.redis.set(this.key(key), this.claimValue(payloadHash), { condition: 'NX', expiration: { type: 'PX', value: this.claimTtl }, GET: true });
    return decode(prev);
  }

  async peek(key: string): Promise<SharedClaim> {
    return decode(await this.redis.get(this.key(key)));
  }

  async answer(key: string, payloadHash: string, response: Record<string, unknown>): Promise<void> {
    await this.redis.set(this.key(key), `a|${payloadHash}|${JSON.stringify(response)}`, { expiration: { type: 'PX', value: this.o.answerTtlMs } });
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE, { keys: [this.key(key)], arguments: [`p|${this.token}|`] }).catch(() => undefined);
  }
}

function decode(v: unknown): SharedClaim {
  if (typeof v !== 'string') return { kind: 'mine' };
  if (v.startsWith('a|')) {
    const bar = v.indexOf('|', 2);
    return { kind: 'answered', payloadHash: v.slice(2, bar), response: JSON.parse(v.slice(bar + 1)) as Record<string, unknown> };
  }
  // p|token|hash
  return { kind: 'pending', payloadHash: v.slice(v.indexOf('|', 2) + 1) };
}
