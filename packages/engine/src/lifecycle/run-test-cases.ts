import type { CompiledStrategy } from '../compile-strategy.ts';
import { PanTokenizer, prepareEvent, toCelEvent, type PreparedEvent } from '../event-data.ts';
import { evaluateStrategy, type DataSourceCaller, type EngineInput } from '../evaluate.ts';
import { FeaturePlan } from '../feature-plan.ts';
import { OUTCOMES, type EngineResult, type Outcome, type StrategyTestCase } from '../types.ts';
import { ValidationError } from '../validation-error.ts';
import { TestCaseFeatureStore } from './test-case-feature-store.ts';
import { testCaseFeatureValue } from './test-case-feature-value.ts';
import { testCaseLists } from './test-case-lists.ts';

/** When a case gives no `at`: a fixed ordinary weekday morning (10:00 in Asia/Shanghai). */
export const DEFAULT_TEST_CASE_TIME = '2026-01-15T02:00:00.000Z';
/** The org deciding a case whose data and options name none. */
export const DEFAULT_TEST_CASE_ORG = 'test_case';
/**
 * Card numbers in test cases are tokenised with this fixed, public key: the tokens are stable
 * across runs and never equal a live token, so a test card number cannot match live state.
 */
const TEST_CASE_PAN_KEY = 'vigil-strategy-test-cases-only';

export interface RunTestCasesOptions {
  /** Parameters every case starts from (e.g. the deciding org's); a case's `params` win. */
  params?: Record<string, unknown>;
  /** Org for cases whose data and `org` name none; default {@link DEFAULT_TEST_CASE_ORG}. */
  org?: string;
  /** Event time for cases without `at` (ISO 8601); default {@link DEFAULT_TEST_CASE_TIME}. */
  at?: string;
  /**
   * Fail a case when a rule, variable or expression raised an error while it ran. Default false:
   * live, a failing rule is a recorded rule error, not a failed decision, and the case is judged
   * on its outcome; the errors are always listed in `ruleErrors`.
   */
  failOnRuleErrors?: boolean;
}

export interface TestCaseResult {
  name: string;
  /** True when there is no problem. */
  passed: boolean;
  expectedOutcome: Outcome;
  /** Null when the case could not be evaluated (invalid data, invalid time). */
  actualOutcome: Outcome | null;
  expectedHits?: string[];
  /** Live hits, each once, in the order they fired (`list:<key>` for list checks). */
  actualHits: string[];
  /** Shadow rules that would have hit; never part of the expectation. */
  shadowHits: string[];
  /** Reason codes of the decision. */
  reasons: string[];
  /** A dependency was unavailable (a data source the case does not answer) and the fallback applied. */
  degraded: boolean;
  /** What degraded, e.g. `datasource:bureau:not_given_by_test_case`. */
  degradations: string[];
  /** Errors recorded while evaluating: `stage` is the stage id (`$vars` for variables). */
  ruleErrors: Array<{ stage: string; ref: string; code: string; message: string }>;
  /** Why the case failed; empty when it passed. */
  problems: string[];
}

/**
 * Runs a package's test cases against its compiled form, one at a time and each in isolation.
 * Every case is a live decision in miniature: its data is validated and tokenised as a live
 * event's, then evaluated with
 * - features: the values the case gives by feature name; every other feature reads what the real
 *   store answers for an entity never seen before;
 * - lists: the members the case gives by list key (see {@link testCaseLists}); others are empty;
 * - data sources: the responses the case gives by source id; a source not named fails as an
 *   unavailable one does (its fallback value, a degraded decision);
 * - time `at` (default {@link DEFAULT_TEST_CASE_TIME}), org from the data's org field, else the
 *   case's `org`, else the option's; `params` over the option's.
 *
 * A case passes when the outcome equals `expectOutcome` and, when `expectHits` is given, the live
 * hits are exactly that set (a rule hitting that the case does not expect fails it: an extra hit
 * is a changed decision). Names the package does not know (a feature, list, data source or hit)
 * are problems too, so a typo cannot make a case pass vacuously. Nothing is written anywhere.
 *
 * @example
 * const results = await runTestCases(compiled, pkg.testCases ?? []);
 * const failed = results.filter((r) => !r.passed); // [{name, problems: ['expected outcome reject, got pass …']}]
 */
export async function runTestCases(compiled: CompiledStrategy, cases: readonly StrategyTestCase[], opts: RunTestCasesOptions = {}): Promise<TestCaseResult[]> {
  const tokenizer = new PanTokenizer(TEST_CASE_PAN_KEY);
  const plan = new FeaturePlan([compiled], new Map([[compiled.eventType.key, compiled.eventType]]));
  const results: TestCaseResult[] = [];
  for (let i = 0; i < cases.length; i++) results.push(await runOne(compiled, cases[i]!, i, opts, tokenizer, plan));
  return results;
}

