import { Type, type Static } from 'typebox';
import type { StrategyPackageSchema } from './strategy-schema.ts';

// Response schemas of the strategy, lifecycle and deployment routes. They serialise the answers
// (Fastify drops what is not declared), document them, and type the console. Documents stored as
// they were written (a package, a diff's added or removed items) pass through unchanged.

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const Counts = Type.Record(Type.String(), Type.Number());
/** A package as stored: passed through as it is (its own schema validates it on the way in). */
const StoredPackage = Type.Unsafe<Static<typeof StrategyPackageSchema>>(Type.Object({}, { additionalProperties: true }));
const StrategyRef = Type.Object({ id: Type.String(), version: Type.Integer() });

/** The result of one test case, as the engine's runTestCases reports it. */
export const TestCaseResultSchema = Type.Object({
  name: Type.String(),
  passed: Type.Boolean(),
  expectedOutcome: Type.String(),
  actualOutcome: NullableString,
  expectedHits: Type.Optional(Type.Array(Type.String())),
  actualHits: Type.Array(Type.String()),
  shadowHits: Type.Array(Type.String()),
  reasons: Type.Array(Type.String()),
  degraded: Type.Boolean(),
  degradations: Type.Array(Type.String()),
  ruleErrors: Type.Array(Type.Object({ stage: Type.String(), ref: Type.String(), code: Type.String(), message: Type.String() })),
  problems: Type.Array(Type.String()),
});

/** `GET /api/v1/strategies`. */
export const StrategyListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      eventType: Type.String(),
      direction: Type.String(),
      name: Type.String(),
      liveVersion: Type.Union([Type.Integer(), Type.Null()]),
      latestVersion: Type.Union([Type.Integer(), Type.Null()]),
      createdAt: DateTime,
    }),
  ),
});

/** One version in a strategy's list of versions. */
export const VersionSummarySchema = Type.Object({
  version: Type.Integer(),
  status: Type.String(),
  changeNote: Type.String(),
  createdBy: Type.String(),
  createdAt: DateTime,
  submittedBy: NullableString,
  submittedAt: NullableDateTime,
  approvedBy: NullableString,
  approvedAt: NullableDateTime,
  reviewNote: NullableString,
});

/** `GET /api/v1/strategies/{id}`: a strategy with every version, newest first. */
export const StrategyDetailSchema = Type.Object({ id: Type.String(), eventType: Type.String(), direction: Type.String(), name: Type.String(), versions: Type.Array(VersionSummarySchema) });

/** `GET /api/v1/strategies/{id}/versions/{version}`: a version with its package as it runs. */
export const VersionDetailSchema = Type.Object({
  ...VersionSummarySchema.properties,
  testResults: Type.Union([Type.Array(TestCaseResultSchema), Type.Null()]),
  package: StoredPackage,
});

/** What a lifecycle step (edit, submit, approve, reject) answers: the version as it now is. */
export const VersionViewSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  changeNote: Type.String(),
  createdBy: Type.String(),
  createdAt: DateTime,
  submittedBy: NullableString,
  submittedAt: NullableDateTime,
  reviewedBy: NullableString,
  reviewedAt: NullableDateTime,
  reviewNote: NullableString,
  testResults: Type.Union([Type.Array(TestCaseResultSchema), Type.Null()]),
});

/** `POST /api/v1/strategies/import`. */
export const ImportResultSchema = Type.Object({ id: Type.String(), version: Type.Integer(), status: Type.String() });

/** `POST /api/v1/strategies/validate`. */
export const ValidateResultSchema = Type.Object({ ok: Type.Boolean(), rules: Type.Integer(), stages: Type.Integer(), features: Type.Integer(), lists: Type.Array(Type.String()) });

/** `POST …/versions/{v}/test`: the test cases run without submitting. */
export const TestRunSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  /** `stored`: the version's package; `body`: the unsaved package sent with the request. */
  tested: Type.Union([Type.Literal('stored'), Type.Literal('body')]),
  passed: Type.Boolean(),
  results: Type.Array(TestCaseResultSchema),
});

/** `POST …/versions/{v}/deploy`. */
export const DeployResultSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  scheduled: Type.Optional(Type.Object({ deploymentId: Type.Integer(), mode: Type.String(), at: DateTime })),
});

/** `POST …/versions/{v}/withdraw`. */
export const WithdrawResultSchema = Type.Object({ ended: Type.Boolean(), cancelledSchedules: Type.Integer() });

/** `POST /api/v1/deployments/rollback`. */
export const RollbackResultSchema = Type.Object({ eventType: Type.String(), direction: Type.String(), live: StrategyRef, replaced: StrategyRef });

