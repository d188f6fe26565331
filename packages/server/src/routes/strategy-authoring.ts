import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { CelCompileError, compileExpression, createCelEnvironment, LIBRARY, type CelEnvironment, type CelTypeSpec } from '@vigil/cel';
import { CONTEXT_VARIABLES, eventCelType, featureCelType, type EventTypeDef, type FeatureDefinition } from '@vigil/engine';
import { AppError } from '../errors.ts';
import { listLists } from '../repos/lists.ts';
import type { Services } from '../services.ts';
import { errorResponses } from './common.ts';
import { STRATEGY_BODY_LIMIT } from './strategy-lifecycle.ts';
import {
  AuthoringCatalogueBodySchema,
  AuthoringCatalogueQuerySchema,
  AuthoringCatalogueSchema,
  CheckExpressionBodySchema,
  CheckExpressionResultSchema,
  type AuthoringPackageSchema,
} from './strategy-authoring-schema.ts';

type AuthoringPackage = Static<typeof AuthoringPackageSchema>;
type Diagnostic = Static<typeof CheckExpressionResultSchema>['diagnostics'][number];
type Catalogue = Static<typeof AuthoringCatalogueSchema>;

const ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
const validId = (x: unknown): x is string => typeof x === 'string' && ID.test(x) && !INHERITED.has(x);
/** Compile problems that mean the input itself is unacceptable, not a typo to underline. */
const HOSTILE = new Set(['CEL_SOURCE_TOO_LARGE', 'CEL_TOO_DEEP', 'CEL_LITERAL_TOO_LARGE']);
const BOOL_CONTEXTS = new Set(['rule', 'branch', 'filter']);

const presentType = (t: string) => t.replaceAll('google.protobuf.Timestamp', 'timestamp').replaceAll('google.protobuf.Duration', 'duration');
const typeText = (t: CelTypeSpec): string => (typeof t === 'string' ? t : 'map');

/** Standard CEL functions and macros besides Vigil's library, for completion and hover docs. */
const STANDARD_FUNCTIONS: Array<{ name: string; signature: string; doc: string }> = [
  { name: 'size', signature: 'size(string | list | map): int', doc: 'Length of a string, list or map' },
  { name: 'contains', signature: 'string.contains(string): bool', doc: 'Whether the string contains the substring' },
  { name: 'startsWith', signature: 'string.startsWith(string): bool', doc: 'Whether the string starts with the prefix' },
  { name: 'endsWith', signature: 'string.endsWith(string): bool', doc: 'Whether the string ends with the suffix' },
  { name: 'matches', signature: 'string.matches(string): bool', doc: 'Whether the string matches the (RE2, safe) regular expression' },
  { name: 'has', signature: 'has(e.f): bool', doc: 'Whether an optional field or map key is present' },
  { name: 'exists', signature: 'list.exists(x, pred): bool', doc: 'Whether any element satisfies the predicate' },
  { name: 'all', signature: 'list.all(x, pred): bool', doc: 'Whether every element satisfies the predicate' },
  { name: 'exists_one', signature: 'list.exists_one(x, pred): bool', doc: 'Whether exactly one element satisfies the predicate' },
  { name: 'map', signature: 'list.map(x, expr): list', doc: 'Each element transformed' },
  { name: 'filter', signature: 'list.filter(x, pred): list', doc: 'The elements that satisfy the predicate' },
  { name: 'int', signature: 'int(dyn): int', doc: 'Conversion to an integer' },
  { name: 'double', signature: 'double(dyn): double', doc: 'Conversion to a double' },
  { name: 'string', signature: 'string(dyn): string', doc: 'Conversion to a string' },
  { name: 'timestamp', signature: 'timestamp(string): timestamp', doc: 'An RFC 3339 timestamp' },
  { name: 'duration', signature: 'duration(string): duration', doc: 'A duration such as "90s", "2h"' },
];

/** The names an expression at one place of a package sees, typed the way the engine compiles them. */
interface Scope {
  env: CelEnvironment;
  features: Catalogue['features'];
  variables: Catalogue['variables'];
  models: Catalogue['models'];
  dataSources: Catalogue['dataSources'];
}

/**
 * Mirrors compileStrategy's environment: context variables, `event` from the event type's schema,
 * `features` typed per kind, `models` (double), `data` (dyn) and `vars` typed by their checked
 * result, each variable seeing only those before it. Filters see only the event and the context.
 * Unfinished parts of the package (no name yet, a variable that does not compile) are skipped or `dyn`.
 */
