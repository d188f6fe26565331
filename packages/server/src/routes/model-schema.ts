import { Type } from 'typebox';

// Request and response schemas of the model registry, the modelling workbench (datasets, binning,
// fitting) and model monitoring, in a module that imports nothing of the server: they validate,
// serialise (Fastify drops what is not declared), document the API and type the console
// (api-types/models.ts).

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
/** Model definitions, artefacts and binning tables are documents of the modelling toolkit. */
const Document = Type.Unknown();

export const MODEL_PURPOSE_VALUES = ['application', 'behaviour', 'collection', 'fraud', 'other'] as const;
export const MODEL_KIND_VALUES = ['scorecard', 'logistic', 'decision_tree', 'tree_ensemble'] as const;
export const MODEL_STATUS_VALUES = ['development', 'validated', 'production', 'retired'] as const;
export const MODEL_FORMAT_VALUES = ['vigil', 'xgboost_json', 'lightgbm_text', 'decision_tree'] as const;
export const MONITORING_STATUS_VALUES = ['ok', 'warning', 'alert', 'insufficient', 'failed'] as const;

export const ModelPurposeSchema = Type.Enum(MODEL_PURPOSE_VALUES);
export const ModelKindSchema = Type.Enum(MODEL_KIND_VALUES);
export const ModelStatusSchema = Type.Enum(MODEL_STATUS_VALUES);
export const ModelFormatSchema = Type.Enum(MODEL_FORMAT_VALUES);
export const MonitoringStatusSchema = Type.Enum(MONITORING_STATUS_VALUES);

const ModelKey = Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$', description: 'Identifier inside its org, also the default id of the model in a strategy package' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Documentation = Type.String({ maxLength: 100_000, description: 'Documentation (Markdown): purpose, population, target definition, limitations' });
const Username = Type.String({ pattern: '^[a-z][a-z0-9._-]{2,63}$' });

export const MetricSetSchema = Type.Object({ auc: Type.Number(), ks: Type.Number(), gini: Type.Number(), rows: Type.Optional(Type.Integer()), bads: Type.Optional(Type.Integer()) });
export const ModelMetricsSchema = Type.Object({ train: Type.Optional(MetricSetSchema), test: Type.Optional(MetricSetSchema), oot: Type.Optional(MetricSetSchema) });

export const MonitoringThresholdsSchema = Type.Object(
  {
    psiWarning: Type.Number({ minimum: 0, maximum: 10, default: 0.1, description: 'Score PSI at or above which a run is a warning' }),
    psiAlert: Type.Number({ minimum: 0, maximum: 10, default: 0.25, description: 'Score PSI at or above which a run raises an alert to the owner' }),
    csiAlert: Type.Number({ minimum: 0, maximum: 10, default: 0.25, description: 'A characteristic’s CSI at or above which a run raises an alert' }),
    ksDropAlert: Type.Number({ minimum: 0, maximum: 1, default: 0.1, description: 'Drop of KS below the development KS (absolute) that raises an alert' }),
    aucDropAlert: Type.Number({ minimum: 0, maximum: 1, default: 0.05, description: 'Drop of AUC below the development AUC (absolute) that raises an alert' }),
  },
  { additionalProperties: false },
);

export const MonitoringConfigSchema = Type.Object(
  {
    enabled: Type.Boolean(),
    /** Cron expression (croner), in the node's time zone. */
    schedule: Type.String({ minLength: 9, maxLength: 100, default: '0 2 * * *', description: 'Cron expression of the scheduled runs' }),
    windowDays: Type.Integer({ minimum: 1, maximum: 90, default: 7, description: 'Days of decisions each run compares with the development sample' }),
    labelMaturityDays: Type.Integer({ minimum: 0, maximum: 365, default: 30, description: 'Age at which a decision’s label counts as mature for KS/AUC' }),
    minDecisions: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 100, description: 'Fewer scored decisions than this make a run “insufficient”' }),
    thresholds: MonitoringThresholdsSchema,
  },
  { additionalProperties: false },
);