/** A canary's slice as the caller may see it (another bank's orgs only counted). */
export const CanarySliceSchema = Type.Object({ percent: Type.Optional(Type.Number()), key: Type.Optional(Type.String()), orgs: Type.Optional(Type.Array(Type.String())), otherOrgs: Type.Optional(Type.Integer()) });

export const DeploymentSchema = Type.Object({
  deploymentId: Type.Integer(),
  eventType: Type.String(),
  direction: Type.String(),
  strategy: StrategyRef,
  mode: Type.String(),
  canary: Type.Union([CanarySliceSchema, Type.Null()]),
  actor: Type.String(),
  reason: Type.String(),
  since: DateTime,
  scheduledFor: Type.Optional(DateTime),
});

/** `GET /api/v1/deployments`. */
export const DeploymentListSchema = Type.Object({ active: Type.Array(DeploymentSchema), scheduled: Type.Array(DeploymentSchema) });

const ShadowSide = Type.Object({ outcome: Type.String(), score: NullableNumber, hits: Type.Array(Type.String()) });

/** `GET …/versions/{v}/shadow-report`. */
export const ShadowReportSchema = Type.Object({
  strategy: StrategyRef,
  decisions: Type.Integer(),
  agreement: NullableNumber,
  matrix: Type.Array(Type.Object({ champion: Type.String(), challenger: Type.String(), count: Type.Integer() })),
  ruleHits: Type.Object({ challenger: Counts, champion: Counts }),
  changed: Type.Array(Type.Object({ decisionId: Type.String(), orgId: Type.String(), occurredAt: DateTime, champion: ShadowSide, challenger: ShadowSide })),
});

const canarySideFields = {
  strategy: Type.Union([StrategyRef, Type.Null()]),
  decisions: Type.Integer(),
  outcomes: Counts,
  meanScore: NullableNumber,
  meanLatencyMs: NullableNumber,
  degradedShare: NullableNumber,
};
const CanarySide = Type.Object(canarySideFields);

/** `GET /api/v1/deployments/canary-report`. */
export const CanaryReportSchema = Type.Object({
  eventType: Type.String(),
  direction: Type.String(),
  canary: Type.Union([Type.Object({ ...canarySideFields, slice: Type.Union([CanarySliceSchema, Type.Null()]) }), Type.Null()]),
  champion: CanarySide,
});

const FieldChange = Type.Object({ path: Type.String(), before: Type.Optional(Type.Unknown()), after: Type.Optional(Type.Unknown()) });
const ItemChange = Type.Object({
  id: Type.String(),
  changes: Type.Array(FieldChange),
  membersAdded: Type.Optional(Type.Array(Type.String())),
  membersRemoved: Type.Optional(Type.Array(Type.String())),
  reordered: Type.Optional(Type.Boolean()),
  newState: Type.Optional(Type.Boolean()),
});
const CollectionDiff = Type.Object({
  added: Type.Array(Type.Unknown()),
  removed: Type.Array(Type.Unknown()),
  changed: Type.Array(ItemChange),
  reordered: Type.Optional(Type.Object({ before: Type.Array(Type.String()), after: Type.Array(Type.String()) })),
});

/** The kinds of item a diff compares one by one. */
export const DIFF_COLLECTIONS = ['rules', 'ruleSets', 'flow', 'variables', 'features', 'models', 'dataSources', 'tables', 'outcomeActions', 'testCases'] as const;

export const PackageDiffSchema = Type.Object({
  empty: Type.Boolean(),
  package: Type.Array(FieldChange),
  rules: CollectionDiff,
  ruleSets: CollectionDiff,
  flow: CollectionDiff,
  variables: CollectionDiff,
  features: CollectionDiff,
  lists: Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()) }),
  models: CollectionDiff,
  dataSources: CollectionDiff,
  tables: CollectionDiff,
  outcomeActions: CollectionDiff,
  testCases: CollectionDiff,
  thresholds: Type.Array(
    Type.Object({
      kind: Type.String(),
      rule: Type.Optional(Type.String()),
      variable: Type.Optional(Type.String()),
      stage: Type.Optional(Type.String()),
      table: Type.Optional(Type.String()),
      path: Type.String(),
      before: Type.Number(),
      after: Type.Number(),
      context: Type.Optional(Type.String()),
    }),
  ),
  outcomeMapping: Type.Array(Type.Object({ kind: Type.String(), id: Type.String(), path: Type.String(), before: Type.Optional(Type.String()), after: Type.Optional(Type.String()) })),
});

/** `GET /api/v1/strategies/{id}/diff`. */
export const DiffResultSchema = Type.Object({ from: Type.Integer(), to: Type.Integer(), diff: PackageDiffSchema, text: Type.String() });
