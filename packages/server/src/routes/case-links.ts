import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { caseLinks } from '../repos/case-links.ts';
import { touchCase } from '../repos/cases.ts';
import type { Services } from '../services.ts';
import { requireCase, requireOpen } from '../cases/case-context.ts';
import { linkAlerts, linkDecisions, linkEntity } from '../cases/open-case.ts';
import { caseWrite, linkView } from './case-common.ts';
import { LinkBodySchema, LinkResultSchema } from './case-schema.ts';
import { errorResponses, IdParam } from './common.ts';

/** What a case links to: alerts (with their decisions), decisions or events, and related entities. */
export const caseLinkRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof LinkBodySchema> }>(
    '/api/v1/cases/:id/links',
    {
      config: { permission: 'case.investigate' },
      schema: {
        tags: ['cases'],
        summary: 'Link alerts (with their decisions), decisions (by id or by event) and related entities of the case’s org; what is already linked is skipped',
        params: IdParam,
        body: LinkBodySchema,
        response: { 201: LinkResultSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const added = await caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        const links = [
          ...(req.body.alerts ? await linkAlerts(ctx, c, req.body.alerts, 'alerts') : []),
          ...(req.body.decisions ? await linkDecisions(ctx, c, req.body.decisions, 'decisions') : []),
        ];
        for (const [i, e] of (req.body.entities ?? []).entries()) links.push(...(await linkEntity(ctx, c, e, `entities[${i}]`)));
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.link', targetType: 'case', targetId: c.id, orgId: c.orgId, after: { links: links.map((l) => ({ kind: l.kind, display: l.display })) } });
        const ids = new Set(links.map((l) => l.id));
        return (await caseLinks(ctx.data, c.id)).filter((l) => ids.has(l.id));
      });
      reply.status(201).send({ added: added.map(linkView) });
    },
  );
};
