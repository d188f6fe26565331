import { json } from '@vigil/storage';
import type { ParamDef, RuleComponent } from '@vigil/engine';
import type { Executor } from './executor.ts';

type Row = { id: string; name_zh: string; name_en: string; description: string; params: Array<Record<string, unknown>>; expression: string; created_by: string; created_at: Date; updated_at: Date };

function fromRow(r: Row): RuleComponent & { createdBy: string; createdAt: Date; updatedAt: Date } {
  return { id: r.id, name: { zh: r.name_zh, en: r.name_en }, description: r.description, params: r.params as unknown as ParamDef[], expression: r.expression, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function listComponents(db: Executor) {
  return (await db.selectFrom('rule_components').selectAll().orderBy('id').execute()).map(fromRow);
}

export async function getComponent(db: Executor, id: string) {
  const r = await db.selectFrom('rule_components').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

export async function upsertComponent(db: Executor, c: RuleComponent, actor: string): Promise<void> {
  const row = { id: c.id, name_zh: c.name.zh, name_en: c.name.en, description: c.description ?? '', params: json(c.params as unknown as Array<Record<string, unknown>>), expression: c.expression, created_by: actor };
  await db
    .insertInto('rule_components')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name_zh: row.name_zh, name_en: row.name_en, description: row.description, params: row.params, expression: row.expression, updated_at: new Date() }))
    .execute();
}

export async function deleteComponent(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('rule_components').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
