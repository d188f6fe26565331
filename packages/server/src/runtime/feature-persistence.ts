import { sql, type Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { FEATURE_STORE_UNAVAILABLE, featureWrites, toCelEvent, type FeatureObservation, type FeatureStore } from '@vigil/engine';
import { decodeEvent } from '../repos/decision-encoding.ts';
import { decisionsAfter, maxDecisionSeq } from '../repos/decisions.ts';
import { OrgData } from '../repos/scoped.ts';
import type { StrategyRegistry } from './strategy-registry.ts';

const REPLAY_PAGE = 2000;
const KEEP_SNAPSHOTS = 3;
const FEEDBACK_OVERLAP_MS = 60_000;

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
  async recover(): Promise<{ snapshotSeq: number; replayed: number; skipped: number }> {
    const snap = await this.db.selectFrom('feature_snapshots').select(['decision_seq', 'feedback_id', 'taken_at', 'state']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    let after = 0;
    let feedbackAfter = 0;
    let feedbackSince = new Date(0);
    if (snap) {
      await this.store.restore(new Uint8Array(snap.state));
      after = Number(snap.decision_seq);
      feedbackAfter = Number(snap.feedback_id);
      // Feedback ids can commit out of order and a report is counted just after it is stored:
      // replay also what arrived shortly before the snapshot. The store skips what it already has.
      feedbackSince = new Date(snap.taken_at.getTime() - FEEDBACK_OVERLAP_MS);
    }
    const snapshotSeq = after;
    const decisions = await this.replayDecisions(after);
    let replayed = decisions.replayed;
    const skipped = decisions.skipped;
    replayed += await this.replayFeedback(feedbackAfter, feedbackSince);
    return { snapshotSeq, replayed, skipped };
  }

  /**
   * Rebuilds the state from the decision log alone: every decision that occurred at or after
   * `since` (the longest feature window ago) and the feedback received since then. Used when a
   * shared feature store (Redis) has lost its data; events already applied are not applied again.
   */
  async rebuild(since: Date): Promise<{ replayed: number; skipped: number }> {
    const first = await OrgData.system(this.db)
      .selectFrom('decisions')
      .select(sql<string | null>`min(seq)`.as('s'))
      .where('occurred_at', '>=', since)
      .executeTakeFirstOrThrow();
    if (first.s === null) return { replayed: await this.replayFeedback(Number.MAX_SAFE_INTEGER, since), skipped: 0 };
    const r = await this.replayDecisions(Number(first.s) - 1);
    r.replayed += await this.replayFeedback(Number.MAX_SAFE_INTEGER, since);
    return r;
  }

  /** Feeds every decision logged after `after` to the store again, in log order. */
  private async replayDecisions(after: number): Promise<{ replayed: number; skipped: number }> {
    let replayed = 0;
    let skipped = 0;
    for (;;) {
      const page = await decisionsAfter(this.db, after, REPLAY_PAGE);
      if (page.length === 0) break;
      const { plan, eventTypes } = this.registry.current;
      for (const d of page) {
        after = d.seq;
        const et = eventTypes.get(d.eventType);
        const stored = d.event as { data?: Record<string, unknown>; channel?: string };
        if (!et || !stored.data) continue;
        // One stored event that no longer fits its (changed) event type must not stop a start.
        try {
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
        } catch (e) {
          // The store going away stops the replay (the caller retries it); a bad event is skipped.
          if ((e as { code?: string }).code === FEATURE_STORE_UNAVAILABLE) throw e;
          skipped++;
        }
      }
    }
    return { replayed, skipped };
  }

  /** Feedback received after the snapshot, fed again to the features that count feedback. */
  private async replayFeedback(afterId: number, since: Date): Promise<number> {
    let n = 0;
    let cursor = 0;
    for (;;) {
      const rows = await OrgData.system(this.db)
        .selectFrom('decision_feedback')
        // system-scope: the decision each report is about, for every org.
        .innerJoin('decisions', 'decisions.decision_id', 'decision_feedback.decision_id')
        .select(['decision_feedback.id', 'decision_feedback.received_at', 'decision_feedback.challenge_result', 'decision_feedback.business_status', 'decisions.event_type', 'decisions.event_id', 'decisions.org_id', 'decisions.event'])
        .where((eb) => eb.or([eb('decision_feedback.id', '>', afterId), eb('decision_feedback.received_at', '>', since)]))
        .where('decision_feedback.id', '>', cursor)
        .orderBy('decision_feedback.id')
        .limit(REPLAY_PAGE)
        .execute();
      if (rows.length === 0) return n;
      for (const r of rows) {
        cursor = Number(r.id);
        try {
          const batch = feedbackObservations(this.registry, { ...r, event: decodeEvent(r.event) });
          if (batch.length) await this.store.observe(batch);
          n++;
        } catch {
          // as for decisions: a report that cannot be applied any more is skipped, not fatal
        }
      }
    }
  }

  /** Saves the current state tagged with the newest committed decision; keeps the last few snapshots. */
  async snapshot(): Promise<number> {
    const seq = await maxDecisionSeq(this.db);
    const fb = await OrgData.system(this.db).selectFrom('decision_feedback').select(sql<number>`coalesce(max(id), 0)`.as('m')).executeTakeFirstOrThrow();
    const state = await this.store.snapshot();
    await this.db.insertInto('feature_snapshots').values({ decision_seq: seq, feedback_id: Number(fb.m), state: Buffer.from(state) }).execute();
    const keep = await this.db.selectFrom('feature_snapshots').select('id').orderBy('id', 'desc').limit(KEEP_SNAPSHOTS).execute();
    if (keep.length === KEEP_SNAPSHOTS) await this.db.deleteFrom('feature_snapshots').where('id', '<', keep[keep.length - 1]!.id).execute();
    return seq;
  }
}

/** A stored feedback report joined with its decision, as the feedback features see it. */
export interface FeedbackRow {
  id: number | string;
  received_at: Date;
  challenge_result: string | null;
  business_status: string | null;
  event_type: string;
  event_id: string;
  org_id: string;
  event: Record<string, unknown>;
}

/**
 * The feature updates one feedback report makes: the decided event's own fields key the state,
 * at the time the feedback arrived. Used live and on replay, so both count the same.
 */
export function feedbackObservations(registry: StrategyRegistry, r: FeedbackRow): FeatureObservation[] {
  const { plan, eventTypes } = registry.current;
  if (plan.feedbackWritesFor(r.event_type).length === 0) return [];
  const et = eventTypes.get(r.event_type);
  const stored = r.event as { data?: Record<string, unknown>; channel?: string };
  if (!et || !stored.data) return [];
  return featureWrites(
    plan,
    { eventType: r.event_type, eventId: r.event_id, at: r.received_at.getTime(), data: stored.data, celEvent: toCelEvent(et, stored.data), org: r.org_id, channel: stored.channel ?? '', params: {} },
    true,
    { id: String(r.id), challengeResult: r.challenge_result, businessStatus: r.business_status },
  );
}
