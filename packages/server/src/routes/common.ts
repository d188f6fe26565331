import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../errors.ts';
import type { Lang } from '../runtime/decision-service.ts';
import type { Services } from '../services.ts';
import { ROOT_ORG } from '../runtime/org-directory.ts';
import { OrgData } from '../repos/scoped.ts';

export { ErrorSchema, errorResponses, I18nTextSchema } from './shared-schemas.ts';

/** The caller's language for reasons and messages: `?lang=` first, then Accept-Language; English by default. */
export function langOf(req: FastifyRequest): Lang {
  const q = (req.query as { lang?: string } | undefined)?.lang;
  if (q === 'zh' || q === 'en') return q;
  const h = req.headers['accept-language'];
  return typeof h === 'string' && /^zh/i.test(h.trim()) ? 'zh' : 'en';
}


export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' }) });

/**
 * The orgs an `?org=` filter covers: the org and every org below it (a bank with its branches, as
 * the org switcher shows them), or no filter at all for the union's own org (everything the caller
 * sees, including orgs not yet in the tree). Check that the caller may see `org` first.
 */
export function orgFilter(s: Services, org: string | undefined): string[] | undefined {
  return org && org !== ROOT_ORG ? s.orgs.subtree(org) : undefined;
}

/** An org of the tree that the caller may see, else 404 at `path`: another bank's org behaves as if it did not exist. */
export function requireVisibleOrg(s: Services, req: FastifyRequest, orgId: string, path: string): void {
  if (!s.orgs.has(orgId)) throw notFound('org', path);
  req.data.requireOrg(orgId, path);
}

/**
 * The caller's data plus the orgs above the caller's own (its bank, the union), for configuration
 * that applies down the tree (message templates, action channels): a branch reads what it
 * inherits; changing it stays with the org that owns it.
 */
export function withAncestors(s: Services, req: FastifyRequest): OrgData {
  if (req.data.scope.all) return req.data;
  return OrgData.of(s.db, { all: false, orgIds: [...new Set([...req.data.scope.orgIds, ...s.orgs.chain(req.principal.orgId)])] });
}
