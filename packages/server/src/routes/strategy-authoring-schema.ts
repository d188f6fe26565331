import { Type } from 'typebox';

/**
 * Schemas of the strategy authoring routes: checking one CEL expression while it is typed, and the
 * catalogue of what an expression may use (fields, features, variables, lists, params, functions).
 */
const strict = { additionalProperties: false } as const;

/** Where an expression sits in a package: decides which names it sees and which result type it must have. */
export const AuthoringContextSchema = Type.Union(
  [Type.Literal('rule'), Type.Literal('variable'), Type.Literal('filter'), Type.Literal('branch'), Type.Literal('value')],
  { description: 'rule / branch: a condition (bool); variable: a derived value (sees the variables before it); filter: a feature filter (sees only the event); value: any expression' },
);

/**
 * The parts of a package that name things expressions may use. Loose on purpose: the editor sends
 * the document while it is being written, so unfinished parts are skipped rather than refused.
 */
export const AuthoringPackageSchema = Type.Object(
  {
    variables: Type.Optional(Type.Array(Type.Object({ name: Type.String({ maxLength: 64 }), expr: Type.String({ maxLength: 4096 }) }), { maxItems: 500 })),
    features: Type.Optional(Type.Array(Type.Object({ name: Type.String({ maxLength: 64 }), kind: Type.String({ maxLength: 16 }) }, { additionalProperties: true }), { maxItems: 500 })),
    models: Type.Optional(Type.Array(Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: true }), { maxItems: 50 })),
    dataSources: Type.Optional(Type.Array(Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: true }), { maxItems: 50 })),
  },
  { additionalProperties: true },
);

export const CheckExpressionBodySchema = Type.Object(
  {
    eventType: Type.String({ minLength: 1, maxLength: 64 }),
    package: Type.Optional(AuthoringPackageSchema),
    expression: Type.String({ maxLength: 4096, description: 'CEL source, at most 4096 characters' }),
    context: Type.Optional(AuthoringContextSchema),
    variable: Type.Optional(Type.String({ maxLength: 64, description: "context 'variable': the variable being written; only those before it are visible" })),
  },
  strict,
);

export const DiagnosticSchema = Type.Object(
  {
    from: Type.Integer({ description: 'character offset where the problem starts' }),
    to: Type.Integer({ description: 'character offset where it ends (exclusive)' }),
    message: Type.String(),
    code: Type.String({ description: 'CEL_SYNTAX, CEL_TYPE, CEL_UNKNOWN_FUNCTION, ... or RESULT_TYPE' }),
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  },
  strict,
);

export const CheckExpressionResultSchema = Type.Object(
  {
    ok: Type.Boolean(),
    type: Type.Optional(Type.String({ description: 'checked result type when the expression compiles' })),
    diagnostics: Type.Array(DiagnosticSchema),
    lists: Type.Array(Type.String(), { description: 'list keys the expression names' }),
  },
  strict,
);

const CatalogueEntry = Type.Object({ name: Type.String(), type: Type.String(), doc: Type.Optional(Type.String()) }, strict);

const FieldEntry = Type.Object(
  {
    name: Type.String({ description: 'the path an expression uses: event.<field>' }),
    type: Type.String({ description: 'CEL type' }),
    fieldType: Type.String({ description: 'event schema type: string, enum, number, integer, boolean, timestamp, geo, string_list' }),
    doc: Type.Optional(Type.String()),
    values: Type.Optional(Type.Array(Type.String(), { description: 'allowed values of an enum field' })),
    required: Type.Optional(Type.Boolean()),
  },
  strict,
);

export const AuthoringCatalogueQuerySchema = Type.Object({ eventType: Type.String({ minLength: 1, maxLength: 64 }) }, strict);
export const AuthoringCatalogueBodySchema = Type.Object({ eventType: Type.String({ minLength: 1, maxLength: 64 }), package: Type.Optional(AuthoringPackageSchema) }, strict);

export const AuthoringCatalogueSchema = Type.Object(
  {
    eventType: Type.String(),
    fields: Type.Array(FieldEntry, { description: 'event fields as `event.<name>` with their CEL type' }),
    context: Type.Array(CatalogueEntry, { description: 'context variables: eventType, channel, org, now, params' }),
    features: Type.Array(CatalogueEntry, { description: 'features of the package as `features.<name>`' }),
    variables: Type.Array(CatalogueEntry, { description: 'derived variables as `vars.<name>`, typed by their checked result' }),
    models: Type.Array(CatalogueEntry),
    dataSources: Type.Array(CatalogueEntry),
    lists: Type.Array(Type.Object({ key: Type.String(), kind: Type.String(), dimension: Type.String(), orgId: Type.String(), name: Type.Object({ zh: Type.String(), en: Type.String() }) }, strict)),
    params: Type.Array(CatalogueEntry, { description: "parameters effective for the caller's org, as `params.<key>`" }),
    functions: Type.Array(Type.Object({ name: Type.String(), signature: Type.String(), doc: Type.String() }, strict)),
  },
  strict,
);
