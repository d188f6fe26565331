import type { Migration } from 'kysely';
import * as initial from './0001_initial.ts';
import * as decisionFeedback from './0002_decision_feedback.ts';
import * as ruleComponents from './0003_rule_components.ts';
import * as snapshotFeedback from './0004_snapshot_feedback.ts';
import * as orgs from './0005_orgs.ts';
import * as auditLog from './0006_audit_log.ts';
import * as usersRoles from './0007_users_roles.ts';
import * as sessions from './0008_sessions.ts';
import * as passwordChange from './0009_password_change.ts';
import * as webhooks from './0010_webhooks.ts';
import * as strategyLifecycle from './0011_strategy_lifecycle.ts';
import * as backtests from './0012_backtests.ts';
import * as decisionLogText from './0013_decision_log_text.ts';
import * as alerts from './0014_alerts.ts';
import * as labels from './0015_labels.ts';
import * as alertCenter from './0016_alert_center.ts';
import * as alertActions from './0017_alert_actions.ts';
import * as cases from './0018_cases.ts';
import * as models from './0019_models.ts';

/**
 * Every migration, in order. Keys sort lexically (Kysely's migrator relies on it): keep the
 * zero-padded prefix and never rename or edit an applied one — add a new module instead.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_decision_feedback': decisionFeedback,
  '0003_rule_components': ruleComponents,
  '0004_snapshot_feedback': snapshotFeedback,
  '0005_orgs': orgs,
  '0006_audit_log': auditLog,
  '0007_users_roles': usersRoles,
  '0008_sessions': sessions,
  '0009_password_change': passwordChange,
  '0010_webhooks': webhooks,
  '0011_strategy_lifecycle': strategyLifecycle,
  '0012_backtests': backtests,
  '0013_decision_log_text': decisionLogText,
  '0014_alerts': alerts,
  '0015_labels': labels,
  '0016_alert_center': alertCenter,
  '0017_alert_actions': alertActions,
  '0018_cases': cases,
  '0019_models': models,
};
