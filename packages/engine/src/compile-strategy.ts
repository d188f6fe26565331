import { CelCompileError, compileExpression, createCelEnvironment, type CelTypeSpec, type CompiledExpression } from '@vigil/cel';
import { featureDefinitionId, validateFeatureDefinition, type FeatureDefinition } from './features/index.ts';
import { compileFilter } from './feature-plan.ts';
import { modelInputPath, modelInputs, validateModel, type ModelDefinition } from './models/index.ts';
import { CONTEXT_VARIABLES, eventCelType, featureCelType } from './cel-env.ts';
import { OutcomeOrder } from './outcome.ts';
import { ValidationError, type Issue } from './validation-error.ts';
import {
  OUTCOMES,
  type DataSourceDef,
  type DecisionTableDef,
  type EventTypeDef,
  type ListCheck,
  type Rule,
  type Stage,
  type StrategyPackage,
} from './types.ts';

export interface CompiledRule {
  rule: Rule;
  condition: CompiledExpression;
}

export interface CompiledFeature {
  def: FeatureDefinition;
  defId: string;
}

export interface CompiledModel {
  def: ModelDefinition;
  inputs: CompiledExpression[];
}

export type CompiledTable =
  | { def: Extract<DecisionTableDef, { kind: 'rows' }>; rows: CompiledExpression[] }
  | { def: Extract<DecisionTableDef, { kind: 'matrix' }>; row: CompiledExpression; col: CompiledExpression };

export type CompiledStage =
  | { stage: Extract<Stage, { type: 'list' }>; checks: Array<{ check: ListCheck; value: CompiledExpression }> }
  | { stage: Extract<Stage, { type: 'rules' }>; rules: CompiledRule[] }
  | { stage: Extract<Stage, { type: 'score' }> }
  | { stage: Extract<Stage, { type: 'model' }>; model: CompiledModel }
  | { stage: Extract<Stage, { type: 'datasource' }>; source: DataSourceDef; request: CompiledExpression; when?: CompiledExpression }
  | { stage: Extract<Stage, { type: 'table' }>; table: CompiledTable }
  | { stage: Extract<Stage, { type: 'branch' }>; branches: Array<{ when: CompiledExpression; next: number }>; defaultNext: number };

/** A strategy package compiled against its event type: every expression is a JS function. */
export interface CompiledStrategy {
  pkg: StrategyPackage;
  version: number;
  eventType: EventTypeDef;
  vars: Array<{ name: string; expr: CompiledExpression }>;
  features: CompiledFeature[];
  rules: Map<string, CompiledRule>;
  models: Map<string, CompiledModel>;
  stages: CompiledStage[];
  /** Index of the stage each stage continues with (`-1` ends the flow). */
  nextOf: number[];
  order: OutcomeOrder;
  /** List keys referenced anywhere (checks and CEL list functions). */
  lists: Set<string>;
}

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
/** Identifiers of rules, stages, features, variables: letters, digits, `_`, and never an inherited JS name. */
const ID = { test: (x: string) => ID_PATTERN.test(x) && !INHERITED.has(x) };
const LIMITS = { rules: 2000, stages: 200, variables: 500, features: 500 };
const NUMERIC_AGGS = new Set(['sum', 'avg', 'min', 'max', 'stddev']);

/**
 * Compiles and checks a strategy package. Every problem is reported with its path
 * (`rules[3].condition`), and nothing is half-compiled: a package either compiles whole or is refused.
 *
 * `otherTypes` (all registered event types) lets feature filters be checked against every event
 * type the feature counts; without it only the strategy's own type is checked.
 *
 * @example const compiled = compileStrategy(pkg, cardAuthType, 3, registeredTypes);
 */
