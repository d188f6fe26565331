// API types of the console's strategy pages (see ../api-types.ts for the rules: type-only, from
// schema modules that import nothing of the server).
import type { Static } from 'typebox';
import type { StrategyPackageSchema } from '../routes/strategy-schema.ts';
import type {
  CanaryReportSchema,
  CanarySliceSchema,
  DeploymentListSchema,
  DeploymentSchema,
  DeployResultSchema,
  DiffResultSchema,
  ImportResultSchema,
  PackageDiffSchema,
  RollbackResultSchema,
  ShadowReportSchema,
  StrategyDetailSchema,
  StrategyListSchema,
  TestCaseResultSchema,
  TestRunSchema,
  ValidateResultSchema,
  VersionDetailSchema,
  VersionSummarySchema,
  VersionViewSchema,
  WithdrawResultSchema,
} from '../routes/strategy-lifecycle-schema.ts';
import type { AuthoringCatalogueSchema, CheckExpressionBodySchema, CheckExpressionResultSchema, DiagnosticSchema } from '../routes/strategy-authoring-schema.ts';
import type { BacktestCompareSchema, BacktestCreatedSchema, BacktestListSchema, BacktestReportSchema, BacktestSchema, BacktestUploadedSchema } from '../routes/backtest-schema.ts';

/** A strategy package document as imported, edited and exported. */
export type StrategyPackage = Static<typeof StrategyPackageSchema>;

export type StrategyListResponse = Static<typeof StrategyListSchema>;
export type StrategySummary = StrategyListResponse['items'][number];
export type StrategyDetail = Static<typeof StrategyDetailSchema>;
export type StrategyVersionSummary = Static<typeof VersionSummarySchema>;
export type StrategyVersionDetail = Static<typeof VersionDetailSchema>;
export type StrategyVersionView = Static<typeof VersionViewSchema>;
export type StrategyImportResult = Static<typeof ImportResultSchema>;
export type StrategyValidateResult = Static<typeof ValidateResultSchema>;
export type StrategyTestCaseResult = Static<typeof TestCaseResultSchema>;
export type StrategyTestRun = Static<typeof TestRunSchema>;
export type StrategyDeployResult = Static<typeof DeployResultSchema>;
export type StrategyWithdrawResult = Static<typeof WithdrawResultSchema>;
export type StrategyRollbackResult = Static<typeof RollbackResultSchema>;
export type StrategyCanarySlice = Static<typeof CanarySliceSchema>;
export type StrategyDeployment = Static<typeof DeploymentSchema>;
export type StrategyDeploymentList = Static<typeof DeploymentListSchema>;
export type ShadowReport = Static<typeof ShadowReportSchema>;
export type CanaryReport = Static<typeof CanaryReportSchema>;
export type StrategyPackageDiff = Static<typeof PackageDiffSchema>;
export type StrategyDiff = Static<typeof DiffResultSchema>;

export type Backtest = Static<typeof BacktestSchema>;
export type BacktestReport = Static<typeof BacktestReportSchema>;
export type BacktestListResponse = Static<typeof BacktestListSchema>;
export type BacktestCreated = Static<typeof BacktestCreatedSchema>;
export type BacktestUploaded = Static<typeof BacktestUploadedSchema>;
export type BacktestComparison = Static<typeof BacktestCompareSchema>;

// Strategy editor: expression checking and the authoring catalogue.
/** Request of POST /api/v1/strategies/check. */
export type CheckExpressionRequest = Static<typeof CheckExpressionBodySchema>;
/** Answer of POST /api/v1/strategies/check. */
export type CheckExpressionResult = Static<typeof CheckExpressionResultSchema>;
/** One problem of a checked expression (character offsets). */
export type ExpressionDiagnostic = Static<typeof DiagnosticSchema>;
/** Answer of GET/POST /api/v1/strategies/authoring-catalogue. */
export type AuthoringCatalogue = Static<typeof AuthoringCatalogueSchema>;
