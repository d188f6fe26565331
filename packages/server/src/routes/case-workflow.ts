import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Services } from '../services.ts';
import { requireCase } from '../cases/case-context.ts';
import { proposeConclusion, reviewConclusion } from '../cases/conclude-case.ts';
import { mergeCases } from '../cases/merge-cases.ts';
import { transitionCase } from '../cases/transition-case.ts';
import { caseWrite, detailView } from './case-common.ts';
import { CaseDetailSchema, ConclusionBodySchema, MergeBodySchema, MergeResultSchema, ReviewBodySchema, ReviewResultSchema, TransitionBodySchema } from './case-schema.ts';
import { errorResponses, IdParam } from './common.ts';

const TAGS = ['cases'];

/**
 * A case's way through its workflow: plain transitions, proposing a conclusion (into review), the
 * reviewer's decision on it (maker-checker; approval closes the case and records labels), and
 * merging cases of one subject. Every write names the case version it was made from.
 */
export const caseWorkflowRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof TransitionBodySchema> }>(
    '/api/v1/cases/:id/transitions',
    {
      // Each transition names its own permission (checked against the workflow): reading cases is the floor.
      config: { permission: 'case.read' },
      schema: {
        tags: TAGS,
        summary: 'Take a workflow transition: 403 without the permission it names, 409 when it does not leave the current state or the case changed since `version`',
        params: IdParam,
        body: TransitionBodySchema,
        response: { 200: CaseDetailSchema, ...errorResponses },
      },
    },
    async (req) =>
      caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        return detailView(ctx, await transitionCase(ctx, c, req.body.transition, req.body.version, req.body.note));
      }),
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof ConclusionBodySchema> }>(
    '/api/v1/cases/:id/conclusion',
    {
      config: { permission: 'case.investigate' },
      schema: {
        tags: TAGS,
        summary: 'Propose the conclusion (fraud confirmed with loss and typology, not fraud, inconclusive) and take the case into review',
        params: IdParam,
        body: ConclusionBodySchema,
        response: { 200: CaseDetailSchema, ...errorResponses },
      },
    },
    async (req) =>
      caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        const { version, ...p } = req.body;
        return detailView(ctx, await proposeConclusion(ctx, c, p, version));
      }),
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof ReviewBodySchema> }>(
    '/api/v1/cases/:id/review',
    {
      config: { permission: 'case.review' },
      schema: {
        tags: TAGS,
        summary: 'Approve or reject the proposed conclusion; the reviewer is neither its proposer nor an investigator of the case (403). Approval closes the case and records labels',
        params: IdParam,
        body: ReviewBodySchema,
        response: { 200: ReviewResultSchema, ...errorResponses },
      },
    },
    async (req) =>
      caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        const r = await reviewConclusion(ctx, c, req.body.decision, req.body.note, req.body.version);
        return { case: await detailView(ctx, r.case), labels: r.labels };
      }),
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof MergeBodySchema> }>(
    '/api/v1/cases/:id/merge',
    {
      config: { permission: 'case.investigate' },
      schema: {
        tags: TAGS,
        summary: 'Merge open cases of the same org and subject into this one: their history, investigators, links, tasks, notes, evidence and attachments come along',
        params: IdParam,
        body: MergeBodySchema,
        response: { 200: MergeResultSchema, ...errorResponses },
      },
    },
    async (req) =>
      caseWrite(s, req, async (ctx) => {
        // 404 for a target the caller cannot see, before anything about the others is said.
        await requireCase(ctx, req.params.id);
        const r = await mergeCases(ctx, req.params.id, req.body.from, req.body.version);
        return { case: await detailView(ctx, r.case), merged: r.merged };
      }),
  );
};
