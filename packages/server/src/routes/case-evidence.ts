import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError, notFound } from '../errors.ts';
import { getCaseAttachment } from '../repos/case-attachments.ts';
import { appendCaseEvent } from '../repos/case-events.ts';
import { deleteCaseEvidence, getCaseEvidence, insertCaseEvidence } from '../repos/case-evidence.ts';
import { caseLinks } from '../repos/case-links.ts';
import { touchCase } from '../repos/cases.ts';
import type { Services } from '../services.ts';
import { refuseCardNumbers } from '../card-numbers.ts';
import { requireCase, requireOpen } from '../cases/case-context.ts';
import { caseWrite, evidenceView } from './case-common.ts';
import { CaseEvidenceSchema, EvidenceBodySchema } from './case-schema.ts';
import { errorResponses, IdParam } from './common.ts';

const EvidenceParam = Type.Object({ ...IdParam.properties, evidenceId: IdParam.properties.id });

/** A case's evidence list: items describing what proves what, pointing at an attachment or a link of the case. */
export const caseEvidenceRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof EvidenceBodySchema> }>(
    '/api/v1/cases/:id/evidence',
    {
      config: { permission: 'case.investigate' },
      schema: { tags: ['cases'], summary: 'Add an item to the evidence list, optionally referring to an attachment, a link or a linked decision of the case', params: IdParam, body: EvidenceBodySchema, response: { 201: CaseEvidenceSchema, ...errorResponses } },
    },
    async (req, reply) => {
      const item = await caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        const b = req.body;
        refuseCardNumbers({ description: b.description });
        if (b.linkId && b.decisionId) throw new AppError('VALIDATION_FAILED', 'refer to a link or to a linked decision, not both', { path: 'decisionId' });
        if (b.attachmentId && !(await getCaseAttachment(ctx.data, c.id, b.attachmentId))) throw notFound('attachment of the case', 'attachmentId');
        let linkId = b.linkId ?? null;
        if (linkId || b.decisionId) {
          const links = await caseLinks(ctx.data, c.id);
          const link = linkId ? links.find((l) => l.id === linkId) : links.find((l) => l.kind === 'decision' && l.decisionId === b.decisionId);
          if (!link) throw notFound(linkId ? 'link of the case' : 'decision linked to the case', linkId ? 'linkId' : 'decisionId');
          linkId = link.id;
        }
        const id = randomUUID();
        await insertCaseEvidence(ctx.data, { id, caseId: c.id, orgId: c.orgId, kind: b.kind, description: b.description.trim(), attachmentId: b.attachmentId ?? null, linkId, addedBy: ctx.actor });
        await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'evidence_added', actor: ctx.actor, details: { evidenceId: id, kind: b.kind, description: b.description.trim(), attachmentId: b.attachmentId ?? null, linkId } });
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.evidence.add', targetType: 'case', targetId: c.id, orgId: c.orgId, after: { evidenceId: id, kind: b.kind, attachmentId: b.attachmentId ?? null, linkId } });
        return (await getCaseEvidence(ctx.data, c.id, id))!;
      });
      reply.status(201).send(evidenceView(item));
    },
  );

  app.delete<{ Params: Static<typeof EvidenceParam> }>(
    '/api/v1/cases/:id/evidence/:evidenceId',
    { config: { permission: 'case.investigate' }, schema: { tags: ['cases'], summary: 'Remove an item from the evidence list (the attachment stays; the timeline keeps the item)', params: EvidenceParam, response: { ...errorResponses } } },
    async (req, reply) => {
      await caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        const e = await getCaseEvidence(ctx.data, c.id, req.params.evidenceId);
        if (!e || !(await deleteCaseEvidence(ctx.data, c.id, e.id))) throw notFound('evidence', 'evidenceId');
        await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'evidence_removed', actor: ctx.actor, details: { evidenceId: e.id, kind: e.kind, description: e.description } });
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.evidence.remove', targetType: 'case', targetId: c.id, orgId: c.orgId, before: { evidenceId: e.id, kind: e.kind, description: e.description } });
      });
      reply.status(204).send();
    },
  );
};
