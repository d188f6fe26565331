import { Type } from 'typebox';
import { CASE_PHASE_VALUES, CasePrioritySchema, CaseSubjectTypeSchema, Nullable } from './case-schema.ts';
import { I18nTextSchema } from './shared-schemas.ts';

// Schemas of the case center's configuration: case types with their workflows, and the rules that
// open cases from disposed alerts. Imports nothing of the server (see case-schema.ts).

const DateTime = Type.String({ format: 'date-time' });
const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]{0,63}$' });
const OrgId = Type.String({ minLength: 1, maxLength: 64 });

export const TRANSITION_PERMISSION_VALUES = ['case.investigate', 'case.review', 'case.configure'] as const;
export const TRANSITION_REQUIREMENT_VALUES = ['conclusion', 'approval', 'rejection'] as const;
export const ALERT_LEVEL_VALUES = ['low', 'medium', 'high', 'critical'] as const;

export const WorkflowStateSchema = Type.Object(
  { key: Key, name: I18nTextSchema, phase: Type.Enum(CASE_PHASE_VALUES) },
  { additionalProperties: false },
);
export const WorkflowTransitionSchema = Type.Object(
  {
    key: Key,
    from: Key,
    to: Key,
    name: I18nTextSchema,
    permission: Type.Enum(TRANSITION_PERMISSION_VALUES),
    requires: Type.Optional(Type.Enum(TRANSITION_REQUIREMENT_VALUES)),
  },
  { additionalProperties: false },
);
export const WorkflowSchema = Type.Object(
  { states: Type.Array(WorkflowStateSchema, { minItems: 1, maxItems: 30 }), transitions: Type.Array(WorkflowTransitionSchema, { maxItems: 60 }) },
  { additionalProperties: false },
);

const typeFields = {
  name: I18nTextSchema,
  description: Type.String({ maxLength: 2000, default: '' }),
  subjectTypes: Type.Array(CaseSubjectTypeSchema, { minItems: 1, maxItems: 6, uniqueItems: true }),
  workflow: WorkflowSchema,
  initialState: Key,
};

/** `POST /api/v1/case-types`. */
export const CreateCaseTypeSchema = Type.Object({ key: Key, orgId: Type.Optional(OrgId), ...typeFields }, { additionalProperties: false });
/** `PUT /api/v1/case-types/{id}`: everything but the key and org. */
export const ReplaceCaseTypeSchema = Type.Object(typeFields, { additionalProperties: false });

export const CaseTypeSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  key: Type.String(),
  name: I18nTextSchema,
  description: Type.String(),
  subjectTypes: Type.Array(Type.String()),
  workflow: WorkflowSchema,
  initialState: Type.String(),
  createdBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  /** Defined by an org above the one asked about (the union's built-in types for a bank). */
  inherited: Type.Boolean(),
});
export const CaseTypeListSchema = Type.Object({ items: Type.Array(CaseTypeSchema) });
export const CaseTypesQuerySchema = Type.Object({ org: Type.Optional(OrgId) }, { additionalProperties: false });

const ruleFields = {
  name: Type.String({ minLength: 1, maxLength: 128 }),
  enabled: Type.Boolean({ default: true }),
  dispositions: Type.Array(Key, { minItems: 1, maxItems: 20, uniqueItems: true, description: 'Alert dispositions the rule acts on, e.g. confirmed_fraud, escalated_to_case' }),
  categories: Type.Array(Key, { maxItems: 50, uniqueItems: true, default: [], description: 'Alert categories; empty for every category' }),
  minLevel: Type.Enum(ALERT_LEVEL_VALUES, { default: 'low' }),
  minAmount: Nullable(Type.Number({ minimum: 0, maximum: 1e15, default: null, description: 'The alert’s amount must be at least this (an alert without an amount does not match)' })),
  caseType: Key,
  priority: Type.Optional(CasePrioritySchema),
  linkOpen: Type.Boolean({ default: true, description: 'Link the alert to the open case of its subject and type instead of opening another' }),
};

/** `POST /api/v1/case-rules`. */
export const CreateCaseRuleSchema = Type.Object({ orgId: Type.Optional(OrgId), ...ruleFields }, { additionalProperties: false });
/** `PUT /api/v1/case-rules/{id}`. */
export const ReplaceCaseRuleSchema = Type.Object(ruleFields, { additionalProperties: false });

export const CaseRuleSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  dispositions: Type.Array(Type.String()),
  categories: Type.Array(Type.String()),
  minLevel: Type.String(),
  minAmount: Type.Union([Type.Number(), Type.Null()]),
  caseType: Type.String(),
  priority: CasePrioritySchema,
  linkOpen: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  /** Defined by an org above the one asked about: it applies, but is changed there. */
  inherited: Type.Boolean(),
});
export const CaseRuleListSchema = Type.Object({ items: Type.Array(CaseRuleSchema) });
export const CaseRulesQuerySchema = Type.Object({ org: Type.Optional(OrgId) }, { additionalProperties: false });
