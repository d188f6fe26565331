import { Type } from 'typebox';
import { I18nTextSchema, ScalarSchema } from './shared-schemas.ts';

/** JSON schemas of a strategy package: request validation and the OpenAPI document in one. */
const Outcome = Type.Union([Type.Literal('pass'), Type.Literal('review'), Type.Literal('challenge'), Type.Literal('reject')]);
const Risk = Type.Union([Type.Literal('none'), Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Cel = Type.String({ minLength: 1, maxLength: 4096, description: 'CEL expression' });
const Name = Type.String({ minLength: 1, maxLength: 64 });
const Window = Type.String({ pattern: '^[0-9]+[smhd]$', maxLength: 8 });
const Strs = (max: number) => Type.Array(Type.String({ maxLength: 64 }), { maxItems: max });
const strict = { additionalProperties: false } as const;

const Action = Type.Union([
  Type.Object({ type: Type.Literal('alert'), level: Risk, category: Type.String({ maxLength: 64 }) }, strict),
  Type.Object({ type: Type.Literal('add_to_list'), list: Id, field: Name, expiresIn: Type.Optional(Window), reason: Type.Optional(Type.String({ maxLength: 256 })) }, strict),
  Type.Object({ type: Type.Literal('tag'), tag: Type.String({ maxLength: 64 }) }, strict),
  Type.Object({ type: Type.Literal('notify'), channel: Type.String({ maxLength: 64 }), template: Type.String({ maxLength: 64 }) }, strict),
]);

const Rule = Type.Object(
  {
    id: Id,
    name: I18nTextSchema,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    condition: Type.Optional(Cel),
    component: Type.Optional(Type.Object({ id: Type.String({ maxLength: 64 }), args: Type.Record(Type.String(), Type.Unknown()) }, strict)),
    outcome: Type.Optional(Outcome),
    challenge: Type.Optional(Strs(8)),
    score: Type.Optional(Type.Number({ minimum: -10000, maximum: 10000 })),
    riskLevel: Type.Optional(Risk),
    reasonCode: Type.String({ minLength: 1, maxLength: 64 }),
    reason: Type.Optional(I18nTextSchema),
    tags: Type.Optional(Strs(20)),
    enabled: Type.Boolean({ default: true }),
    mode: Type.Union([Type.Literal('live'), Type.Literal('shadow')], { default: 'live' }),
    actions: Type.Optional(Type.Array(Action, { maxItems: 10 })),
  },
  strict,
);

const Scope = Type.Union([Type.Literal('org'), Type.Literal('global')], { description: 'org: state per bank (default); global: across the union' });
const On = Type.Union([Type.Literal('event'), Type.Literal('feedback')], { description: 'event: counts events (default); feedback: counts feedback on decisions' });
const Feature = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('velocity'),
      name: Name,
      scope: Type.Optional(Scope),
      on: Type.Optional(On),
      agg: Type.Union([Type.Literal('count'), Type.Literal('sum'), Type.Literal('avg'), Type.Literal('min'), Type.Literal('max'), Type.Literal('distinct'), Type.Literal('stddev'), Type.Literal('first_seen'), Type.Literal('last_value')]),
      field: Type.Optional(Name),
      by: Type.Array(Name, { minItems: 1, maxItems: 4 }),
      window: Window,
      eventTypes: Type.Optional(Type.Array(Name, { maxItems: 20 })),
      filter: Type.Optional(Cel),
      includeCurrent: Type.Optional(Type.Boolean()),
    },
    strict,
  ),
  Type.Object(
    {
      kind: Type.Literal('profile'),
      name: Name,
      scope: Type.Optional(Scope),
      on: Type.Optional(On),
      by: Type.Array(Name, { minItems: 1, maxItems: 4 }),
      field: Type.Optional(Name),
      stat: Type.Union([Type.Literal('isNew'), Type.Literal('seenCount'), Type.Literal('share'), Type.Literal('usualHour')]),
      window: Type.Optional(Window),
      eventTypes: Type.Optional(Type.Array(Name, { maxItems: 20 })),
      tz: Type.Optional(Type.String({ maxLength: 64 })),
      filter: Type.Optional(Cel),
    },
    strict,
  ),
  Type.Object({ kind: Type.Literal('geo'), name: Name, scope: Type.Optional(Scope), on: Type.Optional(On), by: Type.Array(Name, { minItems: 1, maxItems: 4 }), field: Name, window: Type.Optional(Window), eventTypes: Type.Optional(Type.Array(Name, { maxItems: 20 })), filter: Type.Optional(Cel) }, strict),
]);

