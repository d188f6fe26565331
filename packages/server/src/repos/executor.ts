import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@vigil/storage';

/** What repository functions run on: the database or a transaction the use case opened. */
export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * The orgs a caller may see: `all` for the union level, otherwise the explicit list of org ids of
 * the caller's subtree. Queries of org-owned data apply it through `OrgData` (repos/scoped.ts).
 */
export type OrgScope = { all: true } | { all: false; orgIds: string[] };

export const ALL_ORGS: OrgScope = { all: true };
