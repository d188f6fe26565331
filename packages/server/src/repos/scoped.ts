import { sql, type DeleteQueryBuilder, type DeleteResult, type InsertObject, type InsertQueryBuilder, type InsertResult, type Kysely, type SelectQueryBuilder, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import type { DB } from '@vigil/storage';
import { notFound } from '../errors.ts';
import { ALL_ORGS, type Executor, type OrgScope } from './executor.ts';

/**
 * Every table, classified. Org-owned tables carry an `org_id` and are only reachable through
 * {@link OrgData}, which adds the caller's org filter to every query; global tables are shared by
 * all orgs, each for the reason given. A test checks this against the migrated schema (a new table
 * with an `org_id` column that is not listed here fails it) and scans the server's source for
 * queries that reach an org-owned table any other way.
 */
export const ORG_OWNED_TABLES = ['api_keys', 'lists', 'list_entries', 'decisions', 'event_inbox', 'decision_feedback', 'org_params', 'audit_log', 'users', 'roles', 'login_log', 'webhooks', 'webhook_deliveries', 'shadow_results', 'backtests', 'event_labels', 'subject_labels', 'alerts', 'alert_contributions', 'alert_categories', 'alert_queues', 'alert_events', 'message_templates', 'action_channels', 'alert_actions', 'alert_action_attempts', 'case_types', 'case_counters', 'cases', 'case_members', 'case_links', 'case_tasks', 'case_notes', 'case_attachments', 'case_evidence', 'case_events', 'case_rules', 'models', 'model_versions', 'model_events', 'model_monitoring_runs', 'model_datasets'] as const satisfies ReadonlyArray<keyof DB>;
export type OrgOwnedTable = (typeof ORG_OWNED_TABLES)[number];

export const GLOBAL_TABLES: Record<Exclude<keyof DB, OrgOwnedTable>, string> = {
  event_types: 'the event-type catalogue is shared by every org',
  strategies: 'strategies are managed by the union for every org (org-specific behaviour comes from params.* and org-scoped lists)',
  strategy_versions: 'part of strategies',
  deployments: 'part of strategies',
  rule_components: 'shared rule building blocks, like strategies',
  orgs: 'the org tree itself; routes filter it by the caller’s subtree in memory',
  feature_snapshots: 'engine state of the whole node',
  datasource_usage: 'per data source counters, for the operators of the node',
  settings: 'node-wide settings and change revisions',
  audit_head: 'the single head of the hash chain',
  sessions: 'looked up by the hash of a secret token only',
};

/** Org-owned rows of a caller: a structural type for rows whose `org_id` may be checked. */
type WithOrg = { org_id: string | null };

/**
 * The only way to query org-owned data. Built from the caller's {@link OrgScope}: selects,
 * updates and deletes get `org_id in (<the caller's subtree>)` added before the caller sees the
 * builder, and inserts are refused with 404 when a row names an org outside the scope. A union
 * caller (or a system task, through {@link OrgData.system}) has no filter.
 */
export class OrgData {
  private constructor(
    readonly db: Executor,
    readonly scope: OrgScope,
  ) {}

  /** Data of one caller (a principal's org scope). */
  static of(db: Executor, scope: OrgScope): OrgData {
    return new OrgData(db, scope);
  }

  /**
   * Unfiltered access for work done by the node itself (decision logging, engine loaders,
   * sign-in by username) rather than on behalf of a caller. A test limits where it may be used.
   */
  static system(db: Executor): OrgData {
    return new OrgData(db, ALL_ORGS);
  }

  /** The same caller inside a transaction. */
  in(tx: Executor): OrgData {
    return new OrgData(tx, this.scope);
  }

  allows(orgId: string | null | undefined): boolean {
    if (this.scope.all) return true;
    return !!orgId && this.scope.orgIds.includes(orgId);
  }

  /** Refuses an org outside the scope as if it did not exist (404 with the field at fault). */
  requireOrg(orgId: string, path = 'orgId'): void {
    if (!this.allows(orgId)) throw notFound('org', path);
  }

  private filter(table: string) {
    if (this.scope.all) return null;
    const ids = this.scope.orgIds.length ? this.scope.orgIds : [''];
    return sql<boolean>`${sql.ref(`${table}.org_id`)} in (${sql.join(ids)})`;
  }

  selectFrom<T extends OrgOwnedTable>(table: T): SelectQueryBuilder<DB, T, {}> {
    const q = (this.db as Kysely<DB>).selectFrom(table as OrgOwnedTable) as unknown as SelectQueryBuilder<DB, T, {}>;
    const f = this.filter(table);
    return f ? q.where(f) : q;
  }

  updateTable<T extends OrgOwnedTable>(table: T): UpdateQueryBuilder<DB, T, T, UpdateResult> {
    const q = (this.db as Kysely<DB>).updateTable(table as OrgOwnedTable) as unknown as UpdateQueryBuilder<DB, T, T, UpdateResult>;
    const f = this.filter(table);
    return f ? q.where(f) : q;
  }

  deleteFrom<T extends OrgOwnedTable>(table: T): DeleteQueryBuilder<DB, T, DeleteResult> {
    const q = (this.db as Kysely<DB>).deleteFrom(table as OrgOwnedTable) as unknown as DeleteQueryBuilder<DB, T, DeleteResult>;
    const f = this.filter(table);
    return f ? q.where(f) : q;
  }

  /** An insert whose rows must all belong to orgs in scope; otherwise 404 and nothing is written. */
  insertInto<T extends OrgOwnedTable>(table: T, rows: InsertObject<DB, T> | ReadonlyArray<InsertObject<DB, T>>, path = 'orgId'): InsertQueryBuilder<DB, T, InsertResult> {
    const list = (Array.isArray(rows) ? rows : [rows]) as ReadonlyArray<WithOrg>;
    for (const r of list) if (r.org_id !== null) this.requireOrg(r.org_id, path);
    return ((this.db as Kysely<DB>).insertInto(table as OrgOwnedTable) as unknown as InsertQueryBuilder<DB, T, InsertResult>).values(rows as never);
  }
}
