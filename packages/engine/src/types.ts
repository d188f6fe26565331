import type { FeatureDefinition } from './features/index.ts';
import type { ModelDefinition } from './models/index.ts';

/** The engine's answers, in default precedence order (lowest first). */
export const OUTCOMES = ['pass', 'review', 'challenge', 'reject'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type Direction = 'in' | 'post';

export interface I18nText {
  zh: string;
  en: string;
}

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'timestamp' | 'geo' | 'enum' | 'string_list';

export interface FieldDef {
  type: FieldType;
  required?: boolean;
  description?: string;
  /** Allowed values of an `enum` field. */
  values?: string[];
  /** Maximum length of a string (default 256) or list (default 64). */
  maxLength?: number;
}

/** What kind of entity an entity field identifies. */
export type EntityKind = 'customer' | 'account' | 'card' | 'device' | 'ip' | 'phone' | 'merchant' | 'terminal' | 'payee' | 'id_number' | 'campaign';
/**
 * `pan`: tokenised on entry, only the masked form kept. `phone`, `id_number`, `name`: personal data
 * stored as sent (rules and lists need the value) but shown masked to roles without `pii.read`.
 */
export type SensitiveKind = 'pan' | 'phone' | 'id_number' | 'name';

/** A kind of event channels send, registered as data. */
export interface EventTypeDef {
  key: string;
  name: I18nText;
  scenario: string;
  channels: string[];
  fields: Record<string, FieldDef>;
  /** Field name → the entity kind it identifies. */
  entityFields: Record<string, EntityKind>;
  /** Field name → how the field is protected (card numbers are tokenised). */
  sensitiveFields: Record<string, SensitiveKind>;
  /** The field naming the legal entity (member bank) the event belongs to. */
  orgField: string | null;
  latencyBudgetMs: number;
  /** Outcome returned when the decision is degraded (fail-open `pass` or fail-closed). */
  fallbackOutcome: Outcome;
  /** Outcomes from lowest to highest precedence. */
  outcomePrecedence: Outcome[];
  revision?: number;
}

/** An action attached to a rule or outcome; executed after the decision is logged. */
export type Action =
  | { type: 'alert'; level: RiskLevel; category: string }
  | { type: 'add_to_list'; list: string; /** Event field whose value is listed. */ field: string; expiresIn?: string; reason?: string }
  | { type: 'tag'; tag: string }
  | { type: 'notify'; channel: string; template: string };

export interface Rule {
  id: string;
  name: I18nText;
  description?: string;
  /**
   * The CEL condition. When the rule uses a saved component, import fills this in from the
   * component and its arguments, so every stored version is complete on its own.
   */
  condition: string;
  component?: { id: string; args: Record<string, unknown> };
  outcome?: Outcome;
  /** Step-up methods when the outcome is `challenge`. */
  challenge?: string[];
  score?: number;
  riskLevel?: RiskLevel;
  reasonCode: string;
  reason?: I18nText;
  tags?: string[];
  enabled: boolean;
  /** `shadow` rules are evaluated and logged but never affect the decision. */
  mode: 'live' | 'shadow';
  actions?: Action[];
}

export interface RuleSet {
  id: string;
  name?: I18nText;
  rules: string[];
}

export interface DerivedVariable {
  name: string;
  expr: string;
  description?: string;
}

export interface DataSourceDef {
  id: string;
  name?: I18nText;
  /** URL of an HTTP endpoint; the request body is the JSON produced by `request`. */
  url: string;
  method?: 'GET' | 'POST';
  /** CEL map expression building the request, e.g. `{"phone": event.phone}`. */
  request: string;
  timeoutMs: number;
  cacheTtlSec: number;
  /** Cost of one uncached call, in the bank's accounting unit. */
  costPerCall: number;
  /** The value `data.<id>` takes when the call fails or times out. */
  fallback?: Record<string, unknown> | null;
}

export interface ScoreBand {
  min: number;
  max?: number;
  outcome: Outcome;
  riskLevel: RiskLevel;
  challenge?: string[];
  reasonCode?: string;
}

/** A decision table: first matching row wins; or a matrix of two banded axes. */
export type DecisionTableDef =
  | {
      id: string;
      kind: 'rows';
      rows: Array<{ when: string; outcome: Outcome; riskLevel?: RiskLevel; reasonCode?: string; challenge?: string[] }>;
      defaultOutcome?: Outcome;
    }
  | {
      id: string;
      kind: 'matrix';
      row: { expr: string; bands: number[] };
      col: { expr: string; bands: number[] };
      /** cells[rowBand][colBand]; band i covers [bands[i-1], bands[i]), with open ends. */
      cells: Outcome[][];
      reasonCode?: string;
    };

interface StageBase {
  id: string;
  name?: I18nText;
  /** Stage to run next; defaults to the following stage; `end` stops. */
  next?: string;
  /** Stop the flow when this stage's outcome is one of these. */
  exitOn?: Outcome[];
}

export interface ListCheck {
  list: string;
  /** CEL expression for the looked-up value, e.g. `event.card`. */
  value: string;
  /** Outcome on a hit: white lists usually `pass` with stop, black lists `reject`. */
  outcome: Outcome;
  reasonCode: string;
  /** End the flow immediately on a hit (white-list short-circuit, black-list reject). */
  stop?: boolean;
  riskLevel?: RiskLevel;
}

export type Stage =
  | (StageBase & { type: 'list'; checks: ListCheck[] })
  | (StageBase & { type: 'rules'; ruleSet: string; mode: 'all' | 'first' })
  | (StageBase & { type: 'score'; weights?: Record<string, number>; bands: ScoreBand[] })
  | (StageBase & { type: 'model'; model: string; bands?: ScoreBand[] })
  | (StageBase & { type: 'datasource'; source: string; when?: string })
  | (StageBase & { type: 'table'; table: string })
  | (StageBase & { type: 'branch'; branches: Array<{ when: string; next: string }>; default: string });

export type StageType = Stage['type'];

/**
 * An example event stored with a package, with the outcome it must get. `runTestCases` evaluates
 * each case on its own: nothing is read from or written to live feature state, lists or data
 * sources; what the case does not give is empty.
 */
export interface StrategyTestCase {
  name: string;
  /** Event data, validated like a live event (a test card number is tokenised with a test key). */
  data: Record<string, unknown>;
  /** Feature values the case assumes, by feature name, as the feature store would return them. */
  features?: Record<string, unknown>;
  /** List key → the values on that list for this case; every other list is empty. */
  lists?: Record<string, string[]>;
  /** Data source id → the response it gives; a source not named behaves as unavailable. */
  dataSources?: Record<string, unknown>;
  /** The deciding org when the event data names none. */
  org?: string;
  /** Strategy parameters (`params` in CEL) over those the runner is given. */
  params?: Record<string, unknown>;
  /** Event time, ISO 8601; defaults to a fixed time so results never depend on the clock. */
  at?: string;
  expectOutcome: Outcome;
  /** Rule ids (and `list:<key>` for list checks) that must hit live; exactly these when given. */
  expectHits?: string[];
}

/** Everything that decides one event type for one direction, versioned as one unit. */
export interface StrategyPackage {
  id: string;
  name: I18nText;
  eventType: string;
  direction: Direction;
  description?: string;
  variables: DerivedVariable[];
  features: FeatureDefinition[];
  lists: string[];
  rules: Rule[];
  ruleSets: RuleSet[];
  models: ModelDefinition[];
  dataSources: DataSourceDef[];
  tables: DecisionTableDef[];
  flow: { stages: Stage[] };
  /** Outcome-level actions, e.g. alert on every `reject`. */
  outcomeActions?: Partial<Record<Outcome, Action[]>>;
  testCases?: StrategyTestCase[];
}

/** A reason for the outcome; the API renders `text` in the caller's language. */
export interface Reason {
  code: string;
  text: I18nText;
}

export interface RuleHit {
  ruleId: string;
  stage: string;
  outcome?: Outcome;
  score: number;
  reasonCode: string;
  mode: 'live' | 'shadow';
}

export interface StageTrace {
  id: string;
  type: StageType;
  outcome?: Outcome;
  hits: string[];
  output?: unknown;
  errors: Array<{ ref: string; code: string; message: string }>;
  micros: number;
  skipped?: boolean;
}

export interface DecisionTrace {
  stages: StageTrace[];
  vars: Record<string, unknown>;
  features: Record<string, unknown>;
  models: Record<string, unknown>;
  data: Record<string, unknown>;
  shadowHits: string[];
  ruleErrors: number;
  degradations: string[];
  actions: Action[];
}

/** The pure result of evaluating a strategy for one event. */
export interface EngineResult {
  outcome: Outcome;
  challenge?: string[];
  score: number;
  riskLevel: RiskLevel;
  reasons: Reason[];
  hits: RuleHit[];
  degraded: boolean;
  trace: DecisionTrace;
}
