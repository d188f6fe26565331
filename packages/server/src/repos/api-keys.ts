import { json } from '@vigil/storage';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Executor } from './executor.ts';
import { OrgData } from './scoped.ts';

export type ApiKeyKind = 'channel' | 'admin';

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  kind: ApiKeyKind;
  orgId: string;
  eventTypes: string[];
  rateLimitPerSec: number;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Keys are 256-bit random secrets, so a plain SHA-256 is enough to store them irreversibly. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(kind: ApiKeyKind): string {
  return `vgl_${kind === 'admin' ? 'adm' : 'live'}_${randomBytes(32).toString('base64url')}`;
}

/** Creates a key and returns the secret once; only its hash is stored. */
export async function createApiKey(
  data: OrgData,
  input: { name: string; kind: ApiKeyKind; orgId: string; eventTypes: string[]; rateLimitPerSec: number },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = generateApiKey(input.kind);
  const id = randomUUID();
  const prefix = key.slice(0, 14);
  await data
    .insertInto('api_keys', { id, name: input.name, prefix, hash: hashApiKey(key), kind: input.kind, org_id: input.orgId, event_types: json(input.eventTypes), rate_limit_per_sec: input.rateLimitPerSec })
    .execute();
  const record = await getApiKey(data, id);
  return { key, record: record! };
}

function fromRow(r: { id: string; name: string; prefix: string; kind: string; org_id: string; event_types: string[]; rate_limit_per_sec: number; created_at: Date; revoked_at: Date | null }): ApiKeyRecord {
  return { id: r.id, name: r.name, prefix: r.prefix, kind: r.kind as ApiKeyKind, orgId: r.org_id, eventTypes: r.event_types, rateLimitPerSec: r.rate_limit_per_sec, createdAt: r.created_at, revokedAt: r.revoked_at };
}

const COLS = ['id', 'name', 'prefix', 'kind', 'org_id', 'event_types', 'rate_limit_per_sec', 'created_at', 'revoked_at'] as const;

export async function getApiKey(data: OrgData, id: string): Promise<ApiKeyRecord | undefined> {
  const r = await data.selectFrom('api_keys').select(COLS).where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** Authentication: a key is found by the hash of its secret, before any caller exists. */
export async function findApiKeyByHash(db: Executor, hash: string): Promise<ApiKeyRecord | undefined> {
  const r = await OrgData.system(db).selectFrom('api_keys').select(COLS).where('hash', '=', hash).executeTakeFirst();
  return r && fromRow(r);
}

export async function listApiKeys(data: OrgData): Promise<ApiKeyRecord[]> {
  const rows = await data.selectFrom('api_keys').select(COLS).orderBy('created_at').execute();
  return rows.map(fromRow);
}

export async function revokeApiKey(data: OrgData, id: string): Promise<boolean> {
  const r = await data.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
