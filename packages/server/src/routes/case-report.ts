import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { notFound } from '../errors.ts';
import { caseAttachments } from '../repos/case-attachments.ts';
import { caseTimeline, type CaseEventRecord } from '../repos/case-events.ts';
import { caseEvidence } from '../repos/case-evidence.ts';
import { caseLinks } from '../repos/case-links.ts';
import { caseMembers } from '../repos/case-members.ts';
import { caseNotes } from '../repos/case-notes.ts';
import { caseTasks } from '../repos/case-tasks.ts';
import { getCase, getCases } from '../repos/cases.ts';
import type { Services } from '../services.ts';
import { renderCaseReport } from '../cases/case-report.ts';
import { caseTypeOf } from '../cases/transition-case.ts';
import { audit } from './audit.ts';
import { caseContext } from './case-common.ts';
import { errorResponses, IdParam, langOf } from './common.ts';

/** The exportable case report: one self-contained HTML page, every text escaped. */
const ReportQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])) }, { additionalProperties: false });

export const caseReportRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get<{ Params: Static<typeof IdParam>; Querystring: Static<typeof ReportQuery> }>(
    '/api/v1/cases/:id/report',
    {
      config: { permission: 'case.read' },
      schema: { tags: ['cases'], summary: 'The case report as a self-contained HTML file (?lang=zh|en): subject, conclusion and review, investigators, links, evidence, tasks, notes and the full timeline; audited', params: IdParam, querystring: ReportQuery, response: { ...errorResponses } },
    },
    async (req, reply) => {
      const c = await getCase(req.data, req.params.id);
      if (!c) throw notFound('case', 'id');
      const ctx = caseContext(s, req);
      const type = await caseTypeOf(ctx, c);
      const timeline: CaseEventRecord[] = [];
      for (;;) {
        const last = timeline[timeline.length - 1];
        const page = await caseTimeline(req.data, c.id, { after: last && { at: last.at, id: last.id }, limit: 1000 });
        timeline.push(...page);
        if (page.length < 1000) break;
      }
      const [members, links, tasks, notes, evidence, attachments] = [await caseMembers(req.data, c.id), await caseLinks(req.data, c.id), await caseTasks(req.data, c.id), await caseNotes(req.data, c.id), await caseEvidence(req.data, c.id), await caseAttachments(req.data, c.id)];
      const related = [c.mergedInto, ...timeline.map((e) => e.originCaseId), ...links.map((l) => l.originCaseId)].filter((x): x is string => !!x);
      const numbers = new Map((await getCases(req.data, [...new Set(related)])).map((o) => [o.id, o.number]));
      const org = await s.db.selectFrom('orgs').select(['name_zh', 'name_en']).where('id', '=', c.orgId).executeTakeFirst();
      const lang = langOf(req);
      const html = renderCaseReport({
        case: c,
        typeName: type.name,
        workflow: type.workflow,
        orgName: org ? (lang === 'zh' ? org.name_zh : org.name_en) : c.orgId,
        members,
        links,
        tasks,
        notes,
        evidence,
        attachments,
        timeline,
        numbers,
        generatedAt: new Date(),
        generatedBy: ctx.actor,
        lang,
      });
      await withTransaction(s.db, (tx) => audit(tx, req, { action: 'case.report', targetType: 'case', targetId: c.id, orgId: c.orgId, after: { number: c.number, timeline: timeline.length } }));
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-disposition', `attachment; filename="${c.number}.html"`)
        .header('x-content-type-options', 'nosniff')
        // The report is static: no script runs in it even if something slipped through escaping.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
        .header('cache-control', 'private, no-store')
        .send(html);
    },
  );
};
