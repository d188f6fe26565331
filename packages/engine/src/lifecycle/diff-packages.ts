import { featureDefinitionId, type FeatureDefinition } from '../features/index.ts';
import type { ModelDefinition } from '../models/index.ts';
import {
  OUTCOMES,
  type Action,
  type DataSourceDef,
  type DecisionTableDef,
  type DerivedVariable,
  type Outcome,
  type Rule,
  type RuleSet,
  type Stage,
  type StrategyPackage,
  type StrategyTestCase,
} from '../types.ts';
import { fieldChanges, isPlainObject, sameValue, type FieldChange } from './field-changes.ts';
import { numericLiteralChanges } from './numeric-literal-changes.ts';

export type { FieldChange } from './field-changes.ts';

/** An item present in both versions whose content differs. */
export interface ItemChange {
  /** Its id (rules, stages…), name (features, variables, test cases) or outcome (outcome actions). */
  id: string;
  /** Field by field, in the order a reviewer reads the item. */
  changes: FieldChange[];
}

export interface RuleSetChange extends ItemChange {
  membersAdded: string[];
  membersRemoved: string[];
  /** Members present in both versions run in a different order. */
  reordered: boolean;
}

export interface FeatureChange extends ItemChange {
  /**
   * The definition now keeps a different state (its {@link featureDefinitionId} changed, e.g. a
   * new window or filter): history is not carried over, the feature starts from what that state
   * holds, usually nothing.
   */
  newState: boolean;
}

/**
 * One kind of item across two versions. `added` follows the new version's order, `removed` the
 * old one's, `changed` the new one's.
 */
export interface CollectionDiff<T, C extends ItemChange = ItemChange> {
  added: T[];
  removed: T[];
  changed: C[];
  /**
   * Only where order changes behaviour (variables, flow stages): the ids of each version when the
   * items present in both appear in a different order.
   */
  reordered?: { before: string[]; after: string[] };
}

interface ThresholdBase {
  /** Where inside the holder: `condition`, `bands[1].min`, `branches[0].when`, `row.bands[0]`. */
  path: string;
  before: number;
  after: number;
  /** For literals inside CEL: the source just before the number, e.g. `event.amount >`. */
  context?: string;
}

/**
 * A number a decision compares against that changed value: a number literal inside a rule
 * condition, a variable, a stage or table expression, a score or model band bound, a decision
 * matrix band.
 */
export type ThresholdChange = ThresholdBase &
  ({ kind: 'rule'; rule: string } | { kind: 'variable'; variable: string } | { kind: 'stage'; stage: string } | { kind: 'table'; table: string });

/** An outcome a band, table row, table default or matrix cell maps to, changed. */
export interface OutcomeMappingChange {
  kind: 'stage' | 'table';
  /** Stage or table id. */
  id: string;
  /** `bands[2].outcome`, `rows[0].outcome`, `defaultOutcome`, `cells[1][2]`. */
  path: string;
  before?: Outcome;
  after?: Outcome;
}

/** Outcome-level actions of one outcome, as an item of {@link PackageDiff.outcomeActions}. */
export interface OutcomeActions {
  outcome: Outcome;
  actions: Action[];
}

/**
 * What changed between two versions of a strategy package, for a reviewer and the console.
 * Thresholds and outcome mappings are also listed inside the field changes of their items; they
 * are repeated in `thresholds` and `outcomeMapping` because they are what a reviewer checks first.
 */
export interface PackageDiff {
  /** True when nothing below holds anything. */
  empty: boolean;
  /** id, name, description, eventType, direction. */
  package: FieldChange[];
  rules: CollectionDiff<Rule>;
  ruleSets: CollectionDiff<RuleSet, RuleSetChange>;
  flow: CollectionDiff<Stage>;
  variables: CollectionDiff<DerivedVariable>;
  features: CollectionDiff<FeatureDefinition, FeatureChange>;
  lists: { added: string[]; removed: string[] };
  models: CollectionDiff<ModelDefinition>;
  dataSources: CollectionDiff<DataSourceDef>;
  tables: CollectionDiff<DecisionTableDef>;
  outcomeActions: CollectionDiff<OutcomeActions>;
  testCases: CollectionDiff<StrategyTestCase>;
  thresholds: ThresholdChange[];
  outcomeMapping: OutcomeMappingChange[];
}

