import { Type, type Static, type TSchema } from 'typebox';
import { I18nTextSchema } from './shared-schemas.ts';

// Request and response schemas of the case center's routes, in a module that imports nothing of
// the server: they validate, serialise (Fastify drops what is not declared), document the API and
// type the console (api-types/cases.ts).

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/**
 * A request value that may be null (to clear a field). One JSON-schema type list, not a union:
 * request validation converts types, and a union's first branch would turn `null` into `0` or `""`.
 */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [(schema as { type?: string }).type, 'null'] });
}

export const CASE_PHASE_VALUES = ['open', 'active', 'review', 'closed'] as const;
export const CASE_PRIORITY_VALUES = ['low', 'medium', 'high', 'critical'] as const;
export const CASE_SUBJECT_VALUES = ['customer', 'account', 'card', 'merchant', 'terminal', 'device'] as const;
export const CASE_OUTCOME_VALUES = ['fraud_confirmed', 'not_fraud', 'inconclusive'] as const;
export const EVIDENCE_KIND_VALUES = ['document', 'screenshot', 'transaction', 'communication', 'statement', 'recording', 'other'] as const;

export const CasePhaseSchema = Type.Enum(CASE_PHASE_VALUES);
export const CasePrioritySchema = Type.Enum(CASE_PRIORITY_VALUES);
export const CaseSubjectTypeSchema = Type.Enum(CASE_SUBJECT_VALUES);
export const CaseOutcomeSchema = Type.Enum(CASE_OUTCOME_VALUES);
export const EvidenceKindSchema = Type.Enum(EVIDENCE_KIND_VALUES);

/** Free text fields: never a card number (refused with SENSITIVE_DATA_REFUSED). */
const Title = Type.String({ minLength: 1, maxLength: 200 });
const Username = Type.String({ pattern: '^[a-z][a-z0-9._-]{2,63}$' });
const Id = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' });
const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]{0,63}$' });
const Amount = Type.Number({ minimum: 0, maximum: 1e15 });
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const Typology = Type.String({ minLength: 1, maxLength: 64 });
const Version = Type.Integer({ minimum: 1, description: 'The version of the case as read: a write on a case changed since is refused with 409' });
const SubjectKey = Type.String({ minLength: 1, maxLength: 256, description: 'A card’s number (stored only as its token) or token; another subject’s key as the bank knows it' });
const Display = Type.String({ minLength: 1, maxLength: 200 });

export const DecisionRefSchema = Type.Union([
  Type.Object({ decisionId: Id }, { additionalProperties: false }),
  Type.Object({ eventType: Type.String({ minLength: 1, maxLength: 64 }), eventId: Id }, { additionalProperties: false }),
]);
export const EntityRefSchema = Type.Object({ type: Key, key: SubjectKey, display: Type.Optional(Display) }, { additionalProperties: false });

/** `POST /api/v1/cases`. */
export const CreateCaseSchema = Type.Object(
  {
    type: Key,
    title: Title,
    subjectType: CaseSubjectTypeSchema,
    subjectKey: SubjectKey,
    subjectDisplay: Type.Optional(Display),
    priority: Type.Optional(CasePrioritySchema),
    amount: Type.Optional(Amount),
    currency: Type.Optional(Currency),
    typology: Type.Optional(Typology),
    dueAt: Type.Optional(DateTime),
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The case’s org; default the caller’s' })),
    investigators: Type.Optional(Type.Array(Username, { maxItems: 20, uniqueItems: true, description: 'Users to investigate; the first leads. A caller who investigates is added as lead when none is named' })),
    fromAlerts: Type.Optional(Type.Array(Id, { maxItems: 100, uniqueItems: true, description: 'Alerts to link, with their decisions' })),
    decisions: Type.Optional(Type.Array(DecisionRefSchema, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const PatchCaseSchema = Type.Object(
  {
    version: Version,
    title: Type.Optional(Title),
    priority: Type.Optional(CasePrioritySchema),
    amount: Type.Optional(Nullable(Amount)),
    currency: Type.Optional(Nullable(Currency)),
    typology: Type.Optional(Nullable(Typology)),
    dueAt: Type.Optional(Nullable(DateTime)),
    subjectDisplay: Type.Optional(Display),
  },
  { additionalProperties: false, minProperties: 2 },
);

export const TransitionBodySchema = Type.Object({ transition: Key, version: Version, note: Type.String({ maxLength: 2000, default: '' }) }, { additionalProperties: false });

export const ConclusionBodySchema = Type.Object(
  {
    outcome: CaseOutcomeSchema,
    lossAmount: Type.Optional(Nullable(Amount)),
    typology: Type.Optional(Nullable(Typology)),
    summary: Type.String({ minLength: 1, maxLength: 4000 }),
    version: Version,
    transition: Type.Optional(Key),
  },
  { additionalProperties: false },
);

export const ReviewBodySchema = Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), note: Type.String({ maxLength: 2000, default: '' }), version: Version }, { additionalProperties: false });

export const MergeBodySchema = Type.Object({ from: Type.Array(Id, { minItems: 1, maxItems: 20 }), version: Version }, { additionalProperties: false });

export const MemberBodySchema = Type.Object({ username: Username, lead: Type.Boolean({ default: false }) }, { additionalProperties: false });

export const TaskBodySchema = Type.Object({ title: Title, assignee: Type.Optional(Username), dueAt: Type.Optional(DateTime) }, { additionalProperties: false });
export const PatchTaskSchema = Type.Object(
  { title: Type.Optional(Title), assignee: Type.Optional(Nullable(Username)), dueAt: Type.Optional(Nullable(DateTime)), done: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const NoteBodySchema = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10000 }) }, { additionalProperties: false });

