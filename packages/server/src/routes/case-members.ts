import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { notFound } from '../errors.ts';
import { appendCaseEvent } from '../repos/case-events.ts';
import { caseMembers, removeCaseMember } from '../repos/case-members.ts';
import { touchCase } from '../repos/cases.ts';
import type { Services } from '../services.ts';
import { requireCase, requireOpen } from '../cases/case-context.ts';
import { addInvestigator } from '../cases/open-case.ts';
import { caseWrite, memberView } from './case-common.ts';
import { CaseMemberSchema, MemberBodySchema } from './case-schema.ts';
import { errorResponses, IdParam } from './common.ts';

const MemberParam = Type.Object({ ...IdParam.properties, username: Type.String({ pattern: '^[a-z][a-z0-9._-]{2,63}$' }) });
const MemberList = Type.Object({ items: Type.Array(CaseMemberSchema) });

/** A case's investigators: several per case, at most one lead. */
export const caseMemberRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof MemberBodySchema> }>(
    '/api/v1/cases/:id/members',
    {
      config: { permission: 'case.investigate' },
      schema: { tags: ['cases'], summary: 'Add an investigator (a user who can investigate, of the case’s org or above or below it), or make one the lead', params: IdParam, body: MemberBodySchema, response: { 200: MemberList, ...errorResponses } },
    },
    async (req) =>
      caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        const r = await addInvestigator(ctx, c, req.body.username, req.body.lead);
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.member.add', targetType: 'case', targetId: c.id, orgId: c.orgId, after: { username: req.body.username, lead: req.body.lead, existed: r.existed } });
        return { items: (await caseMembers(ctx.data, c.id)).map(memberView) };
      }),
  );

  app.delete<{ Params: Static<typeof MemberParam> }>(
    '/api/v1/cases/:id/members/:username',
    { config: { permission: 'case.investigate' }, schema: { tags: ['cases'], summary: 'Remove an investigator', params: MemberParam, response: { 200: MemberList, ...errorResponses } } },
    async (req) =>
      caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        if (!(await removeCaseMember(ctx.data, c.id, req.params.username))) throw notFound('case member', 'username');
        await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'member_removed', actor: ctx.actor, details: { username: req.params.username } });
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.member.remove', targetType: 'case', targetId: c.id, orgId: c.orgId, before: { username: req.params.username } });
        return { items: (await caseMembers(ctx.data, c.id)).map(memberView) };
      }),
  );
};
