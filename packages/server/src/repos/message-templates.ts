import { json, type MessageTemplateTable } from '@vigil/storage';
import type { Selectable } from 'kysely';
import type { AutoSendRule, TemplateLocale } from '../runtime/message-templates.ts';
import type { OrgData } from './scoped.ts';

/** A message template as stored and shown. */
export interface MessageTemplateRecord {
  id: string;
  orgId: string;
  key: string;
  name: string;
  channel: 'sms';
  locale: TemplateLocale;
  body: string;
  autoSend: AutoSendRule | null;
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

function fromRow(r: Selectable<MessageTemplateTable>): MessageTemplateRecord {
  return {
    id: r.id,
    orgId: r.org_id,
    key: r.key,
    name: r.name,
    channel: r.channel as 'sms',
    locale: r.locale as TemplateLocale,
    body: r.body,
    autoSend: r.auto_send as AutoSendRule | null,
    enabled: r.enabled,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertTemplate(data: OrgData, t: Omit<MessageTemplateRecord, 'createdAt' | 'updatedAt' | 'channel'>): Promise<void> {
  await data
    .insertInto('message_templates', {
      id: t.id,
      org_id: t.orgId,
      key: t.key,
      name: t.name,
      channel: 'sms',
      locale: t.locale,
      body: t.body,
      auto_send: t.autoSend ? json(t.autoSend as Record<string, unknown>) : null,
      enabled: t.enabled,
      created_by: t.createdBy,
    })
    .execute();
}

export async function getTemplate(data: OrgData, id: string): Promise<MessageTemplateRecord | undefined> {
  const r = await data.selectFrom('message_templates').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** Templates of the data's orgs (optionally only some orgs, or one key), by org, key and locale. */
export async function listTemplates(data: OrgData, opts: { orgIds?: readonly string[]; key?: string } = {}): Promise<MessageTemplateRecord[]> {
  let q = data.selectFrom('message_templates').selectAll().orderBy('org_id').orderBy('key').orderBy('locale');
  if (opts.orgIds) q = q.where('org_id', 'in', opts.orgIds.length ? [...opts.orgIds] : ['']);
  if (opts.key !== undefined) q = q.where('key', '=', opts.key);
  return (await q.execute()).map(fromRow);
}

export async function updateTemplate(data: OrgData, id: string, patch: { name: string; body: string; autoSend: AutoSendRule | null; enabled: boolean }): Promise<boolean> {
  const r = await data
    .updateTable('message_templates')
    .set({ name: patch.name, body: patch.body, auto_send: patch.autoSend ? json(patch.autoSend as Record<string, unknown>) : null, enabled: patch.enabled, updated_at: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteTemplate(data: OrgData, id: string): Promise<boolean> {
  const r = await data.deleteFrom('message_templates').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * The template an org uses for a key: the nearest org up its chain that has the key decides
 * (a branch's own template overrides its bank's, the bank's the union's), then the variant in the
 * asked locale, or without one zh-CN before en-US. The nearest org's template is used even when it
 * is disabled — a disabled override switches the key off for that org and the orgs below it — and
 * when it lacks the asked locale, a farther org's variant in that locale is used.
 *
 * @param templates the templates of the chain's orgs (any order)
 * @param chain the org and its ancestors, nearest first
 */
export function resolveTemplate(templates: readonly MessageTemplateRecord[], chain: readonly string[], key: string, locale?: TemplateLocale): MessageTemplateRecord | undefined {
  const ofKey = templates.filter((t) => t.key === key);
  for (const org of chain) {
    const here = ofKey.filter((t) => t.orgId === org);
    if (locale) {
      const hit = here.find((t) => t.locale === locale);
      if (hit) return hit;
      continue;
    }
    const hit = here.find((t) => t.locale === 'zh-CN') ?? here.find((t) => t.locale === 'en-US');
    if (hit) return hit;
  }
  return undefined;
}
