// API types of the case center (see ../api-types.ts for the rules: type-only, from schema modules
// that import nothing of the server).
import type { Static } from 'typebox';
import type {
  AvailableTransitionSchema,
  CaseAttachmentSchema,
  CaseDetailSchema,
  CaseEvidenceSchema,
  CaseImportResultSchema,
  CaseLinkSchema,
  CaseMemberSchema,
  CaseNoteSchema,
  CaseOutcomeSchema,
  CasePageSchema,
  CasePhaseSchema,
  CasePrioritySchema,
  CaseSearchQuerySchema,
  CaseSubjectTypeSchema,
  CaseSummarySchema,
  CaseTaskSchema,
  ConclusionBodySchema,
  ConclusionSchema,
  CreateCaseSchema,
  EvidenceBodySchema,
  EvidenceKindSchema,
  LinkBodySchema,
  LinkResultSchema,
  MemberBodySchema,
  MergeBodySchema,
  MergeResultSchema,
  NoteBodySchema,
  PatchCaseSchema,
  PatchTaskSchema,
  ReviewBodySchema,
  ReviewResultSchema,
  TaskBodySchema,
  TimelineEntrySchema,
  TimelinePageSchema,
  TransitionBodySchema,
} from '../routes/case-schema.ts';
import type {
  CaseRuleListSchema,
  CaseRuleSchema,
  CaseTypeListSchema,
  CaseTypeSchema,
  CreateCaseRuleSchema,
  CreateCaseTypeSchema,
  ReplaceCaseRuleSchema,
  ReplaceCaseTypeSchema,
  WorkflowSchema,
  WorkflowStateSchema,
  WorkflowTransitionSchema,
} from '../routes/case-config-schema.ts';

export type CasePhase = Static<typeof CasePhaseSchema>;
export type CasePriority = Static<typeof CasePrioritySchema>;
export type CaseSubjectType = Static<typeof CaseSubjectTypeSchema>;
export type CaseOutcome = Static<typeof CaseOutcomeSchema>;
export type EvidenceKind = Static<typeof EvidenceKindSchema>;

export type CaseSummary = Static<typeof CaseSummarySchema>;
export type CaseDetail = Static<typeof CaseDetailSchema>;
export type CasePage = Static<typeof CasePageSchema>;
export type CaseSearchQuery = Static<typeof CaseSearchQuerySchema>;
export type CaseConclusion = Static<typeof ConclusionSchema>;
export type CaseMember = Static<typeof CaseMemberSchema>;
export type CaseLink = Static<typeof CaseLinkSchema>;
export type CaseTask = Static<typeof CaseTaskSchema>;
export type CaseNote = Static<typeof CaseNoteSchema>;
export type CaseEvidence = Static<typeof CaseEvidenceSchema>;
export type CaseAttachment = Static<typeof CaseAttachmentSchema>;
export type CaseTransition = Static<typeof AvailableTransitionSchema>;
export type CaseTimelineEntry = Static<typeof TimelineEntrySchema>;
export type CaseTimelinePage = Static<typeof TimelinePageSchema>;
export type CaseImportResult = Static<typeof CaseImportResultSchema>;
export type CaseReviewResult = Static<typeof ReviewResultSchema>;
export type CaseMergeResult = Static<typeof MergeResultSchema>;
export type CaseLinkResult = Static<typeof LinkResultSchema>;

export type CreateCaseRequest = Static<typeof CreateCaseSchema>;
export type PatchCaseRequest = Static<typeof PatchCaseSchema>;
export type CaseTransitionRequest = Static<typeof TransitionBodySchema>;
export type CaseConclusionRequest = Static<typeof ConclusionBodySchema>;
export type CaseReviewRequest = Static<typeof ReviewBodySchema>;
export type CaseMergeRequest = Static<typeof MergeBodySchema>;
export type CaseMemberRequest = Static<typeof MemberBodySchema>;
export type CaseTaskRequest = Static<typeof TaskBodySchema>;
export type PatchCaseTaskRequest = Static<typeof PatchTaskSchema>;
export type CaseNoteRequest = Static<typeof NoteBodySchema>;
export type CaseEvidenceRequest = Static<typeof EvidenceBodySchema>;
export type CaseLinkRequest = Static<typeof LinkBodySchema>;

export type CaseWorkflow = Static<typeof WorkflowSchema>;
export type CaseWorkflowState = Static<typeof WorkflowStateSchema>;
export type CaseWorkflowTransition = Static<typeof WorkflowTransitionSchema>;
export type CaseType = Static<typeof CaseTypeSchema>;
export type CaseTypeListResponse = Static<typeof CaseTypeListSchema>;
export type CreateCaseTypeRequest = Static<typeof CreateCaseTypeSchema>;
export type ReplaceCaseTypeRequest = Static<typeof ReplaceCaseTypeSchema>;
export type CaseRule = Static<typeof CaseRuleSchema>;
export type CaseRuleListResponse = Static<typeof CaseRuleListSchema>;
export type CreateCaseRuleRequest = Static<typeof CreateCaseRuleSchema>;
export type ReplaceCaseRuleRequest = Static<typeof ReplaceCaseRuleSchema>;
