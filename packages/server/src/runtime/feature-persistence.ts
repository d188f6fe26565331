import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { featureWrites, toCelEvent, type FeatureStore } from '@vigil/engine';
import { decisionsAfter, maxDecisionSeq } from '../repos/decisions.ts';
import type { StrategyRegistry } from './strategy-registry.ts';

const REPLAY_PAGE = 2000;
const KEEP_SNAPSHOTS = 3;

/**
 * Makes in-memory feature state survive restarts: periodic snapshots tagged with the decision
 * log position they include, and on start the newest snapshot plus a replay of every decision
 * logged after it. Decisions in flight when a snapshot is taken may be both in the snapshot and
 * replayed; the store ignores an event it has already applied (de-duplication by event key).
 */
export class FeaturePersistence {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly store: FeatureStore,
    private readonly registry: StrategyRegistry,
  ) {}

  /** Restores the newest snapshot and replays the log after it. Returns what was done. */
  async recover(): Promise<{ snapshotSeq: number; replayed: number }> {
    const snap = await this.db.selectFrom('feature_snapshots').select(['decision_seq', 'state']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    let after = 0;
    if (snap) {
      await this.store.restore(new Uint8Array(snap.state));
      after = Number(snap.decision_seq);
    }
    const snapshotSeq = after;
    let replayed = 0;
    for (;;) {
      const page = await decisionsAfter(this.db, after, REPLAY_PAGE);
      if (page.length === 0) break;
      const { plan, eventTypes } = this.registry.current;
      for (const d of page) {
        after = d.seq;
        const et = eventTypes.get(d.eventType);
        const stored = d.event as { data?: Record<string, unknown>; channel?: string };
        if (!et || !stored.data) continue;
        const batch = featureWrites(
          plan,
          {
            eventType: d.eventType,
            eventId: d.eventId,
            at: d.occurredAt.getTime(),
            data: stored.data,
            celEvent: toCelEvent(et, stored.data),
            org: d.orgId,
            channel: stored.channel ?? '',
            params: {},
          },
          true,
        );
        if (batch.length) await this.store.observe(batch);
        replayed++;
      }
    }
    return { snapshotSeq, replayed };
  }

  /** Saves the current state tagged with the newest committed decision; keeps the last few snapshots. */
  async snapshot(): Promise<number> {
    const seq = await maxDecisionSeq(this.db);
    const state = await this.store.snapshot();
    await this.db.insertInto('feature_snapshots').values({ decision_seq: seq, state: Buffer.from(state) }).execute();
    const keep = await this.db.selectFrom('feature_snapshots').select('id').orderBy('id', 'desc').limit(KEEP_SNAPSHOTS).execute();
    if (keep.length === KEEP_SNAPSHOTS) await this.db.deleteFrom('feature_snapshots').where('id', '<', keep[keep.length - 1]!.id).execute();
    return seq;
  }
}
