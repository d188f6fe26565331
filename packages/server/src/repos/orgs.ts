import { json } from '@vigil/storage';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';

export interface OrgRecord {
  id: string;
  parentId: string | null;
  kind: string;
  name: { zh: string; en: string };
}

export async function loadOrgs(db: Executor): Promise<OrgRecord[]> {
  const rows = await db.selectFrom('orgs').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, kind: r.kind, name: { zh: r.name_zh, en: r.name_en } }));
}

/** Every org's parameters, for the engine's org directory. */
export async function loadOrgParams(db: Executor): Promise<Array<{ orgId: string; key: string; value: unknown }>> {
  const rows = await OrgData.system(db).selectFrom('org_params').select(['org_id', 'key', 'value']).execute();
  return rows.map((r) => ({ orgId: r.org_id, key: r.key, value: r.value }));
}

export async function insertOrg(db: Executor, o: OrgRecord): Promise<void> {
  await db.insertInto('orgs').values({ id: o.id, parent_id: o.parentId, kind: o.kind, name_zh: o.name.zh, name_en: o.name.en }).execute();
}

export async function setOrgParam(data: OrgData, orgId: string, key: string, value: unknown): Promise<void> {
  const v = json(value as object);
  await data
    .insertInto('org_params', { org_id: orgId, key, value: v })
    .onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet({ value: v, updated_at: new Date() }))
    .execute();
}

export async function deleteOrgParam(data: OrgData, orgId: string, key: string): Promise<boolean> {
  const r = await data.deleteFrom('org_params').where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function renameOrg(db: Executor, id: string, name: { zh: string; en: string }): Promise<void> {
  await db.updateTable('orgs').set({ name_zh: name.zh, name_en: name.en }).where('id', '=', id).execute();
}
