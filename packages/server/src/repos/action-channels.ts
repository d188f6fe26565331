import { json, type ActionChannelTable } from '@vigil/storage';
import { sql, type Selectable } from 'kysely';
import type { ChannelActionType } from '../runtime/channels/channel-adapter.ts';
import type { OrgData } from './scoped.ts';

export type ChannelKind = 'webhook' | 'simulator';

/** A channel as shown: never its secret. */
export interface ActionChannelRecord {
  id: string;
  orgId: string;
  name: string;
  kind: ChannelKind;
  actionTypes: ChannelActionType[];
  url: string | null;
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLS = ['id', 'org_id', 'name', 'kind', 'action_types', 'url', 'enabled', 'created_by', 'created_at', 'updated_at'] as const;

function fromRow(r: Omit<Selectable<ActionChannelTable>, 'secret'>): ActionChannelRecord {
  return {
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    kind: r.kind as ChannelKind,
    actionTypes: r.action_types as ChannelActionType[],
    url: r.url,
    enabled: r.enabled,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertChannel(data: OrgData, c: Omit<ActionChannelRecord, 'createdAt' | 'updatedAt'> & { sealedSecret: string | null }): Promise<void> {
  await data
    .insertInto('action_channels', { id: c.id, org_id: c.orgId, name: c.name, kind: c.kind, action_types: json(c.actionTypes), url: c.url, secret: c.sealedSecret, enabled: c.enabled, created_by: c.createdBy })
    .execute();
}

export async function getChannel(data: OrgData, id: string): Promise<ActionChannelRecord | undefined> {
  const r = await data.selectFrom('action_channels').select(COLS).where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** A channel with its sealed secret, for sending through it. */
export async function getChannelForSending(data: OrgData, id: string): Promise<(ActionChannelRecord & { sealedSecret: string | null }) | undefined> {
  const r = await data.selectFrom('action_channels').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { ...fromRow(r), sealedSecret: r.secret };
}

export async function listChannels(data: OrgData, opts: { orgIds?: readonly string[] } = {}): Promise<ActionChannelRecord[]> {
  let q = data.selectFrom('action_channels').select(COLS).orderBy('org_id').orderBy('created_at').orderBy('id');
  if (opts.orgIds) q = q.where('org_id', 'in', opts.orgIds.length ? [...opts.orgIds] : ['']);
  return (await q.execute()).map(fromRow);
}

export async function updateChannel(data: OrgData, id: string, patch: { name: string; actionTypes: ChannelActionType[]; url: string | null; enabled: boolean }): Promise<boolean> {
  const r = await data
    .updateTable('action_channels')
    .set({ name: patch.name, action_types: json(patch.actionTypes), url: patch.url, enabled: patch.enabled, updated_at: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteChannel(data: OrgData, id: string): Promise<boolean> {
  const r = await data.deleteFrom('action_channels').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * The channel that carries an action type for an org: an enabled channel serving the type at the
 * nearest org up the chain (the org's own, else its bank's, else the union's); the oldest one when
 * an org has several. Undefined when no org of the chain has one.
 *
 * @param data a view that sees the chain's orgs
 * @param chain the org and its ancestors, nearest first
 */
export async function resolveChannel(data: OrgData, chain: readonly string[], type: ChannelActionType): Promise<ActionChannelRecord | undefined> {
  const rows = await data
    .selectFrom('action_channels')
    .select(COLS)
    .where('org_id', 'in', [...chain])
    .where('enabled', '=', true)
    .where(sql<boolean>`action_types @> ${json([type])}`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const org of chain) {
    const hit = rows.find((r) => r.org_id === org);
    if (hit) return fromRow(hit);
  }
  return undefined;
}
