import { Type } from 'typebox';

// Response schemas of the backtest routes: they serialise the answers (Fastify drops what is not
// declared), document them, and type the console.

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Counts = Type.Record(Type.String(), Type.Number());
const StrategyRef = Type.Object({ id: Type.String(), version: Type.Integer() });

/** What a backtest replays: a range of the decision log, or an uploaded file of events. */
export const BacktestInputSchema = Type.Object({
  source: Type.Object({
    kind: Type.String(),
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    orgs: Type.Optional(Type.Array(Type.String())),
    warmupDays: Type.Optional(Type.Number()),
    events: Type.Optional(Type.Integer()),
  }),
  positiveOutcomes: Type.Optional(Type.Array(Type.String())),
  unlabelled: Type.Optional(Type.String()),
});

/** How well a rule separates fraud from genuine events, against labels. */
export const RuleQualitySchema = Type.Object({
  hits: Type.Integer(),
  fraudHits: Type.Integer(),
  genuineHits: Type.Integer(),
  precision: NullableNumber,
  recall: NullableNumber,
});

/** The report of a finished backtest (see docs/api.md, Backtests). */
export const BacktestReportSchema = Type.Object({
  events: Type.Integer(),
  from: NullableString,
  to: NullableString,
  outcomes: Counts,
  ruleHits: Counts,
  comparison: Type.Union([
    Type.Object({
      compared: Type.Integer(),
      agreement: NullableNumber,
      matrix: Type.Array(Type.Object({ live: Type.String(), candidate: Type.String(), count: Type.Integer() })),
      changed: Type.Array(Type.Object({ eventId: Type.String(), org: Type.String(), at: Type.String(), live: Type.String(), candidate: Type.String(), decisionId: Type.Optional(Type.String()) })),
    }),
    Type.Null(),
  ]),
  labels: Type.Union([
    Type.Object({
      labelled: Type.Integer(),
      positiveOutcomes: Type.Array(Type.String()),
      truePositives: Type.Integer(),
      falsePositives: Type.Integer(),
      falseNegatives: Type.Integer(),
      trueNegatives: Type.Integer(),
      precision: NullableNumber,
      recall: NullableNumber,
      f1: NullableNumber,
      falsePositiveRate: NullableNumber,
      caughtAmount: Type.Number(),
      missedAmount: Type.Number(),
      rules: Type.Optional(Type.Record(Type.String(), RuleQualitySchema)),
    }),
    Type.Null(),
  ]),
  featureCheck: Type.Union([
    Type.Object({
      compared: Type.Integer(),
      mismatched: Type.Integer(),
      samples: Type.Array(Type.Object({ eventId: Type.String(), feature: Type.String(), live: Type.Optional(Type.Unknown()), backtest: Type.Optional(Type.Unknown()) })),
    }),
    Type.Null(),
  ]),
  alertsPerDay: NullableNumber,
  candidate: Type.Optional(StrategyRef),
  /** `the logged live decisions` for a log backtest; the live version for a file. */
  comparedWith: Type.Optional(Type.Union([Type.String(), StrategyRef, Type.Null()])),
  processedEvents: Type.Optional(Type.Integer()),
  durationMs: Type.Optional(Type.Integer()),
  eventsPerSecond: Type.Optional(NullableNumber),
});

const jobFields = {
  id: Type.String(),
  orgId: Type.String(),
  strategy: StrategyRef,
  name: Type.String(),
  input: BacktestInputSchema,
  status: Type.Union(['queued', 'running', 'done', 'failed', 'cancelled'].map((s) => Type.Literal(s))),
  progress: Type.Object({ processed: Type.Integer(), total: Type.Union([Type.Integer(), Type.Null()]), share: NullableNumber }),
  error: NullableString,
  createdBy: Type.String(),
  createdAt: DateTime,
  startedAt: NullableDateTime,
  finishedAt: NullableDateTime,
};

/** `GET /api/v1/backtests/{id}`: a run with its report once done. */
export const BacktestSchema = Type.Object({ ...jobFields, result: Type.Union([BacktestReportSchema, Type.Null()]) });

/** `GET /api/v1/backtests`: runs without their reports. */
export const BacktestListSchema = Type.Object({ items: Type.Array(Type.Object(jobFields)) });

/** `POST /api/v1/backtests` (and `/cancel`). */
export const BacktestCreatedSchema = Type.Object({ id: Type.String(), status: Type.String() });

/** `POST /api/v1/backtests/upload`: the run, and the file's lines taken and refused. */
export const BacktestUploadedSchema = Type.Object({
  id: Type.String(),
  status: Type.String(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), code: Type.String(), path: Type.Optional(Type.String()), message: Type.String() })),
});

const PerRun = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Array(Type.Union([item, Type.Null()]));

/** `GET /api/v1/backtests/compare`: 2–10 runs side by side, each metric one entry per run (null before a run is done). */
export const BacktestCompareSchema = Type.Object({
  runs: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), strategy: StrategyRef, status: Type.String(), input: BacktestInputSchema })),
  metrics: Type.Object({
    events: PerRun(Type.Integer()),
    outcomes: PerRun(Counts),
    alertsPerDay: PerRun(Type.Number()),
    precision: PerRun(Type.Number()),
    recall: PerRun(Type.Number()),
    f1: PerRun(Type.Number()),
    falsePositiveRate: PerRun(Type.Number()),
    caughtAmount: PerRun(Type.Number()),
    agreementWithLive: PerRun(Type.Number()),
    ruleHits: PerRun(Counts),
  }),
});