const Bin = Type.Object(
  {
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    values: Type.Optional(Type.Array(ScalarSchema(128), { maxItems: 200 })),
    missing: Type.Optional(Type.Boolean()),
    points: Type.Number(),
    label: Type.Optional(Type.String({ maxLength: 128 })),
  },
  strict,
);
const ReasonCode = Type.String({ minLength: 1, maxLength: 64 });
const ScoreScale = Type.Object({ base: Type.Number(), baseOdds: Type.Number(), pdo: Type.Number() }, strict);
/** Where a model came from in the registry (set when a registered version is deployed into a draft). */
const ModelSource = Type.Object({ model: Type.String({ maxLength: 128 }), version: Type.Integer({ minimum: 1 }), key: Type.Optional(Type.String({ maxLength: 64 })), org: Type.Optional(Type.String({ maxLength: 64 })) }, strict);
const Model = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('scorecard'),
      id: Id,
      name: Type.Optional(Type.String({ maxLength: 128 })),
      baseScore: Type.Number(),
      characteristics: Type.Array(
        Type.Object({ input: Cel, bins: Type.Array(Bin, { maxItems: 100 }), defaultPoints: Type.Optional(Type.Number()), reasonCode: Type.Optional(ReasonCode) }, strict),
        { maxItems: 200 },
      ),
      reasonCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
      source: Type.Optional(ModelSource),
    },
    strict,
  ),
  Type.Object(
    {
      kind: Type.Literal('logistic'),
      id: Id,
      name: Type.Optional(Type.String({ maxLength: 128 })),
      intercept: Type.Number(),
      coefficients: Type.Array(
        Type.Object(
          {
            input: Cel,
            weight: Type.Number(),
            transform: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('log1p'), Type.Literal('woe')])),
            woe: Type.Optional(Type.Array(Bin, { maxItems: 100 })),
            missingValue: Type.Optional(Type.Number()),
            reasonCode: Type.Optional(ReasonCode),
          },
          strict,
        ),
        { maxItems: 500 },
      ),
      output: Type.Optional(Type.Union([Type.Literal('probability'), Type.Literal('score')])),
      scoreScale: Type.Optional(ScoreScale),
      reasonCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
      source: Type.Optional(ModelSource),
    },
    strict,
  ),
  // Tree models are large, flat documents: the engine's validateModel checks their structure (at
  // the same paths) when the package compiles.
  Type.Object({ kind: Type.Union([Type.Literal('decision_tree'), Type.Literal('tree_ensemble')]), id: Id, name: Type.Optional(Type.String({ maxLength: 128 })), source: Type.Optional(ModelSource) }, { additionalProperties: true }),
]);

const DataSource = Type.Object(
  {
    id: Id,
    name: Type.Optional(I18nTextSchema),
    url: Type.String({ maxLength: 2048 }),
    method: Type.Optional(Type.Union([Type.Literal('GET'), Type.Literal('POST')])),
    request: Cel,
    timeoutMs: Type.Integer({ minimum: 1, maximum: 10000 }),
    cacheTtlSec: Type.Integer({ minimum: 0, maximum: 30 * 86400 }),
    costPerCall: Type.Number({ minimum: 0 }),
    fallback: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()])),
  },
  strict,
);

const Band = Type.Object({ min: Type.Number(), max: Type.Optional(Type.Number()), outcome: Outcome, riskLevel: Risk, challenge: Type.Optional(Strs(8)), reasonCode: Type.Optional(Type.String({ maxLength: 64 })) }, strict);

