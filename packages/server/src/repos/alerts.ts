import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { json, withTransaction, type DB } from '@vigil/storage';
import type { OrgData } from './scoped.ts';

/** Alert levels, lowest first; an alert has the highest level any contribution brought. */
export const ALERT_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export function levelRank(level: AlertLevel): number {
  return ALERT_LEVELS.indexOf(level) + 1;
}

/** Where an alert or a contribution comes from. */
export type AlertSource = 'decision' | 'rule_action' | 'post_event' | 'batch' | 'model_monitoring' | 'manual';

/** One reason for an alert: a decision, a rule action, a batch hit or a person's report. */
export interface AlertContribution {
  orgId: string;
  category: string;
  level: AlertLevel;
  source: AlertSource;
  subjectType: string;
  /** The subject as stored (a card's token, never its number). */
  subjectKey: string;
  subjectDisplay: string;
  /** Contributions with the same key (and org and category) join one alert while it merges. */
  mergeKey: string;
  /** How long after it opens an alert takes further contributions. */
  windowMs: number;
  at: Date;
  decisionId?: string;
  eventType?: string;
  eventId?: string;
  ruleIds?: readonly string[];
  note?: string;
  /** The event's amount: the alert's amount is the sum of its contributions'. */
  amount?: number | null;
  /** The bank (legal entity) the org belongs to. */
  legalEntityId?: string | null;
}

export interface ContributionResult {
  alertId: string;
  /** A new alert was opened (else the contribution joined the one merging). */
  opened: boolean;
  /** The decision had already contributed to this alert: nothing changed. */
  duplicate: boolean;
  /** The alert's level after the contribution. */
  level: AlertLevel;
}

/**
 * Opens an alert for the contribution, or joins the alert of the same org, category and merge
 * key that is still merging: its event count grows, its level rises to the highest, its rules are
 * the union, and the contribution is kept for its timeline. One statement decides between the
 * two (an upsert on the unique index of merging alerts), so concurrent contributions for one
 * subject always meet in one alert. An alert whose window has passed stops merging first, and the
 * contribution opens a new one. A decision contributes to an alert of its category and key once:
 * a replay changes nothing (and a replay racing its original fails on a unique index, whole).
 * Joins the caller's transaction when given one.
 */
export async function contributeAlert(data: OrgData, c: AlertContribution): Promise<ContributionResult> {
  const id = randomUUID();
  const rank = levelRank(c.level);
  const ruleIds = [...new Set(c.ruleIds ?? [])].sort();
  return withTransaction(data.db as Kysely<DB>, async (tx) => {
    const d = data.in(tx);
    if (c.decisionId) {
      const seen = await d
        .selectFrom('alert_contributions')
        // system-scope: the contribution rows are scoped, and an alert shares its contributions' org.
        .innerJoin('alerts', 'alerts.id', 'alert_contributions.alert_id')
        .select(['alerts.id', 'alerts.level'])
        .where('alert_contributions.decision_id', '=', c.decisionId)
        .where('alerts.org_id', '=', c.orgId)
        .where('alerts.category', '=', c.category)
        .where('alerts.merge_key', '=', c.mergeKey)
        .executeTakeFirst();
      if (seen) return { alertId: seen.id, opened: false, duplicate: true, level: seen.level as AlertLevel };
    }
    await d
      .updateTable('alerts')
      .set({ merging: false, updated_at: new Date() })
      .where('org_id', '=', c.orgId)
      .where('category', '=', c.category)
      .where('merge_key', '=', c.mergeKey)
      .where('merging', '=', true)
      .where('merge_until', '<=', c.at)
      .execute();
    const row = await d
      .insertInto('alerts', {
        id,
        org_id: c.orgId,
        category: c.category,
        level: c.level,
        level_rank: rank,
        subject_type: c.subjectType,
        subject_key: c.subjectKey,
        subject_display: c.subjectDisplay,
        merge_key: c.mergeKey,
        merge_until: new Date(c.at.getTime() + c.windowMs),
        source: c.source,
        rule_ids: json(ruleIds),
        first_event_at: c.at,
        last_event_at: c.at,
        amount: c.amount ?? 0,
        event_type: c.eventType ?? null,
        legal_entity_id: c.legalEntityId ?? null,
      })
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'category', 'merge_key'])
          .where('merging', '=', true)
          .doUpdateSet({
            event_count: sql`alerts.event_count + 1`,
            amount: sql`alerts.amount + excluded.amount`,
            level: sql`case when excluded.level_rank > alerts.level_rank then excluded.level else alerts.level end`,
            level_rank: sql`greatest(alerts.level_rank, excluded.level_rank)`,
            last_event_at: sql`greatest(alerts.last_event_at, excluded.last_event_at)`,
            first_event_at: sql`least(alerts.first_event_at, excluded.first_event_at)`,
            rule_ids: sql`(select coalesce(jsonb_agg(distinct r order by r), '[]'::jsonb) from jsonb_array_elements_text(alerts.rule_ids || excluded.rule_ids) as r)`,
            updated_at: sql`now()`,
          }),
      )
      .returning(['id', 'level'])
      .executeTakeFirstOrThrow();
    await d
      .insertInto('alert_contributions', {
        alert_id: row.id,
        org_id: c.orgId,
        source: c.source,
        level: c.level,
        decision_id: c.decisionId ?? null,
        event_type: c.eventType ?? null,
        event_id: c.eventId ?? null,
        rule_ids: json(ruleIds),
        note: c.note ?? null,
        at: c.at,
        amount: c.amount ?? null,
      })
      .execute();
    return { alertId: row.id, opened: row.id === id, duplicate: false, level: row.level as AlertLevel };
  });
}
