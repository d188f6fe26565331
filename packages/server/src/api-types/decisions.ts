// API types of the console's decisions pages (see ../api-types.ts for the rules: type-only, from schema
// modules that import nothing of the server).
import type { Static } from 'typebox';
import type {
  DecisionAnswerSchema,
  DecisionDetailSchema,
  DecisionFeedbackSchema,
  DecisionPageSchema,
  DecisionSummarySchema,
  DecisionTraceSchema,
  EntityFeatureSchema,
  EntityKindSchema,
  EntityListMembershipSchema,
  EntityViewSchema,
  ShadowResultSchema,
  StageTraceSchema,
} from '../routes/decision-log-schema.ts';

/** One decision as listed by `GET /api/v1/decisions`. */
export type DecisionSummary = Static<typeof DecisionSummarySchema>;
/** A page of the decision log search, with the cursor of the next (older) page. */
export type DecisionPage = Static<typeof DecisionPageSchema>;
/** `GET /api/v1/decisions/{id}`: one decision with event, answer, trace, challengers and feedback. */
export type DecisionDetail = Static<typeof DecisionDetailSchema>;
export type DecisionAnswer = Static<typeof DecisionAnswerSchema>;
export type DecisionTrace = Static<typeof DecisionTraceSchema>;
export type StageTrace = Static<typeof StageTraceSchema>;
export type ShadowResult = Static<typeof ShadowResultSchema>;
export type DecisionFeedback = Static<typeof DecisionFeedbackSchema>;
/** Entity kinds the log and the entity view can be searched by. */
export type EntityKind = Static<typeof EntityKindSchema>;
/** `GET /api/v1/entities/{type}/{value}`. */
export type EntityView = Static<typeof EntityViewSchema>;
export type EntityFeature = Static<typeof EntityFeatureSchema>;
export type EntityListMembership = Static<typeof EntityListMembershipSchema>;
