import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@vigil/storage';

/** What repository functions run on: the database or a transaction the use case opened. */
export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * The orgs a caller may see. Every query for org-owned data takes one, so scoping cannot be
 * forgotten: `all` for the union level, otherwise the explicit list of org ids of the caller's subtree.
 */
export type OrgScope = { all: true } | { all: false; orgIds: string[] };

export const ALL_ORGS: OrgScope = { all: true };

export function inScope(scope: OrgScope, orgId: string): boolean {
  return scope.all || scope.orgIds.includes(orgId);
}

/** Org ids for an `in (...)` filter; an empty scope matches nothing (no org has an empty id). */
export function scopeIds(scope: Extract<OrgScope, { all: false }>): string[] {
  return scope.orgIds.length ? scope.orgIds : [''];
}