export const EvidenceBodySchema = Type.Object(
  {
    kind: EvidenceKindSchema,
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    attachmentId: Type.Optional(Id),
    linkId: Type.Optional(Id),
    decisionId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'A decision linked to the case (its link is referred to)' })),
  },
  { additionalProperties: false },
);

export const LinkBodySchema = Type.Object(
  {
    alerts: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true })),
    decisions: Type.Optional(Type.Array(DecisionRefSchema, { minItems: 1, maxItems: 100 })),
    entities: Type.Optional(Type.Array(EntityRefSchema, { minItems: 1, maxItems: 100 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CaseSearchQuerySchema = Type.Object(
  {
    org: Type.Optional(Type.String({ maxLength: 64, description: 'The org with its branches (the union: everything the caller sees)' })),
    subjectType: Type.Optional(CaseSubjectTypeSchema),
    subjectKey: Type.Optional(Type.String({ maxLength: 256, description: 'Exact key; a card by its token' })),
    type: Type.Optional(Key),
    state: Type.Optional(Type.Array(Key, { maxItems: 30 })),
    phase: Type.Optional(Type.Array(CasePhaseSchema, { maxItems: 4 })),
    priority: Type.Optional(CasePrioritySchema),
    investigator: Type.Optional(Username),
    openedFrom: Type.Optional(DateTime),
    openedTo: Type.Optional(DateTime),
    amountMin: Type.Optional(Type.Number({ minimum: 0 })),
    amountMax: Type.Optional(Type.Number({ minimum: 0 })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Text in the title, subject display or typology; or a case number or subject key, exactly' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const TimelineQuerySchema = Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }) }, { additionalProperties: false });

export const ConclusionSchema = Type.Object({
  outcome: CaseOutcomeSchema,
  lossAmount: NullableNumber,
  typology: NullableString,
  summary: Type.String(),
  proposedBy: Type.String(),
  proposedAt: DateTime,
  review: Type.Union([Type.Object({ reviewer: Type.String(), decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), note: Type.String(), at: DateTime }), Type.Null()]),
});

/** A case as listed. */
export const CaseSummarySchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  orgId: Type.String(),
  type: Type.String(),
  typeName: I18nTextSchema,
  title: Type.String(),
  state: Type.String(),
  stateName: I18nTextSchema,
  phase: CasePhaseSchema,
  priority: CasePrioritySchema,
  subjectType: Type.String(),
  subjectKey: Type.String(),
  subjectDisplay: Type.String(),
  amount: NullableNumber,
  currency: NullableString,
  typology: NullableString,
  source: Type.String(),
  openedBy: Type.String(),
  openedAt: DateTime,
  dueAt: NullableDateTime,
  closedAt: NullableDateTime,
  mergedInto: NullableString,
  outcome: Type.Union([CaseOutcomeSchema, Type.Null()]),
  investigators: Type.Array(Type.String()),
  updatedAt: DateTime,
  version: Type.Integer(),
});

export const CaseMemberSchema = Type.Object({ username: Type.String(), lead: Type.Boolean(), addedBy: Type.String(), addedAt: DateTime });
export const CaseLinkSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('alert'), Type.Literal('decision'), Type.Literal('entity')]),
  alertId: NullableString,
  decisionId: NullableString,
  eventType: NullableString,
  eventId: NullableString,
  eventOrgId: NullableString,
  entityType: NullableString,
  entityKey: NullableString,
  display: Type.String(),
  addedBy: Type.String(),
  addedAt: DateTime,
  originCaseId: NullableString,
});
export const CaseTaskSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  assignee: NullableString,
  dueAt: NullableDateTime,
  status: Type.Union([Type.Literal('open'), Type.Literal('done')]),
  createdBy: Type.String(),
  createdAt: DateTime,
  doneBy: NullableString,
  doneAt: NullableDateTime,
  originCaseId: NullableString,
});
export const CaseNoteSchema = Type.Object({ id: Type.String(), body: Type.String(), author: Type.String(), at: DateTime, originCaseId: NullableString });
export const CaseEvidenceSchema = Type.Object({
  id: Type.String(),
  kind: EvidenceKindSchema,
  description: Type.String(),
  attachmentId: NullableString,
  linkId: NullableString,
  addedBy: Type.String(),
  addedAt: DateTime,
  originCaseId: NullableString,
});
/** An attachment's metadata (its content only by download). */
export const CaseAttachmentSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedBy: Type.String(),
  uploadedAt: DateTime,
  originCaseId: NullableString,
});
/** A transition the caller can take now, and the route that takes it. */
export const AvailableTransitionSchema = Type.Object({
  key: Type.String(),
  name: I18nTextSchema,
  to: Type.String(),
  toName: I18nTextSchema,
  toPhase: CasePhaseSchema,
  requires: Type.Union([Type.Literal('conclusion'), Type.Literal('approval'), Type.Literal('rejection'), Type.Null()]),
  via: Type.Union([Type.Literal('transition'), Type.Literal('conclusion'), Type.Literal('review')]),
});