export const ModelSummarySchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  purpose: ModelPurposeSchema,
  kind: Type.Union([ModelKindSchema, Type.Null()], { description: 'Kind of the latest version; null before the first' }),
  owner: Type.String(),
  description: Type.String(),
  championVersion: Type.Union([Type.Integer(), Type.Null()]),
  challengerVersion: Type.Union([Type.Integer(), Type.Null()]),
  latestVersion: Type.Union([Type.Integer(), Type.Null()]),
  latestStatus: Type.Union([ModelStatusSchema, Type.Null()]),
  monitoringEnabled: Type.Boolean(),
  lastMonitoringStatus: Type.Union([MonitoringStatusSchema, Type.Null()]),
  lastMonitoringAt: NullableDateTime,
  createdBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  /** Row version for optimistic concurrency: send it back as `expectedVersion`. */
  rowVersion: Type.Integer(),
});
export const ModelListSchema = Type.Object({ items: Type.Array(ModelSummarySchema) });

export const ModelVersionSummarySchema = Type.Object({
  version: Type.Integer(),
  kind: ModelKindSchema,
  format: ModelFormatSchema,
  status: ModelStatusSchema,
  /** Names of the model's inputs (variables of a scorecard, features of a tree model). */
  features: Type.Array(Type.String()),
  metrics: Type.Union([ModelMetricsSchema, Type.Null()]),
  note: Type.String(),
  createdBy: Type.String(),
  createdAt: DateTime,
  statusChangedBy: NullableString,
  statusChangedAt: NullableDateTime,
});

export const ModelEventSchema = Type.Object({
  id: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.String({ description: 'created, updated, version_registered, status_changed, champion_changed, deployed, monitoring_changed, monitoring_alert' }),
  actor: Type.String(),
  at: DateTime,
  note: Type.String(),
  details: Document,
});

export const ModelDetailSchema = Type.Object({
  ...ModelSummarySchema.properties,
  monitoring: MonitoringConfigSchema,
  versions: Type.Array(ModelVersionSummarySchema),
  events: Type.Array(ModelEventSchema),
});

export const ModelVersionDetailSchema = Type.Object({
  ...ModelVersionSummarySchema.properties,
  modelId: Type.String(),
  /** The engine definition (inputs are `event.<feature>` until a deployment maps them). */
  definition: Document,
  /** The training artefact of a Vigil scorecard: binning, regression, scorecard table, curves, development sample. */
  artefact: Document,
  woeConvention: NullableString,
  /** Strategy versions whose package holds this model version. */
  usedBy: Type.Array(Type.Object({ strategyId: Type.String(), version: Type.Integer(), status: Type.String(), modelId: Type.String() })),
});

export const CreateModelSchema = Type.Object(
  {
    key: ModelKey,
    name: Name,
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Owning org; the caller’s own by default' })),
    purpose: ModelPurposeSchema,
    description: Type.Optional(Documentation),
    owner: Type.Optional(Username),
  },
  { additionalProperties: false },
);

export const UpdateModelSchema = Type.Object(
  {
    name: Type.Optional(Name),
    purpose: Type.Optional(ModelPurposeSchema),
    description: Type.Optional(Documentation),
    owner: Type.Optional(Username),
    expectedVersion: Type.Integer({ description: 'The rowVersion read; a stale one gets 409' }),
  },
  { additionalProperties: false },
);