const Table = Type.Union([
  Type.Object(
    {
      id: Id,
      kind: Type.Literal('rows'),
      rows: Type.Array(Type.Object({ when: Cel, outcome: Outcome, riskLevel: Type.Optional(Risk), reasonCode: Type.Optional(Type.String({ maxLength: 64 })), challenge: Type.Optional(Strs(8)) }, strict), { maxItems: 500 }),
      defaultOutcome: Type.Optional(Outcome),
    },
    strict,
  ),
  Type.Object(
    {
      id: Id,
      kind: Type.Literal('matrix'),
      row: Type.Object({ expr: Cel, bands: Type.Array(Type.Number(), { maxItems: 50 }) }, strict),
      col: Type.Object({ expr: Cel, bands: Type.Array(Type.Number(), { maxItems: 50 }) }, strict),
      cells: Type.Array(Type.Array(Outcome, { maxItems: 51 }), { maxItems: 51 }),
      reasonCode: Type.Optional(Type.String({ maxLength: 64 })),
    },
    strict,
  ),
]);

const base = {
  id: Id,
  name: Type.Optional(I18nTextSchema),
  next: Type.Optional(Id),
  exitOn: Type.Optional(Type.Array(Outcome, { maxItems: 4 })),
};
const Stage = Type.Union([
  Type.Object(
    {
      ...base,
      type: Type.Literal('list'),
      checks: Type.Array(
        Type.Object({ list: Id, value: Cel, outcome: Outcome, reasonCode: Type.String({ maxLength: 64 }), stop: Type.Optional(Type.Boolean()), riskLevel: Type.Optional(Risk) }, strict),
        { maxItems: 50 },
      ),
    },
    strict,
  ),
  Type.Object({ ...base, type: Type.Literal('rules'), ruleSet: Id, mode: Type.Union([Type.Literal('all'), Type.Literal('first')]) }, strict),
  Type.Object({ ...base, type: Type.Literal('score'), weights: Type.Optional(Type.Record(Type.String(), Type.Number())), bands: Type.Array(Band, { minItems: 1, maxItems: 20 }) }, strict),
  Type.Object({ ...base, type: Type.Literal('model'), model: Id, bands: Type.Optional(Type.Array(Band, { maxItems: 20 })) }, strict),
  Type.Object({ ...base, type: Type.Literal('datasource'), source: Id, when: Type.Optional(Cel) }, strict),
  Type.Object({ ...base, type: Type.Literal('table'), table: Id }, strict),
  Type.Object({ ...base, type: Type.Literal('branch'), branches: Type.Array(Type.Object({ when: Cel, next: Id }, strict), { maxItems: 20 }), default: Id }, strict),
]);

export const StrategyPackageSchema = Type.Object(
  {
    id: Id,
    name: I18nTextSchema,
    eventType: Id,
    direction: Type.Union([Type.Literal('in'), Type.Literal('post')], { default: 'in' }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    variables: Type.Array(Type.Object({ name: Name, expr: Cel, description: Type.Optional(Type.String({ maxLength: 500 })) }, strict), { maxItems: 500, default: [] }),
    features: Type.Array(Feature, { maxItems: 500, default: [] }),
    lists: Type.Array(Id, { maxItems: 200, default: [] }),
    rules: Type.Array(Rule, { maxItems: 2000, default: [] }),
    ruleSets: Type.Array(Type.Object({ id: Id, name: Type.Optional(I18nTextSchema), rules: Type.Array(Id, { maxItems: 2000 }) }, strict), { maxItems: 200, default: [] }),
    models: Type.Array(Model, { maxItems: 50, default: [] }),
    dataSources: Type.Array(DataSource, { maxItems: 50, default: [] }),
    tables: Type.Array(Table, { maxItems: 100, default: [] }),
    flow: Type.Object({ stages: Type.Array(Stage, { minItems: 1, maxItems: 200 }) }, strict),
    outcomeActions: Type.Optional(Type.Object({ pass: Type.Optional(Type.Array(Action)), review: Type.Optional(Type.Array(Action)), challenge: Type.Optional(Type.Array(Action)), reject: Type.Optional(Type.Array(Action)) }, strict)),
    testCases: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ maxLength: 200 }),
            data: Type.Object({}, { additionalProperties: true }),
            features: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            lists: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String({ maxLength: 256 }), { maxItems: 100 }), { description: 'List key → values on that list for this case' })),
            dataSources: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Data source id → its response; sources not named are unavailable' })),
            org: Type.Optional(Id),
            params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            at: Type.Optional(Type.String({ format: 'date-time', description: 'Event time; defaults to a fixed time' })),
            expectOutcome: Outcome,
            expectHits: Type.Optional(Strs(100)),
          },
          strict,
        ),
        { maxItems: 500 },
      ),
    ),
  },
  strict,
);
