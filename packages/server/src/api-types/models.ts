// API types of the model registry, the modelling workbench and model monitoring (see
// ../api-types.ts for the rules: type-only, from schema modules that import nothing of the server).
import type { Static } from 'typebox';
import type {
  BinningOptionsSchema,
  BinVariableSchema,
  ChampionSchema,
  ChangeStatusSchema,
  CreateModelSchema,
  DatasetColumnSchema,
  DatasetListSchema,
  DatasetSummarySchema,
  DeployResultSchema,
  DeployToStrategySchema,
  FitResultSchema,
  FitScorecardSchema,
  MetricSetSchema,
  ModelDetailSchema,
  ModelEventSchema,
  ModelFormatSchema,
  ModelKindSchema,
  ModelListSchema,
  ModelMetricsSchema,
  ModelPurposeSchema,
  ModelStatusSchema,
  ModelSummarySchema,
  ModelVersionDetailSchema,
  ModelVersionSummarySchema,
  MonitoringConfigSchema,
  MonitoringRunSchema,
  MonitoringSchema,
  MonitoringStatusSchema,
  RegisterVersionSchema,
  ScoreRequestSchema,
  ScoreResultSchema,
  UpdateModelSchema,
  UploadDatasetSchema,
} from '../routes/model-schema.ts';

export type ModelPurpose = Static<typeof ModelPurposeSchema>;
export type ModelKind = Static<typeof ModelKindSchema>;
export type ModelStatus = Static<typeof ModelStatusSchema>;
export type ModelFormat = Static<typeof ModelFormatSchema>;
export type MonitoringStatus = Static<typeof MonitoringStatusSchema>;
export type MetricSet = Static<typeof MetricSetSchema>;
export type ModelMetrics = Static<typeof ModelMetricsSchema>;
export type ModelSummary = Static<typeof ModelSummarySchema>;
export type ModelList = Static<typeof ModelListSchema>;
export type ModelVersionSummary = Static<typeof ModelVersionSummarySchema>;
export type ModelEvent = Static<typeof ModelEventSchema>;
export type ModelDetail = Static<typeof ModelDetailSchema>;
export type ModelVersionDetail = Static<typeof ModelVersionDetailSchema>;
export type CreateModelRequest = Static<typeof CreateModelSchema>;
export type UpdateModelRequest = Static<typeof UpdateModelSchema>;
export type RegisterVersionRequest = Static<typeof RegisterVersionSchema>;
export type ChangeStatusRequest = Static<typeof ChangeStatusSchema>;
export type ChampionRequest = Static<typeof ChampionSchema>;
export type ScoreRequest = Static<typeof ScoreRequestSchema>;
export type ScoreResult = Static<typeof ScoreResultSchema>;
export type DeployToStrategyRequest = Static<typeof DeployToStrategySchema>;
export type DeployResult = Static<typeof DeployResultSchema>;
export type MonitoringConfig = Static<typeof MonitoringConfigSchema>;
export type MonitoringRun = Static<typeof MonitoringRunSchema>;
export type ModelMonitoring = Static<typeof MonitoringSchema>;
export type DatasetColumn = Static<typeof DatasetColumnSchema>;
export type DatasetSummary = Static<typeof DatasetSummarySchema>;
export type DatasetList = Static<typeof DatasetListSchema>;
export type UploadDatasetRequest = Static<typeof UploadDatasetSchema>;
export type BinningOptions = Static<typeof BinningOptionsSchema>;
export type BinVariableRequest = Static<typeof BinVariableSchema>;
export type FitScorecardRequest = Static<typeof FitScorecardSchema>;
export type FitResult = Static<typeof FitResultSchema>;
/** The training artefact of a Vigil scorecard (`artefact` of a version / a fit; `model.json` of the CLI). */
export type { ScorecardArtefact, GainsRow as GainsBand, SampleEvaluation, ScorecardTableRow as ScorecardRow, VariableDecision, ArtefactCoefficient as CoefficientRow } from '@vigil/modeling/artefact';
/** The binning of one variable (`POST /model-datasets/{id}/binning`; `artefact.binning[]`). */
export type { VariableBinning, Bin } from '@vigil/modeling/types';