export function compileStrategy(pkg: StrategyPackage, eventType: EventTypeDef, version: number, otherTypes?: ReadonlyMap<string, EventTypeDef>): CompiledStrategy {
  const issues: Issue[] = [];
  const issue = (path: string, code: string, message: string) => issues.push({ path, code, message });

  if (pkg.eventType !== eventType.key) issue('eventType', 'EVENT_TYPE_MISMATCH', `package is for ${pkg.eventType}, not ${eventType.key}`);
  if (!ID.test(pkg.id ?? '')) issue('id', 'INVALID_ID', 'must be a letter followed by up to 63 letters, digits or _');
  for (const [k, max] of Object.entries(LIMITS)) {
    const arr = k === 'stages' ? pkg.flow?.stages : (pkg as unknown as Record<string, unknown[]>)[k];
    if (Array.isArray(arr) && arr.length > max) issue(k, 'TOO_MANY', `at most ${max} allowed`);
  }
  if (issues.length) throw new ValidationError('INVALID_STRATEGY', issues);

  const features: CompiledFeature[] = [];
  const featureTypes: Record<string, CelTypeSpec> = {};
  (pkg.features ?? []).forEach((raw, i) => {
    const def = { ...raw, eventTypes: raw.eventTypes?.length ? raw.eventTypes : [eventType.key] } as FeatureDefinition;
    if (!ID.test(def.name ?? '')) return issue(`features[${i}].name`, 'INVALID_ID', 'invalid feature name');
    if (Object.hasOwn(featureTypes, def.name)) return issue(`features[${i}].name`, 'DUPLICATE', `feature ${def.name} defined twice`);
    const defIssues = validateFeatureDefinition(def);
    for (const d of defIssues) issue(`features[${i}]${d.path ? '.' + d.path : ''}`, d.code, d.message);
    for (const f of def.by ?? []) if (!Object.hasOwn(eventType.fields, f)) issue(`features[${i}].by`, 'UNKNOWN_FIELD', `event field ${f} does not exist`);
    if ('field' in def && def.field && !Object.hasOwn(eventType.fields, def.field)) issue(`features[${i}].field`, 'UNKNOWN_FIELD', `event field ${def.field} does not exist`);
    else if ('field' in def && def.field) {
      const t = eventType.fields[def.field]!.type;
      if (def.kind === 'geo' && t !== 'geo') issue(`features[${i}].field`, 'FIELD_TYPE', `a geo feature needs a geo field; ${def.field} is ${t}`);
      if (def.kind === 'velocity' && NUMERIC_AGGS.has(def.agg) && t !== 'number' && t !== 'integer') issue(`features[${i}].field`, 'FIELD_TYPE', `${def.agg} needs a number field; ${def.field} is ${t}`);
    }
    // The filter runs on every event type the feature counts: check it against each schema now,
    // not when the version goes live.
    if (def.filter !== undefined && defIssues.length === 0) {
      for (const et of def.eventTypes) {
        const etDef = et === eventType.key ? eventType : otherTypes?.get(et);
        if (!etDef) {
          if (otherTypes) issue(`features[${i}].eventTypes`, 'UNKNOWN_EVENT_TYPE', `event type ${et} is not registered`);
          continue;
        }
        try {
          compileFilter(def, etDef);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          for (const d of e.issues) issue(`features[${i}].filter`, d.code, d.message);
        }
      }
    }
    featureTypes[def.name] = featureCelType(def);
    features.push({ def, defId: '' });
  });
  // Ids hash validated definitions only; with problems the package is refused below anyway.
  if (issues.length === 0) for (const f of features) f.defId = featureDefinitionId(f.def);

  const modelTypes: Record<string, CelTypeSpec> = {};
  const reasonTypes: Record<string, CelTypeSpec> = {};
  for (const m of pkg.models) {
    modelTypes[m.id] = 'double';
    reasonTypes[m.id] = 'list<string>';
  }
  const dataTypes: Record<string, CelTypeSpec> = {};
  for (const d of pkg.dataSources) dataTypes[d.id] = 'dyn';

  const baseVars: Record<string, CelTypeSpec> = {
    ...CONTEXT_VARIABLES,
    event: eventCelType(eventType),
    features: featureTypes,
    models: modelTypes,
    modelReasons: reasonTypes,
    data: dataTypes,
  };

  const lists = new Set<string>(pkg.lists ?? []);
  const compileAt = (env: ReturnType<typeof createCelEnvironment>, path: string, source: unknown): CompiledExpression | null => {
    if (typeof source !== 'string') {
      issue(path, 'REQUIRED', 'must be a CEL expression');
      return null;
    }
    try {
      const c = compileExpression(env, source);
      for (const l of c.references.lists) lists.add(l);
      return c;
    } catch (e) {
      if (e instanceof CelCompileError) {
        issue(path, e.code, e.message);
        return null;
      }
      throw e;
    }
  };

  // Derived variables are compiled in order; each sees the ones before it, typed by its checked result.
  const varTypes: Record<string, CelTypeSpec> = {};
  const vars: CompiledStrategy['vars'] = [];
  pkg.variables.forEach((v, i) => {
    if (!ID.test(v.name) || Object.hasOwn(varTypes, v.name)) return issue(`variables[${i}].name`, 'INVALID_ID', 'missing, invalid or duplicate name');
    const env = createCelEnvironment({ variables: { ...baseVars, vars: { ...varTypes } } });
    const c = compileAt(env, `variables[${i}].expr`, v.expr);
    if (c) {
      vars.push({ name: v.name, expr: c });
      varTypes[v.name] = c.returnType.startsWith('google.protobuf.Timestamp') ? 'timestamp' : c.returnType;
    } else varTypes[v.name] = 'dyn';
  });
  const env = createCelEnvironment({ variables: { ...baseVars, vars: varTypes } });

  const rules = new Map<string, CompiledRule>();
  const ruleIds = new Set<string>();
  pkg.rules.forEach((r, i) => {
    if (!ID.test(r.id ?? '')) return issue(`rules[${i}].id`, 'INVALID_ID', 'invalid rule id');
    if (ruleIds.has(r.id)) return issue(`rules[${i}].id`, 'DUPLICATE', `rule ${r.id} defined twice`);
    ruleIds.add(r.id);
    if (r.outcome && !OUTCOMES.includes(r.outcome)) issue(`rules[${i}].outcome`, 'INVALID_OUTCOME', `unknown outcome ${r.outcome}`);
    if (!r.reasonCode) issue(`rules[${i}].reasonCode`, 'REQUIRED', 'a reason code is required');
    const c = compileAt(env, `rules[${i}].condition`, r.condition);
    if (c && c.returnType !== 'bool' && c.returnType !== 'dyn') issue(`rules[${i}].condition`, 'CEL_TYPE', `condition must be bool, not ${c.returnType}`);
    if (c) rules.set(r.id, { rule: r, condition: c });
  });

  const ruleSets = new Map<string, CompiledRule[]>();
  pkg.ruleSets.forEach((rs, i) => {
    const members: CompiledRule[] = [];
    rs.rules.forEach((id, j) => {
      const r = rules.get(id);
      if (r) members.push(r);
      else if (!pkg.rules.some((x) => x.id === id)) issue(`ruleSets[${i}].rules[${j}]`, 'UNKNOWN_RULE', `rule ${id} does not exist`);
    });
    ruleSets.set(rs.id, members);
  });

  const models = new Map<string, CompiledModel>();
  pkg.models.forEach((m, i) => {
    const v = validateModel(m);
    if (!v.ok) {
      for (const e of v.errors) issue(`models[${i}].${e.path}`, 'INVALID_MODEL', e.message);
      return;
    }
    const inputs: CompiledExpression[] = [];
    modelInputs(v.model).forEach((src, j) => {
      const c = compileAt(env, `models[${i}].${modelInputPath(v.model, j)}`, src);
      if (c) inputs.push(c);
    });
    models.set(m.id, { def: v.model, inputs });
  });

  const sources = new Map(pkg.dataSources.map((d) => [d.id, d]));
  pkg.dataSources.forEach((d, i) => {
    if (!/^https?:\/\//.test(d.url ?? '')) issue(`dataSources[${i}].url`, 'INVALID_URL', 'must be an http(s) URL');
    if (!(d.timeoutMs > 0 && d.timeoutMs <= 10_000)) issue(`dataSources[${i}].timeoutMs`, 'RANGE', 'must be in (0, 10000]');
    if (!(d.cacheTtlSec >= 0)) issue(`dataSources[${i}].cacheTtlSec`, 'RANGE', 'must be ≥ 0');
  });
  const tables = new Map(pkg.tables.map((t) => [t.id, t]));

  const stageDefs = pkg.flow?.stages ?? [];
  if (stageDefs.length === 0) issue('flow.stages', 'REQUIRED', 'a flow needs at least one stage');
  const stageIndex = new Map<string, number>();
  stageDefs.forEach((s, i) => {
    if (!ID.test(s.id ?? '') || stageIndex.has(s.id)) issue(`flow.stages[${i}].id`, 'INVALID_ID', 'missing, invalid or duplicate stage id');
    stageIndex.set(s.id, i);
  });
  const target = (path: string, id: string | undefined, fallback: number): number => {
    if (id === undefined) return fallback;
    if (id === 'end') return -1;
    const t = stageIndex.get(id);
    if (t === undefined) {
      issue(path, 'UNKNOWN_STAGE', `stage ${id} does not exist`);
      return -1;
    }
    return t;
  };

  const stages: CompiledStage[] = [];
  const nextOf: number[] = [];
  stageDefs.forEach((s, i) => {
    const p = `flow.stages[${i}]`;
    nextOf.push(target(`${p}.next`, s.next, i + 1 < stageDefs.length ? i + 1 : -1));
    switch (s.type) {
      case 'list':
        stages.push({
          stage: s,
          checks: (s.checks ?? []).flatMap((check, j) => {
            lists.add(check.list);
            const value = compileAt(env, `${p}.checks[${j}].value`, check.value);
            return value ? [{ check, value }] : [];
          }),
        });
        break;
      case 'rules': {
        const rs = ruleSets.get(s.ruleSet);
        if (!rs) issue(`${p}.ruleSet`, 'UNKNOWN_RULE_SET', `rule set ${s.ruleSet} does not exist`);
        stages.push({ stage: s, rules: rs ?? [] });
        break;
      }
      case 'score':
        if (!Array.isArray(s.bands) || s.bands.length === 0) issue(`${p}.bands`, 'REQUIRED', 'score bands are required');
        stages.push({ stage: s });
        break;
      case 'model': {
        const m = models.get(s.model);
        if (!m) {
          issue(`${p}.model`, 'UNKNOWN_MODEL', `model ${s.model} does not exist`);
          break;
        }
        stages.push({ stage: s, model: m });
        break;
      }
      case 'datasource': {
        const d = sources.get(s.source);
        if (!d) {
          issue(`${p}.source`, 'UNKNOWN_DATASOURCE', `data source ${s.source} does not exist`);
          break;
        }
        const request = compileAt(env, `dataSources[${pkg.dataSources.indexOf(d)}].request`, d.request);
        const when = s.when ? compileAt(env, `${p}.when`, s.when) : undefined;
        if (request) stages.push({ stage: s, source: d, request, when: when ?? undefined });
        break;
      }
      case 'table': {
        const t = tables.get(s.table);
        if (!t) {
          issue(`${p}.table`, 'UNKNOWN_TABLE', `decision table ${s.table} does not exist`);
          break;
        }
        const ti = pkg.tables.indexOf(t);
        if (t.kind === 'rows') {
          const rows = t.rows.map((r, j) => compileAt(env, `tables[${ti}].rows[${j}].when`, r.when));
          if (rows.every((r): r is CompiledExpression => r !== null)) stages.push({ stage: s, table: { def: t, rows } });
        } else {
          const row = compileAt(env, `tables[${ti}].row.expr`, t.row.expr);
          const col = compileAt(env, `tables[${ti}].col.expr`, t.col.expr);
          if (t.cells.length !== t.row.bands.length + 1 || t.cells.some((c) => c.length !== t.col.bands.length + 1)) {
            issue(`tables[${ti}].cells`, 'TABLE_SHAPE', 'cells must have (row bands + 1) × (column bands + 1) outcomes');
          }
          if (row && col) stages.push({ stage: s, table: { def: t, row, col } });
        }
        break;
      }
      case 'branch': {
        const branches = (s.branches ?? []).flatMap((b, j) => {
          const when = compileAt(env, `${p}.branches[${j}].when`, b.when);
          return when ? [{ when, next: target(`${p}.branches[${j}].next`, b.next, -1) }] : [];
        });
        stages.push({ stage: s, branches, defaultNext: target(`${p}.default`, s.default, -1) });
        break;
      }
      default:
        issue(`${p}.type`, 'UNKNOWN_STAGE_TYPE', `unknown stage type ${(s as { type: string }).type}`);
    }
  });
  checkAcyclic(stages, nextOf, issue);

  if (issues.length) throw new ValidationError('INVALID_STRATEGY', issues);
  return {
    pkg,
    version,
    eventType,
    vars,
    features,
    rules,
    models,
    stages,
    nextOf,
    order: new OutcomeOrder(eventType.outcomePrecedence),
    lists,
  };
}

/** A flow is a DAG: a cycle would never end, so it is refused at compile time. */
function checkAcyclic(stages: CompiledStage[], nextOf: number[], issue: (p: string, c: string, m: string) => void): void {
  const state = new Array<number>(stages.length).fill(0);
  const visit = (i: number): boolean => {
    if (i < 0) return true;
    if (state[i] === 1) return false;
    if (state[i] === 2) return true;
    state[i] = 1;
    const s = stages[i];
    const outs = s && s.stage.type === 'branch' && 'branches' in s ? [...s.branches.map((b) => b.next), s.defaultNext] : [nextOf[i]];
    for (const o of outs) if (!visit(o)) return false;
    state[i] = 2;
    return true;
  };
  if (stages.length && stages.length === nextOf.length && !visit(0)) issue('flow.stages', 'FLOW_CYCLE', 'the flow contains a cycle');
}
