import type { OrgData } from './scoped.ts';

/** Where a label comes from. */
export type LabelSource = 'alert' | 'case' | 'import' | (string & {});

/** A fraud/genuine label on one event (as the decision log names it: type, org and event id). */
export interface EventLabelInput {
  eventType: string;
  orgId: string;
  eventId: string;
  fraud: boolean;
  /** The loss (or the event's amount) a fraud label counts as caught or missed. */
  amount?: number | null;
  typology?: string | null;
  subjectType?: string | null;
  subjectKey?: string | null;
  source: LabelSource;
  /** `alert:<id>`, `case:<id>`: where it was concluded. */
  sourceRef?: string | null;
  createdBy: string;
}

/** A label on a subject as a whole (a card, customer, account, merchant, device). */
export interface SubjectLabelInput {
  orgId: string;
  subjectType: string;
  subjectKey: string;
  subjectDisplay: string;
  fraud: boolean;
  typology?: string | null;
  source: LabelSource;
  sourceRef?: string | null;
  createdBy: string;
}

/**
 * Stores event labels; a later label for the same event replaces the earlier one (a reviewed case
 * conclusion overrides an alert's disposition, a chargeback file overrides both). Runs in the
 * caller's transaction (pass `data.in(tx)`); org scope applies to every row.
 */
export async function recordEventLabels(data: OrgData, labels: readonly EventLabelInput[]): Promise<number> {
  const now = new Date();
  for (let i = 0; i < labels.length; i += 1000) {
    await data
      .insertInto(
        'event_labels',
        labels.slice(i, i + 1000).map((l) => ({
          event_type: l.eventType,
          org_id: l.orgId,
          event_id: l.eventId,
          fraud: l.fraud,
          amount: l.amount ?? null,
          typology: l.typology ?? null,
          subject_type: l.subjectType ?? null,
          subject_key: l.subjectKey ?? null,
          source: l.source,
          source_ref: l.sourceRef ?? null,
          created_by: l.createdBy,
          created_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['event_type', 'org_id', 'event_id']).doUpdateSet((eb) => ({
          fraud: eb.ref('excluded.fraud'),
          amount: eb.ref('excluded.amount'),
          typology: eb.ref('excluded.typology'),
          subject_type: eb.ref('excluded.subject_type'),
          subject_key: eb.ref('excluded.subject_key'),
          source: eb.ref('excluded.source'),
          source_ref: eb.ref('excluded.source_ref'),
          created_by: eb.ref('excluded.created_by'),
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
  }
  return labels.length;
}

/** Stores (or replaces) what was concluded about a subject. */
export async function recordSubjectLabel(data: OrgData, l: SubjectLabelInput): Promise<void> {
  await data
    .insertInto('subject_labels', {
      org_id: l.orgId,
      subject_type: l.subjectType,
      subject_key: l.subjectKey,
      subject_display: l.subjectDisplay,
      fraud: l.fraud,
      typology: l.typology ?? null,
      source: l.source,
      source_ref: l.sourceRef ?? null,
      created_by: l.createdBy,
      created_at: new Date(),
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'subject_type', 'subject_key']).doUpdateSet((eb) => ({
        subject_display: eb.ref('excluded.subject_display'),
        fraud: eb.ref('excluded.fraud'),
        typology: eb.ref('excluded.typology'),
        source: eb.ref('excluded.source'),
        source_ref: eb.ref('excluded.source_ref'),
        created_by: eb.ref('excluded.created_by'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .execute();
}