export const RegisterVersionSchema = Type.Object(
  {
    format: ModelFormatSchema,
    /**
     * `vigil`: the `model.json` written by `vigil scorecard fit` / returned by a fit, or an engine
     * model definition (scorecard, logistic); `xgboost_json`: XGBoost's `save_model` JSON or its
     * JSON dump; `lightgbm_text`: LightGBM's text model (a string); `decision_tree`: a nested tree.
     */
    content: Document,
    /** Names of the inputs, for formats that carry none (XGBoost dumps, LightGBM without feature_names). */
    features: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 2000 })),
    /** What an XGBoost JSON dump does not carry: its objective and base score (prediction space). */
    xgboost: Type.Optional(Type.Object({ objective: Type.String({ minLength: 1, maxLength: 64 }), baseScore: Type.Number() }, { additionalProperties: false })),
    metrics: Type.Optional(ModelMetricsSchema),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ChangeStatusSchema = Type.Object({ status: ModelStatusSchema, note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const ChampionSchema = Type.Object(
  {
    champion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'A production version, or null' }),
    challenger: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'A validated or production version other than the champion, or null' }),
    note: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const ScoreRequestSchema = Type.Object(
  { inputs: Type.Record(Type.String({ maxLength: 128 }), Type.Unknown(), { description: 'Feature name → value; a name left out is missing' }) },
  { additionalProperties: false },
);
export const ScoreResultSchema = Type.Object({
  score: Type.Number(),
  probability: Type.Optional(Type.Number()),
  reasons: Type.Array(Type.String()),
  contributions: Type.Array(Type.Object({ input: Type.String(), value: Type.Unknown(), points: Type.Number(), bin: Type.Optional(Type.String()) })),
  micros: Type.Number(),
});

export const DeployToStrategySchema = Type.Object(
  {
    strategyId: Type.String({ minLength: 1, maxLength: 64 }),
    /** Version whose package the draft starts from; the latest when left out. */
    baseVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Id of the model inside the package (`models.<id>` in CEL); the model's key by default. */
    modelId: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' })),
    /** Feature name → CEL expression giving it (`event.<feature>` when left out). */
    inputs: Type.Optional(Type.Record(Type.String({ maxLength: 128 }), Type.String({ minLength: 1, maxLength: 2000 }))),
    /** Where the model stage goes: before this stage id, or last before the end when left out. */
    before: Type.Optional(Type.String({ maxLength: 64 })),
    bands: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 20, description: 'Score bands of the stage (as in a strategy package)' })),
    note: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export const DeployResultSchema = Type.Object({ strategyId: Type.String(), version: Type.Integer(), modelId: Type.String(), stageId: Type.String() });

export const MonitoringRunSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  trigger: Type.String(),
  status: MonitoringStatusSchema,
  windowFrom: DateTime,
  windowTo: DateTime,
  decisions: Type.Integer(),
  labelled: Type.Integer(),
  scorePsi: NullableNumber,
  /** Characteristic → CSI. */
  csi: Type.Record(Type.String(), Type.Number()),
  ks: NullableNumber,
  auc: NullableNumber,
  /** Score distribution of the window against the development sample, per score bin. */
  scoreBins: Type.Array(Type.Object({ label: Type.String(), expected: Type.Number(), actual: Type.Number() })),
  breaches: Type.Array(Type.Object({ metric: Type.String(), value: Type.Number(), threshold: Type.Number(), level: Type.Union([Type.Literal('warning'), Type.Literal('alert')]) })),
  alertId: NullableString,
  error: NullableString,
  startedAt: DateTime,
});
export const MonitoringSchema = Type.Object({ config: MonitoringConfigSchema, runs: Type.Array(MonitoringRunSchema) });

// --- The modelling workbench: datasets, binning, fitting ---

export const DatasetColumnSchema = Type.Object({
  name: Type.String(),
  type: Type.Union([Type.Literal('numeric'), Type.Literal('categorical'), Type.Literal('date')]),
  count: Type.Integer(),
  missing: Type.Integer(),
  missingRate: Type.Number(),
  distinct: Type.Integer(),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  mean: Type.Optional(Type.Number()),
  std: Type.Optional(Type.Number()),
  quantiles: Type.Optional(Type.Record(Type.String(), Type.Number())),
  top: Type.Optional(Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }))),
});

