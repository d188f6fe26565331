import type { ListDimension, ListEntryData, ListKind, ListMeta } from '@vigil/engine';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';

export interface ListRecord extends ListMeta {
  name: { zh: string; en: string };
  description: string;
  createdAt: Date;
  updatedAt: Date;
  entryCount?: number;
}

function listFromRow(r: { id: string; key: string; name_zh: string; name_en: string; kind: string; dimension: string; org_id: string; description: string; created_at: Date; updated_at: Date }): ListRecord {
  return {
    id: r.id,
    key: r.key,
    name: { zh: r.name_zh, en: r.name_en },
    kind: r.kind as ListKind,
    dimension: r.dimension as ListDimension,
    orgId: r.org_id,
    description: r.description,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The lists in the caller's scope, optionally only those of some orgs (an org and the orgs below it). */
export async function listLists(data: OrgData, opts: { orgIds?: readonly string[] } = {}): Promise<ListRecord[]> {
  let q = data
    .selectFrom('lists')
    .selectAll('lists')
    // system-scope: counts the entries of lists the outer query has already scoped.
    .select((eb) => eb.selectFrom('list_entries').select((e) => e.fn.countAll<number>().as('n')).whereRef('list_entries.list_id', '=', 'lists.id').as('entry_count'))
    .orderBy('lists.key');
  if (opts.orgIds) q = q.where('lists.org_id', 'in', opts.orgIds.length ? [...opts.orgIds] : ['']);
  const rows = await q.execute();
  return rows.map((r) => ({ ...listFromRow(r), entryCount: Number(r.entry_count ?? 0) }));
}

/** All lists and live entries, for building the engine's in-memory index (engine nodes see every org). */
export async function loadAllLists(db: Executor): Promise<Array<{ meta: ListMeta; entries: ListEntryData[] }>> {
  const data = OrgData.system(db);
  const lists = await data.selectFrom('lists').selectAll().execute();
  const entries = await data
    .selectFrom('list_entries').selectAll().where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())])).execute();
  const byList = new Map<string, ListEntryData[]>();
  for (const e of entries) {
    const arr = byList.get(e.list_id) ?? [];
    byList.set(e.list_id, arr);
    arr.push(entryFromRow(e));
  }
  return lists.map((l) => ({ meta: { id: l.id, key: l.key, kind: l.kind as ListKind, dimension: l.dimension as ListDimension, orgId: l.org_id }, entries: byList.get(l.id) ?? [] }));
}

export async function getList(data: OrgData, id: string): Promise<ListRecord | undefined> {
  const r = await data.selectFrom('lists').selectAll().where('id', '=', id).executeTakeFirst();
  return r && listFromRow(r);
}

export async function insertList(data: OrgData, l: Omit<ListRecord, 'createdAt' | 'updatedAt'>): Promise<void> {
  await data.insertInto('lists', { id: l.id, key: l.key, name_zh: l.name.zh, name_en: l.name.en, kind: l.kind, dimension: l.dimension, org_id: l.orgId, description: l.description }).execute();
}

export async function updateList(data: OrgData, id: string, patch: { name?: { zh: string; en: string }; description?: string }): Promise<void> {
  await data
    .updateTable('lists')
    .set({
      ...(patch.name ? { name_zh: patch.name.zh, name_en: patch.name.en } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteList(data: OrgData, id: string): Promise<void> {
  await data.deleteFrom('lists').where('id', '=', id).execute();
}

function entryFromRow(e: { value: string; display: string; reason: string; source: string; expires_at: Date | null; org_id: string; created_by: string; created_at: Date }): ListEntryData {
  return {
    value: e.value,
    display: e.display,
    reason: e.reason,
    source: e.source,
    expiresAt: e.expires_at ? e.expires_at.getTime() : null,
    orgId: e.org_id,
    createdBy: e.created_by,
    createdAt: e.created_at.getTime(),
  };
}

export interface EntryFilter {
  /** Case-insensitive substring of the displayed value. */
  search?: string;
  /** A stored (normalised) value matched exactly, as well as the substring: a full card number finds its token. */
  exact?: string;
  includeExpired?: boolean;
}

function filteredEntries(data: OrgData, listId: string, f: EntryFilter) {
  let q = data.selectFrom('list_entries').where('list_id', '=', listId);
  const { search, exact } = f;
  if (search || exact !== undefined) {
    q = q.where((eb) => {
      const any = [];
      if (search) any.push(eb('display', 'ilike', `%${search.replace(/[%_\\]/g, '\\$&')}%`));
      if (exact !== undefined) any.push(eb('value', '=', exact));
      return eb.or(any);
    });
  }
  if (!f.includeExpired) q = q.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]));
  return q;
}

/** A page of entries, newest first; expired ones only when asked for. */
export async function listEntries(data: OrgData, listId: string, opts: EntryFilter & { limit: number; offset: number }) {
  const rows = await filteredEntries(data, listId, opts).selectAll().orderBy('created_at', 'desc').orderBy('value').limit(opts.limit).offset(opts.offset).execute();
  return rows.map(entryFromRow);
}

/** How many entries the same filter matches (for paging). */
export async function countEntries(data: OrgData, listId: string, f: EntryFilter): Promise<number> {
  const r = await filteredEntries(data, listId, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Makes entries expire now (those not yet expired); returns how many changed. */
export async function expireEntries(data: OrgData, listId: string, values: readonly string[], at: Date): Promise<number> {
  if (!values.length) return 0;
  const r = await data
    .updateTable('list_entries')
    .set({ expires_at: at })
    .where('list_id', '=', listId)
    .where('value', 'in', [...values])
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function allEntries(data: OrgData, listId: string) {
  return (await data.selectFrom('list_entries').selectAll().where('list_id', '=', listId).orderBy('value').execute()).map(entryFromRow);
}

/** Inserts or replaces entries (same value → newest reason, expiry and source win). */
export async function upsertEntries(data: OrgData, listId: string, entries: ListEntryData[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) {
    const chunk = entries.slice(i, i + 1000);
    await data
      .insertInto(
        'list_entries',
        chunk.map((e) => ({ list_id: listId, value: e.value, display: e.display, org_id: e.orgId, reason: e.reason, source: e.source, created_by: e.createdBy, expires_at: e.expiresAt === null ? null : new Date(e.expiresAt) })),
      )
      .onConflict((oc) =>
        oc.columns(['list_id', 'value']).doUpdateSet((eb) => ({
          display: eb.ref('excluded.display'),
          reason: eb.ref('excluded.reason'),
          source: eb.ref('excluded.source'),
          expires_at: eb.ref('excluded.expires_at'),
          created_by: eb.ref('excluded.created_by'),
        })),
      )
      .execute();
  }
}

export async function deleteEntry(data: OrgData, listId: string, value: string): Promise<boolean> {
  const r = await data.deleteFrom('list_entries').where('list_id', '=', listId).where('value', '=', value).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