/** The order fields are listed in, per kind of item; fields not named follow alphabetically. */
const FIELD_ORDER = {
  package: ['id', 'name', 'description', 'eventType', 'direction'],
  rule: ['name', 'description', 'condition', 'component', 'outcome', 'challenge', 'score', 'riskLevel', 'reasonCode', 'reason', 'tags', 'enabled', 'mode', 'actions'],
  ruleSet: ['name', 'rules'],
  stage: ['type', 'name', 'ruleSet', 'mode', 'checks', 'weights', 'bands', 'model', 'source', 'when', 'table', 'branches', 'default', 'next', 'exitOn'],
  variable: ['expr', 'description'],
  feature: ['kind', 'agg', 'stat', 'field', 'by', 'window', 'eventTypes', 'filter', 'includeCurrent', 'scope', 'on', 'tz'],
  model: ['kind', 'name', 'baseScore', 'intercept', 'characteristics', 'coefficients', 'output', 'scoreScale'],
  dataSource: ['name', 'url', 'method', 'request', 'timeoutMs', 'cacheTtlSec', 'costPerCall', 'fallback'],
  table: ['kind', 'rows', 'defaultOutcome', 'row', 'col', 'cells', 'reasonCode'],
  testCase: ['data', 'org', 'at', 'params', 'features', 'lists', 'dataSources', 'expectOutcome', 'expectHits'],
} as const;

/**
 * Compares two versions of a strategy package. Items are matched by id (rules, rule sets, stages,
 * models, data sources, tables), by name (variables, features, test cases) or by outcome (outcome
 * actions). The order of items inside the package arrays is ignored except where it changes
 * behaviour: variables (each sees the ones before it), flow stages and rule-set members. The
 * result is deterministic: the same two packages always give the same diff, in the same order.
 *
 * @example
 * const d = diffPackages(v3, v4);
 * d.thresholds // [{kind: 'rule', rule: 'big_amount', path: 'condition', before: 5000, after: 8000, context: 'event.amount >'}]
 * renderDiff(d, 'en') // '~ threshold in rule big_amount (event.amount >): 5000 → 8000\n…'
 */