/** `GET /api/v1/cases/{id}`: the case with everything in it. */
export const CaseDetailSchema = Type.Object({
  ...CaseSummarySchema.properties,
  conclusion: Type.Union([ConclusionSchema, Type.Null()]),
  members: Type.Array(CaseMemberSchema),
  links: Type.Array(CaseLinkSchema),
  tasks: Type.Array(CaseTaskSchema),
  notes: Type.Array(CaseNoteSchema),
  evidence: Type.Array(CaseEvidenceSchema),
  attachments: Type.Array(CaseAttachmentSchema),
  availableTransitions: Type.Array(AvailableTransitionSchema),
  /** Whether the caller may review the pending conclusion, or why not. */
  review: Type.Object({ pending: Type.Boolean(), allowed: Type.Boolean(), reason: NullableString }),
});

export const CasePageSchema = Type.Object({ items: Type.Array(CaseSummarySchema), nextCursor: NullableString });

export const TimelineEntrySchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  actor: Type.String(),
  at: DateTime,
  details: Type.Object({}, { additionalProperties: true }),
  /** Set on entries that came with a merged case: where they happened. */
  originCaseId: NullableString,
  originNumber: NullableString,
});
export const TimelinePageSchema = Type.Object({ items: Type.Array(TimelineEntrySchema), nextCursor: NullableString });

export const CaseImportResultSchema = Type.Object({
  imported: Type.Integer(),
  rejected: Type.Integer(),
  cases: Type.Array(Type.Object({ line: Type.Integer(), id: Type.String(), number: Type.String() })),
  errors: Type.Array(Type.Object({ line: Type.Integer(), column: Type.Optional(Type.String()), code: Type.String(), message: Type.String() })),
});

export const ReviewResultSchema = Type.Object({ case: CaseDetailSchema, labels: Type.Object({ events: Type.Integer(), subject: Type.Boolean() }) });
export const MergeResultSchema = Type.Object({ case: CaseDetailSchema, merged: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), events: Type.Integer() })) });
export const LinkResultSchema = Type.Object({ added: Type.Array(CaseLinkSchema) });
