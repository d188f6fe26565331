import type { FeatureDefinition } from './types.ts';

/**
 * One feature touched by one event. The caller has already evaluated the filter and built the
 * entity key; the store only folds values. Plain data, so a batch can cross a process boundary.
 */
export interface FeatureObservation {
  def: FeatureDefinition;
  /** {@link featureDefinitionId} of `def`: definitions sharing an id share state. */
  defId: string;
  /** From {@link entityKeyOf}. */
  entityKey: string;
  /** The event's value of `def.field`: number, string, `{lat, lon}`, null or undefined. */
  value?: unknown;
  /** Event time, epoch ms. */
  at: number;
  /** `${eventType}:${eventId}`: an event already applied to this state is never applied again. */
  eventKey: string;
  /** The caller needs the value. */
  read: boolean;
  /** The event counts for this feature (type matches, filter passed, writes enabled). */
  write: boolean;
}

/**
 * Feature state port: an embedded in-memory adapter and a Redis adapter implement it, and both
 * run the shared contract suite (`store-contract.ts`).
 */
export interface FeatureStore {
  /**
   * Atomically, per observation: compute the value before the event (or including it, when the
   * definition says `includeCurrent`), then apply the event if `write`. Returns the values in
   * order, `undefined` where `read` is false. A batch that fails validation applies nothing.
   */
  observe(batch: FeatureObservation[]): Promise<unknown[]>;
  /**
   * Optional: `observe` answered synchronously, for adapters whose state lives in this process.
   * Same semantics; throws what `observe` would reject with. The engine uses it when present, so
   * that an in-memory store costs no promise per decision; remote adapters leave it out.
   */
  observeNow?(batch: FeatureObservation[]): unknown[];
  /** The values `observe` would return, without applying anything (point-in-time read). */
  peek(batch: FeatureObservation[]): Promise<unknown[]>;
  /** The whole state, to be written next to a decision-log position and restored after restart. */
  snapshot(): Promise<Uint8Array>;
  restore(state: Uint8Array): Promise<void>;
  /** Drops state nothing can see any more at or after `now`; returns the number of keys removed. */
  evictExpired(now: number): Promise<number>;
  stats(): { keys: number; approxBytes: number };
}