function scopeFor(et: EventTypeDef, pkg: AuthoringPackage | undefined, context: string, variable?: string): Scope {
  const base: Record<string, CelTypeSpec> = { ...CONTEXT_VARIABLES, event: eventCelType(et) };
  if (context === 'filter') return { env: createCelEnvironment({ variables: base }), features: [], variables: [], models: [], dataSources: [] };
  const featureTypes: Record<string, CelTypeSpec> = {};
  const features: Catalogue['features'] = [];
  for (const f of pkg?.features ?? []) {
    if (!validId(f.name) || Object.hasOwn(featureTypes, f.name)) continue;
    let t: CelTypeSpec = 'dyn';
    try {
      t = featureCelType(f as unknown as FeatureDefinition);
    } catch {
      // an unfinished definition: dyn
    }
    featureTypes[f.name] = t;
    const def = f as Record<string, unknown>;
    const doc = [def.kind, def.agg ?? def.stat, def.field, Array.isArray(def.by) ? `by ${(def.by as string[]).join(', ')}` : undefined, def.window].filter((x) => typeof x === 'string' && x).join(' · ');
    features.push({ name: `features.${f.name}`, type: typeText(t), doc });
  }
  const modelTypes: Record<string, CelTypeSpec> = {};
  for (const m of pkg?.models ?? []) if (validId(m.id)) modelTypes[m.id] = 'double';
  const dataTypes: Record<string, CelTypeSpec> = {};
  for (const d of pkg?.dataSources ?? []) if (validId(d.id)) dataTypes[d.id] = 'dyn';
  const withoutVars = { ...base, features: featureTypes, models: modelTypes, data: dataTypes };
  const varTypes: Record<string, CelTypeSpec> = {};
  const variables: Catalogue['variables'] = [];
  for (const v of pkg?.variables ?? []) {
    if (context === 'variable' && v.name === variable) break;
    if (!validId(v.name) || Object.hasOwn(varTypes, v.name)) continue;
    let t = 'dyn';
    try {
      const c = compileExpression(createCelEnvironment({ variables: { ...withoutVars, vars: { ...varTypes } } }), v.expr);
      t = c.returnType.startsWith('timestamp') ? 'timestamp' : c.returnType;
    } catch {
      // a variable that does not compile yet is dyn for the expressions after it
    }
    varTypes[v.name] = t;
    variables.push({ name: `vars.${v.name}`, type: t, doc: v.expr.length > 120 ? `${v.expr.slice(0, 117)}…` : v.expr });
  }
  return {
    env: createCelEnvironment({ variables: { ...withoutVars, vars: varTypes } }),
    features,
    variables,
    models: Object.keys(modelTypes).map((id) => ({ name: `models.${id}`, type: 'double' })),
    dataSources: Object.keys(dataTypes).map((id) => ({ name: `data.${id}`, type: 'dyn' })),
  };
}

/** The end of the token a compile error points at, so the editor can underline it. */
function tokenEnd(source: string, from: number): number {
  let to = from;
  while (to < source.length && /[A-Za-z0-9_.]/.test(source[to]!)) to++;
  return Math.max(to, Math.min(from + 1, source.length));
}

function eventTypeOf(s: Services, key: string): EventTypeDef {
  const et = s.registry.eventType(key);
  if (!et) throw new AppError('EVENT_TYPE_NOT_FOUND', `event type ${key} is not registered`, { path: 'eventType' });
  return et;
}

async function visibleLists(req: FastifyRequest) {
  return (await listLists(req.data)).map((l) => ({ key: l.key, kind: l.kind, dimension: l.dimension, orgId: l.orgId, name: l.name }));
}

