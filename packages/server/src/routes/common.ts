import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../errors.ts';
import type { Lang } from '../runtime/decision-service.ts';
import type { Services } from '../services.ts';

export { ErrorSchema, errorResponses, I18nTextSchema } from './shared-schemas.ts';

/** The caller's language for reasons and messages: `?lang=` first, then Accept-Language; English by default. */
export function langOf(req: FastifyRequest): Lang {
  const q = (req.query as { lang?: string } | undefined)?.lang;
  if (q === 'zh' || q === 'en') return q;
  const h = req.headers['accept-language'];
  return typeof h === 'string' && /^zh/i.test(h.trim()) ? 'zh' : 'en';
}


export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' }) });

/** An org of the tree that the caller may see, else 404 at `path`: another bank's org behaves as if it did not exist. */
export function requireVisibleOrg(s: Services, req: FastifyRequest, orgId: string, path: string): void {
  if (!s.orgs.has(orgId)) throw notFound('org', path);
  req.data.requireOrg(orgId, path);
}
