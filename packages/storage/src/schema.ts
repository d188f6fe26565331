import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** A JSONB column read and written as a plain JS value. */
type Json<T extends object | null> = JSONColumnType<T, T, T>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** Defaults to now() on insert; set explicitly on update. */
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface EventTypeTable {
  key: string;
  name_zh: string;
  name_en: string;
  scenario: string;
  channels: Json<string[]>;
  /** Field definitions of `data`: name → {type, required, description, values?}. */
  fields: Json<Record<string, unknown>>;
  entity_fields: Json<Record<string, string>>;
  sensitive_fields: Json<Record<string, string>>;
  org_field: string | null;
  latency_budget_ms: number;
  fallback_outcome: string;
  outcome_precedence: Json<string[]>;
  revision: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  /** First characters of the key, shown in listings to recognise it. */
  prefix: string;
  /** SHA-256 of the full key; the key itself is never stored. */
  hash: string;
  kind: string;
  org_id: string;
  event_types: Json<string[]>;
  rate_limit_per_sec: number;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface StrategyTable {
  id: string;
  event_type: string;
  direction: string;
  name: string;
  created_at: CreatedAt;
}

export interface StrategyVersionTable {
  strategy_id: string;
  version: number;
  package: Json<Record<string, unknown>>;
  /** `draft`, `submitted`, `approved`, `rejected`, `shadow`, `canary`, `live` or `retired`. */
  status: string;
  change_note: string;
  created_by: string;
  created_at: CreatedAt;
  /** The document as authored (rule components unexpanded), for an exact export; null before the lifecycle existed. */
  source: Json<Record<string, unknown>> | null;
  submitted_by: string | null;
  submitted_at: Timestamp | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  review_note: Generated<string>;
  /** The test cases' results when the version was submitted. */
  test_results: Json<unknown[]> | null;
}

export interface DeploymentTable {
  id: Generated<number>;
  event_type: string;
  direction: string;
  strategy_id: string;
  version: number;
  mode: string;
  actor: string;
  reason: string;
  active: boolean;
  created_at: CreatedAt;
  /** A canary's slice: `{percent, key}` (stable hash of an entity field) or `{orgs}` (legal entities). */
  canary: Json<Record<string, unknown>> | null;
  /** A deployment waiting for its time (not active yet). */
  scheduled_for: Timestamp | null;
  ended_at: Timestamp | null;
  ended_by: string | null;
  end_reason: string | null;
}

export interface ShadowResultTable {
  id: Generated<number>;
  decision_id: string;
  org_id: string;
  event_type: string;
  direction: string;
  occurred_at: Timestamp;
  strategy_id: string;
  version: number;
  outcome: string;
  score: number;
  hits: Json<string[]>;
  champion_strategy_id: string | null;
  champion_version: number | null;
  champion_outcome: string;
  champion_score: number;
  champion_hits: Json<string[]>;
  created_at: CreatedAt;
}

export interface ListTable {
  id: string;
  /** The name rules use: `inList('card_blacklist', event.card)`. */
  key: string;
  name_zh: string;
  name_en: string;
  kind: string;
  dimension: string;
  org_id: string;
  description: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ListEntryTable {
  list_id: string;
  /** Normalised lookup value (tokenised for card numbers). */
  value: string;
  /** What a person may see: masked for card numbers. */
  display: string;
  org_id: string;
  reason: string;
  source: string;
  created_by: string;
  expires_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface DecisionTable {
  seq: Generated<number>;
  decision_id: string;
  event_id: string;
  event_type: string;
  direction: string;
  org_id: string;
  occurred_at: Timestamp;
  decided_at: Timestamp;
  outcome: string;
  score: number;
  risk_level: string;
  strategy_id: string | null;
  strategy_version: number | null;
  latency_ms: number;
  degraded: boolean;
  payload_hash: string;
  /** Entity key → value (tokenised), for lookups by card, customer, device… */
  entities: Json<Record<string, string>>;
  hits: Json<string[]>;
  /** JSON text of the event (`{data, masked, channel, org}`); read it with the server's `decodeEvent`. */
  event: string;
  /** JSON text of the answer, compact or whole; read it with the server's `decodeResponse`. */
  response: string;
  /** JSON text of the trace, compact or whole; read it with the server's `decodeTrace`. */
  trace: string;
  /** Raised an alert the alert feed has not filed yet. */
  alert_pending: Generated<boolean>;
}

export interface EventInboxTable {
  seq: Generated<number>;
  event_type: string;
  event_id: string;
  payload_hash: string;
  /** The accepted event, with card numbers already tokenised. */
  body: Json<Record<string, unknown>>;
  org_id: string;
  status: string;
  attempts: Generated<number>;
  last_error: string | null;
  received_at: CreatedAt;
  processed_at: Timestamp | null;
}

export interface FeatureSnapshotTable {
  id: Generated<number>;
  /** Highest decision `seq` whose feature updates are included. */
  decision_seq: number;
  /** Highest decision feedback id whose feature updates are included. */
  feedback_id: Generated<number>;
  taken_at: CreatedAt;
  state: Buffer;
}

export interface DataSourceUsageTable {
  source: string;
  day: string;
  calls: number;
  cache_hits: number;
  failures: number;
  cost: number;
}

export interface SettingTable {
  key: string;
  /** Any JSON value (numbers for revision counters, objects for settings). */
  value: ColumnType<unknown, unknown, unknown>;
  updated_at: UpdatedAt;
}

export interface DecisionFeedbackTable {
  id: Generated<number>;
  decision_id: string;
  org_id: string;
  challenge_result: string | null;
  business_status: string | null;
  note: string;
  actor: string;
  received_at: CreatedAt;
}

export interface RuleComponentTable {
  id: string;
  name_zh: string;
  name_en: string;
  description: string;
  params: Json<Array<Record<string, unknown>>>;
  expression: string;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrgTable {
  id: string;
  parent_id: string | null;
  /** `union`, `legal_entity`, `branch` or `sub_branch`. */
  kind: string;
  name_zh: string;
  name_en: string;
  created_at: CreatedAt;
}

export interface OrgParamTable {
  org_id: string;
  key: string;
  value: ColumnType<unknown, unknown, unknown>;
  updated_at: UpdatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  org_id: string;
  action: string;
  target_type: string;
  target_id: string;
  before: ColumnType<unknown, unknown, never>;
  after: ColumnType<unknown, unknown, never>;
  reason: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  hash: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  org_id: string;
  roles: Json<string[]>;
  password_hash: string;
  /** Hashes of the previous passwords, newest first. */
  password_history: Json<string[]>;
  password_changed_at: UpdatedAt;
  /** Set when an administrator chose the password (new account, reset): the owner must replace it. */
  must_change_password: Generated<boolean>;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  totp_secret: string | null;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RoleTable {
  id: string;
  name_zh: string;
  name_en: string;
  org_id: string;
  permissions: Json<string[]>;
  created_at: CreatedAt;
}

export interface SessionTable {
  /** SHA-256 of the session token; the token itself lives only in the browser's cookie. */
  id: string;
  user_id: string;
  csrf: string;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
  expires_at: Timestamp;
}

export interface LoginLogTable {
  id: Generated<number>;
  at: CreatedAt;
  username: string;
  user_id: string | null;
  org_id: string | null;
  ip: string;
  outcome: string;
}

export interface WebhookTable {
  id: string;
  org_id: string;
  name: string;
  url: string;
  /** Event types delivered, e.g. `decision.reject`, `decision.feedback`. */
  events: Json<string[]>;
  /** The signing secret, sealed with AES-256-GCM under a key derived from the node's secret key. */
  secret: string;
  enabled: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  webhook_id: string;
  /** The webhook's org. */
  org_id: string;
  event: string;
  /** The event's data as sent in the body's `data` (masked values only, never a card number). */
  payload: Json<Record<string, unknown>>;
  /** `pending`, `delivered` or `failed` (every attempt used; retried only on request). */
  status: Generated<string>;
  attempts: Generated<number>;
  /** When a pending delivery is due; while one is being sent, the end of the sender's lease. */
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_status: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: Timestamp | null;
}

export interface BacktestTable {
  id: string;
  org_id: string;
  strategy_id: string;
  version: number;
  name: Generated<string>;
  /** What runs: `{kind: 'log', from, to, eventTypes?, orgs?, warmupDays}` or `{kind: 'file', events}` and the label options. */
  input: Json<Record<string, unknown>>;
  /** `queued`, `running`, `done`, `failed` or `cancelled`. */
  status: string;
  processed: Generated<string | number>;
  total: string | number | null;
  result: Json<Record<string, unknown>> | null;
  error: string | null;
  created_by: string;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  node_id: string | null;
}

/** When a label was last set: relabelling moves it. */
type LabelledAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface EventLabelTable {
  event_type: string;
  org_id: string;
  event_id: string;
  fraud: boolean;
  amount: number | null;
  /** `import`, `alert` (a disposition), `case` (an approved conclusion), or an importer's own name. */
  source: string;
  created_by: string;
  created_at: LabelledAt;
  /** e.g. `card_theft`, `telecom_fraud` (a case conclusion's typology). */
  typology: string | null;
  subject_type: string | null;
  subject_key: string | null;
  /** `alert:<id>` or `case:<id>`: what the label was concluded in. */
  source_ref: string | null;
}

/** What was concluded about a subject as a whole (the latest conclusion wins). */
export interface SubjectLabelTable {
  org_id: string;
  subject_type: string;
  subject_key: string;
  subject_display: string;
  fraud: boolean;
  typology: string | null;
  source: string;
  source_ref: string | null;
  created_by: string;
  created_at: LabelledAt;
}

export interface AlertTable {
  id: string;
  org_id: string;
  /** e.g. `card_testing`, `account_takeover` (the rule action's category). */
  category: string;
  /** `low`, `medium`, `high` or `critical`: the highest contribution's. */
  level: string;
  /** The level's rank (1–4), for ordering and for raising it atomically. */
  level_rank: number;
  status: Generated<string>;
  subject_type: string;
  /** The subject as stored (a card's token, never its number). */
  subject_key: string;
  /** How to show the subject (a masked card number). */
  subject_display: string;
  merge_key: string;
  /** Open to new contributions: at most one alert per org, category and merge key. */
  merging: Generated<boolean>;
  merge_until: Timestamp;
  /** What opened it: `decision`, `rule_action`, `post_event`, `batch`, `model_monitoring` or `manual`. */
  source: string;
  event_count: Generated<number>;
  rule_ids: Json<string[]>;
  first_event_at: Timestamp;
  last_event_at: Timestamp;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The legal entity (bank) the alert's org belongs to. */
  legal_entity_id: string | null;
  /** The event type of the contribution that opened it. */
  event_type: string | null;
  /** Sum of the contributed events' amounts. */
  amount: Generated<number>;
  queue_id: string | null;
  /** Username of the handler working it. */
  assignee: string | null;
  assigned_at: Timestamp | null;
  /** When its SLA runs out (by its level and queue); null when closed or without SLA. */
  due_at: Timestamp | null;
  /** How many times its SLA was breached and it was escalated. */
  escalation_level: Generated<number>;
  escalated_at: Timestamp | null;
  disposition: string | null;
  disposed_by: string | null;
  disposed_at: Timestamp | null;
  /** Placed in a queue (and auto-assigned) once it opened. */
  routed: Generated<boolean>;
}

export interface AlertContributionTable {
  id: Generated<string>;
  alert_id: string;
  org_id: string;
  source: string;
  level: string;
  decision_id: string | null;
  event_type: string | null;
  event_id: string | null;
  rule_ids: Json<string[]>;
  note: string | null;
  at: Timestamp;
  created_at: CreatedAt;
  /** The event's amount, when it had one. */
  amount: number | null;
}

/** How alerts of a category merge, per org (the nearest org up the chain that defines it wins). */
export interface AlertCategoryTable {
  org_id: string;
  key: string;
  name: Json<{ zh: string; en: string }>;
  description: Generated<string>;
  /** Entity kinds, in order: the first the event carries is the alert's subject and merge key. */
  merge_by: Json<string[]>;
  window_minutes: number;
  updated_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A queue: which alerts it takes, who serves it, how it assigns and its SLA per level. */
export interface AlertQueueTable {
  id: string;
  org_id: string;
  name: Json<{ zh: string; en: string }>;
  /** Order of evaluation within the org: an alert joins the first queue whose filters match. */
  position: number;
  /** `{categories?, levels?, eventTypes?, orgs?}`: empty or absent means any. */
  filters: Json<{ categories?: string[]; levels?: string[]; eventTypes?: string[]; orgs?: string[] }>;
  /** Role ids whose holders (in the queue's org and its branches) serve the queue. */
  roles: Json<string[]>;
  /** `manual`, `round_robin` or `least_loaded`. */
  assignment: string;
  sla_minutes: Json<Record<string, number>>;
  /** Queue that takes alerts escalated out of this one (null: stay, raised for supervisors). */
  escalate_to: string | null;
  /** The last handler round-robin assigned to. */
  rr_last: string | null;
  enabled: Generated<boolean>;
  updated_by: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The handling timeline of an alert: claims, assignments, notes, dispositions, escalations. */
export interface AlertEventTable {
  id: Generated<string>;
  alert_id: string;
  org_id: string;
  kind: string;
  actor: string;
  details: Json<Record<string, unknown>>;
  at: ColumnType<Date, Date | string | undefined, never>;
}

export interface MessageTemplateTable {
  id: string;
  org_id: string;
  /** What handlers and auto-send rules name it by; one body per key and locale in an org. */
  key: string;
  name: string;
  /** `sms`. */
  channel: Generated<string>;
  /** `zh-CN` or `en-US`. */
  locale: string;
  /** Text with `{{variable}}` placeholders. */
  body: string;
  /** Sent automatically when an alert opens: `{categories?, minLevel?}`; null for manual use only. */
  auto_send: Json<Record<string, unknown>> | null;
  enabled: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ActionChannelTable {
  id: string;
  org_id: string;
  name: string;
  /** `webhook` (a signed HTTP POST) or `simulator` (the built-in stand-in for development). */
  kind: string;
  /** Action types it carries: `sms`, `call`, `control`. */
  action_types: Json<string[]>;
  url: string | null;
  /** The signing secret of a webhook channel, sealed with AES-256-GCM. */
  secret: string | null;
  enabled: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AlertActionTable {
  id: string;
  org_id: string;
  alert_id: string | null;
  case_id: string | null;
  /** `sms`, `call`, `control` or `add_to_list`. */
  type: string;
  /** Calls: `robot` or `manual`; controls: `freeze_card`, `suspend_account` or `limit_channel`. */
  kind: string | null;
  /** `manual` or `auto`. */
  source: Generated<string>;
  /** What to do: template and rendered text, control limits, list key… (never a card number). */
  params: Json<Record<string, unknown>>;
  /** What it is about, as sent: alert, subject, the latest linked decision. */
  context: Json<Record<string, unknown>>;
  channel_id: string | null;
  /** `queued`, `sending`, `succeeded`, `failed`, `cancelled` or `awaiting_result` (manual calls). */
  status: string;
  attempts: Generated<number>;
  max_attempts: number;
  next_attempt_at: Timestamp | null;
  lease_until: Timestamp | null;
  result: Json<Record<string, unknown>> | null;
  last_error: string | null;
  requested_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  completed_at: Timestamp | null;
}

export interface AlertActionAttemptTable {
  id: Generated<string>;
  action_id: string;
  org_id: string;
  attempt: number;
  /** `succeeded`, `retry`, `failed` or `recorded`. */
  outcome: string;
  /** Exactly what was sent (headers and body; never a secret). */
  request: Json<Record<string, unknown>>;
  status: number | null;
  /** The answer, truncated. */
  response: string | null;
  error: string | null;
  duration_ms: number;
  at: CreatedAt;
}

/** A case type of an org: its workflow (states, transitions with who may take them) and the subjects it is for. */
export interface CaseTypeTable {
  id: string;
  org_id: string;
  key: string;
  name: Json<{ zh: string; en: string }>;
  description: Generated<string>;
  subject_types: Json<string[]>;
  /** `{states: [{key, name, phase}], transitions: [{key, from, to, name, permission, requires?}]}`. */
  workflow: Json<Record<string, unknown>>;
  initial_state: string;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** The last case number given in an org and year. */
export interface CaseCounterTable {
  org_id: string;
  year: number;
  last: number;
}

export interface CaseTable {
  id: string;
  org_id: string;
  /** Human-readable, unique per org: `CASE-2026-000123`. */
  number: string;
  /** The case type definition whose workflow the case follows. */
  type_id: string;
  type_key: string;
  title: string;
  state: string;
  /** The state's phase: `open`, `active`, `review` or `closed` (a merged case is `closed`). */
  phase: string;
  priority: string;
  subject_type: string;
  /** The subject as stored (a card's token, never its number). */
  subject_key: string;
  subject_display: string;
  /** Exposure or loss. */
  amount: number | null;
  currency: string | null;
  typology: string | null;
  /** `manual`, `import` or `rule`. */
  source: string;
  opened_by: string;
  opened_at: CreatedAt;
  due_at: Timestamp | null;
  closed_at: Timestamp | null;
  merged_into: string | null;
  /** The proposed conclusion and its review (see the server's `CaseConclusion`). */
  conclusion: Json<Record<string, unknown>> | null;
  updated_at: UpdatedAt;
  /** Optimistic concurrency: every change of the case row adds one; writers name the version they read. */
  version: Generated<number>;
}

export interface CaseMemberTable {
  case_id: string;
  org_id: string;
  username: string;
  lead: Generated<boolean>;
  added_by: string;
  added_at: CreatedAt;
}

export interface CaseLinkTable {
  id: string;
  case_id: string;
  org_id: string;
  /** `alert`, `decision` or `entity`. */
  kind: string;
  ref: string;
  alert_id: string | null;
  decision_id: string | null;
  event_type: string | null;
  event_id: string | null;
  /** The org of the linked decision's event (labels are keyed by it). */
  event_org_id: string | null;
  entity_type: string | null;
  entity_key: string | null;
  display: string;
  added_by: string;
  added_at: CreatedAt;
  origin_case_id: string | null;
}

export interface CaseTaskTable {
  id: string;
  case_id: string;
  org_id: string;
  title: string;
  assignee: string | null;
  due_at: Timestamp | null;
  /** `open` or `done`. */
  status: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  done_by: string | null;
  done_at: Timestamp | null;
  updated_at: UpdatedAt;
  origin_case_id: string | null;
}

export interface CaseNoteTable {
  id: string;
  case_id: string;
  org_id: string;
  body: string;
  author: string;
  at: CreatedAt;
  origin_case_id: string | null;
}

export interface CaseAttachmentTable {
  id: string;
  case_id: string;
  org_id: string;
  file_name: string;
  /** Decided from the content's leading bytes, never from what the uploader claimed. */
  media_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string;
  uploaded_at: CreatedAt;
  origin_case_id: string | null;
}

export interface CaseEvidenceTable {
  id: string;
  case_id: string;
  org_id: string;
  kind: string;
  description: string;
  attachment_id: string | null;
  link_id: string | null;
  added_by: string;
  added_at: CreatedAt;
  origin_case_id: string | null;
}

export interface CaseEventTable {
  id: Generated<string | number>;
  case_id: string;
  org_id: string;
  kind: string;
  actor: string;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  details: Json<Record<string, unknown>>;
  /** Set on entries copied from a case merged into this one: the case they happened in. */
  origin_case_id: string | null;
}

/** A registered model: owner, documentation, champion/challenger and monitoring settings. */
export interface ModelTable {
  id: string;
  org_id: string;
  key: string;
  name: string;
  purpose: string;
  description: Generated<string>;
  owner: string;
  champion_version: number | null;
  challenger_version: number | null;
  /** `{enabled, schedule, windowDays, labelMaturityDays, minDecisions, thresholds}`. */
  monitoring: Json<Record<string, unknown>>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  row_version: Generated<number>;
}

/** One immutable version of a model: its engine definition and training artefact. */
export interface ModelVersionTable {
  model_id: string;
  org_id: string;
  version: number;
  kind: string;
  format: string;
  status: string;
  features: Json<string[]>;
  definition: Json<Record<string, unknown>>;
  artefact: Json<Record<string, unknown>> | null;
  metrics: Json<Record<string, unknown>> | null;
  woe_convention: string | null;
  note: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  status_changed_by: string | null;
  status_changed_at: Timestamp | null;
}

export interface ModelEventTable {
  id: string;
  model_id: string;
  org_id: string;
  version: number | null;
  action: string;
  actor: string;
  at: CreatedAt;
  note: Generated<string>;
  details: Generated<Json<Record<string, unknown>>>;
}

export interface ModelMonitoringRunTable {
  id: string;
  model_id: string;
  org_id: string;
  version: number;
  trigger: string;
  status: string;
  window_from: Timestamp;
  window_to: Timestamp;
  decisions: number;
  labelled: number;
  score_psi: number | null;
  csi: Json<Record<string, number>>;
  ks: number | null;
  auc: number | null;
  score_bins: Json<Array<{ label: string; expected: number; actual: number }>>;
  breaches: Json<Array<{ metric: string; value: number; threshold: number; level: 'warning' | 'alert' }>>;
  alert_id: string | null;
  error: string | null;
  started_at: CreatedAt;
}

/** A CSV uploaded to the modelling workbench, with its data-quality summary. */
export interface ModelDatasetTable {
  id: string;
  org_id: string;
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
  columns: Json<Array<Record<string, unknown>>>;
  csv: string;
  created_by: string;
  created_at: CreatedAt;
}

/** Opens (or joins) a case when an alert is disposed in a way the rule names. */
export interface CaseRuleTable {
  id: string;
  org_id: string;
  name: string;
  enabled: Generated<boolean>;
  dispositions: Json<string[]>;
  /** Alert categories the rule applies to; empty for every category. */
  categories: Json<string[]>;
  min_level: string;
  min_amount: number | null;
  /** The key of the case type to open (resolved up the org chain). */
  case_type: string;
  priority: string;
  /** Link the alert to the open case of its subject and type instead of opening another one. */
  link_open: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface DB {
  case_types: CaseTypeTable;
  case_counters: CaseCounterTable;
  cases: CaseTable;
  case_members: CaseMemberTable;
  case_links: CaseLinkTable;
  case_tasks: CaseTaskTable;
  case_notes: CaseNoteTable;
  case_attachments: CaseAttachmentTable;
  case_evidence: CaseEvidenceTable;
  case_events: CaseEventTable;
  case_rules: CaseRuleTable;
  models: ModelTable;
  model_versions: ModelVersionTable;
  model_events: ModelEventTable;
  model_monitoring_runs: ModelMonitoringRunTable;
  model_datasets: ModelDatasetTable;
  alerts: AlertTable;
  alert_contributions: AlertContributionTable;
  alert_actions: AlertActionTable;
  alert_action_attempts: AlertActionAttemptTable;
  message_templates: MessageTemplateTable;
  action_channels: ActionChannelTable;
  backtests: BacktestTable;
  event_labels: EventLabelTable;
  alert_categories: AlertCategoryTable;
  alert_queues: AlertQueueTable;
  alert_events: AlertEventTable;
  subject_labels: SubjectLabelTable;
  shadow_results: ShadowResultTable;
  event_types: EventTypeTable;
  api_keys: ApiKeyTable;
  strategies: StrategyTable;
  strategy_versions: StrategyVersionTable;
  deployments: DeploymentTable;
  lists: ListTable;
  list_entries: ListEntryTable;
  decisions: DecisionTable;
  event_inbox: EventInboxTable;
  feature_snapshots: FeatureSnapshotTable;
  datasource_usage: DataSourceUsageTable;
  settings: SettingTable;
  decision_feedback: DecisionFeedbackTable;
  rule_components: RuleComponentTable;
  orgs: OrgTable;
  org_params: OrgParamTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  users: UserTable;
  roles: RoleTable;
  sessions: SessionTable;
  login_log: LoginLogTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
}