async function runOne(s: CompiledStrategy, c: StrategyTestCase, index: number, opts: RunTestCasesOptions, tokenizer: PanTokenizer, plan: FeaturePlan): Promise<TestCaseResult> {
  const problems: string[] = [];
  const result: TestCaseResult = {
    name: c.name,
    passed: false,
    expectedOutcome: c.expectOutcome,
    actualOutcome: null,
    ...(c.expectHits !== undefined ? { expectedHits: c.expectHits } : {}),
    actualHits: [],
    shadowHits: [],
    reasons: [],
    degraded: false,
    degradations: [],
    ruleErrors: [],
    problems,
  };
  const done = () => ((result.passed = problems.length === 0), result);

  if (!(OUTCOMES as readonly string[]).includes(c.expectOutcome)) problems.push(`expectOutcome: ${JSON.stringify(c.expectOutcome)} is not an outcome (${OUTCOMES.join(', ')})`);
  const atText = c.at ?? opts.at ?? DEFAULT_TEST_CASE_TIME;
  const at = typeof atText === 'string' ? Date.parse(atText) : NaN;
  if (!Number.isFinite(at)) {
    problems.push(`at: ${JSON.stringify(atText)} is not an ISO 8601 time`);
    return done();
  }

  let prepared: PreparedEvent;
  try {
    prepared = prepareEvent(s.eventType, c.data, tokenizer, 'data');
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const issue of e.issues) problems.push(`${issue.path}: ${issue.message} (${issue.code})`);
    return done();
  }
  if (prepared.org !== null && c.org !== undefined && c.org !== prepared.org) {
    problems.push(`org: the case says ${c.org} but data.${s.eventType.orgField} says ${prepared.org}; the data decides`);
  }
  const org = prepared.org ?? c.org ?? opts.org ?? DEFAULT_TEST_CASE_ORG;

  // Feature values by state id: features sharing a definition share one state, as they do live.
  const given = new Map<string, unknown>();
  const givenBy = new Map<string, string>();
  for (const [name, raw] of Object.entries(c.features ?? {})) {
    const f = s.features.find((x) => x.def.name === name);
    if (!f) {
      problems.push(`features.${name}: the strategy has no feature ${name}`);
      continue;
    }
    const v = testCaseFeatureValue(f.def, raw);
    if (!v.ok) {
      problems.push(`features.${name}: ${v.problem}`);
      continue;
    }
    const other = givenBy.get(f.defId);
    if (other !== undefined && JSON.stringify(given.get(f.defId)) !== JSON.stringify(v.value)) {
      problems.push(`features.${name}: shares its state with ${other}, so both must have the same value`);
      continue;
    }
    given.set(f.defId, v.value);
    givenBy.set(f.defId, name);
  }

  for (const key of Object.keys(c.lists ?? {})) if (!s.lists.has(key)) problems.push(`lists.${key}: the strategy does not use list ${key}`);
  const lists = testCaseLists(c.lists, tokenizer, at);
  problems.push(...lists.problems);

  const responses = c.dataSources ?? {};
  for (const id of Object.keys(responses)) if (!s.pkg.dataSources.some((d) => d.id === id)) problems.push(`dataSources.${id}: the strategy has no data source ${id}`);
  const dataSources: DataSourceCaller = {
    call: async (def) =>
      Object.hasOwn(responses, def.id) ? { ok: true, value: structuredClone(responses[def.id]), cached: false } : { ok: false, value: null, cached: false, error: 'not_given_by_test_case' },
  };

  const known = knownHitIds(s);
  for (const id of c.expectHits ?? []) if (!known.has(id)) problems.push(`expectHits: ${id} is neither a rule nor a list check of the strategy`);

  const features = new TestCaseFeatureStore(given);
  const input: EngineInput = {
    eventType: s.eventType.key,
    eventId: `test_case_${index + 1}`,
    at,
    data: prepared.data,
    celEvent: toCelEvent(s.eventType, prepared.data),
    org,
    channel: typeof prepared.data.channel === 'string' ? prepared.data.channel : '',
    params: { ...opts.params, ...c.params },
    deadline: Number.MAX_SAFE_INTEGER,
  };
  let r: EngineResult;
  try {
    // Writes go to the case's own throwaway store: `includeCurrent` features then count the
    // case's event, as they would live.
    r = await evaluateStrategy(s, input, { features, plan, lists: lists.lookup, dataSources, now: () => at }, { writeFeatures: true });
  } catch (e) {
    problems.push(`evaluation failed: ${(e as Error).message}`);
    return done();
  }

  result.actualOutcome = r.outcome;
  result.actualHits = unique(r.hits.filter((h) => h.mode === 'live').map((h) => h.ruleId));
  result.shadowHits = unique(r.trace.shadowHits);
  result.reasons = r.reasons.map((x) => x.code);
  result.degraded = r.degraded;
  result.degradations = [...r.trace.degradations];
  result.ruleErrors = r.trace.stages.flatMap((st) => st.errors.map((e) => ({ stage: st.id, ...e })));

  for (const [defId, name] of givenBy) {
    if (!features.read.has(defId)) problems.push(`features.${name}: not read for this event (a field of its key is missing), so the given value had no effect`);
  }
  if (r.outcome !== c.expectOutcome) {
    const why = result.reasons.length ? ` (reasons: ${result.reasons.join(', ')})` : '';
    problems.push(`expected outcome ${c.expectOutcome}, got ${r.outcome}${why}`);
  }
  if (c.expectHits !== undefined) {
    for (const id of unique(c.expectHits)) if (!result.actualHits.includes(id)) problems.push(`expected ${id} to hit; it did not`);
    for (const id of result.actualHits) if (!c.expectHits.includes(id)) problems.push(`${id} hit but is not in expectHits`);
  }
  if (opts.failOnRuleErrors) for (const e of result.ruleErrors) problems.push(`error in ${e.ref} (stage ${e.stage}): ${e.message}`);
  return done();
}

/** Ids a live hit can carry: rule ids, and `list:<key>` for the list checks of the flow. */
function knownHitIds(s: CompiledStrategy): Set<string> {
  const ids = new Set<string>(s.pkg.rules.map((r) => r.id));
  for (const st of s.pkg.flow.stages) if (st.type === 'list') for (const ch of st.checks) ids.add(`list:${ch.list}`);
  return ids;
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
