import { MemoryFeatureStore, type FeatureObservation, type FeatureStore } from '../features/index.ts';

/**
 * The feature store of one strategy test case. Reads of the states the case gives values for
 * answer those values; every other observation goes to a private in-memory store that starts
 * empty, so an unnamed feature reads exactly what the real store answers for an entity never seen
 * before (0 for counts, null for an average, `isNew` true…), including the case's own event where
 * a definition says `includeCurrent`. That store lives and dies with the case: nothing is written
 * anywhere else.
 */
export class TestCaseFeatureStore implements FeatureStore {
  private readonly empty = new MemoryFeatureStore();
  /** States the engine asked about, by definition id. */
  readonly read = new Set<string>();

  /** @param given Store values by {@link featureDefinitionId}, already in the store's form. */
  constructor(private readonly given: ReadonlyMap<string, unknown>) {}

  observe(batch: FeatureObservation[]): Promise<unknown[]> {
    return this.answer(batch, (rest) => this.empty.observe(rest));
  }

  peek(batch: FeatureObservation[]): Promise<unknown[]> {
    return this.answer(batch, (rest) => this.empty.peek(rest));
  }

  private async answer(batch: FeatureObservation[], others: (rest: FeatureObservation[]) => Promise<unknown[]>): Promise<unknown[]> {
    const out: unknown[] = new Array(batch.length);
    const rest: FeatureObservation[] = [];
    const at: number[] = [];
    batch.forEach((o, i) => {
      if (o.read) this.read.add(o.defId);
      if (o.read && this.given.has(o.defId)) out[i] = this.given.get(o.defId);
      else {
        rest.push(o);
        at.push(i);
      }
    });
    const values = rest.length ? await others(rest) : [];
    at.forEach((i, j) => (out[i] = values[j]));
    return out;
  }

  snapshot(): Promise<Uint8Array> {
    return this.empty.snapshot();
  }

  restore(state: Uint8Array): Promise<void> {
    return this.empty.restore(state);
  }

  evictExpired(now: number): Promise<number> {
    return this.empty.evictExpired(now);
  }

  stats(): { keys: number; approxBytes: number } {
    return this.empty.stats();
  }
}