export function diffPackages(a: StrategyPackage, b: StrategyPackage): PackageDiff {
  const thresholds: ThresholdChange[] = [];
  const outcomeMapping: OutcomeMappingChange[] = [];

  const pick = (p: StrategyPackage) => ({ id: p.id, name: p.name, description: p.description, eventType: p.eventType, direction: p.direction });
  const packageChanges = fieldChanges(pick(a), pick(b), FIELD_ORDER.package);

  const rules = collection(a.rules, b.rules, 'id', FIELD_ORDER.rule);
  for (const c of rules.changed) {
    for (const f of c.changes) if (f.path === 'condition') for (const t of literalChanges(f)) thresholds.push({ kind: 'rule', rule: c.id, path: f.path, ...t });
  }

  const base = collection(a.ruleSets, b.ruleSets, 'id', FIELD_ORDER.ruleSet);
  const [setsA, setsB] = [byKey(a.ruleSets, 'id'), byKey(b.ruleSets, 'id')];
  const ruleSets: CollectionDiff<RuleSet, RuleSetChange> = {
    ...base,
    changed: base.changed.map((c) => {
      const before = stringsOf(setsA.get(c.id)?.rules);
      const after = stringsOf(setsB.get(c.id)?.rules);
      return { ...c, membersAdded: after.filter((x) => !before.includes(x)), membersRemoved: before.filter((x) => !after.includes(x)), reordered: orderChanged(before, after) };
    }),
  };

  const flow = collection(a.flow?.stages ?? [], b.flow?.stages ?? [], 'id', FIELD_ORDER.stage, true);
  for (const c of flow.changed) {
    for (const f of c.changes) {
      if (/^bands\[\d+\]\.(min|max)$/.test(f.path) && typeof f.before === 'number' && typeof f.after === 'number') {
        thresholds.push({ kind: 'stage', stage: c.id, path: f.path, before: f.before, after: f.after });
      } else if (/^bands\[\d+\]\.outcome$/.test(f.path)) {
        outcomeMapping.push({ kind: 'stage', id: c.id, path: f.path, before: outcomeOr(f.before), after: outcomeOr(f.after) });
      } else if (/^(when|branches\[\d+\]\.when|checks\[[^\]]+\]\.value)$/.test(f.path)) {
        for (const t of literalChanges(f)) thresholds.push({ kind: 'stage', stage: c.id, path: f.path, ...t });
      }
    }
  }

  const variables = collection(a.variables, b.variables, 'name', FIELD_ORDER.variable, true);
  for (const c of variables.changed) {
    for (const f of c.changes) if (f.path === 'expr') for (const t of literalChanges(f)) thresholds.push({ kind: 'variable', variable: c.id, path: f.path, ...t });
  }

  const fbase = collection(a.features, b.features, 'name', FIELD_ORDER.feature);
  const [featuresA, featuresB] = [byKey(a.features, 'name'), byKey(b.features, 'name')];
  const features: CollectionDiff<FeatureDefinition, FeatureChange> = {
    ...fbase,
    changed: fbase.changed.map((c) => {
      const before = stateIdOf(featuresA.get(c.id), a.eventType);
      const after = stateIdOf(featuresB.get(c.id), b.eventType);
      return { ...c, newState: before !== after };
    }),
  };

  const listsA = stringsOf(a.lists);
  const listsB = stringsOf(b.lists);
  const lists = { added: listsB.filter((x) => !listsA.includes(x)), removed: listsA.filter((x) => !listsB.includes(x)) };

  const models = collection(a.models, b.models, 'id', FIELD_ORDER.model);
  const dataSources = collection(a.dataSources, b.dataSources, 'id', FIELD_ORDER.dataSource);

  const tables = collection(a.tables, b.tables, 'id', FIELD_ORDER.table);
  for (const c of tables.changed) {
    for (const f of c.changes) {
      if (/^rows\[\d+\]\.outcome$/.test(f.path) || f.path === 'defaultOutcome') {
        outcomeMapping.push({ kind: 'table', id: c.id, path: f.path, before: outcomeOr(f.before), after: outcomeOr(f.after) });
      } else if (/^rows\[\d+\]\.when$|^(row|col)\.expr$/.test(f.path)) {
        for (const t of literalChanges(f)) thresholds.push({ kind: 'table', table: c.id, path: f.path, ...t });
      } else if (/^(row|col)\.bands$/.test(f.path) && Array.isArray(f.before) && Array.isArray(f.after) && f.before.length === f.after.length) {
        f.before.forEach((x, i) => {
          const y = (f.after as unknown[])[i];
          if (typeof x === 'number' && typeof y === 'number' && x !== y) thresholds.push({ kind: 'table', table: c.id, path: `${f.path}[${i}]`, before: x, after: y });
        });
      } else if (f.path === 'cells' && sameShape(f.before, f.after)) {
        (f.before as unknown[][]).forEach((row, i) =>
          row.forEach((x, j) => {
            const y = (f.after as unknown[][])[i]![j];
            if (x !== y) outcomeMapping.push({ kind: 'table', id: c.id, path: `cells[${i}][${j}]`, before: outcomeOr(x), after: outcomeOr(y) });
          }),
        );
      }
    }
  }

  const actionsOf = (p: StrategyPackage): OutcomeActions[] =>
    OUTCOMES.flatMap((o) => (p.outcomeActions?.[o] !== undefined ? [{ outcome: o, actions: p.outcomeActions[o]! }] : []));
  const outcomeActions = collection(actionsOf(a), actionsOf(b), 'outcome', ['actions']);
  const testCases = collection(a.testCases, b.testCases, 'name', FIELD_ORDER.testCase);

  const d: PackageDiff = {
    empty: false,
    package: packageChanges,
    rules,
    ruleSets,
    flow,
    variables,
    features,
    lists,
    models,
    dataSources,
    tables,
    outcomeActions,
    testCases,
    thresholds,
    outcomeMapping,
  };
  d.empty = isEmpty(d);
  return d;
}

