import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { notFound } from '../errors.ts';
import { caseTimeline } from '../repos/case-events.ts';
import { getCase, getCases } from '../repos/cases.ts';
import type { Services } from '../services.ts';
import { decodeCursor, encodeCursor } from './case-common.ts';
import { TimelinePageSchema, TimelineQuerySchema } from './case-schema.ts';
import { errorResponses, IdParam } from './common.ts';

/** A case's full history: every change in time order, entries of merged cases at their original times. */
export const caseTimelineRoutes = (_s: Services) => async (app: FastifyInstance) => {
  app.get<{ Params: Static<typeof IdParam>; Querystring: Static<typeof TimelineQuerySchema> }>(
    '/api/v1/cases/:id/timeline',
    {
      config: { permission: 'case.read' },
      schema: { tags: ['cases'], summary: 'The case’s timeline, oldest first (entries of merged cases included, marked with their case); cursor-paged', params: IdParam, querystring: TimelineQuerySchema, response: { 200: TimelinePageSchema, ...errorResponses } },
    },
    async (req) => {
      const c = await getCase(req.data, req.params.id);
      if (!c) throw notFound('case', 'id');
      const items = await caseTimeline(req.data, c.id, { after: decodeCursor(req.query.cursor), limit: req.query.limit });
      const origins = await getCases(req.data, [...new Set(items.map((e) => e.originCaseId).filter((x): x is string => !!x))]);
      const numbers = new Map(origins.map((o) => [o.id, o.number]));
      const last = items[items.length - 1];
      return {
        items: items.map((e) => ({ id: e.id, kind: e.kind, actor: e.actor, at: e.at.toISOString(), details: e.details, originCaseId: e.originCaseId, originNumber: e.originCaseId ? (numbers.get(e.originCaseId) ?? null) : null })),
        nextCursor: items.length === req.query.limit && last ? encodeCursor(last.at, last.id) : null,
      };
    },
  );
};
