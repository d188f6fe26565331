import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { findApiKeyByHash, hashApiKey } from '../repos/api-keys.ts';
import { ALL_ORGS } from '../repos/executor.ts';
import { ROOT_ORG, type TreeOrgDirectory } from '../runtime/org-directory.ts';
import { AppError } from '../errors.ts';
import { CHANNEL_PERMISSIONS, PERMISSIONS, type Principal } from './principal.ts';

const CACHE_TTL_MS = 5_000;
const MAX_KEY_LENGTH = 200;
const MAX_UNKNOWN = 10_000;

/**
 * Resolves `Authorization: Bearer <key>` to a principal. Lookups are cached briefly by key hash;
 * a revocation clears the cache on every node that sees the change.
 */
export class Authenticator {
  private cache = new Map<string, { principal: Principal | null; until: number }>();
  private unknown = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly orgs: TreeOrgDirectory,
  ) {}

  invalidate(): void {
    this.cache = new Map();
    this.unknown = new Map();
  }

  async authenticate(header: string | undefined): Promise<Principal> {
    if (!header) throw new AppError('UNAUTHENTICATED', 'missing Authorization: Bearer <api key>');
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m || m[1]!.length > MAX_KEY_LENGTH) throw new AppError('UNAUTHENTICATED', 'malformed Authorization header');
    const hash = hashApiKey(m[1]!);
    const now = Date.now();
    let entry = this.cache.get(hash) ?? this.unknown.get(hash);
    if (!entry || entry.until < now) {
      const rec = await findApiKeyByHash(this.db, hash);
      const principal: Principal | null =
        rec && !rec.revokedAt
          ? {
              kind: 'api_key',
              id: rec.id,
              name: rec.name,
              orgId: rec.orgId,
              eventTypes: rec.eventTypes,
              permissions: new Set(rec.kind === 'admin' ? PERMISSIONS : CHANNEL_PERMISSIONS),
              // A key of the union sees every org; a bank's or branch's key its own subtree.
              scope: rec.orgId === ROOT_ORG ? ALL_ORGS : { all: false, orgIds: this.orgs.subtree(rec.orgId) },
              rateLimitPerSec: rec.rateLimitPerSec,
            }
          : null;
      entry = { principal, until: now + CACHE_TTL_MS };
      // Unknown keys are remembered too (so random tokens cannot hammer the database), but in
      // their own bounded map: a flood of them can never push out the keys in real use.
      const target = principal ? this.cache : this.unknown;
      if (!principal && this.unknown.size >= MAX_UNKNOWN) this.unknown.clear();
      target.set(hash, entry);
    }
    if (!entry.principal) throw new AppError('UNAUTHENTICATED', 'unknown or revoked API key');
    return entry.principal;
  }
}
