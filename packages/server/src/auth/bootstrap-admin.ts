import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createApiKey } from '../repos/api-keys.ts';
import { OrgData } from '../repos/scoped.ts';
import { ROOT_ORG } from '../runtime/org-directory.ts';
import type { Services } from '../services.ts';

/**
 * A production start has no demo seed, so someone must be able to manage the node: when no live
 * admin key exists, one is created, written to `<dataDir>/admin-credentials.json` (mode 600) and
 * returned for printing once. Returns null when an admin key already exists.
 */
export async function ensureAdminKey(s: Services): Promise<string | null> {
  const data = OrgData.system(s.db);
  const existing = await data.selectFrom('api_keys').select('id').where('kind', '=', 'admin').where('revoked_at', 'is', null).limit(1).execute();
  if (existing.length) return null;
  const { key } = await createApiKey(data, { name: 'bootstrap admin', kind: 'admin', orgId: ROOT_ORG, eventTypes: [], rateLimitPerSec: 1000 });
  await writeFile(path.join(s.config.dataDir, 'admin-credentials.json'), JSON.stringify({ adminKey: key }, null, 2) + '\n', { mode: 0o600 });
  return key;
}
