import { createHash } from 'node:crypto';

export interface StoredAnswer {
  payloadHash: string;
  response: Record<string, unknown>;
}

/** Stable hash of a request payload: key order does not matter, values do. */
export function payloadHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

/** JSON with object keys sorted, so equal values always serialise (and hash) the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  const keys = Object.keys(v).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson((v as Record<string, unknown>)[k])).join(',') + '}';
}

/**
 * Answers for recent event ids, so a retry is answered from memory without touching the
 * database, and concurrent duplicates share one evaluation. Bounded: the oldest answers are
 * forgotten first (the database's unique key still catches older retries).
 */
export class IdempotencyCache {
  // Answers are kept as JSON text: one string per entry instead of a graph of objects keeps a
  // cache of hundreds of thousands of answers cheap for the garbage collector to walk.
  private readonly answers = new Map<string, { payloadHash: string; json: string }>();
  private readonly inflight = new Map<string, { payloadHash: string; promise: Promise<Record<string, unknown>> }>();

  constructor(private readonly capacity: number) {}

  get(key: string): StoredAnswer | undefined {
    const a = this.answers.get(key);
    return a && { payloadHash: a.payloadHash, response: JSON.parse(a.json) };
  }

  set(key: string, answer: StoredAnswer): void {
    if (this.answers.has(key)) this.answers.delete(key);
    this.answers.set(key, { payloadHash: answer.payloadHash, json: JSON.stringify(answer.response) });
    if (this.answers.size > this.capacity) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
  }

  inflightFor(key: string) {
    return this.inflight.get(key);
  }

  /** Runs `work` unless the same key is already in flight; the entry is removed when it settles. */
  track(key: string, hash: string, work: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
    const promise = work().finally(() => this.inflight.delete(key));
    this.inflight.set(key, { payloadHash: hash, promise });
    return promise;
  }
}

/** What another node knows of an event id: an answer, or that it is deciding the event now. */
export type SharedClaim =
  | { kind: 'mine' }
  | { kind: 'answered'; payloadHash: string; response: Record<string, unknown> }
  | { kind: 'pending'; payloadHash: string };

/**
 * Idempotency keys shared by every engine node (Redis in scale-out mode): the first node to claim
 * an event id decides it, a copy arriving at another node meanwhile waits for that answer, and a
 * later retry anywhere gets the stored answer. Every call may fail (the store is down); the
 * decision log's unique key still keeps one decision per event then.
 */
export interface SharedIdempotency {
  /** Claims the key for this node, or tells what is already there. */
  claim(key: string, payloadHash: string): Promise<SharedClaim>;
  /** Reads what is there without claiming (`mine` when nothing is). */
  peek(key: string): Promise<SharedClaim>;
  /** Replaces this node's claim with the answer, kept for the configured time. */
  answer(key: string, payloadHash: string, response: Record<string, unknown>): Promise<void>;
  /** Gives up this node's claim (the decision failed), so a retry anywhere may decide it. */
  release(key: string): Promise<void>;
}