export const DatasetSummarySchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  rows: Type.Integer(),
  bytes: Type.Integer(),
  sha256: Type.String(),
  columns: Type.Array(DatasetColumnSchema),
  createdBy: Type.String(),
  createdAt: DateTime,
});
export const DatasetListSchema = Type.Object({ items: Type.Array(Type.Omit(DatasetSummarySchema, ['columns'])) });

export const UploadDatasetSchema = Type.Object(
  {
    name: Name,
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    csv: Type.String({ minLength: 1, description: 'The CSV text (header row first); at most VIGIL_MODEL_DATASET_MAX_BYTES' }),
  },
  { additionalProperties: false },
);

const Target = {
  target: Type.String({ minLength: 1, maxLength: 128, description: 'The target column' }),
  bad: Type.String({ minLength: 1, maxLength: 128, description: 'The target value that means “bad” (the event)' }),
};

export const BinningOptionsSchema = Type.Object(
  {
    method: Type.Optional(Type.Union([Type.Literal('optimal'), Type.Literal('chimerge'), Type.Literal('quantile')])),
    trend: Type.Optional(Type.Union([Type.Literal('ascending'), Type.Literal('descending'), Type.Literal('auto'), Type.Literal('peak'), Type.Literal('valley'), Type.Literal('none')])),
    maxBins: Type.Optional(Type.Integer({ minimum: 2, maximum: 20 })),
    minBinShare: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5 })),
    minEventRateDiff: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    specialValues: Type.Optional(Type.Array(Type.Number(), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const BinVariableSchema = Type.Object(
  {
    ...Target,
    variable: Type.String({ minLength: 1, maxLength: 128 }),
    options: Type.Optional(BinningOptionsSchema),
    /** Manual breaks (numeric): inner cut points, ascending. */
    breaks: Type.Optional(Type.Array(Type.Number(), { maxItems: 50 })),
    /** Manual groups (categorical): each inner list is one bin. */
    groups: Type.Optional(Type.Array(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 500 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const FitScorecardSchema = Type.Object(
  {
    ...Target,
    holdout: Type.Optional(Type.Number({ minimum: 0, maximum: 0.9, default: 0.3 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 1 })),
    /** Out-of-time split instead of a random one: rows on or after `cutoff` in `dateColumn` are the test sample. */
    outOfTime: Type.Optional(Type.Object({ dateColumn: Type.String(), cutoff: Type.String({ format: 'date' }) }, { additionalProperties: false })),
    pdo: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: 20 })),
    baseScore: Type.Optional(Type.Number({ default: 600 })),
    baseOdds: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: 50 })),
    /** Variables to consider (all but the target by default) and to leave out. */
    variables: Type.Optional(Type.Array(Type.String(), { maxItems: 2000 })),
    exclude: Type.Optional(Type.Array(Type.String(), { maxItems: 2000 })),
    minIv: Type.Optional(Type.Number({ minimum: 0, default: 0.02 })),
    maxCorrelation: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.7 })),
    stepwise: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('forward'), Type.Literal('backward'), Type.Literal('both')])),
    criterion: Type.Optional(Type.Union([Type.Literal('aic'), Type.Literal('bic'), Type.Literal('pvalue')])),
    l2: Type.Optional(Type.Number({ minimum: 0 })),
    binning: Type.Optional(BinningOptionsSchema),
    /** Manual breaks and groups per variable, as edited in the binning table. */
    breaks: Type.Optional(Type.Record(Type.String(), Type.Array(Type.Number(), { maxItems: 50 }))),
    groups: Type.Optional(Type.Record(Type.String(), Type.Array(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 500 }), { maxItems: 50 }))),
    costMatrix: Type.Optional(Type.Object({ fn: Type.Number({ minimum: 0 }), fp: Type.Number({ minimum: 0 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/** A VariableBinning of the toolkit: bins with counts, event rate, WOE and IV. */
export const BinningResultSchema = Type.Unknown();

/** The fit's artefact: the same document as `vigil scorecard fit`'s model.json. */
export const FitResultSchema = Type.Object({ artefact: Document });