/** True when the two versions compared equal. */
export function isEmpty(d: PackageDiff): boolean {
  const collections = [d.rules, d.ruleSets, d.flow, d.variables, d.features, d.models, d.dataSources, d.tables, d.outcomeActions, d.testCases];
  return (
    d.package.length === 0 &&
    d.lists.added.length === 0 &&
    d.lists.removed.length === 0 &&
    collections.every((c) => c.added.length === 0 && c.removed.length === 0 && c.changed.length === 0 && !c.reordered)
  );
}

function collection<T>(before: readonly T[] | undefined, after: readonly T[] | undefined, key: string, order: readonly string[], ordered = false): CollectionDiff<T> {
  const am = byKey(before, key);
  const bm = byKey(after, key);
  const added: T[] = [];
  const removed: T[] = [];
  const changed: ItemChange[] = [];
  for (const [k, x] of bm) {
    const old = am.get(k);
    if (old === undefined) added.push(x);
    else if (!sameValue(old, x)) changed.push({ id: k, changes: fieldChanges(withoutKey(old, key), withoutKey(x, key), order) });
  }
  for (const [k, x] of am) if (!bm.has(k)) removed.push(x);
  const diff: CollectionDiff<T> = { added, removed, changed };
  if (ordered && orderChanged([...am.keys()], [...bm.keys()])) diff.reordered = { before: [...am.keys()], after: [...bm.keys()] };
  return diff;
}

/**
 * Items by key, in array order. A package refused by the compiler may repeat an id; the repeats
 * are kept apart as `id#2`, `id#3` so nothing is silently dropped.
 */
function byKey<T>(items: readonly T[] | undefined, keyField: string): Map<string, T> {
  const m = new Map<string, T>();
  for (const x of Array.isArray(items) ? items : []) {
    const id = String(isPlainObject(x) ? x[keyField] : x);
    let key = id;
    for (let n = 2; m.has(key); n++) key = `${id}#${n}`;
    m.set(key, x);
  }
  return m;
}

/** The item without the member that identifies it (it is the change's `id`). */
function withoutKey(x: unknown, key: string): unknown {
  if (!isPlainObject(x)) return x;
  const { [key]: _key, ...rest } = x;
  return rest;
}

/** True when the ids present in both lists appear in a different relative order. */
function orderChanged(before: readonly string[], after: readonly string[]): boolean {
  const inAfter = new Set(after);
  const inBefore = new Set(before);
  const a = before.filter((x) => inAfter.has(x));
  const b = after.filter((x) => inBefore.has(x));
  return a.some((x, i) => x !== b[i]);
}

function literalChanges(f: FieldChange) {
  return typeof f.before === 'string' && typeof f.after === 'string' ? numericLiteralChanges(f.before, f.after) : [];
}

function stateIdOf(def: FeatureDefinition | undefined, eventType: string): string | null {
  if (!def) return null;
  try {
    return featureDefinitionId({ ...def, eventTypes: def.eventTypes?.length ? def.eventTypes : [eventType] } as FeatureDefinition);
  } catch {
    // An invalid definition (a bad window) has no state id; compare the definitions themselves.
    return JSON.stringify(def);
  }
}

function stringsOf(x: unknown): string[] {
  return Array.isArray(x) ? x.map(String) : [];
}

function outcomeOr(x: unknown): Outcome | undefined {
  return typeof x === 'string' && (OUTCOMES as readonly string[]).includes(x) ? (x as Outcome) : undefined;
}

function sameShape(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((r, i) => Array.isArray(r) && Array.isArray(b[i]) && r.length === (b[i] as unknown[]).length);
}