async function catalogue(s: Services, req: FastifyRequest, eventType: string, pkg?: AuthoringPackage): Promise<Catalogue> {
  const et = eventTypeOf(s, eventType);
  const scope = scopeFor(et, pkg, 'rule');
  const params = s.orgs.paramsFor(req.principal.orgId);
  const celTypes = eventCelType(et);
  return {
    eventType: et.key,
    fields: Object.entries(et.fields).map(([name, f]) => ({
      name: `event.${name}`,
      type: typeText(celTypes[name] ?? 'dyn'),
      fieldType: f.type,
      ...(f.description ? { doc: f.description } : {}),
      ...(f.values?.length ? { values: f.values } : {}),
      ...(f.required ? { required: true } : {}),
    })),
    context: Object.entries(CONTEXT_VARIABLES).map(([name, t]) => ({ name, type: typeText(t) })),
    features: scope.features,
    variables: scope.variables,
    models: scope.models,
    dataSources: scope.dataSources,
    lists: await visibleLists(req),
    params: Object.entries(params)
      .filter(([k]) => validId(k))
      .map(([k, v]) => ({ name: `params.${k}`, type: typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'string' : Array.isArray(v) ? 'list' : 'dyn', doc: JSON.stringify(v)?.slice(0, 120) ?? '' })),
    functions: [
      ...LIBRARY.map((f) => ({ name: f.signature.slice(0, f.signature.indexOf('(')), signature: presentType(f.signature), doc: f.description })),
      ...STANDARD_FUNCTIONS,
    ],
  };
}

export const strategyAuthoringRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Body: Static<typeof CheckExpressionBodySchema> }>(
    '/api/v1/strategies/check',
    {
      bodyLimit: STRATEGY_BODY_LIMIT,
      config: { permission: 'strategy.read' },
      schema: {
        tags: ['strategies'],
        summary: 'Type-check one CEL expression in the context of an event type and a package being written',
        body: CheckExpressionBodySchema,
        response: { 200: CheckExpressionResultSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { expression, eventType, package: pkg, variable } = req.body;
      const context = req.body.context ?? 'value';
      const scope = scopeFor(eventTypeOf(s, eventType), pkg, context, variable);
      const diagnostics: Diagnostic[] = [];
      let type: string | undefined;
      let lists: string[] = [];
      try {
        const c = compileExpression(scope.env, expression);
        type = c.returnType;
        lists = [...c.references.lists];
        if (BOOL_CONTEXTS.has(context) && type !== 'bool' && type !== 'dyn') {
          diagnostics.push({ from: 0, to: expression.length, code: 'RESULT_TYPE', severity: 'error', message: `a condition must be bool, not ${type}` });
        }
      } catch (e) {
        if (!(e instanceof CelCompileError)) throw e;
        if (HOSTILE.has(e.code)) throw new AppError('VALIDATION_FAILED', e.message, { path: 'expression', details: [{ path: 'expression', code: e.code, message: e.message }] });
        const from = Math.min(e.position ?? 0, expression.length);
        diagnostics.push({ from, to: e.position === undefined ? expression.length : tokenEnd(expression, from), code: e.code, severity: 'error', message: e.message });
      }
      if (lists.length) {
        const known = new Set((await visibleLists(req)).map((l) => l.key));
        for (const key of lists) {
          if (known.has(key)) continue;
          const at = expression.indexOf(`"${key}"`) >= 0 ? expression.indexOf(`"${key}"`) : expression.indexOf(`'${key}'`);
          diagnostics.push({ from: Math.max(at, 0), to: at >= 0 ? at + key.length + 2 : expression.length, code: 'UNKNOWN_LIST', severity: 'warning', message: `no list ${key} is visible to your org` });
        }
      }
      return { ok: !diagnostics.some((d) => d.severity === 'error'), ...(type !== undefined ? { type } : {}), diagnostics, lists };
    },
  );

  app.get<{ Querystring: Static<typeof AuthoringCatalogueQuerySchema> }>(
    '/api/v1/strategies/authoring-catalogue',
    {
      config: { permission: 'strategy.read' },
      schema: { tags: ['strategies'], summary: 'What expressions of an event type may use: fields, context, lists, params and functions', querystring: AuthoringCatalogueQuerySchema, response: { 200: AuthoringCatalogueSchema, ...errorResponses } },
    },
    async (req) => catalogue(s, req, req.query.eventType),
  );

  app.post<{ Body: Static<typeof AuthoringCatalogueBodySchema> }>(
    '/api/v1/strategies/authoring-catalogue',
    {
      bodyLimit: STRATEGY_BODY_LIMIT,
      config: { permission: 'strategy.read' },
      schema: { tags: ['strategies'], summary: "The catalogue with the package's features, variables, models and data sources", body: AuthoringCatalogueBodySchema, response: { 200: AuthoringCatalogueSchema, ...errorResponses } },
    },
    async (req) => catalogue(s, req, req.body.eventType, req.body.package),
  );
};
